import CareSimEngine
import Foundation
import Testing
@testable import CareSim

/// Costs and placement sufficiency: known answers of the arithmetic (weekly costs, discounting,
/// the price index), the default unit costs recomputed from the data files, sufficiency with
/// full providers, that costs never change the pathway's numbers, and decoder errors.
@Suite("Costs and sufficiency")
struct CostTests {
    static func run(_ s: Scenario, replications: Int = 2, seed: UInt64 = 2015) -> ExperimentResult {
        Experiment(scenario: s, replications: replications, seed: seed, threads: 2).run()
    }

    static func metric(_ r: ExperimentResult, _ name: String) -> [Double] {
        guard let row = Metrics.perReplication(r).first(where: { $0.metric == name }) else {
            Issue.record("no metric \(name)")
            return [.nan]
        }
        return row.values
    }

    /// Measures with `days` child-days for provider `a` (preferred `b`) in every one of `years` years.
    static func measures(providers n: Int, years: Int, days: Double, actual a: Int, preferred b: Int) -> CostMeasures {
        var grid = Array(repeating: Array(repeating: 0.0, count: n * n), count: years)
        for y in 0..<years { grid[y][a * n + b] = days }
        let zeros = Array(repeating: 0, count: years)
        return CostMeasures(firstYearEnding: 2014, firstCosted: 0, providerCount: n, providerDays: grid,
                            outOfAreaDays: Array(repeating: 0, count: years), started: zeros, fallback: zeros, emergency: zeros,
                            outOfAreaStarted: zeros, staffDays: [], joined: Array(repeating: [], count: years), policeEvents: zeros,
                            admissionEvents: zeros)
    }

    static func parameters(years: Int = 1, priceYear: Int = 2015, baseYear: Int = 2015, inflation: [Int: Double] = [:],
                           rate: Double = 0.035) throws -> PathwayParameters {
        var p = try TestSupport.load("england-2014-15.yaml").pathway!
        p.workforce = nil
        p.providers = .byType
        p.costs = CostParameters(priceYear: priceYear, baseYear: baseYear, inflation: inflation, discountRate: rate, years: years,
                                 weekly: ["foster": 569, "residential": 2970], staff: [:], practice: [:], policeCallout: nil, adultAdmission: nil)
        return p
    }

    // MARK: Arithmetic with known answers

    @Test("100 children in foster care for a 365-day year cost exactly 100 x 365 / 7 x £569")
    func weeklyCost() throws {
        let p = try Self.parameters()
        let foster = PlacementProviders.byType.index(of: "foster")!
        let lines = CostLines.lines(Self.measures(providers: PlacementProviders.byType.providers.count, years: 1, days: 100 * 365,
                                                  actual: foster, preferred: foster), p)
        let placements = lines.filter { $0.line == "placements" }.reduce(0) { $0 + $1.cost }
        let expected: Double = 100.0 * 365.0 / 7.0 * 569.0
        #expect(placements == expected)
        #expect(lines.first { $0.item == "foster" }?.quantity == 36500)
    }

    @Test("Reported quantities and costs are divided by the scale")
    func scaled() throws {
        var p = try Self.parameters()
        p.scale = 0.1
        let foster = PlacementProviders.byType.index(of: "foster")!
        let lines = CostLines.lines(Self.measures(providers: PlacementProviders.byType.providers.count, years: 1, days: 700,
                                                  actual: foster, preferred: foster), p)
        #expect(abs(lines.first { $0.item == "foster" }!.cost - 7000 / 7 * 569) < 1e-6)
    }

    @Test("Discounting is (1.035)^-(k-1) in costed year k, the Green Book's closed form")
    func discounting() throws {
        let p = try Self.parameters(years: 4)
        let foster = PlacementProviders.byType.index(of: "foster")!
        let lines = CostLines.lines(Self.measures(providers: PlacementProviders.byType.providers.count, years: 4, days: 7000,
                                                  actual: foster, preferred: foster), p).filter { $0.item == "foster" }
        #expect(lines.map(\.year) == [1, 2, 3, 4])
        for l in lines {
            #expect(l.cost == 1000 * 569)
            #expect(abs(l.discounted - 1000 * 569 * pow(1.035, -Double(l.year - 1))) < 1e-6)
        }
        #expect(CostDefaults.discountRate == 0.035)
    }

    @Test("A price index turns price-year costs into base-year prices")
    func inflation() throws {
        let p = try Self.parameters(priceYear: 2015, baseYear: 2017, inflation: [2015: 100, 2016: 101, 2017: 104])
        let residential = PlacementProviders.byType.index(of: "residential")!
        let lines = CostLines.lines(Self.measures(providers: PlacementProviders.byType.providers.count, years: 1, days: 70,
                                                  actual: residential, preferred: residential), p)
        #expect(abs(lines.first { $0.item == "residential" }!.cost - 10 * 2970 * 1.04) < 1e-6)
    }

