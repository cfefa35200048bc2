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
            #expect([y[2], y[3], y[4], y[5]] == [row[1], row[3], row[4], row[5]], "\(m.name): years.csv \(y) vs summary.csv \(row)")
            #expect(Double(y[2])! > 0, "\(m.name) counted nothing")
        }
        // Every year of the run: flows in the years wholly inside it, stocks at each 31 March after the start.
        for m in PathwayYears.Measure.allCases {
            for year in [2014, 2015] { #expect(years["\(m.name),\(year)"]?[5] == "3", "\(m.name) \(year)") }
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
        #expect(years["referrals,2014"]?[6] == "657800")
        #expect(years["looked_after_started,2015"]?[6] == "31070")
        #expect(years["assessments_completed,2014"]?[6] == "")
        let history = try #require(years["referrals,2011"])
        #expect(history[2] == "" && history[5] == "0" && Double(history[6]) != nil, "\(history)")
    }

    @Test("the same seed gives the same years.csv, whatever the threads")
    func deterministic() throws {
        let s = try TestSupport.load("la/hackney-2014-15.yaml")
        let a = YearsTable.make(Experiment(scenario: s, replications: 3, seed: 5, threads: 1).run())!.text
        let b = YearsTable.make(Experiment(scenario: s, replications: 3, seed: 5, threads: 2).run())!.text
        let c = YearsTable.make(Experiment(scenario: s, replications: 3, seed: 6, threads: 2).run())!.text
        #expect(a == b)
        #expect(a != c, "another seed should move the counts")
        // One replication: the interval columns are empty.
        let one = try Self.rows(YearsTable.make(Experiment(scenario: s, replications: 1, seed: 5, threads: 1).run())!.text)
        let r = try #require(one["referrals,2015"])
        #expect(r[3] == "" && r[4] == "" && r[5] == "1" && !r[2].isEmpty)
    }

    @Test("shards merge into the unsharded run's years.csv")
    func merge() throws {
        let s = try TestSupport.load("la/hackney-2014-15.yaml")
        let (whole, shards) = try ShardTests.runs(s, replications: 5, shards: 2)
        let merged = try Merge.merge(shards)
        let years = try #require(merged.files.first { $0.name == "years.csv" })
        #expect(years.contents == whole["years.csv"])
        #expect(!merged.files.contains { $0.name == YearsTable.valuesFileName }, "year_values.csv is a shard's file only")
        #expect(try String(contentsOfFile: shards[0] + "/" + YearsTable.valuesFileName, encoding: .utf8).hasPrefix("replication,measure,year_ending,value\n"))
    }
}
