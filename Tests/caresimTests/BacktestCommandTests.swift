import CareSim
import Foundation
import Testing

/// `caresim backtest`: its refusals (bad options, a directory it may not replace) and its table.
/// That it reads nothing after its cut-off is BaselineYearsTests.nothingPublishedLaterIsRead.
@Suite("caresim backtest")
struct BacktestCommandTests {
    static let root = CLITests.root.path

    @Test("bad options are refused with the option named, before anything runs",
          arguments: [
              (["--fit-through", "2011"], "--fit-through: expected a year ending 31 March whose census and looked-after tables are in data/"),
              (["--fit-through", "2013", "--projection", "dampd"], "--projection: expected one of constant, linear, damped, got 'dampd'"),
              (["--fit-through", "2013", "--horizon", "0"], "--horizon: expected 1 to 10 years, got 0"),
              (["--fit-through", "2013", "--damping", "1.5"], "--damping: expected a number from 0 to 1, got 1.5"),
              (["--fit-through", "2013", "--replications", "1"], "--replications must be at least 2"),
              (["--fit-through", "2013", "--set", "demand.capacity"], "--set demand.capacity: "),
          ])
    func badOptions(args: [String], message: String) throws {
        let r = try CLITests.caresim(["backtest", "--la", "Rutland"] + args)
        #expect(r.status != 0)
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }

    @Test("an unknown area and a year without a warm start fail with the reason and write nothing")
    func failures() throws {
        let dir = CLITests.temporary()
        let unknown = try CLITests.caresim(["backtest", "--la", "Rutlandshire", "--fit-through", "2013", "--data", Self.root + "/data",
                                            "--base", Self.root + "/scenarios/england-2014-15.yaml", "--out", dir.appendingPathComponent("a").path], in: CLITests.root)
        #expect(unknown.status == 1 && unknown.stderr.contains("Rutlandshire"), "\(unknown.stderr)")
        let early = try CLITests.caresim(["backtest", "--la", "Rutland", "--fit-through", "2012", "--data", Self.root + "/data",
                                          "--base", Self.root + "/scenarios/england-2014-15.yaml", "--out", dir.appendingPathComponent("b").path], in: CLITests.root)
        #expect(early.status == 1 && early.stderr.contains("no scenario can be derived for the year ending 31 March 2012"), "\(early.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix(".") }.isEmpty)
    }

    @Test("--out naming a folder of the user's is refused before anything runs, and left as it was")
    func userFolderKept() throws {
        let dir = CLITests.temporary().appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "my notes".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let r = try CLITests.caresim(["backtest", "--la", "Rutland", "--fit-through", "2014", "--horizon", "1", "--out", dir.path], in: CLITests.root)
        #expect(r.status == 1 && r.stderr.contains("notes.txt"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["notes.txt"])
        #expect(try String(contentsOf: dir.appendingPathComponent("notes.txt"), encoding: .utf8) == "my notes")
    }

