import ArgumentParser
import CareSim

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
    /// is looked for only then). Prints what was looked for and which option or variable sets
    /// it, and exits 1, when it cannot be found.
    func paths(year: Int, needs: Set<Need>) throws -> Paths {
        let given: [Need: String?] = [.data: data, .base: base, .englandTargets: englandTargets]
        let missing = Need.allCases.filter { needs.contains($0) && given[$0]! == nil }
        guard !missing.isEmpty else { return Paths(data: data, base: base, englandTargets: englandTargets) }
        let root: DataRoot
        do { root = try DataRoot.locate() } catch {
            let names = missing.map(Self.option)
            let fix = error.environmentValue == nil
                ? "set \(DataRoot.environmentVariable)=DIR to the folder holding them (the repository, or PREFIX/share/caresim of make install)"
                : "set \(DataRoot.environmentVariable) to the folder holding them (the repository, or PREFIX/share/caresim of make install), or unset it"
            printError("error: \(names.joined(separator: ", ")) not given, and \(error.description)\n"
                       + "Give \(names.map { "\($0) \(Self.placeholder($0))" }.joined(separator: ", ")), or \(fix).")
            throw ExitCode(1)
        }
        func found(_ n: Need, _ path: String) -> String? { needs.contains(n) ? path : nil }
        return Paths(data: data ?? found(.data, root.data), base: base ?? found(.base, root.englandScenario),
                     englandTargets: englandTargets ?? found(.englandTargets, root.englandTargets(year: year)))
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
