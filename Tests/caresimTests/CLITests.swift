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
        #expect(summary.hasPrefix("metric,mean,sd,ci95_low,ci95_high,n,unit\n"))
        #expect(summary.contains("\nmean_stock.assessment,"))
        #expect(summary.contains("\nmean_wait.assessment,"))
        let rows = summary.split(separator: "\n").dropFirst()
        #expect(rows.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().last == "3" }, "every metric over 3 replications")
        #expect(summary.contains("\nmean_wait.assessment,") && rows.first { $0.hasPrefix("mean_wait.assessment,") }!.hasSuffix(",days"))
        #expect(rows.first { $0.hasPrefix("utilisation.assessment,") }!.hasSuffix(",share"))
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
        #expect(table.hasPrefix("metric,base_mean,alternative_mean,difference,ci95_low,ci95_high,relative_difference,variance_reduction,n,unit,difference_unit\n"))
        #expect(table.contains("\ncohort.days_in_care,"))
        // Each arm's tables, as a run writes them.
        for arm in ["base_", "alternative_"] {
            for f in ["stocks.csv", "flows.csv", "caseloads.csv", "costs.csv", "years.csv"] {
                #expect(FileManager.default.fileExists(atPath: dir + "/" + arm + f), "\(arm + f) missing")
            }
        }
        // replications.csv reproduces comparison.csv: the mean of the paired differences, and each arm's mean.
        let reps = try String(contentsOfFile: dir + "/replications.csv", encoding: .utf8).split(separator: "\n")
        #expect(reps.first == "replication,arm,metric,value")
        var values: [String: [String: [Int: Double]]] = [:]
        for line in reps.dropFirst() {
            let c = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            values[c[2], default: [:]][c[1], default: [:]][Int(c[0])!] = Double(c[3])!
        }
        let rows = table.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        var checked = 0
        for row in rows where !row[3].isEmpty {
            let b = try #require(values[row[0]]?["base"]), a = try #require(values[row[0]]?["alternative"])
            #expect(b.count == 3 && a.count == 3, "\(row[0])")
            let diff = (1...3).map { a[$0]! - b[$0]! }.reduce(0, +) / 3
            let want = Double(row[3])!, baseMean = Double(row[1])!
            #expect(abs(diff - want) <= 1e-9 * max(1, abs(want)), "\(row[0]): \(diff) from replications.csv, \(want) in comparison.csv")
            #expect(abs((1...3).map { b[$0]! }.reduce(0, +) / 3 - baseMean) <= 1e-9 * max(1, abs(baseMean)), "\(row[0])")
            checked += 1
        }
        #expect(checked > 100)
        #expect(rows.first { $0[0] == "cp_ended_under_3_months_share" }?.suffix(2) == ["share", "share (0.01 = 1 percentage point)"])
        #expect(rows.first { $0[0] == "cost.total" }?.last == "£")
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

    @Test("compare refuses arms that differ outside what they test, unless allowed, and records the differences")
    func compareChecksArms() throws {
        let dir = CLITests.temporary()
        let la = CLITests.root.appendingPathComponent("scenarios/la/hertfordshire-2014-15.yaml").path
        let alt = CLITests.root.appendingPathComponent("scenarios/hertfordshire-family-safeguarding.yaml").path
        // The LA baseline against the practice model's scenario: the alternative also brings the
        // counterpart's wider effects and direct-work link, so its "saving" would not be the model's.
        let out = dir.appendingPathComponent("refused").path
        let refused = try CLITests.caresim(["compare", la, alt, "--replications", "2", "--out", out])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("differ outside the practice-model and intervention blocks"), "\(refused.stderr)")
        #expect(refused.stderr.contains("  wider_effects: only in the alternative"), "\(refused.stderr)")
        #expect(refused.stderr.contains("  direct_work: only in the alternative"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--allow-other-differences"))
        #expect(!refused.stderr.contains("\n  practice_models"), "tested blocks are not listed as other differences: \(refused.stderr)")
        #expect(refused.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out), "nothing written")
        let allowedOut = dir.appendingPathComponent("allowed").path
        let allowed = try CLITests.caresim(["compare", la, alt, "--replications", "2", "--set", "scale=0.2", "--allow-other-differences", "--out", allowedOut])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stdout.contains("(allowed)"), "\(allowed.stdout)")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: allowedOut + "/manifest.json"))) as! [String: Any]
        let arms = try #require(manifest["arm_differences"] as? [String: Any])
        #expect(arms["other_differences_allowed"] as? Bool == true)
        let fields = try #require(arms["fields"] as? [[String: Any]])
        let paths = Dictionary(uniqueKeysWithValues: fields.map { ($0["path"] as! String, $0["tested"] as! Bool) })
        #expect(paths["wider_effects"] == false && paths["direct_work"] == false && paths["practice_models"] == true, "\(paths)")
        // An --set-alternative outside the tested blocks is a difference too.
        let counterpart = CLITests.root.appendingPathComponent("scenarios/hertfordshire-family-safeguarding-counterpart.yaml").path
        let setOther = try CLITests.caresim(["compare", counterpart, alt, "--replications", "2", "--set-alternative", "calendar.follow_up_years=0",
                                             "--out", dir.appendingPathComponent("set").path])
        #expect(setOther.status == 1)
        #expect(setOther.stderr.contains("  calendar.follow_up_years: 1 in the base, 0 in the alternative"), "\(setOther.stderr)")
        // One of its parameters is what a sweep changes: allowed.
        let sweep = try CLITests.caresim(["compare", counterpart, alt, "--replications", "2", "--set", "scale=0.2", "--set-alternative",
                                          "practice_models.family_safeguarding.engagement.a=10", "--out", dir.appendingPathComponent("sweep").path])
        #expect(sweep.status == 0, "\(sweep.stderr)")
    }

    @Test("a practice model with no cost gives a gross saving: said in the CLI and savings.csv, with no return or break-even")
    func compareGrossSaving() throws {
        let dir = CLITests.temporary()
        func pair(_ base: String, _ alt: String, _ name: String) throws -> (CLITests.Outcome, String) {
            let out = dir.appendingPathComponent(name).path
            let r = try CLITests.caresim(["compare", CLITests.root.appendingPathComponent("scenarios/" + base).path,
                                          CLITests.root.appendingPathComponent("scenarios/" + alt).path, "--replications", "3", "--set", "scale=0.2", "--out", out])
            #expect(r.status == 0, "\(r.stderr)")
            return (r, try String(contentsOfFile: out + "/savings.csv", encoding: .utf8))
        }
        let (nwd, nwdSavings) = try pair("north-yorkshire-no-wrong-door-counterpart.yaml", "north-yorkshire-no-wrong-door.yaml", "nwd")
        #expect(nwd.stdout.contains("gross saving"), "\(nwd.stdout)")
        #expect(nwd.stdout.contains("gross, intervention cost not given for practice model no_wrong_door"), "\(nwd.stdout)")
        #expect(!nwd.stdout.contains("return per pound spent") && !nwd.stdout.contains("break-even year 1"), "\(nwd.stdout)")
        #expect(nwdSavings.hasPrefix("period,measure,mean,ci95_low,ci95_high,n,basis\n"))
        let rows = nwdSavings.split(separator: "\n").dropFirst()
        #expect(!rows.isEmpty && rows.allSatisfy { $0.hasSuffix(",gross") }, "\(nwdSavings)")
        #expect(!nwdSavings.contains("return_per_pound") && !nwdSavings.contains("break_even_year") && !nwdSavings.contains("broken_even_share"))
        let (fs, fsSavings) = try pair("hertfordshire-family-safeguarding-counterpart.yaml", "hertfordshire-family-safeguarding.yaml", "fs")
        #expect(fs.stdout.contains("net of the intervention's cost") && fs.stdout.contains("break-even year"), "\(fs.stdout)")
        #expect(fsSavings.contains("\ntotal,return_per_pound,") && fsSavings.contains("\ntotal,break_even_year,"))
        #expect(fsSavings.split(separator: "\n").dropFirst().allSatisfy { $0.hasSuffix(",net") })
    }
}
