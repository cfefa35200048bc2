import ArgumentParser
import CareSim
import Foundation

/// Where `caresim baseline` and `caresim backtest` read the published figures, the England
/// scenario and the England targets: the options given, else the CareSim data (`DataRoot`).
struct DataOptions: ParsableArguments {
    @Option(help: "The published figures' folder (default: data/ of the CareSim data, found as said above).")
    var data: String?

    @Option(help: "The England scenario the baseline extends (default: scenarios/england-2014-15.yaml of the CareSim data).")
    var base: String?

    @Option(name: .customLong("england-targets"),
            help: "The England targets whose metrics and tolerances the area's follow (default: calibration/england-YYYY-YY.csv of the year, in the CareSim data).")
    var englandTargets: String?

    /// The search, for each command's --help.
    static let discussion = """
        What --data, --base and --england-targets do not give is taken from the CareSim data, the \
        folder holding data/, scenarios/ and calibration/: $\(DataRoot.environmentVariable) when set (it must \
        hold them); else <prefix>/share/caresim of an installed caresim (<prefix>/bin/caresim, \
        make install); else the first folder holding \(DataRoot.markers.joined(separator: ", ")) at or \
        above the working directory (the repository), then at or above the executable's folder.
        """

    enum Need: CaseIterable { case data, base, englandTargets }

    /// Each path given or found; nil when neither given nor needed.
    struct Paths {
        var data: String?
        var base: String?
        var englandTargets: String?
    }

    /// The paths given, and the CareSim data's for those `needs` names and not given (the data
    /// is looked for only then). When the data cannot be found, or the --data folder has no
    /// dfe/, prints what was looked for and which option or variable sets it, and exits 1.
    func paths(year: Int, needs: Set<Need>) throws -> Paths {
        let given: [Need: String] = [.data: data, .base: base, .englandTargets: englandTargets].compactMapValues { $0 }
        let missing = Need.allCases.filter { needs.contains($0) && given[$0] == nil }
        var root: DataRoot?
        if !missing.isEmpty {
            do { root = try DataRoot.locate() } catch {
                let names = missing.map(Self.option)
                let fix = error.environmentValue == nil
                    ? "set \(DataRoot.environmentVariable)=DIR to the folder holding them (the repository, or PREFIX/share/caresim of make install)"
                    : "set \(DataRoot.environmentVariable) to the folder holding them (the repository, or PREFIX/share/caresim of make install), or unset it"
                printError("error: \(names.joined(separator: ", ")) not given, and \(error.description)\n"
                           + "Give \(names.map { "\($0) \(Self.placeholder($0))" }.joined(separator: ", ")), or \(fix).")
                throw ExitCode(1)
            }
        }
        var chosen = given
        if let root {
            for n in missing {
                switch n {
                case .data: chosen[n] = root.data
                case .base: chosen[n] = root.englandScenario
                case .englandTargets: chosen[n] = root.englandTargets(year: year)
                }
            }
        }
        // A --data folder must hold dfe/ (the CareSim data's does; the base scenario and the England
        // targets are read later, with errors naming --base and --england-targets).
        if needs.contains(.data), let path = given[.data] {
            let dfe = (path as NSString).appendingPathComponent("dfe")
            if !FileManager.default.fileExists(atPath: dfe) {
                printError("error: --data \(path): expected the published figures' folder, holding dfe/, but \(dfe) does not exist")
                throw ExitCode(1)
            }
        }
        return Paths(data: chosen[.data], base: chosen[.base], englandTargets: chosen[.englandTargets])
    }

    static func option(_ n: Need) -> String {
        switch n {
        case .data: return "--data"
        case .base: return "--base"
        case .englandTargets: return "--england-targets"
        }
    }

    static func placeholder(_ option: String) -> String { option == "--data" ? "DIR" : "FILE" }
}
