import CareSimEngine
import Foundation
import Testing
@testable import CareSim

/// The pathway metrics split by practice model (`model.<group>.*`, PracticeModelGroup): the
/// groups' counts add up to the whole LA's, children land in the group their team or the No
/// Wrong Door hub puts them in, scenarios without the models have no split, and comparisons,
/// shards and reports take the new rows.
@Suite("Practice-model split")
struct PracticeModelSplitTests {
    static func run(_ s: Scenario, replications: Int = 3) -> ExperimentResult {
        Experiment(scenario: s, replications: replications, seed: 2014, threads: 2).run()
    }

    static func metrics(_ r: ExperimentResult) -> [String: [Double]] {
        Dictionary(uniqueKeysWithValues: Metrics.perReplication(r).map { ($0.metric, $0.values) })
    }

    /// rsw-units.yaml (whose one team is the units) with a standard team for 12-17-year-olds
    /// before the units: a case goes to the first team whose cohort it is in, so the adolescents'
    /// cases are `standard` and the others `rsw_units`.
    static func mixedRSW() throws -> Scenario {
        let path = TestSupport.write("""
            extends: \(TestSupport.scenario("rsw-units.yaml"))
            workforce:
              teams:
                - name: adolescents
                  serves: {ages: [12, 18]}
                  allocation: individual
                  role: social_worker
                  posts: 60
                  fte: 1
                  caseload_limit: 24
                  time: {direct: 0.30, recording: 0.55, travel: 0.15}
                - name: rsw_units
                  allocation: unit
                  role: unit
                  posts: 40
                  fte: 3
                  caseload_limit: 72
                  time: {direct: 0.30, recording: 0.55, travel: 0.15}
            """)
        return try Scenario.load(file: path)
    }

    // Every counted measure: each must add up over the groups to the whole run's.
    static var counts: [KeyPath<PathwayMeasures, Int>] { [
        \.referrals, \.reReferrals12Months, \.noFurtherAction, \.assessedNotInNeed, \.assessmentsCompleted, \.assessmentStarts,
        \.inNeedAssessments, \.section47, \.conferences, \.cpStarted, \.cpSecondOrLater, \.cpEnded, \.cinStarted, \.cinEnded,
        \.lookedAfterStarted, \.lookedAfterCeased, \.lookedAfterDuringYear, \.reentries, \.cinOpen, \.cpOpen, \.lookedAfterOpen,
    ] }
    static var countArrays: [KeyPath<PathwayMeasures, [Int]>] { [
        \.assessmentWorkingDays, \.factorCounts, \.cpEndedBands, \.cinEndedBands, \.ceasedByRoute, \.entryAgeBands, \.legalRoutes,
        \.lookedAfterAgeBands, \.placementCounts, \.placementsInYear,
    ] }