    @Test("Financial years split a spell at 31 March")
    func yearSplit() {
        let calendar = SimulationCalendar(year: 2013, month: 4, day: 1)
        let years = FinancialYears(calendar: calendar, startYear: 2013, until: calendar.endOfMarch(2016))
        #expect(years.count == 3)
        var got: [Int: Double] = [:]
        years.split(300, 800) { got[$0, default: 0] += $1 }
        #expect(got == [0: 65, 1: 365, 2: 70])  // 2013-14 and 2014-15 have 365 days; 800 - 730 in 2015-16
    }

    // MARK: Defaults from the data

    /// TotalExpenditure of each section 251 line summed over every LA row of s251ye2015.xlsx, and
    /// the rows summed (an xlsx is a zip of XML: read with unzip, cells by the text between their
    /// tags). Read once for both lines: Swift's Regex over the sheet's 5 MB took about 14 s of the
    /// test suite.
    static func section251(lines: Set<String>) throws -> [String: (total: Double, rows: Int)] {
        let file = TestSupport.root.appendingPathComponent("data/dfe/section251/s251ye2015.xlsx").path
        func unzip(_ member: String) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
            process.arguments = ["-p", file, member]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        /// The text after `open` up to `close` in `s` (nil: either is missing).
        func between(_ s: Substring, _ open: String, _ close: String) -> Substring? {
            guard let a = s.range(of: open), let b = s[a.upperBound...].range(of: close) else { return nil }
            return s[a.upperBound..<b.lowerBound]
        }
        // A shared string is the text of each of its <t> runs (rich text has several).
        let strings = try unzip("xl/sharedStrings.xml").components(separatedBy: "<si>").dropFirst().map { si in
            si.components(separatedBy: "<t").dropFirst().compactMap { run -> String? in
                guard let tag = run.firstIndex(of: ">"), let end = run.range(of: "</t>") else { return nil }
                return String(run[run.index(after: tag)..<end.lowerBound])
            }.joined()
        }
        var found: [String: (total: Double, rows: Int)] = [:]
        for row in try unzip("xl/worksheets/sheet1.xml").components(separatedBy: "<row ").dropFirst() {
            var cells: [String: String] = [:]
            for text in row.components(separatedBy: "<c ").dropFirst() {
                let cell = Substring(text)
                // r="K123": the column is the reference's letters.
                guard let ref = between(cell, "r=\"", "\""), let v = between(cell, "<v>", "</v>") else { continue }
                let column = String(ref.prefix { $0.isLetter && $0.isUppercase })
                cells[column] = cell.contains("t=\"s\"") ? strings[Int(v)!] : String(v)
            }
            if let line = cells["F"], lines.contains(line), cells["C"] == "CHILDREN LOOKED AFTER", let x = Double(cells["K"] ?? "") {
                found[line, default: (0, 0)].total += x
                found[line, default: (0, 0)].rows += 1
            }
        }
        return found
    }

    static func englandLookedAfter(_ column: String) throws -> Double {
        let table = try DataTable(file: TestSupport.root.appendingPathComponent("data/dfe/looked-after/2015/SFR34_CLA2015.csv").path)
        let row = try table.rows(where: "geog_l", equals: "NATIONAL").first!
        return try table.value(row: row, column: column).number!
    }

