import CareSim
import Foundation
import Testing

/// `caresim baseline --year Y`: full scenarios for the years before 2014-15, for an LA and for
/// England, read from that year's tables and nothing published later.
@Suite("caresim baseline for other years")
struct BaselineYearsTests {
    static let root = CLITests.root.path

    /// A cell of an area's row in one of data/'s tables (`code`: an ONS code; "England" for England's row).
    static func cell(_ file: String, _ code: String, _ column: String) throws -> Double? {
        let t = try DataTable(file: root + "/data/dfe/" + file)
        let level = try t.column("geog_l"), codes = try t.column(t.header.contains("new_la_code") ? "new_la_code" : "New_geog_code")
        let row = try #require(t.rows.indices.first { r in
            code == "England" ? t.rows[r][level].uppercased() == "NATIONAL" : t.rows[r][codes].trimmingCharacters(in: .whitespaces) == code
        })
        return try t.value(row: row, column: column).number
    }

    /// The value written for a key (the first line "  key: value" of the text), as a number.
    static func written(_ text: String, _ key: String) -> Double? {
        text.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(key + ": ") }
            .flatMap { line in Double(line.split(separator: ":", maxSplits: 1)[1].split(separator: "#")[0].trimmingCharacters(in: .whitespaces)) }
    }

    static let census = [2013: "cin-census/2012-13/SFR45-2013ud.csv", 2014: "cin-census/2013-14/SFR43-2014.csv"]

    /// Hertfordshire's 2012-13 and 2013-14 scenarios (the derivation alone): warm-started at
    /// 31 March 2012 (2013: no run-in year, as the 2010-11 census has no CP plan durations at
    /// 31 March 2011; 2014: a run-in year at 2012-13's referrals), measured over the year, with
    /// that year's published figures; the single assessment and the factors at assessment, not
    /// published before 2014-15, are England's, each with a note.
    @Test("an LA's 2012-13 and 2013-14 scenarios: the year's calendar and published figures, and England's where the year publishes none",
          arguments: [2013, 2014])
    func earlierYearForAnLA(year: Int) throws {
        let dir = CLITests.temporary()
        let out = dir.appendingPathComponent("herts.yaml").path, targets = dir.appendingPathComponent("herts.csv").path
        let made = try CLITests.caresim(["baseline", "--la", "Hertfordshire", "--year", String(year), "--no-fit", "--out", out, "--targets", targets,
                                         "--base", Self.root + "/scenarios/england-2014-15.yaml", "--data", Self.root + "/data",
                                         "--england-targets", Self.root + "/calibration/england-\(BaselineSources.span(year)).csv"])
        #expect(made.status == 0, "\(made.stderr)")
        let valid = try CLITests.caresim(["validate", out])
        #expect(valid.status == 0 && valid.stdout.contains("warm-started from E10000015"), "\(valid.stdout)\(valid.stderr)")
        // Nothing of England's run-in year (2013-14) carries into the LA's years: its referrals
        // factor for 2014 and its conversions' (removed with `by_year: null`).
        let resolved = try Scenario.load(file: out)
        let pathway = try #require(resolved.pathway)
        #expect(pathway.referralYearFactors.keys.allSatisfy { $0 < year }, "\(pathway.referralYearFactors)")
        #expect(pathway.demand?.conversions.values.allSatisfy { $0.byYear.isEmpty } ?? true)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        let span = BaselineSources.span(year), yy = String(year % 100), sx = String(format: "%02d%02d", (year - 1) % 100, year % 100)
        #expect(text.hasPrefix("# Hertfordshire (E10000015) \(span) baseline, written by CareSim "))
        #expect(text.contains("\nname: Hertfordshire \(span) baseline\n"))
        #expect(text.contains("#   CIN\(yy)  data/dfe/\(Self.census[year]!)\n"))
        // The calendar: warm start at 31 March 2012 for both, placements in the year from the year's own table.
        #expect(text.contains("\ncalendar:\n  stocks_at: 2012-03-31   # "))
        #expect(text.contains("\n  measure_year_ending: \(year)   # "))
        #expect(text.contains("\n  stability_year_ending: \(year)   # placements in the year: CLA\(yy) CLA_1Pla..3Pla\n"))
        #expect(text.contains("\n  area: E10000015   # Hertfordshire: the warm start reads this LA's rows (census 2011-12, looked after 2012) at 31 March 2012\n  year: 2012   # "))
        // The year's own figures: population, referrals, NFA share, conference share.
        let population = try #require(try Self.cell(Self.census[year]!, "E10000015", year == 2013 ? "Mid2012Pop0-17" : "Mid2013Pop017"))
        let referrals = try #require(try Self.cell(Self.census[year]!, "E10000015", "Referrals\(sx)"))
        #expect(Self.written(text, "child_population") == population)
        #expect(text.contains("CIN\(yy) Referrals\(sx) \(Int(referrals)) / Mid\(year - 1)Pop0"))
        let nfa = try #require(try Self.cell(Self.census[year]!, "E10000015", "%ReferralsNFA\(sx)"))
        #expect(abs(try #require(Self.written(text, "no_further_action")) - nfa / 100) < 1e-6)
        let targetsText = try String(contentsOfFile: targets, encoding: .utf8)
        #expect(targetsText.contains("\nreferrals,\(Int(referrals)),"), "the referrals target is the year's published count")
        let started = try #require(try Self.cell("looked-after/\(year)/SFR36_ADM\(year).csv", "E10000015", "CLA_started\(year)"))
        #expect(text.contains("  legal_routes:   # ADM\(yy) SCLA_<route> / CLA_started\(year) (\(Int(started)) starts)"))
        // The run-in year: 2012-13 for 2014, at Hertfordshire's referrals that year relative to 2013-14's; none for 2013.
        if year == 2014 {
            let before = try #require(try Self.cell(Self.census[2013]!, "E10000015", "Referrals1213"))
            let factor = try #require(text.split(separator: "\n").first { $0.hasPrefix("  by_year: [{year_ending: 2013, factor: ") })
            let written = try #require(Double(factor.split(separator: " ")[4].dropLast(2)))
            #expect(abs(written - min(2, max(0.5, before / referrals))) < 1e-4, "\(factor)")
            #expect(!text.contains("closed_cases_referrals"), "the warm start's pool drains into the run-in year, read for its year")
        } else {
            // The closed cases waiting at the warm start are re-referred in the measured year: the
            // pool is sized from its referrals, not from 2011-12's.
            #expect(Self.written(text, "closed_cases_referrals") == referrals)
            #expect(pathway.initial?.closedCaseReferrals == referrals)
            #expect(!text.contains(" by_year: ["), "no run-in year to give a factor")
            #expect(text.contains("\n  by_year: null   # no run-in year: not England's run-in factor\n"))
            #expect(text.contains("# No run-in year: the run starts at 31 March 2012"))
        }
        // England's values where the year's census has no such figure, each noted on stderr and in the file.
        for (field, what) in [("assessment.working_days", "has no single-assessment duration bands (Assessment*days\(sx))"),
                              ("front_door.outcome.assessed_not_in_need", "has no %ReferralsANotInNeed\(sx)"),
                              ("referrals.factors", "has no factors at assessment (Episodeswithfactors\(sx)")] {
            #expect(made.stderr.contains("note: \(field): CIN\(yy) \(what)"), "\(made.stderr)")
            #expect(text.contains("#   \(field): CIN\(yy) \(what)"))
        }
        // Not published before 2014-15: the share found in need follows the LA's episodes of need
        // started per referral relative to England's of the same year (the England scenario's
        // in-need share, 1 - 0.138 - 0.230, times that ratio); not-in-need is the rest.
        let starts = try #require(try Self.cell(Self.census[year]!, "E10000015", "CINStarting\(sx)"))
        let eStarts = try #require(try Self.cell(Self.census[year]!, "England", "CINStarting\(sx)"))
        let eRefs = try #require(try Self.cell(Self.census[year]!, "England", "Referrals\(sx)"))
        let inNeed = (1 - 0.138 - 0.230) * (starts / referrals) / (eStarts / eRefs)
        #expect(abs(try #require(Self.written(text, "assessed_not_in_need")) - (1 - nfa / 100 - inNeed)) < 1e-5)
        #expect(abs(try #require(Self.written(text, "in_need")) - inNeed) < 1e-5)
        #expect(!text.contains("\n  factors:") && !text.contains("\n  nfa_after_assessment:"))
        // No table or column of 2014-15 is named (2013-14 is the latest year read for 2014).
        // (The demand section's ONS population counts are numbers, not names: left out of the search.)
        let named = text.split(separator: "\n").filter { !$0.hasPrefix("    - {year_ending:") }.joined(separator: "\n")
        for later in ["1415", "CIN15", "ADM15", "CEA15", "CLA15", "Mid2014"] { #expect(!named.contains(later), "\(later) named") }
    }

    /// England's own 2012-13 scenario: its National rows, at a tenth of England, fitted by a round
    /// of simulation (a short fit here; the command's default is 14 rounds of 8 replications).
    @Test func englandForAnEarlierYear() throws {
        let dir = CLITests.temporary()
        let out = dir.appendingPathComponent("england-2012-13.yaml").path, targets = dir.appendingPathComponent("england-2012-13.csv").path
        let made = try CLITests.caresim(["baseline", "--la", "England", "--year", "2013", "--fit-rounds", "1", "--fit-replications", "2",
                                         "--out", out, "--targets", targets,
                                         "--base", Self.root + "/scenarios/england-2014-15.yaml", "--data", Self.root + "/data",
                                         "--england-targets", Self.root + "/calibration/england-2012-13.csv"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("wrote \(out): England (E92000001)"))
        #expect(made.stdout.contains("fitted by simulation: targets missed "))
        let valid = try CLITests.caresim(["validate", out])
        #expect(valid.status == 0, "\(valid.stdout)\(valid.stderr)")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.hasPrefix("# England (E92000001) 2012-13 baseline, written by CareSim "))
        #expect(text.contains("\nname: England 2012-13 baseline\n"))
        #expect(text.contains("\nscale: 0.1   # "))
        #expect(text.contains("# Scale 0.1: a part of England"))
        #expect(text.contains("\n  stocks_at: 2012-03-31   # ") && text.contains("\n  measure_year_ending: 2013   # "))
        #expect(text.contains("\n  area: England   # England: the warm start reads England's rows"))
        let population = try #require(try Self.cell(Self.census[2013]!, "England", "Mid2012Pop0-17"))
        #expect(Self.written(text, "child_population") == population)
        let nfa = try #require(try Self.cell(Self.census[2013]!, "England", "%ReferralsNFA1213"))
        #expect(abs(try #require(Self.written(text, "no_further_action")) - nfa / 100) < 1e-6)
        // England's unaccompanied children arrive by care.unaccompanied, from its own stocks at 31 March
        // 2011, 2012 and 2013 (LocalUnaccompanied): stays uniform on (0, 3) years leave 5/6, 1/2 and 1/6 of
        // a year's arrivals looked after one, two and three 31 Marches on; 2010-11's arrivals at 2011's
        // stock over 1.5 years.
        let stocks = try ["looked-after/2011/SFR21_CLA.csv", "looked-after/2012/SFR20_CLA2012.csv", "looked-after/2013/SFR36_CLA2013.csv"]
            .map { try #require(try Self.cell($0, "England", "CLA_UASC")) }
        let r11 = stocks[0] / 1.5, r12 = (stocks[1] - (0.5 + 1.0 / 6) * r11) / (5.0 / 6)
        let r13 = (stocks[2] - r12 / 2 - r11 / 6) / (5.0 / 6)
        #expect(text.contains("\n  unaccompanied:\n    per_year: \(String(format: "%.1f", r13))   # "), "England's 2012-13 arrivals \(r13)")
        // England's own targets, with the England targets' tolerances: its published referrals.
        let referrals = try #require(try Self.cell(Self.census[2013]!, "England", "Referrals1213"))
        #expect(try String(contentsOfFile: targets, encoding: .utf8).contains("\nreferrals,\(Int(referrals)),"))
    }

    /// A copy of data/ with every year after 2012-13 removed (census folders 2013-14 and 2014-15,
    /// looked-after 2014 and 2015, the 2014-15 spending), the ONS extracts' columns after 2013
    /// garbled, the England scenario beside it and only the England targets of 2011-12 and 2012-13:
    /// the 2012-13 scenarios and targets (an LA's and England's, each with a short fit) are the
    /// same bytes as from the full data/.
    @Test func nothingPublishedLaterIsRead() throws {
        let fm = FileManager.default
        func tree(pruned: Bool) throws -> URL {
            let dir = CLITests.temporary()
            try fm.copyItem(atPath: Self.root + "/data", toPath: dir.appendingPathComponent("data").path)
            try fm.createDirectory(at: dir.appendingPathComponent("scenarios"), withIntermediateDirectories: true)
            try fm.copyItem(atPath: Self.root + "/scenarios/england-2014-15.yaml", toPath: dir.appendingPathComponent("scenarios/england-2014-15.yaml").path)
            try fm.createDirectory(at: dir.appendingPathComponent("calibration"), withIntermediateDirectories: true)
            for span in pruned ? ["2011-12", "2012-13"] : ["2011-12", "2012-13", "2013-14", "2014-15"] {
                try fm.copyItem(atPath: Self.root + "/calibration/england-\(span).csv", toPath: dir.appendingPathComponent("calibration/england-\(span).csv").path)
            }
            guard pruned else { return dir }
            for later in ["dfe/cin-census/2013-14", "dfe/cin-census/2014-15", "dfe/looked-after/2014", "dfe/looked-after/2015", "dfe/section251"] {
                try fm.removeItem(at: dir.appendingPathComponent("data/" + later))
            }
            let ons = dir.appendingPathComponent("data/ons/child-population")
            for name in try fm.contentsOfDirectory(atPath: ons.path) {
                let file = ons.appendingPathComponent(name)
                let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
                // Year columns are the last fields of the header and of each row (numbers, no commas inside).
                guard let h = lines.firstIndex(where: { $0.hasPrefix("\"local authority") }) else { continue }
                let years = lines[h].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "\"\r"))) }
                var garbled = lines
                for i in (h + 1)..<lines.count where lines[i].contains("\"E") {
                    var fields = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                    for (k, y) in years.enumerated().reversed() where y > 2013 { fields[fields.count - years.count + k] = "garbled" }
                    garbled[i] = fields.joined(separator: ",")
                }
                #expect(garbled != lines, "\(name): later years garbled")
                try garbled.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
            }
            return dir
        }
        let full = try tree(pruned: false), pruned = try tree(pruned: true)
        // The same command, run from each tree with relative paths (so the files name the same paths).
        // Havering's warm start at 31 March 2012 is back-calculated from the 2012-13 census (no census to 2011-12 has its row).
        for args in [["--la", "Rutland"], ["--la", "Havering"], ["--la", "England", "--scale", "0.05"]] {
            func build(_ dir: URL) throws -> (String, String) {
                // The population held after 2013, as a back-test builds it (by default a baseline lists every ONS year).
                let r = try CLITests.caresim(["baseline"] + args + ["--year", "2013", "--fit-rounds", "1", "--fit-replications", "2", "--population-through", "2013",
                                                                   "--out", "out/la.yaml", "--targets", "out/la.csv"], in: dir)
                #expect(r.status == 0, "\(args): \(r.stderr)")
                return (try String(contentsOfFile: dir.appendingPathComponent("out/la.yaml").path, encoding: .utf8),
                        try String(contentsOfFile: dir.appendingPathComponent("out/la.csv").path, encoding: .utf8))
            }
            let (scenario, targets) = try build(full), (prunedScenario, prunedTargets) = try build(pruned)
            #expect(scenario.contains("Fitted: the values marked"), "the fit ran")
            #expect(scenario.contains("back_calculate: true") == (args[1] == "Havering"), "\(args): initial.back_calculate")
            #expect(prunedScenario == scenario, "\(args): the scenario read something published after 2012-13")
            #expect(prunedTargets == targets, "\(args): the targets read something published after 2012-13")
        }
        // caresim backtest through 2013: the same baseline and the same projection (model and naive
        // forecasts) from either tree; only the published figures it is scored against differ.
        func backtest(_ dir: URL) throws -> (scenario: String, rows: [[String]]) {
            let r = try CLITests.caresim(["backtest", "--la", "Rutland", "--fit-through", "2013", "--horizon", "2", "--fit-rounds", "1", "--fit-replications", "2",
                                          "--replications", "3", "--threads", "2", "--quiet", "--out", "bt"], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
            let table = try String(contentsOfFile: dir.appendingPathComponent("bt/backtest.csv").path, encoding: .utf8)
            let rows = table.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            return (try String(contentsOfFile: dir.appendingPathComponent("bt/baseline.yaml").path, encoding: .utf8), rows)
        }
        let a = try backtest(full), b = try backtest(pruned)
        #expect(a.scenario == b.scenario, "the back-test's baseline read something published after 2012-13")
        #expect(a.rows.count == 17 && b.rows.count == 17, "a header and 8 measures x 2 years")
        let header = a.rows[0]
        let kept = ["year_ending", "measure", "model", "model_lower_95", "model_upper_95", "persistence", "linear_trend"].map { header.firstIndex(of: $0)! }
        let published = header.firstIndex(of: "published")!
        for (x, y) in zip(a.rows.dropFirst(), b.rows.dropFirst()) {
            #expect(kept.map { x[$0] } == kept.map { y[$0] }, "the projection differs: \(x) against \(y)")
            #expect(y[published].isEmpty, "the pruned tree has no later figure: \(y)")
        }
        #expect(a.rows.dropFirst().contains { !$0[published].isEmpty }, "the full tree scores the projection")
        // A later year's scenario cannot be built from the pruned tree: its tables are gone.
        let later = try CLITests.caresim(["baseline", "--la", "Rutland", "--year", "2014", "--no-fit", "--out", "out/later.yaml"], in: pruned)
        #expect(later.status != 0 && later.stderr.contains("looked-after/2014"), "\(later.stderr)")
    }

    /// 2011 is not a year of data/; 2012's tables are, but not its warm start: the error names the
    /// stocks missing, and nothing is written.
    @Test func yearsWithoutAScenarioAreRefused() throws {
        let dir = CLITests.temporary()
        let y2011 = try CLITests.caresim(["baseline", "--la", "Kent", "--year", "2011", "--out", dir.appendingPathComponent("k.yaml").path,
                                          "--data", Self.root + "/data"])
        #expect(y2011.status != 0 && y2011.stderr.contains("one of 2012, 2013, 2014, 2015; got 2011"), "\(y2011.stderr)")
        let y2012 = try CLITests.caresim(["baseline", "--la", "Kent", "--year", "2012", "--no-fit", "--out", dir.appendingPathComponent("k.yaml").path,
                                          "--base", Self.root + "/scenarios/england-2014-15.yaml", "--data", Self.root + "/data"])
        #expect(y2012.status == 1)
        for part in ["no scenario can be derived for the year ending 31 March 2012", "31 March 2010", "cin-census/2009-10",
                     "31 March 2011", "CPPAt310311Duration<3mths", "2013, 2014, 2015", "--targets-only"] {
            #expect(y2012.stderr.contains(part), "\(part): \(y2012.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "nothing written")
    }
}