    /// The groups' measures add up to the whole run's, and every count metric of the groups
    /// (a `model.<group>.*` row that is not a share, median or mean) to the whole LA's.
    static func expectGroupsSumToWhole(_ r: ExperimentResult, groups: [PracticeModelGroup]) {
        let p = r.experiment.scenario.pathway!
        #expect(PracticeModelGroup.groups(p) == groups)
        for result in r.pathway {
            let m = result.measures, parts = m.byPracticeModel
            #expect(parts.count == groups.count)
            for k in counts {
                #expect(parts.reduce(0) { $0 + $1[keyPath: k] } == m[keyPath: k], "\(k)")
            }
            for k in countArrays {
                let sum = parts.reduce(Array(repeating: 0, count: m[keyPath: k].count)) { s, g in zip(s, g[keyPath: k]).map(+) }
                #expect(sum == m[keyPath: k], "\(k)")
            }
            let wait = parts.reduce(0) { $0 + $1.assessmentWaitDays }
            #expect(abs(wait - m.assessmentWaitDays) <= 1e-9 * max(1, m.assessmentWaitDays))
        }
        let rows = metrics(r)
        let prefix = "model.\(groups[0].rawValue)."
        let names = Metrics.perReplication(r).map(\.metric).filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
        let countNames = names.filter { !$0.hasSuffix("_share") && !$0.hasPrefix("factor_share.") && !["assessment_median_working_days", "assessment_mean_wait_days"].contains($0) }
        #expect(countNames.count == 15, "\(countNames)")
        for name in countNames {
            let whole = rows[name]!
            var sum = Array(repeating: 0.0, count: whole.count)
            for g in groups { sum = zip(sum, rows["model.\(g.rawValue).\(name)"]!).map(+) }
            #expect(zip(sum, whole).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) }, "\(name): groups \(sum), whole \(whole)")
        }
        // The same pathway metrics, each group once, after every other row.
        let all = Metrics.perReplication(r).map(\.metric)
        let model = all.filter { $0.hasPrefix("model.") }
        #expect(model.count == groups.count * names.count)
        #expect(all.suffix(model.count).elementsEqual(model))
        for g in groups { #expect(model.filter { $0.hasPrefix("model.\(g.rawValue).") }.map { String($0.dropFirst("model.\(g.rawValue).".count)) } == names) }
    }

    @Test("RSW units beside a standard team: each group's counts add up to the whole LA's")
    func rswGroupsSum() throws {
        let r = Self.run(try Self.mixedRSW())
        Self.expectGroupsSumToWhole(r, groups: [.rswUnits, .standard])
        // Both groups have children.
        for m in r.pathway.map(\.measures) { #expect(m.byPracticeModel.allSatisfy { $0.referrals > 0 && $0.lookedAfterStarted > 0 }) }
    }

    @Test("No Wrong Door: each group's counts add up to the whole LA's")
    func nwdGroupsSum() throws {
        let r = Self.run(try TestSupport.load("north-yorkshire-no-wrong-door.yaml"))
        Self.expectGroupsSumToWhole(r, groups: [.noWrongDoor, .standard])
        #expect(r.pathway.contains { $0.measures.byPracticeModel[0].lookedAfterStarted > 0 }, "the hub's children should enter care sometimes")
    }

    @Test("Scenarios without No Wrong Door, Family Safeguarding or RSW units have no split", arguments: [
        ("hertfordshire-family-safeguarding-counterpart.yaml", [String]()), ("rsw-units-counterpart.yaml", []),
        ("england-2014-15.yaml", ["scale=0.01"]),
    ])
    func noSplit(file: String, sets: [String]) throws {
        let r = Self.run(try TestSupport.load(file, sets), replications: 1)
        #expect(PracticeModelGroup.groups(r.experiment.scenario.pathway!).isEmpty)
        #expect(r.pathway.allSatisfy { $0.measures.byPracticeModel.isEmpty })
        #expect(!Metrics.perReplication(r).contains { $0.metric.hasPrefix("model.") })
    }

    @Test("Each team's children count in its team's group: the groups' care entries, plans and stocks are the teams'")
    func rswAttribution() throws {
        let r = Self.run(try Self.mixedRSW())
        let rows = Self.metrics(r)
        // A care entry, a CP plan's start and the stocks at the year's end are counted for the
        // team holding the child's case, and every such child has one: the team's count is its
        // group's exactly.
        let pairs = [("looked_after_started", "care_entries"), ("cp_plans_started", "cp_plans_started"),
                     ("cp_plans_open", "cp_plans_open"), ("looked_after_open", "looked_after_open")]
        for (metric, teamMetric) in pairs {
            #expect(rows["model.rsw_units.\(metric)"] == rows["team.rsw_units.\(teamMetric)"], "\(metric)")
            #expect(rows["model.standard.\(metric)"] == rows["team.adolescents.\(teamMetric)"], "\(metric)")
            #expect(rows[metric]!.reduce(0, +) > 0)
        }
        // The standard team's children were 12 or older when allocated, so none entered care younger than 10.
        for band in ["under_1", "1_to_4", "5_to_9"] {
            #expect(rows["model.standard.entry_age_\(band)_share"]!.allSatisfy { $0 == 0 }, "\(band)")
        }
        #expect(rows["model.rsw_units.entry_age_under_1_share"]!.reduce(0, +) > 0)
    }

    @Test("No Wrong Door: a child the hub served stays in its group; hub beds and the young entrants are where they belong")
    func nwdAttribution() throws {
        let r = Self.run(try TestSupport.load("north-yorkshire-no-wrong-door.yaml"))
        let rows = Self.metrics(r)
        // One team holds every case: the two groups together are its counts.
        for (metric, teamMetric) in [("looked_after_started", "care_entries"), ("cp_plans_open", "cp_plans_open"), ("looked_after_open", "looked_after_open")] {
            let sum = zip(rows["model.no_wrong_door.\(metric)"]!, rows["model.standard.\(metric)"]!).map(+)
            #expect(sum == rows["team.children_in_need_and_protection.\(teamMetric)"], "\(metric)")
        }
        // A child in a hub bed has been served by the hub.
        #expect(rows["model.standard.placement_hub_bed_share"]!.allSatisfy { $0 == 0 })
        #expect(rows["model.no_wrong_door.placement_hub_bed_share"]!.reduce(0, +) > 0)
        // The hub serves 12-17-year-olds: its group's care entries are all of 10 or older.
        for band in ["under_1", "1_to_4", "5_to_9"] {
            #expect(rows["model.no_wrong_door.entry_age_\(band)_share"]!.allSatisfy { $0 == 0 }, "\(band)")
        }
    }

    @Test("Where every team is a Family Safeguarding team, the one group's rows are the whole LA's")
    func familySafeguardingOneGroup() throws {
        let r = Self.run(try TestSupport.load("hertfordshire-family-safeguarding.yaml"))
        #expect(PracticeModelGroup.groups(r.experiment.scenario.pathway!) == [.familySafeguarding])
        let all = Metrics.perReplication(r)
        let rows = Self.metrics(r)
        let model = all.filter { $0.metric.hasPrefix("model.family_safeguarding.") }
        #expect(model.count > 60)
        for row in model {
            let name = String(row.metric.dropFirst("model.family_safeguarding.".count))
            #expect(rows[name] == row.values, "\(name)")
        }
        #expect(rows["model.family_safeguarding.cp_plans_open"]!.allSatisfy { $0 > 0 })
    }

    @Test("A comparison lists a group only one arm has with that arm's mean alone, and pairs the rest")
    func comparison() throws {
        let base = try TestSupport.load("hertfordshire-family-safeguarding-counterpart.yaml"), alt = try TestSupport.load("hertfordshire-family-safeguarding.yaml")
        let r = try PairedExperiment(base: base, alternative: alt, replications: 2, seed: 7, threads: 2).run()
        let rows = r.differences
        let one = try #require(rows.first { $0.metric == "model.family_safeguarding.cp_plans_open" })
        #expect(one.base == nil && one.alternative != nil && one.difference == nil)
        #expect(rows.first { $0.metric == "cp_plans_open" }?.difference != nil)
        // The base's metrics first, in its order, then the alternative's new ones.
        let baseNames = Metrics.perReplication(r.base).map(\.metric)
        #expect(rows.prefix(baseNames.count).map(\.metric) == baseNames)
        #expect(rows.dropFirst(baseNames.count).allSatisfy { $0.base == nil && $0.alternative != nil })
        let table = ComparisonOutput.table(r).text
        #expect(table.contains("\nmodel.family_safeguarding.cp_plans_open,,"))
    }

    @Test("No Wrong Door shards, with two groups, merge byte for byte")
    func shards() throws {
        let s = try TestSupport.load("north-yorkshire-no-wrong-door.yaml")
        let (whole, shards) = try ShardTests.runs(s, replications: 3, shards: 2)
        #expect(whole["summary.csv"]!.contains("\nmodel.no_wrong_door.referrals,"))
        ShardTests.expectSame(try Merge.merge(shards).files, whole)
    }

    @Test("The report formats a group's metric as its metric")
    func reportKinds() {
        #expect(ReportFormat.kind(of: "model.standard.factor_share.domestic_violence") == .share)
        #expect(ReportFormat.kind(of: "model.rsw_units.cp_second_or_later_share") == .share)
        #expect(ReportFormat.kind(of: "model.rsw_units.referrals") == .number)
    }

    // MARK: Localities

    @Test("families are spread evenly over localities, siblings together, without drawing a random number")
    func localities() {
        // 100,000 families: the share in [0, 0.4) is 0.4 within 4 binomial standard errors (0.0062).
        let n = 100_000
        let inFirstFour = (0..<n).filter { ChildDraws.locality(of: ChildDraws.referred(family: UInt64($0), sibling: 0)) < 0.4 }.count
        #expect(abs(Double(inFirstFour) / Double(n) - 0.4) < 0.0062, "share in [0, 0.4): \(Double(inFirstFour) / Double(n))")
        // Deciles even: a chi-square with 9 degrees of freedom under 27.9 (p = 0.001).
        var deciles = [Int](repeating: 0, count: 10)
        for f in 0..<n { deciles[Int(ChildDraws.locality(of: ChildDraws.referred(family: UInt64(f), sibling: 0)) * 10)] += 1 }
        let chi2 = deciles.reduce(0.0) { $0 + pow(Double($1) - Double(n) / 10, 2) / (Double(n) / 10) }
        #expect(chi2 < 27.9, "deciles \(deciles), chi-square \(chi2)")
        for f in [0, 7, 123_456] as [UInt64] {
            let first = ChildDraws.locality(of: ChildDraws.referred(family: f, sibling: 0))
            #expect((1..<5).allSatisfy { ChildDraws.locality(of: ChildDraws.referred(family: f, sibling: $0)) == first })
        }
    }

    @Test("Family Safeguarding in four localities of ten: its team takes 40% of families; the split shows the fall where the model works and none elsewhere")
    func fourLocalities() throws {
        let base = Self.metrics(Self.run(try TestSupport.load("hertfordshire-fs-four-localities-counterpart.yaml"), replications: 10))
        let model = Self.metrics(Self.run(try TestSupport.load("hertfordshire-fs-four-localities.yaml"), replications: 10))
        func mean(_ m: [String: [Double]], _ k: String) throws -> Double {
            let v = try #require(m[k], "no metric \(k)")
            return v.reduce(0, +) / Double(v.count)
        }
        // Referrals by group: the four localities' team takes 40% of families (children per
        // family do not depend on locality). Tolerance 0.03: about 4 standard errors for 10
        // replications of some 4,000 families.
        let share = try mean(model, "model.family_safeguarding.referrals") / mean(model, "referrals")
        #expect(abs(share - 0.4) < 0.03, "share of referrals in the four localities \(share)")
        // Every referral is in one group: the counts add up exactly (their totals over the
        // replications, whole numbers; the means can differ in the last bit, a/10 + b/10 against (a + b)/10).
        func total(_ k: String) throws -> Double { try #require(model[k], "no metric \(k)").reduce(0, +) }
        #expect(try total("model.family_safeguarding.referrals") + total("model.standard.referrals") == total("referrals"))
        // Without the model the two teams hold CP plans in proportion to their families.
        let baseFS = try mean(base, "team.localities_1_to_4.cp_plans_open"), baseOther = try mean(base, "team.localities_5_to_10.cp_plans_open")
        #expect(abs(baseFS / (baseFS + baseOther) - 0.4) < 0.05, "counterpart's CP plans in the four localities \(baseFS) of \(baseFS + baseOther)")
        // With it, plans fall in the four localities as they do county-wide (a ratio of 0.51 to
        // 0.70 published; the county-wide scenario gives about 0.64), and not in the other six
        // (the same teams, the same families: within 10%).
        let fs = try mean(model, "model.family_safeguarding.cp_plans_open") / baseFS
        let other = try mean(model, "model.standard.cp_plans_open") / baseOther
        #expect(fs >= 0.45 && fs <= 0.75, "CP plans open in the four localities, model / counterpart: \(fs)")
        #expect(other >= 0.9 && other <= 1.1, "CP plans open in the other six, model / counterpart: \(other)")
    }

    @Test(arguments: [("[0.5, 0.2]", "serves.localities.1: expected a share of localities above the first and at most 1, got 0.2"),
                      ("[0, 1.5]", "serves.localities.1: expected a share of localities above the first and at most 1, got 1.5"),
                      ("[0.4]", "serves.localities: expected [from, to) as shares of the LA's localities, such as [0, 0.4]")])
    func localitiesOutOfRange(range: String, message: String) throws {
        let path = TestSupport.write("""
            extends: \(TestSupport.scenario("hertfordshire-fs-four-localities-counterpart.yaml"))
            workforce:
              teams:
                - {name: a, serves: {localities: \(range)}, allocation: individual, role: social_worker, posts: 10, fte: 1, caseload_limit: 24, time: {direct: 0.30, recording: 0.55, travel: 0.15}}
                - {name: b, allocation: individual, role: social_worker, posts: 10, fte: 1, caseload_limit: 24, time: {direct: 0.30, recording: 0.55, travel: 0.15}}
            """)
        do {
            _ = try Scenario.load(file: path)
            Issue.record("no error for localities \(range)")
        } catch {
            #expect("\(error)".contains("workforce.teams.0.\(message)"), "\(error)")
        }
    }
}
