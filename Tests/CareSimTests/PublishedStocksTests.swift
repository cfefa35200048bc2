import Foundation
import Testing
@testable import CareSim

/// Stocks at 31 March read from the official statistics, for warm starts.
@Suite("Published stocks")
struct PublishedStocksTests {
    static let data = TestSupport.root.appendingPathComponent("data").path

    static func sum(_ values: [DataValue]) -> Double { values.compactMap(\.number).reduce(0, +) }

    @Test("England at 31 March 2013: totals and their breakdowns agree")
    func england2013() throws {
        let s = try PublishedStocks.load(dataDirectory: Self.data, area: "England", year: 2013)
        #expect(s.childrenInNeed == .number(378_600))
        #expect(s.lookedAfter == .number(68_110))
        let cp = try #require(s.childProtectionPlans.number)
        #expect(cp > 40_000 && cp < 50_000)
        // Breakdowns are published rounded, so they add up to the total within rounding.
        #expect(abs(Self.sum(s.lookedAfterByAge) - 68_110) <= 50)
        #expect(abs(Self.sum(s.lookedAfterByPlacement.map(\.count)) - 68_110) <= 100)
        #expect(abs(Self.sum(s.childProtectionPlansByDuration) - cp) <= 50)
        #expect(abs(Self.sum(s.childrenInNeedByDuration) - 378_600) <= 500)
        #expect(s.suppressed.isEmpty)
    }

    /// The 2015 stocks equal the calibration targets that cite them.
    @Test func england2015MatchesTheTargets() throws {
        let s = try PublishedStocks.load(dataDirectory: Self.data, area: "england", year: 2015)
        let targets = try CalibrationTargets.load(file: TestSupport.root.appendingPathComponent("calibration/england-2014-15.csv").path)
        func target(_ m: String) -> Double { targets.first { $0.metric == m }!.value }
        #expect(s.childrenInNeed.number == target("children_in_need_open"))
        #expect(s.childProtectionPlans.number == target("cp_plans_open"))
        #expect(s.lookedAfter.number == target("looked_after_open"))
        let foster = try #require(s.lookedAfterByPlacement.first { $0.type == "foster" }?.count.number)
        #expect(abs(foster / 69_540 - target("placement_foster_share")) < 0.0015)
    }

    /// The 2011-12 census has no ONS codes: England is its National row, an LA is found through
    /// the old three-digit code of the looked-after table of 2012 (by ONS code or by name).
    @Test func stocksAt31March2012FromACensusWithoutONSCodes() throws {
        let england = try PublishedStocks.load(dataDirectory: Self.data, area: "England", year: 2012)
        #expect(england.childrenInNeed == .number(369_400) && england.childProtectionPlans == .number(42_900) && england.lookedAfter == .number(67_050))
        #expect(england.referralsInYear == .number(605_100))
        let byCode = try PublishedStocks.load(dataDirectory: Self.data, area: "E10000015", year: 2012)
        let byName = try PublishedStocks.load(dataDirectory: Self.data, area: "Hertfordshire", year: 2012)
        #expect(byCode.area == "Hertfordshire" && byName.area == "Hertfordshire")
        #expect(byCode.childrenInNeed == byName.childrenInNeed && byCode.childrenInNeed.number != nil)
        let census = try DataTable(file: Self.data + "/dfe/cin-census/2011-12/SFR27-2012ud.csv")
        let row = try #require(try census.rows(where: "geog_n", equals: "Hertfordshire").first)
        #expect(byCode.childrenInNeed == (try census.value(row: row, column: "CINAt310312")))
    }

    @Test("A local authority by code or by name, with suppressed cells reported")
    func localAuthorities() throws {
        let byCode = try PublishedStocks.load(dataDirectory: Self.data, area: "E09000007", year: 2013)
        let byName = try PublishedStocks.load(dataDirectory: Self.data, area: "camden", year: 2013)
        #expect(byCode.area == "Camden" && byName.area == "Camden")
        #expect(byCode.lookedAfter == .number(262))
        #expect(byCode.childrenInNeed == byName.childrenInNeed)
        let small = try PublishedStocks.load(dataDirectory: Self.data, area: "City of London", year: 2013)
        #expect(!small.suppressed.isEmpty, "the City of London's small counts are suppressed")
        #expect(small.lookedAfterByAge.contains(.suppressed))
    }

    @Test func unknownAreaIsExplained() {
        do {
            _ = try PublishedStocks.load(dataDirectory: Self.data, area: "Camdem Town", year: 2013)
            Issue.record("no error for an unknown area")
        } catch {
            #expect(error.message.contains("expected a local authority name or code among the 152 in this file, got 'Camdem Town'"))
        }
        do {
            _ = try PublishedStocks.load(dataDirectory: Self.data, area: "Hackney", year: 2009)
            Issue.record("no error for a year without data")
        } catch {
            #expect(error.message.contains("expected exactly one CSV"))
        }
    }

