import CareSimEngine
import Foundation
import Testing
@testable import CareSim

/// England's (and an LA's) targets for each year ending 31 March 2012 to 2015, from the same
/// derivation as the LA baselines' (`LocalTargets`), and the files written from it.
@Suite("Targets by year")
struct YearTargetsTests {
    static let data = TestSupport.root.appendingPathComponent("data").path
    static let englandFile = TestSupport.root.appendingPathComponent("calibration/england-2014-15.csv").path

    /// England's targets for `year` from the data in `data`, with the skipped metrics.
    static func england(_ year: Int, data: String = data) throws -> (targets: [String: LocalTargets.Target], skipped: [BaselineNote]) {
        let sources = try BaselineSources.load(dataDirectory: data, year: year)
        let (targets, skipped) = try LocalTargets.derive(try LocalFigures(englandOf: sources), england: try CalibrationTargets.load(file: englandFile))
        return (Dictionary(uniqueKeysWithValues: targets.map { ($0.metric, $0) }), skipped)
    }

    /// Targets of calibration/england-2014-15.csv derived by hand in ways the generator does not
    /// follow, with the reason. Empty: the generator gives every one of the 50 values back.
    static let handDerived: [String: String] = [:]

    /// The generator run for England 2015 gives back every value of calibration/england-2014-15.csv
    /// to the file's precision (as many decimals as the file writes), with its tolerance, kind,
    /// unit and period: the generator reads the files and columns the hand-made targets cite.
    @Test func englandGeneratorReproducesThe2014_15Targets() throws {
        let file = try DataTable(file: Self.englandFile)
        let (derived, skipped) = try Self.england(2015)
        #expect(skipped.isEmpty, "\(skipped)")
        #expect(file.rows.count == 50)
        for row in file.rows.indices {
            let metric = try file.text(row: row, column: "metric")
            let text = try file.text(row: row, column: "value")
            let value = try #require(Double(text))
            let decimals = text.split(separator: ".").dropFirst().first?.count ?? 0
            // Equal to the file's precision: within half a unit of its last decimal (the generator
            // keeps 4 decimals of a ratio, so 0.74849 is 0.7485, which the file writes 0.748).
            func agrees(_ x: Double) -> Bool { abs(x - value) <= 0.5 * pow(10, -Double(decimals)) * (1 + 1e-9) }
            if let why = Self.handDerived[metric] {
                #expect(derived[metric].map { !agrees($0.value) } ?? true,
                        "\(metric) is listed as hand-derived (\(why)) but the generator reproduces it: take it off the list")
                continue
            }
            let t = try #require(derived[metric], "\(metric): not derived for 2015")
            #expect(agrees(t.value), "\(metric): file \(text), generator \(t.value)")
            #expect(t.tolerance == (try #require(Double(try file.text(row: row, column: "tolerance")))), "\(metric): tolerance")
            #expect(t.kind.rawValue == (try file.text(row: row, column: "tolerance_kind")), "\(metric): tolerance kind")
            #expect(t.unit == (try file.text(row: row, column: "unit")), "\(metric): unit")
            #expect(t.period == (try file.text(row: row, column: "period")), "\(metric): period \(t.period)")
        }
        #expect(derived.count == 50 - Self.handDerived.count + Self.handDerived.keys.filter { derived[$0] != nil }.count)
    }

    /// The 2012-13 England referrals target is the published figure, read here from the census
    /// file itself (its National row), and the written file carries it.
    @Test func england2013ReferralsAreThePublishedFigure() throws {
        let census = try DataTable(file: Self.data + "/dfe/cin-census/2012-13/SFR45-2013ud.csv")
        let level = try census.column("geog_l")
        let national = try #require(census.rows.indices.first { census.rows[$0][level].lowercased() == "national" })
        let published = try #require(try census.value(row: national, column: "Referrals1213").number)
        #expect(published == 593_500)
        let (derived, _) = try Self.england(2013)
        let referrals = try #require(derived["referrals"])
        #expect(referrals.value == published)
        #expect(referrals.period == "year to 31 March 2013")
        #expect(referrals.source == "data/dfe/cin-census/2012-13 SFR45-2013ud.csv Referrals1213 (England)")
        let written = try CalibrationTargets.load(file: TestSupport.root.appendingPathComponent("calibration/england-2012-13.csv").path)
        #expect(written.first { $0.metric == "referrals" }?.value == published)
    }

    /// A metric the year does not publish is skipped with a note, never a target of 0: the
    /// single-assessment metrics before 2014-15 (another measure), and a column taken out of a
    /// copy of the 2012-13 census.
    @Test func aMetricMissingFromTheYearIsSkippedNotZero() throws {
        for year in [2012, 2013, 2014] {
            let (derived, skipped) = try Self.england(year)
            for metric in ["assessments_completed", "assessment_median_working_days", "assessment_within_45_working_days_share",
                           "referral_assessed_not_in_need_share"] {
                #expect(derived[metric] == nil, "\(year) \(metric)")
                #expect(skipped.contains { $0.field == metric && $0.text.contains("a different measure, not used") }, "\(year) \(metric)")
            }
            #expect(derived.count == 46 && skipped.count == 4, "\(year): \(derived.count) targets, skipped \(skipped)")
            #expect(!derived.values.contains { $0.value == 0 }, "\(year): no target is 0")
        }
        // A copy of the data whose 2012-13 census lacks S471213.
        let dir = TestSupport.temporaryDirectory()
        let fm = FileManager.default
        for folder in ["dfe/cin-census/2011-12", "dfe/cin-census/2012-13", "dfe/looked-after/2011", "dfe/looked-after/2012",
                       "dfe/looked-after/2013", "ons/child-population"] {
            try fm.createDirectory(at: dir.appendingPathComponent(folder).deletingLastPathComponent(), withIntermediateDirectories: true)
            try fm.copyItem(atPath: Self.data + "/" + folder, toPath: dir.appendingPathComponent(folder).path)
        }
        let census = dir.appendingPathComponent("dfe/cin-census/2012-13/SFR45-2013ud.csv").path
        let original = try String(contentsOfFile: census, encoding: .isoLatin1)
        let renamed = original.replacingOccurrences(of: ",S471213,", with: ",S47_withdrawn,")
        #expect(renamed != original)
        try Data(renamed.utf8).write(to: URL(fileURLWithPath: census))
        let (derived, skipped) = try Self.england(2013, data: dir.path)
        #expect(derived["section47_enquiries"] == nil)
        #expect(skipped.contains { $0.field == "section47_enquiries" && $0.text.contains("has no column S471213") && $0.text.contains("target skipped") },
                "\(skipped)")
        #expect(derived["referrals"]?.value == 593_500, "the other metrics are still read")
    }

    /// The columns that change name between years are found in each (the 2013-14 percentage of
    /// second plans, the 2011-12 and 2012-13 conferences, 2015's mislabelled starts, placements in
    /// the year from the year's own table before 2015), and 2011-12's census, which has no ONS
    /// codes, still finds an LA.
    @Test func renamedColumnsAndOldCodes() throws {
        let (t14, _) = try Self.england(2014)
        #expect(t14["cp_second_or_later_share"]?.value == 0.158)
        #expect(t14["cp_second_or_later_share"]?.source.contains("CPPStart1314SecondTime_A") == true)
        #expect(t14["placements_in_year_one_share"]?.period == "year to 31 March 2014")
        #expect(t14["ceased_returned_home_share"]?.source.contains("CLA_ceaPar /") == true)
        let (t12, _) = try Self.england(2012)
        #expect(t12["initial_cp_conferences"]?.value == 56_200)
        #expect(t12["looked_after_started"]?.value == 28_220)
        #expect(t12["placements_in_year_one_share"]?.source.contains("SFR20_CLA2012.csv") == true)
        let (t15, _) = try Self.england(2015)
        #expect(t15["looked_after_started"]?.value == 31_070)
        // An LA in 2011-12 (old three-digit codes in the census), by ONS code.
        let sources = try BaselineSources.load(dataDirectory: Self.data, year: 2012)
        let herts = try sources.localAuthority("E10000015")
        #expect(herts.code == "E10000015" && herts.name == "Hertfordshire")
        let (targets, _) = try LocalTargets.derive(try LocalFigures(authority: herts, sources: sources), england: try CalibrationTargets.load(file: Self.englandFile))
        let census = try DataTable(file: Self.data + "/dfe/cin-census/2011-12/SFR27-2012ud.csv")
        let row = try #require(try census.rows(where: "geog_n", equals: "Hertfordshire").first)
        #expect(targets.first { $0.metric == "referrals" }?.value == (try census.value(row: row, column: "Referrals1112").number))
    }

    @Test func yearsWithoutDataAreErrorsNamingTheYears() {
        for year in [2011, 2016] {
            do {
                _ = try BaselineSources.load(dataDirectory: Self.data, year: year)
                Issue.record("no error for \(year)")
            } catch {
                #expect(error.description.contains("2012, 2013, 2014, 2015, got \(year)"), "\(error)")
            }
        }
    }
}
