import Foundation
import Testing

/// Where caresim finds its data when no option names it (DataRoot): from any working directory,
/// `CARESIM_DATA`, the install prefix, the repository; and the error when nothing is found.
@Suite("caresim data found wherever it runs")
struct DataRootCommandTests {
    static let root = CLITests.root.path

    /// This process's environment without `CARESIM_DATA`, plus `extra`.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var e = ProcessInfo.processInfo.environment
        e["CARESIM_DATA"] = nil
        return e.merging(extra) { $1 }
    }

    /// A folder outside the repository, checked to be so.
    static func elsewhere() throws -> URL {
        let dir = CLITests.temporary()
        try #require(!dir.standardizedFileURL.path.hasPrefix(root + "/"), "the temporary folder \(dir.path) is inside the repository")
        return dir
    }

    /// A CareSim data folder at `dir` made of links to the repository's data and calibration and
    /// a copy of its England scenario (so that a scenario extending it names this folder).
    static func dataFolder(at dir: URL, calibration: Bool = true) throws -> URL {
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("scenarios"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("data").path, withDestinationPath: root + "/data")
        if calibration { try fm.createSymbolicLink(atPath: dir.appendingPathComponent("calibration").path, withDestinationPath: root + "/calibration") }
        try fm.copyItem(atPath: root + "/scenarios/england-2014-15.yaml", toPath: dir.appendingPathComponent("scenarios/england-2014-15.yaml").path)
        return dir
    }

    /// A copy of the built binary at `prefix`/bin/caresim (a copy, not a link: the executable's
    /// own path is where the install prefix is looked for).
    static func installedCopy(at prefix: URL) throws -> String {
        let bin = prefix.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let path = bin.appendingPathComponent("caresim").path
        try FileManager.default.copyItem(atPath: CLITests.binary, toPath: path)
        return path
    }

    /// The England scenario a baseline written at `file` extends, as an absolute path.
    static func extended(by file: URL) throws -> String {
        let text = try String(contentsOf: file, encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("extends: ") })
        return file.deletingLastPathComponent().appendingPathComponent(String(line.dropFirst("extends: ".count))).standardizedFileURL.path
    }

    @Test func listAndBaselineFromAnUnrelatedDirectoryWithNoOptions() throws {
        let work = try Self.elsewhere()
        let list = try CLITests.caresim(["baseline", "--list"], in: work, environment: Self.environment())
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("E08000035  Leeds\n"))
        #expect(list.stdout.contains("152 local authorities; "))
        let out = work.appendingPathComponent("leeds/leeds.yaml")
        let made = try CLITests.caresim(["baseline", "--la", "Leeds", "--out", "leeds/leeds.yaml", "--targets", "leeds/leeds.csv"],
                                        in: work, environment: Self.environment())
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try Self.extended(by: out) == Self.root + "/scenarios/england-2014-15.yaml")
        let text = try String(contentsOf: out, encoding: .utf8)
        let data = try #require(text.split(separator: "\n").first { $0.hasPrefix("  data: ") }?.dropFirst("  data: ".count).split(separator: " ").first)
        #expect(out.deletingLastPathComponent().appendingPathComponent(String(data)).standardizedFileURL.path == Self.root + "/data")
        let targets = try String(contentsOf: work.appendingPathComponent("leeds/leeds.csv"), encoding: .utf8)
        #expect(targets.contains("(Leeds E08000035)"))
        let valid = try CLITests.caresim(["validate", out.path], in: work, environment: Self.environment())
        #expect(valid.status == 0 && valid.stdout.contains("(Leeds 2014-15 baseline)"), "\(valid.stdout)\(valid.stderr)")
    }

    /// CARESIM_DATA first, then the install prefix, then the repository, each shown by the England
    /// scenario a baseline written from inside the repository extends.
    @Test func searchOrder() throws {
        let top = try Self.elsewhere()
        let env = try Self.dataFolder(at: top.appendingPathComponent("env"))
        let prefix = top.appendingPathComponent("prefix")
        _ = try Self.dataFolder(at: prefix.appendingPathComponent("share/caresim"))
        let installed = try Self.installedCopy(at: prefix)
        let repository = URL(fileURLWithPath: Self.root)
        func base(_ executable: String, _ environment: [String: String], _ name: String) throws -> String {
            let out = top.appendingPathComponent("\(name).yaml")
            let r = try CLITests.caresim(["baseline", "--la", "Rutland", "--no-fit", "--out", out.path], in: repository,
                                         environment: Self.environment(environment), executable: executable)
            #expect(r.status == 0, "\(name): \(r.stderr)")
            return try Self.extended(by: out)
        }
        #expect(try base(installed, ["CARESIM_DATA": env.path], "env") == env.path + "/scenarios/england-2014-15.yaml")
        #expect(try base(installed, [:], "prefix") == prefix.path + "/share/caresim/scenarios/england-2014-15.yaml")
        #expect(try base(CLITests.binary, [:], "repository") == Self.root + "/scenarios/england-2014-15.yaml")
        // A relative CARESIM_DATA is read from the working directory.
        let relative = try CLITests.caresim(["baseline", "--la", "Rutland", "--no-fit", "--out", "relative.yaml"], in: top,
                                            environment: Self.environment(["CARESIM_DATA": "env"]))
        #expect(relative.status == 0, "\(relative.stderr)")
        #expect(try Self.extended(by: top.appendingPathComponent("relative.yaml")) == env.path + "/scenarios/england-2014-15.yaml")
    }

    /// A CARESIM_DATA that does not hold the data is an error, even inside the repository: it is
    /// not skipped for what comes after it.
    @Test func wrongEnvironmentVariableIsAnError() throws {
        let top = try Self.elsewhere()
        let partial = try Self.dataFolder(at: top.appendingPathComponent("partial"), calibration: false)
        let out = top.appendingPathComponent("la.yaml")
        let r = try CLITests.caresim(["baseline", "--la", "Rutland", "--no-fit", "--out", out.path], in: URL(fileURLWithPath: Self.root),
                                     environment: Self.environment(["CARESIM_DATA": partial.path]))
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: --data, --base, --england-targets not given, and CARESIM_DATA=\(partial.path): expected a folder holding "
                                  + "data/dfe/, scenarios/england-2014-15.yaml, calibration/, but \(partial.path) has no calibration/"), "\(r.stderr)")
        #expect(r.stderr.contains("set CARESIM_DATA to the folder holding them"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        // Given in full, the options need no data folder at all.
        let given = try CLITests.caresim(["baseline", "--la", "Rutland", "--no-fit", "--out", out.path, "--data", Self.root + "/data",
                                          "--base", Self.root + "/scenarios/england-2014-15.yaml",
                                          "--england-targets", Self.root + "/calibration/england-2014-15.csv"],
                                         in: top, environment: Self.environment(["CARESIM_DATA": partial.path]))
        #expect(given.status == 0, "\(given.stderr)")
    }

    /// Nothing to find: the error names every folder looked in, why each is not it, the options
    /// not given and CARESIM_DATA; nothing is written.
    @Test func nothingFindableNamesEveryPlaceLookedIn() throws {
        let top = try Self.elsewhere()
        let prefix = top.appendingPathComponent("lone")
        let binary = try Self.installedCopy(at: prefix)
        let work = top.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let list = try CLITests.caresim(["baseline", "--list"], in: work, environment: Self.environment(), executable: binary)
        #expect(list.status == 1 && list.stdout.isEmpty)
        var folders = [(prefix.path + "/share/caresim", "the install prefix beside the executable): is not a folder")]
        var above = work.path
        while true {
            folders.append((above, "a folder at or above the working directory): "))
            if above == "/" { break }
            above = (above as NSString).deletingLastPathComponent
        }
        folders.append((prefix.path + "/bin", "a folder at or above the executable's): has no data/dfe/, scenarios/england-2014-15.yaml, calibration/"))
        folders.append((prefix.path, "a folder at or above the executable's): has no data/dfe/, scenarios/england-2014-15.yaml, calibration/"))
        for (folder, why) in folders {
            #expect(list.stderr.contains("\n  \(folder) (\(why)"), "\(folder) not named: \(list.stderr)")
        }
        #expect(list.stderr.hasPrefix("error: --data not given, and cannot find the CareSim data (a folder holding data/dfe/, scenarios/england-2014-15.yaml, calibration/); CARESIM_DATA is not set"), "\(list.stderr)")
        #expect(list.stderr.contains("Give --data DIR, or set CARESIM_DATA=DIR to the folder holding them"), "\(list.stderr)")

        let out = work.appendingPathComponent("leeds.yaml")
        let baseline = try CLITests.caresim(["baseline", "--la", "Leeds", "--out", out.path], in: work, environment: Self.environment(), executable: binary)
        #expect(baseline.status == 1)
        #expect(baseline.stderr.hasPrefix("error: --data, --base, --england-targets not given, and cannot find the CareSim data"), "\(baseline.stderr)")
        #expect(baseline.stderr.contains("Give --data DIR, --base FILE, --england-targets FILE, or set CARESIM_DATA=DIR"), "\(baseline.stderr)")
        let targetsOnly = try CLITests.caresim(["baseline", "--la", "Leeds", "--targets-only", "--targets", "t.csv", "--data", Self.root + "/data"],
                                               in: work, environment: Self.environment(), executable: binary)
        #expect(targetsOnly.status == 1)
        #expect(targetsOnly.stderr.hasPrefix("error: --england-targets not given, and cannot find the CareSim data"), "\(targetsOnly.stderr)")
        let backtest = try CLITests.caresim(["backtest", "--la", "Leeds", "--fit-through", "2014", "--horizon", "1"],
                                            in: work, environment: Self.environment(), executable: binary)
        #expect(backtest.status == 1)
        #expect(backtest.stderr.hasPrefix("error: --data, --base, --england-targets not given, and cannot find the CareSim data"), "\(backtest.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).isEmpty, "something was written")
    }

    /// A path needed that does not exist is named with the option that sets it, also when it is the
    /// CareSim data's default; nothing is written.
    @Test func aMissingPathNamesItsOption() throws {
        let top = try Self.elsewhere()
        let out = top.appendingPathComponent("la.yaml")
        let nowhere = top.appendingPathComponent("nowhere").path
        let all = ["--data", Self.root + "/data", "--base", Self.root + "/scenarios/england-2014-15.yaml",
                   "--england-targets", Self.root + "/calibration/england-2014-15.csv"]
        for (option, said) in [("--data", "error: --data \(nowhere): expected the published figures' folder, holding dfe/, but \(nowhere)/dfe does not exist\n"),
                               ("--base", "error: the base scenario \(nowhere) (--base) is not usable:\n"),
                               ("--england-targets", "error: the England targets \(nowhere) (--england-targets) are not usable: \(nowhere):0: expected an existing CSV file")] {
            var args = ["baseline", "--la", "Rutland", "--no-fit", "--out", out.path] + all
            args[args.firstIndex(of: option)! + 1] = nowhere
            let r = try CLITests.caresim(args, in: top, environment: Self.environment())
            #expect(r.status == 1)
            #expect(r.stderr.hasPrefix(said), "\(option): \(r.stderr)")
        }
        let list = try CLITests.caresim(["baseline", "--list", "--data", nowhere], in: top, environment: Self.environment())
        #expect(list.status == 1 && list.stderr.hasPrefix("error: --data \(nowhere): expected the published figures' folder"), "\(list.stderr)")
        // A CareSim data folder without the year's England targets.
        let partial = top.appendingPathComponent("partial")
        _ = try Self.dataFolder(at: partial, calibration: false)
        try FileManager.default.createDirectory(at: partial.appendingPathComponent("calibration"), withIntermediateDirectories: true)
        let year = try CLITests.caresim(["baseline", "--la", "Rutland", "--year", "2014", "--no-fit", "--out", out.path], in: top,
                                        environment: Self.environment(["CARESIM_DATA": partial.path]))
        #expect(year.status == 1)
        #expect(year.stderr.hasPrefix("error: the England targets partial/calibration/england-2013-14.csv (--england-targets) are not usable: "), "\(year.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: top.path).sorted() == ["partial"], "something was written")
    }

    /// A scenario's `extends:` and `initial.data` are read from the scenario file's folder, not the
    /// working directory (which here holds other files at the same relative paths).
    @Test func scenarioPathsResolveAgainstTheScenarioFile() throws {
        let top = try Self.elsewhere()
        let fm = FileManager.default
        let scenarios = top.appendingPathComponent("scenarios")
        try fm.createDirectory(at: scenarios.appendingPathComponent("la"), withIntermediateDirectories: true)
        let england = try String(contentsOfFile: Self.root + "/scenarios/england-2014-15.yaml", encoding: .utf8)
        try #require(england.contains("\nname: England 2014-15 baseline\n") && england.contains("\n  data: ../data\n"))
        try england.replacingOccurrences(of: "\nname: England 2014-15 baseline\n", with: "\nname: England elsewhere\n")
            .write(to: scenarios.appendingPathComponent("england-2014-15.yaml"), atomically: true, encoding: .utf8)
        let child = scenarios.appendingPathComponent("la/child.yaml")
        try "extends: ../england-2014-15.yaml\nreplications: 3\n".write(to: child, atomically: true, encoding: .utf8)
        // From the repository's scenarios/la, ../england-2014-15.yaml and ../data would be the repository's.
        let cwd = URL(fileURLWithPath: Self.root + "/scenarios/la")
        let missing = try CLITests.caresim(["validate", child.path], in: cwd, environment: Self.environment())
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("expected published stocks for 'England' at 31 March 2013 under \(scenarios.path)/../data"), "\(missing.stderr)")
        try fm.createSymbolicLink(atPath: top.appendingPathComponent("data").path, withDestinationPath: Self.root + "/data")
        let valid = try CLITests.caresim(["validate", child.path], in: cwd, environment: Self.environment())
        #expect(valid.status == 0, "\(valid.stderr)")
        #expect(valid.stdout.contains("(England elsewhere): pathway model, warm-started from England's stocks at 31 March 2013"), "\(valid.stdout)")
        #expect(valid.stdout.contains("3 replications"))
        // The same by a relative path to the scenario, from another folder.
        let other = top.appendingPathComponent("other")
        try fm.createDirectory(at: other, withIntermediateDirectories: true)
        let relative = try CLITests.caresim(["validate", "../scenarios/la/child.yaml"], in: other, environment: Self.environment())
        #expect(relative.status == 0 && relative.stdout.contains("(England elsewhere)"), "\(relative.stdout)\(relative.stderr)")
    }

    /// A scenario file not found at a relative path: the note says where it was looked for and
    /// where the shipped scenarios are.
    @Test func missingScenarioPointsAtTheShippedOnes() throws {
        let work = try Self.elsewhere()
        let r = try CLITests.caresim(["run", "scenarios/rsw-units.yaml"], in: work, environment: Self.environment())
        #expect(r.status == 1)
        #expect(r.stderr.contains("note: scenarios/rsw-units.yaml is read from the working directory, \(work.path); "
                                  + "the scenarios shipped with CareSim are in \(Self.root)/scenarios (found from a folder at or above the executable's)"),
                "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).isEmpty)
    }
}