    @Test func namesAreNormalised() {
        #expect(AreaLookup.normalise("Bournemouth, Christchurch & Poole") == "bournemouth christchurch and poole")
        #expect(AreaLookup.normalise("  Kingston upon  Hull ") == "kingston upon hull")
    }

    /// Norfolk's 2012-13 census row is unavailable (`..` throughout): its warm start at 31 March
    /// 2013 takes the census figures of 2011-12 (an earlier year, never a later one), says so,
    /// and keeps its own looked-after figures of 2013.
    @Test("an LA whose census row is unavailable takes the latest earlier year's census figures, and says so")
    func unavailableCensusFallsBack() throws {
        let s = try PublishedStocks.load(dataDirectory: Self.data, area: "Norfolk", year: 2013)
        let before = try PublishedStocks.load(dataDirectory: Self.data, area: "Norfolk", year: 2012)
        #expect(s.censusFallbackYear == 2012 && before.censusFallbackYear == nil)
        #expect(s.childrenInNeed == before.childrenInNeed && s.childProtectionPlans == before.childProtectionPlans)
        #expect(s.childProtectionPlansByDuration == before.childProtectionPlansByDuration)
        #expect((s.childrenInNeed.number ?? 0) > 1_000, "Norfolk had thousands of children in need, not a handful")
        #expect(s.lookedAfter == .number(1_077), "SFR36_CLA2013 CLA_Mar2013 for Norfolk")
        #expect(s.suppressed.contains { $0.contains("the census of 2011-12 used") })
        // An LA with its own figures reads no other year.
        #expect(try PublishedStocks.load(dataDirectory: Self.data, area: "Kent", year: 2013).censusFallbackYear == nil)
    }

    /// Havering's rows of the 2010-11 and 2011-12 censuses are unavailable throughout, so its
    /// stocks at 31 March 2012 have no earlier year to fall back on. Asked to (a caller whose
    /// cut-off is 2013 or later), they are the 2012-13 census's stocks less its starts plus its
    /// ends, in that census's duration bands' shares; not asked, the cells stay unavailable.
    @Test("where no census to the warm start has the LA's row, its CIN and CP stocks are back-calculated from the next census")
    func backCalculatedFromTheNextCensus() throws {
        let plain = try PublishedStocks.load(dataDirectory: Self.data, area: "Havering", year: 2012)
        #expect(plain.childrenInNeed == .missing && plain.childProtectionPlans == .missing)
        #expect(plain.censusFallbackYear == nil && plain.censusBackCalculatedFrom == nil)
        let s = try PublishedStocks.load(dataDirectory: Self.data, area: "Havering", year: 2012, backCalculate: true)
        #expect(s.censusBackCalculatedFrom == 2013)
        // CIN 2012-13: CINAt310313 1,155, CINStarting1213 1,240, CINEnding1213 522; CPPAt310313 122, CPPStart1213 158, CPPCeased1213 132.
        #expect(s.childrenInNeed == .number(1_155 - 1_240 + 522))
        #expect(s.childProtectionPlans == .number(122 - 158 + 132))
        let next = try PublishedStocks.load(dataDirectory: Self.data, area: "Havering", year: 2013)
        for (bands, total, nextBands) in [(s.childrenInNeedByDuration, 437.0, next.childrenInNeedByDuration), (s.childProtectionPlansByDuration, 96.0, next.childProtectionPlansByDuration)] {
            let parts = bands.compactMap(\.number), nextParts = nextBands.compactMap(\.number)
            #expect(parts.count == 5 && nextParts.count == 5)
            #expect(abs(parts.reduce(0, +) - total) < 1e-9)
            for (a, b) in zip(parts, nextParts) { #expect(abs(a / total - b / nextParts.reduce(0, +)) < 1e-12, "the next census's band shares") }
        }
        #expect(s.referralsInYear == next.referralsInYear && s.section47InYear == next.section47InYear, "2012-13's flows for the work in progress")
        #expect(s.lookedAfter == plain.lookedAfter, "its own looked-after figures")
        #expect(s.suppressed.contains { $0.contains("back-calculated from the census of 2012-13") && $0.contains("CP plans 122 - 158 + 132 = 96") })
        #expect(!s.suppressed.contains { $0.hasSuffix(": CPPAt310312") || $0.contains(": CINAt310312OCDuration") }, "the cells replaced are not listed as filled")
        // Where an earlier census has the row, it is used, not the next one (Norfolk at 2013), and an LA with its own row reads no other year.
        #expect(try PublishedStocks.load(dataDirectory: Self.data, area: "Norfolk", year: 2013, backCalculate: true).censusFallbackYear == 2012)
        #expect(try PublishedStocks.load(dataDirectory: Self.data, area: "Norfolk", year: 2013, backCalculate: true).censusBackCalculatedFrom == nil)
        #expect(try PublishedStocks.load(dataDirectory: Self.data, area: "Kent", year: 2012, backCalculate: true).censusBackCalculatedFrom == nil)
    }
}
