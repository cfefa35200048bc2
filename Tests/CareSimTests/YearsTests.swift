import CareSimEngine
import Foundation
import Testing
@testable import CareSim

/// `years.csv`: every headline measure for every year of a pathway run, the measured year's
/// equal to `summary.csv`'s, with the published figures of the scenario's area and year.
@Suite("years.csv")
struct YearsTests {
    static let data = TestSupport.root.appendingPathComponent("data").path

    /// The rows of a years.csv text by (measure, year ending).
    static func rows(_ text: String) throws -> [String: [String]] {
        let t = try DataTable(text: text, file: "years.csv")
        #expect(t.header == YearsTable.header)
        return Dictionary(uniqueKeysWithValues: t.rows.map { ("\($0[0]),\($0[1])", $0) })
    }

    /// summary.csv's rows by metric.
    static func summary(_ text: String) throws -> [String: [String]] {
        let t = try DataTable(text: text, file: "summary.csv")
        return Dictionary(uniqueKeysWithValues: t.rows.map { ($0[0], $0) })
    }

    /// The England row's cell of `column` in the one CSV of `folder` (under data/dfe) whose name contains `containing`.
    static func englandCell(_ folder: String, _ containing: String, _ column: String) throws -> Double {
        let dir = data + "/dfe/" + folder
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: dir).first { $0.hasSuffix(".csv") && $0.contains(containing) })
        let t = try DataTable(file: dir + "/" + name)
        let row = try #require(t.rows.first { $0[try t.column("geog_l")].lowercased() == "national" })
        // As published: some years write thousands separators ("635,600").
        return try #require(DataValue(parsing: row[try t.column(column)])?.number)
    }

    @Test("the measured year's mean and interval are summary.csv's, for every measure, streamed or not",
          arguments: [false, true])
    func measuredYearIsSummary(unaccompanied: Bool) throws {
        // With unaccompanied arrivals too (England extended): the census counts each as a referral.
        let england = TestSupport.scenario("england-2014-15.yaml")
        let s = unaccompanied
            ? try Scenario.load(file: TestSupport.write("extends: \(england)\ncare:\n  unaccompanied: {per_year: 3000}\n"),
                                overrides: TestSupport.overrides(["scale=0.02"]))
            : try TestSupport.load("england-2014-15.yaml", ["scale=0.02"])
        let result = Experiment(scenario: s, replications: 3, seed: 7, threads: 2).run()
        let files = Dictionary(uniqueKeysWithValues: RunOutput.files(result).map { ($0.name, $0.contents) })
        let years = try Self.rows(try #require(files["years.csv"]))
        let summary = try Self.summary(files["summary.csv"]!)
        let measured = s.pathway!.measureYearEnding
        if unaccompanied { #expect(Double(try #require(summary["looked_after_unaccompanied_started"])[1])! > 0) }
        #expect(PathwayYears.Measure.allCases.count == 9)
        for m in PathwayYears.Measure.allCases {
            let y = try #require(years["\(m.name),\(measured)"], "no \(m.name) in \(measured)")
            let row = try #require(summary[m.name], "summary.csv has no \(m.name)")
            // mean, lower_95, upper_95, n against mean, ci95_low, ci95_high, n: the same text.
            #expect([y[2], y[3], y[4], y[9]] == [row[1], row[3], row[4], row[5]], "\(m.name): years.csv \(y) vs summary.csv \(row)")
            #expect(Double(y[2])! > 0, "\(m.name) counted nothing")
        }
        // Every year of the run: flows in the years wholly inside it, stocks at each 31 March after the start.
        for m in PathwayYears.Measure.allCases {
            for year in [2014, 2015] { #expect(years["\(m.name),\(year)"]?[9] == "3", "\(m.name) \(year)") }
        }
        // The streamed run (caresim run) writes the same file.
        let dir = TestSupport.temporaryDirectory().appendingPathComponent("out").path
        let staged = try StagedResults(directory: dir)
        _ = try Experiment(scenario: s, replications: 3, seed: 7, threads: 1).run(streamingTo: staged)
        try staged.commit()
        #expect(try String(contentsOfFile: dir + "/years.csv", encoding: .utf8) == files["years.csv"])
        #expect(try String(contentsOfFile: dir + "/manifest.json", encoding: .utf8).contains("\"years.csv\""))
    }

    @Test("the published column is the area's figure for that year, read from that year's columns")
    func publishedFigures() throws {
        // England, year ending 2014: the 2013-14 census's Referrals1314, read here from the file itself (657,800).
        let referrals2014 = try Self.englandCell("cin-census/2013-14", "SFR43", "Referrals1314")
        #expect(referrals2014 == 657_800)
        var england = PublishedYears(area: "England", dataDirectory: Self.data)
        #expect(england.figure(.referrals, year: 2014)?.value == referrals2014)
        #expect(england.figure(.referrals, year: 2015)?.value == (try Self.englandCell("cin-census/2014-15", "SFR41", "Referrals1415")))
        #expect(england.figure(.cpOpen, year: 2014)?.value == (try Self.englandCell("cin-census/2013-14", "SFR43", "CPPAt310314")))
        // The 2015 looked-after table names its starters CLA_started2014 (31,070, not 2014's 30,430).
        #expect(england.figure(.lookedAfterStarted, year: 2015)?.value == 31_070)
        #expect(england.figure(.lookedAfterStarted, year: 2014)?.value == 30_430)
        #expect(england.figure(.lookedAfterOpen, year: 2013)?.value == (try Self.englandCell("looked-after/2013", "CLA", "CLA_Mar2013")))
        // Measures not published in a year, and years not in data/, have none.
        #expect(england.figure(.assessmentsCompleted, year: 2014) == nil)
        #expect(england.figure(.assessmentsCompleted, year: 2015)?.value == 550_810)
        #expect(england.figure(.referrals, year: 2016) == nil)
        // A local authority by code, also in the 2010-11 census, which has no ONS codes (found by its name).
        var hackney = PublishedYears(area: "E09000012", dataDirectory: Self.data)
        let t = try DataTable(file: Self.data + "/dfe/cin-census/2014-15/SFR41-2015_Underlying_data.csv")
        let row = try #require(t.rows.first { $0[try t.column("new_la_code")] == "E09000012" })
        #expect(hackney.figure(.referrals, year: 2015)?.value == DataValue(parsing: row[try t.column("Referrals1415")])?.number)
        #expect(hackney.figure(.referrals, year: 2015) != nil)
        #expect(hackney.figure(.referrals, year: 2011) != nil)
        #expect(hackney.figure(.section47, year: 2011) != nil, "S47in1011")

        // In a run's years.csv: the scenario's area (England), unscaled at scale 0.02, with history before the run.
        let s = try TestSupport.load("england-2014-15.yaml", ["scale=0.02"])
        let years = try Self.rows(YearsTable.make(Experiment(scenario: s, replications: 2, seed: 3, threads: 2).run())!.text)
        #expect(years["referrals,2014"]?[10] == "657800")
        #expect(years["looked_after_started,2015"]?[10] == "31070")
        #expect(years["assessments_completed,2014"]?[10] == "")
        let history = try #require(years["referrals,2011"])
        #expect(history[2...8].allSatisfy(\.isEmpty) && history[9] == "0" && Double(history[10]) != nil, "\(history)")
    }

    @Test("the same seed gives the same years.csv, whatever the threads")
    func deterministic() throws {
        let s = try TestSupport.load("la/hackney-2014-15.yaml")
        let a = YearsTable.make(Experiment(scenario: s, replications: 3, seed: 5, threads: 1).run())!.text
        let b = YearsTable.make(Experiment(scenario: s, replications: 3, seed: 5, threads: 2).run())!.text
        let c = YearsTable.make(Experiment(scenario: s, replications: 3, seed: 6, threads: 2).run())!.text
        #expect(a == b)
        #expect(a != c, "another seed should move the counts")
        // One replication: the interval and range columns are empty.
        let one = try Self.rows(YearsTable.make(Experiment(scenario: s, replications: 1, seed: 5, threads: 1).run())!.text)
        let r = try #require(one["referrals,2015"])
        #expect(r[3...8].allSatisfy(\.isEmpty) && r[9] == "1" && !r[2].isEmpty, "\(r)")
    }

    @Test("shards merge into the unsharded run's years.csv, ranges included, even from a shard of one replication")
    func merge() throws {
        let s = try TestSupport.load("la/hackney-2014-15.yaml")
        let (whole, shards) = try ShardTests.runs(s, replications: 5, shards: 2)
        let merged = try Merge.merge(shards)
        let years = try #require(merged.files.first { $0.name == "years.csv" })
        #expect(years.contents == whole["years.csv"])
        let referrals = try #require(try Self.rows(years.contents)["referrals,2015"])
        #expect(referrals[5...8].allSatisfy { Double($0) != nil } && referrals[9] == "5", "\(referrals)")
        // Five replications in three shards: the first holds one (its own years.csv has no ranges), merged they are the run's.
        let (whole3, shards3) = try ShardTests.runs(s, replications: 5, shards: 3)
        let first = try Self.rows(try String(contentsOfFile: shards3[0] + "/years.csv", encoding: .utf8))
        #expect(try #require(first["referrals,2015"])[5...9] == ["", "", "", "", "1"])
        #expect(try Merge.merge(shards3.reversed()).files.first { $0.name == "years.csv" }?.contents == whole3["years.csv"])
        #expect(!merged.files.contains { $0.name == YearsTable.valuesFileName }, "year_values.csv is a shard's file only")
        #expect(try String(contentsOfFile: shards[0] + "/" + YearsTable.valuesFileName, encoding: .utf8).hasPrefix("replication,measure,year_ending,value\n"))
    }

    /// The `p` quantile of `values` by R's definition of type 7, written independently of
    /// Quantile: with x sorted and 1-based, h = (n - 1) p + 1, the value (1 - g) x[floor h] + g x[floor h + 1].
    static func rQuantile(_ values: [Double], _ p: Double) -> Double {
        let x = values.sorted(), h = Double(x.count - 1) * p + 1
        let j = Int(h), g = h - Double(j)
        return j >= x.count ? x[x.count - 1] : (1 - g) * x[j - 1] + g * x[j]
    }

    @Test("the range columns are the replications' 2.5%, 25%, 75% and 97.5% quantiles (type 7), numpy's for a known sample")
    func rangeQuantiles() throws {
        #expect(YearsTable.header == ["measure", "year_ending", "mean", "lower_95", "upper_95", "range_lower_95", "range_lower_50",
                                      "range_upper_50", "range_upper_95", "n", "published"])
        // numpy.quantile([3, 7, 1, 12, 5.5, 9, 2], [0.025, 0.25, 0.75, 0.975]) (its default method is type 7).
        let numpy = [1.15, 2.5, 8.0, 11.549999999999999]
        for (q, expected) in zip(Quantile.type7(of: [3, 7, 1, 12, 5.5, 9, 2], YearsTable.rangeProbabilities), numpy) {
            #expect(abs(q - expected) < 1e-12, "\(q) vs numpy's \(expected)")
        }
        // In the table, formatted as the other columns, after upper_95; empty with one replication and in history rows.
        let cells = [YearsTable.Cell(measure: "referrals", year: 2015)]
        let rows: [(cell: YearsTable.Cell, published: Double?, modelled: Bool)] = [
            (YearsTable.Cell(measure: "referrals", year: 2014), 42, false), (cells[0], 45, true),
        ]
        let five = YearsTable.make(rows: rows, cells: cells, replications: [[30], [10], [50], [20], [40]]).text
        let interval = SummaryStatistic([30, 10, 50, 20, 40])
        #expect(five == YearsTable.header.joined(separator: ",") + "\nreferrals,2014,,,,,,,,0,42\n"
                + "referrals,2015,30,\(interval.ci95Low.csv),\(interval.ci95High.csv),11,20,40,49,5,45\n", "\(five)")
        let one = YearsTable.make(rows: rows, cells: cells, replications: [[30]]).text
        #expect(one.hasSuffix("\nreferrals,2015,30,,,,,,,1,45\n"), "\(one)")

        // A small run: each cell's columns from the replications' own values (year_values.csv, as a shard writes them).
        let s = try TestSupport.load("la/hackney-2014-15.yaml")
        let result = Experiment(scenario: s, replications: 6, seed: 9, threads: 2).run()
        let years = try Self.rows(YearsTable.make(result)!.text)
        guard case .pathway(let p, let runs) = result.byModel else { Issue.record("not a pathway run"); return }
        let valuesTable = YearsTable.valuesTable(cells: YearsTable.values(runs[0], p).cells, replications: runs.map { YearsTable.values($0, p).values }, first: 0)
        let values = try DataTable(text: valuesTable.text, file: "year_values.csv")
        var byCell: [String: [Double]] = [:]
        for r in values.rows { byCell["\(r[1]),\(r[2])", default: []].append(try #require(Double(r[3]))) }
        #expect(byCell.count >= 2 * PathwayYears.Measure.allCases.count)
        for (cell, sample) in byCell {
            let row = try #require(years[cell], "years.csv has no \(cell)")
            #expect(sample.count == 6 && row[9] == "6")
            let mean: Double = try #require(Double(row[2])), sampleMean: Double = sample.reduce(0, +) / 6
            #expect(abs(mean - sampleMean) <= 1e-9 * max(1, abs(mean)))
            for (k, probability) in YearsTable.rangeProbabilities.enumerated() {
                let got = try #require(Double(row[5 + k]), "\(cell): \(YearsTable.header[5 + k]) is '\(row[5 + k])'")
                let expected = Self.rQuantile(sample, probability)
                #expect(abs(got - expected) <= 1e-9 * max(1, abs(expected)), "\(cell) \(YearsTable.header[5 + k]): \(got) vs \(expected)")
            }
        }
    }

    @Test("the 50% range lies inside the 95% range, and the mean's 95% interval is narrower than the 95% range")
    func rangesNest() throws {
        // Family Safeguarding: its effects and the demand trend are drawn per replication, so single runs spread widely.
        let s = try TestSupport.load("hertfordshire-family-safeguarding.yaml", ["scale=0.5"])
        let years = try DataTable(text: YearsTable.make(Experiment(scenario: s, replications: 12, seed: 4, threads: 2).run())!.text, file: "years.csv")
        var modelled = 0, wider = 0
        for row in years.rows where row[9] != "0" {
            modelled += 1
            let v = row[2...8].map { Double($0)! }
            let (mean, low, high, r95lo, r50lo, r50hi, r95hi) = (v[0], v[1], v[2], v[3], v[4], v[5], v[6])
            #expect(row[9] == "12")
            #expect(r95lo <= r50lo && r50lo <= r50hi && r50hi <= r95hi, "\(row)")
            #expect(low <= mean && mean <= high, "\(row)")
            // Equal only where every replication counts the same (the interval and range both collapse).
            #expect(high - low <= r95hi - r95lo, "\(row): the mean's interval is wider than single runs' range")
            if high - low < r95hi - r95lo { wider += 1 }
        }
        #expect(modelled >= 2 * PathwayYears.Measure.allCases.count)
        #expect(wider == modelled, "every cell varies between runs, so its range should be strictly wider")
    }
}
