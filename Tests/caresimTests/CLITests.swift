import Foundation
import Testing

/// The `caresim` command as a user runs it: exit codes, messages, files written.
@Suite("caresim command line")
struct CLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let rn1 = root.appendingPathComponent("scenarios/reference/rn1.yaml").path
    static let quick = ["--set", "time.horizon=800", "--set", "time.warmup=200", "--replications", "3"]

    /// The caresim binary built beside this test bundle.
    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("caresim").path
    }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs caresim (`executable`, default the built one) with `args` in `directory`; `environment`
    /// replaces this process's environment when given.
    static func caresim(_ args: [String], in directory: URL? = nil, environment: [String: String]? = nil,
                        executable: String? = nil) throws -> Outcome {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable ?? binary)
        p.arguments = args
        if let directory { p.currentDirectoryURL = directory }
        if let environment { p.environment = environment }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Outcome(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// The folder every temporary directory of this test process is made in, removed when the
    /// process exits.
    static let sessionDirectory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("caresim-cli-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: CLITests.sessionDirectory) }
        return url
    }()

    static func temporary() -> URL {
        let url = sessionDirectory.appendingPathComponent(UUID().uuidString)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func binaryExists() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "no caresim at \(Self.binary)")
    }

    @Test func validateAcceptsRN1() throws {
        let r = try Self.caresim(["validate", Self.rn1])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("ok: "))
        #expect(r.stdout.contains("7 stages"))
    }

    @Test func validateReportsFileLineAndField() throws {
        let dir = Self.temporary()
        let bad = dir.appendingPathComponent("bad.yaml")
        let text = try String(contentsOfFile: Self.rn1, encoding: .utf8)
            .replacingOccurrences(of: "    servers: 260", with: "    servers: -3")
        try text.write(to: bad, atomically: true, encoding: .utf8)
        let line = text.components(separatedBy: "\n").firstIndex { $0.contains("servers: -3") }! + 1
        let r = try Self.caresim(["validate", bad.path])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("bad.yaml:\(line):14: stages.assessment.servers: expected a whole number of servers >= 1, or unlimited, got -3"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["bad.yaml"], "validate wrote something")
    }

    @Test func setOverridesAreValidated() throws {
        let r = try Self.caresim(["validate", Self.rn1, "--set", "stages.asessment.servers=5"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("--set #1: stages.asessment: expected one of the existing fields under 'stages'"), "\(r.stderr)")
    }

    @Test func runWritesTheFourFiles() throws {
        let out = Self.temporary().appendingPathComponent("results")
        let r = try Self.caresim(["run", Self.rn1, "--out", out.path] + Self.quick)
        #expect(r.status == 0, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files == ["flows.csv", "manifest.json", "stocks.csv", "summary.csv"])
        let summary = try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
        #expect(summary.hasPrefix("metric,mean,sd,ci95_low,ci95_high,n\n"))
        #expect(summary.contains("\nmean_stock.assessment,"))
        #expect(summary.contains("\nmean_wait.assessment,"))
        let rows = summary.split(separator: "\n").dropFirst()
        #expect(rows.allSatisfy { $0.hasSuffix(",3") }, "every metric over 3 replications")
        let stocks = try String(contentsOf: out.appendingPathComponent("stocks.csv"), encoding: .utf8)
        #expect(stocks.hasPrefix("replication,time,stage,stock,queued\n"))
        let flows = try String(contentsOf: out.appendingPathComponent("flows.csv"), encoding: .utf8)
        #expect(flows.hasPrefix("replication,period,start,end,from,to,count\n"))
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as! [String: Any]
        #expect(manifest["replications"] as? Int == 3)
        #expect((manifest["scenario_hash"] as? String)?.hasPrefix("fnv1a64:") == true)
        let scenario = manifest["scenario"] as! [String: Any]
        #expect((scenario["time"] as! [String: Any])["horizon"] as? Int == 800, "the manifest holds the resolved scenario")
        #expect(r.stdout.contains("results in \(out.path)/"))
    }

    @Test func threadsDoNotChangeTheBytes() throws {
        let a = Self.temporary().appendingPathComponent("a"), b = Self.temporary().appendingPathComponent("b")
        #expect(try Self.caresim(["run", Self.rn1, "--out", a.path, "--threads", "1", "--quiet"] + Self.quick).status == 0)
        #expect(try Self.caresim(["run", Self.rn1, "--out", b.path, "--threads", "2", "--quiet"] + Self.quick).status == 0)
        for f in ["summary.csv", "stocks.csv", "flows.csv"] {
            #expect(try Data(contentsOf: a.appendingPathComponent(f)) == Data(contentsOf: b.appendingPathComponent(f)), "\(f)")
        }
    }

    @Test func seedOptionChangesResults() throws {
        let a = Self.temporary().appendingPathComponent("a"), b = Self.temporary().appendingPathComponent("b")
        #expect(try Self.caresim(["run", Self.rn1, "--out", a.path, "--seed", "1", "--quiet"] + Self.quick).status == 0)
        #expect(try Self.caresim(["run", Self.rn1, "--out", b.path, "--seed", "2", "--quiet"] + Self.quick).status == 0)
        #expect(try Data(contentsOf: a.appendingPathComponent("summary.csv")) != Data(contentsOf: b.appendingPathComponent("summary.csv")))
    }

    @Test func invalidRunWritesNothingAndKeepsOldResults() throws {
        let out = Self.temporary().appendingPathComponent("results")
        #expect(try Self.caresim(["run", Self.rn1, "--out", out.path, "--quiet"] + Self.quick).status == 0)
        let before = try Data(contentsOf: out.appendingPathComponent("summary.csv"))
        let r = try Self.caresim(["run", Self.rn1, "--out", out.path, "--set", "stages.cin.duration.mean=-1"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("stages.cin.duration.mean"))
        #expect(try Data(contentsOf: out.appendingPathComponent("summary.csv")) == before, "old results were touched")
        let siblings = try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path)
        #expect(siblings == ["results"], "left behind: \(siblings)")
    }

    /// A rerun replaces CareSim's own results whole; a file the user added makes the directory
    /// the user's, and it is refused and kept (this test once expected stale.txt to be deleted).
    @Test func rerunReplacesResultsWholly() throws {
        let out = Self.temporary().appendingPathComponent("results")
        #expect(try Self.caresim(["run", Self.rn1, "--out", out.path, "--quiet", "--seed", "1"] + Self.quick).status == 0)
        #expect(try Self.caresim(["run", Self.rn1, "--out", out.path, "--quiet", "--seed", "2"] + Self.quick + ["--replications", "2"]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == ["flows.csv", "manifest.json", "stocks.csv", "summary.csv"])
        #expect(try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8).contains("\"seed\": 2"))
        try "mine".write(to: out.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let refused = try Self.caresim(["run", Self.rn1, "--out", out.path, "--quiet", "--seed", "3"] + Self.quick)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("it holds notes.txt, which CareSim did not write"), "\(refused.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == ["flows.csv", "manifest.json", "notes.txt", "stocks.csv", "summary.csv"])
    }

    @Test func badOptionsExitNonZero() throws {
        let r = try Self.caresim(["run", Self.rn1, "--replications", "0"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--replications must be at least 1"))
        let missing = try Self.caresim(["run", "/nonexistent/scenario.yaml"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent/scenario.yaml does not exist"))
    }
}

@Suite("caresim check")
struct CheckCommandTests {
    static let targets = CLITests.root.appendingPathComponent("scenarios/reference/rn1-targets.csv").path

    @Test func rn1MeetsItsTheory() throws {
        let out = CLITests.temporary().appendingPathComponent("check")
        let r = try CLITests.caresim(["check", CLITests.rn1, "--targets", Self.targets, "--replications", "6", "--out", out.path])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("16 of 16 targets met"))
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files == ["check.csv", "flows.csv", "manifest.json", "stocks.csv", "summary.csv"])
    }

    @Test func aMissedTargetExitsNonZero() throws {
        let dir = CLITests.temporary()
        let wrong = dir.appendingPathComponent("wrong.csv")
        try "metric,value,tolerance,tolerance_kind\nmean_stock.care,900,0.02,relative\n".write(to: wrong, atomically: true, encoding: .utf8)
        let r = try CLITests.caresim(["check", CLITests.rn1, "--targets", wrong.path, "--replications", "2",
                                      "--set", "time.horizon=1000", "--set", "time.warmup=100"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("FAIL"))
        #expect(r.stdout.contains("0 of 1 targets met; 1 not met"))
    }

    @Test func badTargetsFileIsReported() throws {
        let dir = CLITests.temporary()
        let bad = dir.appendingPathComponent("bad.csv")
        try "metric,value,tolerance,tolerance_kind\nmean_stock.care,900,0.02,percent\n".write(to: bad, atomically: true, encoding: .utf8)
        let r = try CLITests.caresim(["check", CLITests.rn1, "--targets", bad.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.csv:2: tolerance_kind: expected relative or absolute, got 'percent'"))
    }

    @Test("the England pathway: validate describes it, run writes seven files, check at a small scale reports every target")
    func englandPathway() throws {
        let england = CLITests.root.appendingPathComponent("scenarios/england-2014-15.yaml").path
        let valid = try CLITests.caresim(["validate", england])
        #expect(valid.status == 0)
        #expect(valid.stdout.contains("pathway model, warm-started from England's stocks at 31 March 2013, measured over the year to 31 March 2015"))
        let dir = CLITests.temporary().appendingPathComponent("england")
        let run = try CLITests.caresim(["run", england, "--set", "scale=0.02", "--replications", "2", "--out", dir.path])
        #expect(run.status == 0, "\(run.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == ["caseloads.csv", "costs.csv", "flows.csv", "manifest.json", "stocks.csv", "summary.csv", "years.csv"])
        let manifest = try String(contentsOfFile: dir.appendingPathComponent("manifest.json").path, encoding: .utf8)
        #expect(manifest.contains("\"files\": [\"summary.csv\", \"stocks.csv\", \"flows.csv\", \"caseloads.csv\", \"costs.csv\", \"years.csv\"]"))
        let years = try String(contentsOfFile: dir.appendingPathComponent("years.csv").path, encoding: .utf8)
        #expect(years.hasPrefix("measure,year_ending,mean,lower_95,upper_95,range_lower_95,range_lower_50,range_upper_50,range_upper_95,n,published\n"))
        #expect(years.contains("\nreferrals,2015,"))
        let costs = try String(contentsOfFile: dir.appendingPathComponent("costs.csv").path, encoding: .utf8)
        #expect(costs.hasPrefix("replication,year,year_ending,line,item,quantity,unit,cost,discounted\n0,1,2015,placements,in_house_foster,"))
        let caseloads = try String(contentsOfFile: dir.appendingPathComponent("caseloads.csv").path, encoding: .utf8)
        #expect(caseloads.hasPrefix("replication,day,date,team,role,mean,p10,p50,p90,filled_posts,vacant_posts,agency_posts\n"))
        let targets = CLITests.root.appendingPathComponent("calibration/england-2014-15.csv").path
        let check = try CLITests.caresim(["check", england, "--targets", targets, "--set", "scale=0.02", "--replications", "2", "--quiet"])
        // At a fiftieth of England with two replications some targets may be missed; every one is reported.
        #expect(check.stdout.contains("of 50 targets met"))
        #expect(check.stdout.split(separator: "\n").count >= 52)
    }

    @Test("compare writes the paired comparison, and refuses network scenarios with a clear error")
    func compare() throws {
        let dir = CLITests.temporary().appendingPathComponent("cmp").path
        let base = CLITests.root.appendingPathComponent("scenarios/hertfordshire-family-safeguarding-counterpart.yaml").path
        let alt = CLITests.root.appendingPathComponent("scenarios/hertfordshire-family-safeguarding.yaml").path
        let r = try CLITests.caresim(["compare", base, alt, "--replications", "3", "--cohort", "served", "--out", dir])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "no progress bar when standard error is not a terminal: \(r.stderr)")
        for f in ["comparison.csv", "base_summary.csv", "alternative_summary.csv", "manifest.json"] {
            #expect(FileManager.default.fileExists(atPath: dir + "/" + f), "\(f) missing")
        }
        let table = try String(contentsOfFile: dir + "/comparison.csv", encoding: .utf8)
        #expect(table.hasPrefix("metric,base_mean,alternative_mean,difference,ci95_low,ci95_high,relative_difference,variance_reduction,n\n"))
        #expect(table.contains("\ncohort.days_in_care,"))
        let bad = try CLITests.caresim(["compare", CLITests.rn1, CLITests.rn1, "--out", dir + "2"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("rn1.yaml: compare needs pathway scenarios"))
        #expect(!FileManager.default.fileExists(atPath: dir + "2"))
        // A value for one arm only; its errors name the option.
        let oneArm = try CLITests.caresim(["compare", base, alt, "--replications", "2", "--set-base", "practice_models.x=1", "--out", dir + "3"])
        #expect(oneArm.status == 1)
        #expect(oneArm.stderr.contains("--set-base #1: practice_models"), "\(oneArm.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "3"))
        let both = try CLITests.caresim(["compare", base, alt, "--cohort", "served", "--independent-seeds"])
        #expect(both.status != 0)
        #expect(both.stderr.contains("--cohort served needs common random numbers"))
    }
}