    /// Through 2014, one year: every measure's 2015 row, scored where 2015 publishes it, and the
    /// printed summary's counts agree with backtest.csv.
    @Test("the table: a row per measure, errors against the published figures and both naive forecasts")
    func table() throws {
        let dir = CLITests.temporary().appendingPathComponent("bt")
        let r = try CLITests.caresim(["backtest", "--la", "Rutland", "--fit-through", "2014", "--horizon", "1", "--fit-rounds", "1", "--fit-replications", "2",
                                      "--replications", "4", "--threads", "2", "--quiet", "--out", dir.path], in: CLITests.root)
        #expect(r.status == 0, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files.contains("backtest.csv") && files.contains("baseline.yaml") && files.contains("targets.csv") && files.contains("years.csv") && files.contains("manifest.json"))
        let lines = try String(contentsOf: dir.appendingPathComponent("backtest.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 9, "a header and 8 measures")
        let header = lines[0].split(separator: ",").map(String.init)
        func column(_ name: String) -> Int { header.firstIndex(of: name)! }
        var beats = 0, scored = 0
        for line in lines.dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(f[column("year_ending")] == "2015" && f[column("fit_through")] == "2014")
            guard let published = Double(f[column("published")]), let model = Double(f[column("model")]),
                  let persistence = Double(f[column("persistence")]) else { continue }
            scored += 1
            let e = abs(model - published) / published * 100, p = abs(persistence - published) / published * 100
            #expect(abs(Double(f[column("model_error_pct")])! - e) < 0.01 && abs(Double(f[column("persistence_error_pct")])! - p) < 0.01)
            if f[column("model_beats_persistence")] == "true" { beats += 1 }
            // The model's figure is the central projection's mean, the range the draws' (not around it by construction).
            let low = Double(f[column("model_lower_95")])!, high = Double(f[column("model_upper_95")])!
            #expect(low <= high && model > 0)
        }
        #expect(scored >= 6)
        #expect(r.stdout.contains("model at least as close as persistence in \(beats) of \(scored) cells"), "\(r.stdout)")
    }

    /// Day 0's stocks of a run's first replication by stage (stocks.csv).
    static func dayZero(_ dir: URL) throws -> [String: Double] {
        let lines = try String(contentsOf: dir.appendingPathComponent("stocks.csv"), encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        var out: [String: Double] = [:]
        for f in lines.dropFirst() where f[0] == "0" && f[1] == "0" { out[f[3], default: 0] += Double(f[6]) ?? 0 }
        return out
    }

    /// `--jump-off published` (the default) fits from the published stocks at the start of the fit
    /// year and projects from those at its end: the projection's day 0 holds exactly the stocks
    /// published at 31 March of --fit-through, and its years start after it. `--jump-off fitted`
    /// runs on from the fit's own warm start, two years before, through the fit year.
    @Test("the projection starts from the published stocks at 31 March of --fit-through, or with --jump-off fitted from the fit's warm start")
    func jumpOff() throws {
        let published = try PublishedStocks.load(dataDirectory: Self.root + "/data", area: "E06000017", year: 2014)
        var runs: [String: URL] = [:]
        for mode in ["published", "fitted"] {
            let dir = CLITests.temporary().appendingPathComponent(mode)
            let r = try CLITests.caresim(["backtest", "--la", "Rutland", "--fit-through", "2014", "--horizon", "1", "--jump-off", mode, "--fit-rounds", "1",
                                          "--fit-replications", "2", "--replications", "2", "--threads", "2", "--quiet", "--out", dir.path], in: CLITests.root)
            #expect(r.status == 0, "\(r.stderr)")
            runs[mode] = dir
        }
        let jumped = try Self.dayZero(try #require(runs["published"]))
        #expect(jumped["looked_after"] == published.lookedAfter.number && jumped["cp"] == published.childProtectionPlans.number, "\(jumped)")
        let baseline = try String(contentsOf: try #require(runs["published"]).appendingPathComponent("baseline.yaml"), encoding: .utf8)
        #expect(baseline.contains("stocks_at: 2013-03-31"), "fitted from the published stocks at the fit year's start")
        // years.csv's n (replications) of referrals: none in the fit year, every one after it.
        let years = try String(contentsOf: try #require(runs["published"]).appendingPathComponent("years.csv"), encoding: .utf8)
        let n = Dictionary(years.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            .filter { $0[0] == "referrals" }.map { ($0[1], $0[9]) }, uniquingKeysWith: { a, _ in a })
        #expect(n["2014"] == "0" && n["2015"] == "2", "\(n)")
        let fittedBaseline = try String(contentsOf: try #require(runs["fitted"]).appendingPathComponent("baseline.yaml"), encoding: .utf8)
        #expect(fittedBaseline.contains("stocks_at: 2012-03-31"), "the default warm start, two years before")
        // The first row of stocks.csv is dated the day after the warm start.
        func firstDate(_ dir: URL) throws -> String {
            let text = try String(contentsOf: dir.appendingPathComponent("stocks.csv"), encoding: .utf8)
            return String(text.split(separator: "\n")[1].split(separator: ",")[2])
        }
        #expect(try firstDate(try #require(runs["published"])) == "2014-04-01")
        #expect(try firstDate(try #require(runs["fitted"])) == "2012-04-01")
    }

    /// `--balance` fits the stocks to their published levels at the fit year's start, and the
    /// baseline's header says so (a fit without it does not).
    @Test("--balance with --jump-off fitted is refused, naming both, and writes nothing")
    func balanceNeedsPublishedJumpOff() throws {
        let dir = CLITests.temporary().appendingPathComponent("out")
        let r = try CLITests.caresim(["backtest", "--la", "Rutland", "--fit-through", "2014", "--balance", "--jump-off", "fitted", "--out", dir.path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--balance applies to --jump-off published only") && r.stderr.contains("Drop one of them"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path))
    }

    @Test("--balance is written in the baseline's header")
    func balanceSaid() throws {
        var headers: [Bool: String] = [:]
        for balance in [true, false] {
            let dir = CLITests.temporary().appendingPathComponent(balance ? "balanced" : "plain")
            let r = try CLITests.caresim(["backtest", "--la", "Rutland", "--fit-through", "2014", "--horizon", "1", "--fit-rounds", "1", "--fit-replications", "2",
                                          "--replications", "2", "--threads", "2", "--quiet", "--out", dir.path] + (balance ? ["--balance"] : []), in: CLITests.root)
            #expect(r.status == 0, "\(r.stderr)")
            headers[balance] = try String(contentsOf: dir.appendingPathComponent("baseline.yaml"), encoding: .utf8)
        }
        #expect(headers[true]?.contains("# Balanced (--balance): children in need, CP plans and children looked after at 31 March 2014") == true)
        #expect(headers[true]?.contains("published levels at 31 March 2013 within 3%") == true)
        #expect(headers[false]?.contains("Balanced (--balance)") == false)
    }

    /// `--set` reaches the projection run (after the jump-off's own overrides, named in the
    /// table's second line) and not the fit: the baseline is the same bytes with or without it.
    /// An unknown path fails naming it, and nothing is written.
    @Test("--set overrides the projection run, not the fit; an unknown path fails naming it and writes nothing")
    func projectionOverrides() throws {
        var runs: [String: (out: String, baseline: String)] = [:]
        for (name, sets) in [("plain", [String]()), ("follows", ["--set", "demand.capacity=follows"])] {
            let dir = CLITests.temporary().appendingPathComponent(name)
            let r = try CLITests.caresim(["backtest", "--la", "Rutland", "--fit-through", "2014", "--horizon", "1", "--fit-rounds", "1", "--fit-replications", "2",
                                          "--replications", "2", "--threads", "2", "--quiet", "--out", dir.path] + sets, in: CLITests.root)
            #expect(r.status == 0, "\(r.stderr)")
            runs[name] = (r.stdout, try String(contentsOf: dir.appendingPathComponent("baseline.yaml"), encoding: .utf8))
        }
        let plain = try #require(runs["plain"]), follows = try #require(runs["follows"])
        #expect(follows.out.contains("--set calendar.follow_up_years=0 --set demand.capacity=follows"), "\(follows.out)")
        #expect(!plain.out.contains("demand.capacity"))
        // The baseline's header names the command (with its --out and --set); the rest is the same bytes.
        func body(_ text: String) -> String { text.split(separator: "\n").filter { !$0.contains("caresim backtest") }.joined(separator: "\n") }
        #expect(body(follows.baseline) == body(plain.baseline), "the fit does not see --set")
        let dir = CLITests.temporary().appendingPathComponent("unknown")
        let r = try CLITests.caresim(["backtest", "--la", "Rutland", "--fit-through", "2014", "--horizon", "1", "--fit-rounds", "1", "--fit-replications", "2",
                                      "--replications", "2", "--quiet", "--out", dir.path, "--set", "demand.capacitty=follows"], in: CLITests.root)
        #expect(r.status != 0)
        #expect(r.stderr.contains("--set #1: demand.capacitty: unknown field 'capacitty'"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path), "nothing written")
    }
}
