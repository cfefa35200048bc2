import Foundation

/// The CareSim data: the folder holding `data/`, `scenarios/` and `calibration/` (the repository,
/// or `<prefix>/share/caresim` of an installed copy), where `caresim baseline` and `caresim
/// backtest` take the published figures, the England scenario and the England targets from when
/// no option names them. Looked for in this order (`locate`):
///  1. `CARESIM_DATA`, when set (and then it must hold them: a wrong setting is an error, not skipped);
///  2. the install prefix beside the executable, `<bindir>/../share/caresim`;
///  3. the working directory and each folder above it;
///  4. the executable's folder and each folder above it (a build inside the repository).
/// The first three are what a user sets or installs; the last finds the repository of a build run from elsewhere.
/// A folder is the CareSim data when it holds every one of `markers`.
public struct DataRoot: Sendable, Equatable {
    public static let environmentVariable = "CARESIM_DATA"
    /// The install prefix's folder below the executable's (`<bindir>/../share/caresim`).
    public static let installFolder = "share/caresim"
    /// What a folder must hold to be the CareSim data.
    public static let markers = ["data/dfe/", "scenarios/england-2014-15.yaml", "calibration/"]

    public enum Origin: Sendable, Equatable {
        case environment, installPrefix, workingDirectory, executable

        public var description: String {
            switch self {
            case .environment: return DataRoot.environmentVariable
            case .installPrefix: return "the install prefix beside the executable"
            case .workingDirectory: return "a folder at or above the working directory"
            case .executable: return "a folder at or above the executable's"
            }
        }
    }

    /// The folder: relative to the working directory when it is that directory or below it
    /// (empty for the working directory itself, so that paths read as before: `data`), else absolute.
    public var path: String
    public var origin: Origin

    /// `relative` (such as `data`) under the folder.
    public func file(_ relative: String) -> String { path.isEmpty ? relative : (path as NSString).appendingPathComponent(relative) }

    /// The published figures (`--data`).
    public var data: String { file("data") }
    /// The England scenario baselines extend (`--base`).
    public var englandScenario: String { file("scenarios/england-2014-15.yaml") }
    /// The England targets of the year ending 31 March `year` (`--england-targets`).
    public func englandTargets(year: Int) -> String { file(Baseline.defaultEnglandTargets(year: year)) }
    /// The folder of the shipped scenarios.
    public var scenarios: String { file("scenarios") }

    /// What the search is given: the environment, the working directory and the executable's path.
    public struct Context: Sendable {
        public var environment: [String: String]
        public var workingDirectory: String
        public var executable: String?

        public init(environment: [String: String], workingDirectory: String, executable: String?) {
            self.environment = environment
            self.workingDirectory = workingDirectory
            self.executable = executable
        }

        /// This process's.
        public static var current: Context {
            Context(environment: ProcessInfo.processInfo.environment, workingDirectory: FileManager.default.currentDirectoryPath,
                    executable: DataRoot.executablePath())
        }
    }

    /// No CareSim data found: every folder looked in, each with why it was not it.
    public struct NotFound: Error, CustomStringConvertible {
        /// Set when `CARESIM_DATA` named a folder that is not the CareSim data (the search stops there).
        public var environmentValue: String?
        public var looked: [(folder: String, origin: Origin, missing: String)]

        public var description: String {
            let what = "a folder holding \(DataRoot.markers.joined(separator: ", "))"
            if let value = environmentValue, let first = looked.first {
                return "\(DataRoot.environmentVariable)=\(value): expected \(what), but \(first.folder) \(first.missing)"
            }
            let lines = looked.map { "  \($0.folder) (\($0.origin.description)): \($0.missing)" }
            return "cannot find the CareSim data (\(what)); \(DataRoot.environmentVariable) is not set, and none of these holds it:\n"
                + lines.joined(separator: "\n")
        }
    }

    /// The CareSim data of `context` (see the type's comment for the order).
    public static func locate(_ context: Context = .current) throws(NotFound) -> DataRoot {
        let cwd = standard(context.workingDirectory)
        func absolute(_ p: String) -> String { standard(p.hasPrefix("/") ? p : (cwd as NSString).appendingPathComponent(p)) }
        func found(_ folder: String, _ origin: Origin) -> DataRoot {
            let shown = folder == cwd ? "" : folder.hasPrefix(cwd == "/" ? "/" : cwd + "/") ? String(folder.dropFirst(cwd == "/" ? 1 : cwd.count + 1)) : folder
            return DataRoot(path: shown, origin: origin)
        }
        var looked: [(folder: String, origin: Origin, missing: String)] = []
        if let value = context.environment[environmentVariable], !value.isEmpty {
            let folder = absolute(value)
            if let missing = missing(in: folder) {
                throw NotFound(environmentValue: value, looked: [(folder, .environment, missing)])
            }
            return found(folder, .environment)
        }
        let bin = context.executable.map { (absolute($0) as NSString).deletingLastPathComponent }
        var candidates: [(String, Origin)] = []
        if let bin { candidates.append((standard(((bin as NSString).deletingLastPathComponent as NSString).appendingPathComponent(installFolder)), .installPrefix)) }
        candidates += ancestors(cwd).map { ($0, .workingDirectory) }
        if let bin { candidates += ancestors(bin).map { ($0, .executable) } }
        for (folder, origin) in candidates where !looked.contains(where: { $0.folder == folder }) {
            guard let missing = missing(in: folder) else { return found(folder, origin) }
            looked.append((folder, origin, missing))
        }
        throw NotFound(environmentValue: nil, looked: looked)
    }

    /// What `folder` lacks of `markers` ("has no data/dfe"), or nil when it holds them all.
    static func missing(in folder: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            return "is not a folder"
        }
        let absent = markers.filter { !FileManager.default.fileExists(atPath: (folder.hasSuffix("/") ? folder : folder + "/") + $0) }
        return absent.isEmpty ? nil : "has no \(absent.joined(separator: ", "))"
    }

    /// `folder` and every folder above it, up to `/`.
    static func ancestors(_ folder: String) -> [String] {
        var out = [folder]
        while let last = out.last, last != "/" { out.append((last as NSString).deletingLastPathComponent) }
        return out
    }

    static func standard(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

    /// This executable's path with symbolic links resolved (`/proc/self/exe` on Linux), so that a
    /// link to an installed binary finds the prefix it was installed in.
    public static func executablePath() -> String? {
        #if os(Linux)
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return target }
        #endif
        return Bundle.main.executableURL?.resolvingSymlinksInPath().path
    }
}