    @Test("The default £569 (foster) and £2,970 (residential) a child-week are s251 spend / CLA15 count / 52, within 0.2%")
    func defaultsFromData() throws {
        let lines = try Self.section251(lines: ["6", "7"])
        for line in ["6", "7"] { #expect(lines[line]?.rows == 152, "one row per LA for line \(line)") }
        let fostering = lines["7"]?.total ?? 0, residential = lines["6"]?.total ?? 0
        #expect(abs(fostering - 1_540.3e6) < 0.05e6)
        #expect(abs(residential - 1_016.0e6) < 0.05e6)
        let foster = fostering / (try Self.englandLookedAfter("CLA_Fost")) / 52
        let homes = residential / (try Self.englandLookedAfter("CLA_Secure")) / 52
        // 0.2%: the defaults are the data's figures rounded as docs/explanation/model.md, section
        // 3, quotes them (£569, £2,970).
        #expect(abs(CostDefaults.fosterWeekly / foster - 1) < 0.002, "foster \(foster)")
        #expect(abs(CostDefaults.residentialWeekly / homes - 1) < 0.002, "residential \(homes)")
        #expect(CostDefaults.weekly(.foster) == CostDefaults.fosterWeekly)
    }

    // MARK: Runs

    @Test("Costs and providers draw from their own streams: the pathway's metrics are unchanged without them")
    func noFeedback() throws {
        let with = try TestSupport.load("england-2014-15.yaml", ["scale=0.02"])
        let text = try String(contentsOfFile: TestSupport.scenario("england-2014-15.yaml"), encoding: .utf8)
        // Without placements: and costs:, with the rest (demand: sets the run-in year's rates).
        let bare = String(text[..<text.range(of: "\nplacements:")!.lowerBound]) + "\n" + String(text[text.range(of: "\ndemand:")!.lowerBound...])
        let data = TestSupport.root.appendingPathComponent("data").path
        let without = try Scenario.load(file: TestSupport.write(bare), overrides: TestSupport.overrides(["scale=0.02", "initial.data=\"\(data)\""]))
        #expect(without.pathway!.costs == nil)
        let a = Metrics.perReplication(Self.run(with)), b = Metrics.perReplication(Self.run(without))
        let costNames = a.filter { $0.metric.hasPrefix("cost.") || $0.metric.hasPrefix("placements.") }
        #expect(!costNames.isEmpty)
        let pathway = a.filter { !$0.metric.hasPrefix("cost.") && !$0.metric.hasPrefix("placements.") }
        #expect(pathway.count == b.count)
        for (x, y) in zip(pathway, b) {
            #expect(x.metric == y.metric && x.values == y.values, "\(x.metric)")
        }
    }

    @Test("England: placement costs per type agree with the measured child-days and the section 251 totals' order")
    func englandPlacements() throws {
        let r = Self.run(try TestSupport.load("england-2014-15.yaml", ["scale=0.1"]))
        let foster = Self.metric(r, "cost.placements.foster"), residential = Self.metric(r, "cost.placements.residential")
        // s251 2014-15: fostering £1,540.3m, residential £1,016.0m; the model's stocks vary from
        // the published ones by a few per cent, so a 10% band. At a tenth of England: residential
        // costs' standard deviation between replications is about 2.6% (5% at a twentieth, too
        // near the band for one replication; at full scale the mean is 1.7% below the total).
        for x in foster { #expect(abs(x / 1_540.3e6 - 1) < 0.10, "foster \(x)") }
        for x in residential { #expect(abs(x / 1_016.0e6 - 1) < 0.10, "residential \(x)") }
        let total = Self.metric(r, "cost.total"), parts = ["cost.placements", "cost.staff", "cost.interventions", "cost.wider.police", "cost.wider.nhs"]
        for i in total.indices {
            #expect(abs(parts.reduce(0) { $0 + Self.metric(r, $1)[i] } - total[i]) < 1e-3 * total[i])
        }
        // Nationally nothing is full.
        #expect(Self.metric(r, "placements.fallback").allSatisfy { $0 == 0 })
    }

    @Test("Sufficiency: with no in-house foster places every child preferring one goes to the agency fallback")
    func noInHousePlaces() throws {
        let file = "hertfordshire-family-safeguarding-counterpart.yaml"
        // LA homes unlimited, so the only fallback is foster care's.
        let s = try TestSupport.load(file, ["placements.providers.0.capacity=0", "placements.providers.3.capacity=unlimited", "replications=2"])
        let r = Self.run(s)
        let p = s.pathway!, providers = p.providers!
        let inHouse = providers.index(of: "in_house_foster")!, agency = providers.index(of: "agency_foster")!
        var fallbacks = 0.0, preferredInHouse = 0.0
        for rep in r.pathway {
            let m = rep.measures.costs!
            for y in 0..<m.years {
                #expect(m.days(year: y, provider: inHouse) == 0)
            }
            // The costed (measured) year.
            let y = m.firstCosted
            preferredInHouse += (0..<m.providerCount).reduce(0) { $0 + m.providerDays[y][$1 * m.providerCount + inHouse] }
            fallbacks += m.providerDays[y][agency * m.providerCount + inHouse]
            #expect(m.emergency.allSatisfy { $0 == 0 })
        }
        #expect(preferredInHouse > 0 && fallbacks == preferredInHouse)
        // Every placement that preferred in-house care fell back: about half of foster placements.
        let started = Self.metric(r, "placements.started"), fellBack = Self.metric(r, "placements.fallback")
        for i in started.indices { #expect(fellBack[i] > 0.25 * started[i] && fellBack[i] < started[i]) }
        // Agency care costs more: the pressure is positive, and it is (832 - 440) / 7 per child-day that fell back.
        let pressure = Self.metric(r, "cost.sufficiency_pressure")
        let perDay: Double = (832.0 - 440.0) / 7.0
        let gap = abs(pressure.reduce(0, +) - fallbacks * perDay)
        #expect(gap < 1e-9 * fallbacks * perDay)
    }

    @Test("Sufficiency: a full provider with a full fallback places over capacity (emergency); out-of-area shares follow the providers")
    func emergencies() throws {
        let sets = ["placements.providers.0.capacity=0", "placements.providers.2.capacity=0", "placements.providers.0.out_of_area=1",
                    "placements.providers.2.out_of_area=1", "placements.providers.1.out_of_area=1", "replications=2"]
        let s = try TestSupport.load("hertfordshire-family-safeguarding-counterpart.yaml", sets)
        let r = Self.run(s)
        let emergency = Self.metric(r, "placements.emergency"), started = Self.metric(r, "placements.started")
        for i in started.indices { #expect(emergency[i] > 0.5 * started[i]) }  // foster placements are about 3 in 4
        // Every foster placement is out of area now, so the out-of-area share is at least foster's share of child-days.
        let share = Self.metric(r, "placements.out_of_area_share")
        let foster = Self.metric(r, "cost.placements.foster")
        #expect(share.allSatisfy { $0 > 0.7 })
        #expect(foster.allSatisfy { $0 > 0 })
    }

    @Test("costs.years extends the run and discounts each later year; Family Safeguarding's posts cost every year, its set-up once")
    func severalYears() throws {
        let s = try TestSupport.load("hertfordshire-family-safeguarding.yaml", ["costs.years=3", "replications=2"])
        let r = Self.run(s)
        for k in 1...3 {
            let total = Self.metric(r, "cost.total.y\(k)"), discounted = Self.metric(r, "cost.total.discounted.y\(k)")
            for i in total.indices {
                #expect(total[i] > 0)
                #expect(abs(discounted[i] - total[i] * pow(1.035, -Double(k - 1))) < 1e-6 * total[i])
            }
        }
        // 22 posts each of £40,000, £50,000 and £40,000 a year, and £280,000 once.
        #expect(Self.metric(r, "cost.interventions.y1").allSatisfy { abs($0 - (280_000 + 22 * 130_000)) < 1e-6 })
        #expect(Self.metric(r, "cost.interventions.y2").allSatisfy { abs($0 - 22 * 130_000) < 1e-6 })
        #expect(Self.metric(r, "cost.wider.police.y3").allSatisfy { $0 > 0 })
        let staff = Self.metric(r, "cost.staff.y2")
        #expect(staff.allSatisfy { $0 > 0 })
    }

    // MARK: Decoder errors

    static func problems(_ sets: [String], file: String = "hertfordshire-family-safeguarding.yaml") -> [String] {
        do {
            _ = try TestSupport.load(file, sets)
            return []
        } catch let error as ScenarioError {
            return error.issues.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    @Test("Decoder errors name the field and what was expected", arguments: [
        (["placements.providers.0.fallback.0=\"la_home\""], "placements.providers.0.fallback.0: expected a provider of the same type (foster)"),
        (["placements.providers.0.fallback.0=\"nowhere\""], "placements.providers.0.fallback.0: expected a declared provider"),
        (["placements.providers.0.share=0.6"], "placements.providers: expected the shares of foster's providers to sum to 1, got 1.1"),
        (["placements.providers.0.capacity=-1"], "placements.providers.0.capacity: expected a whole number of children >= 0, or unlimited, got -1"),
        (["placements.providers.0.name=\"foster\""], "placements.providers.0.name: expected a provider name that is not a placement type"),
        (["costs.placements.in_house_fostr=400"], "costs.placements.in_house_fostr: expected a provider or placement type"),
        (["costs.base_year=2017"], "costs.inflation: expected an index for 2017"),
        (["costs.discount_rate=1.5"], "costs.discount_rate: expected a rate a year between 0 and 1, got 1.5"),
        (["costs.staff.0.role=\"manager\""], "costs.staff: expected a cost for the workforce's role 'social_worker'"),
        (["costs.practice_models.family_safeguarding.per_post.clinician=1"], "per_post.clinician: expected one of the model's roles"),
        (["costs.years=0"], "costs.years: expected a whole number of years from 1 to 50, got 0"),
    ])
    func decoderErrors(sets: [String], expected: String) {
        let found = Self.problems(sets)
        let hit = found.contains { $0.contains(expected) && ($0.contains(".yaml:") || $0.contains("--set")) }
        #expect(hit, "\(found)")
    }

    @Test("Costing a practice model the scenario does not have is an error")
    func absentModel() throws {
        let file = TestSupport.write("""
            extends: \(TestSupport.scenario("hertfordshire-family-safeguarding-counterpart.yaml"))
            costs:
              practice_models:
                no_wrong_door: {per_year: 100000}
            """)
        var found: [String] = []
        do {
            _ = try Scenario.load(file: file)
        } catch {
            found = error.issues.map(\.description)  // Scenario.load throws only ScenarioError
        }
        let expected = "costs.practice_models.no_wrong_door: expected the scenario's practice_models to have this model"
        let hit = found.contains { $0.contains("scenario.yaml:4:") && $0.contains(expected) }
        #expect(hit, "\(found)")
    }
}
