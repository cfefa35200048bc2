import CareSimEngine
import Foundation
import Testing
@testable import CareSim

/// The practice models (docs/explanation/model.md, section 4) reproduce their published evidence
/// through their mechanisms, and the mechanisms behave as they should when their parameters change.
/// Each comparison runs a local authority's scenario and its counterpart (the same file without
/// `practice_models:`) with the same seed, 20 replications each, and compares the means.
@Suite("Practice models")
struct PracticeModelTests {
    static func run(_ s: Scenario, replications: Int = 20) -> ExperimentResult {
        Experiment(scenario: s, replications: replications, seed: 2014, threads: 2).run()
    }

    static func values(_ r: ExperimentResult, _ name: String) -> [Double] {
        guard let row = Metrics.perReplication(r).first(where: { $0.metric == name }) else {
            Issue.record("no metric \(name)")
            return [.nan]
        }
        return row.values
    }

    static func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }

    /// The ratio of the two arms' means and its 95% interval (delta method, independent arms).
    static func ratio(_ model: ExperimentResult, _ counterpart: ExperimentResult, _ name: String) -> (value: Double, low: Double, high: Double) {
        let a = values(model, name), b = values(counterpart, name)
        func se2(_ v: [Double]) -> Double {
            let m = mean(v)
            return v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1) / Double(v.count)
        }
        let r = mean(a) / mean(b)
        let rel = (se2(a) / (mean(a) * mean(a)) + se2(b) / (mean(b) * mean(b))).squareRoot()
        return (r, r * exp(-1.96 * rel), r * exp(1.96 * rel))
    }

    // MARK: Family Safeguarding

    @Test("Family Safeguarding, first year: CP plans open fall by 30-49% (published: 30% evaluation, 49% council)")
    func familySafeguardingPlans() throws {
        let base = Self.run(try TestSupport.load("hertfordshire-family-safeguarding-counterpart.yaml"))
        let model = Self.run(try TestSupport.load("hertfordshire-family-safeguarding.yaml"))
        let r = Self.ratio(model, base, "cp_plans_open")
        // Published: a fall of 30% to 49%, so a ratio of 0.51 to 0.70. The simulated mean ratio
        // must lie in that range.
        #expect(r.value >= 0.51 && r.value <= 0.70, "CP plans open ratio \(r)")
        // The mechanism did the work: families engaged and changed, and the workbook raised direct time.
        #expect(Self.mean(Self.values(model, "practice.fs.changed")) > 100)
        #expect(Self.mean(Self.values(model, "direct_work_share")) > Self.mean(Self.values(base, "direct_work_share")) + 0.1)
        // Fewer care entries, and fewer days in care in the measured year for the team's entrants
        // of that year (each followed for part of a year only: the published figure's like for
        // like is the served cohort below).
        let days = Self.ratio(model, base, "team.children_in_need_and_protection.days_in_care_of_entrants")
        #expect(days.high < 0.9, "days in care of entrants ratio \(days)")
        // The served cohort (the children specialists joined in the year), followed in both arms
        // from the day they joined, paired by common random numbers; the counterpart's
        // calendar.follow_up_years: 1 follows each of them for a whole year after joining.
        let paired = try PairedExperiment(base: try TestSupport.load("hertfordshire-family-safeguarding-counterpart.yaml"),
                                          alternative: try TestSupport.load("hertfordshire-family-safeguarding.yaml"),
                                          replications: 20, seed: 2014, threads: 2, cohort: .served).run()
        func row(_ name: String) throws -> PairedDifference { try #require(paired.differences.first { $0.metric == name }) }
        // Published (docs/explanation/evidence.md#seeds-002): "the average number of days children
        // spent in care more than halved". The evaluation followed the families allocated to Family
        // Safeguarding teams for 12 months after allocation; the model's like for like is the
        // children served while at home (at an enquiry or a CP plan, not already looked after) and
        // their days in care in the year after joining. Tolerance: a ratio of 0.5 +- 0.15 ("roughly
        // halve"), with the paired 95% interval of the fall excluding no change. No parameter was
        // fitted to it.
        let atHome = try row("cohort.at_home.first_year.days_in_care_per_child")
        let ratio = try #require(atHome.alternative?.mean) / (try #require(atHome.base?.mean))
        #expect(ratio >= 0.35 && ratio <= 0.65, "days in care in the year after a family at home was served: ratio \(ratio), \(atHome)")
        #expect(atHome.difference!.ci95High! < 0)
        #expect(try #require(row("cohort.at_home.first_year.children").base?.mean) > 500)
        // All served children, those already in care included: a smaller fall, since only a
        // family that changes brings a child home early.
        let all = try row("cohort.first_year.days_in_care_per_child")
        #expect(all.difference!.ci95High! < 0 && all.relative! < -0.1, "served cohort's days in care in the first year \(all)")
        #expect(Self.ratio(model, base, "looked_after_started").high < 0.95)
        // Wider effects: fewer domestic-abuse call-outs and adult emergency admissions.
        #expect(Self.ratio(model, base, "wider.police_callouts").value < 1)
        #expect(Self.ratio(model, base, "wider.adult_admissions").value < 1)
    }

    @Test("Family Safeguarding without engagement (or without parental factors) loses its effect on CP plans")
    func familySafeguardingMechanism() throws {
        let base = Self.run(try TestSupport.load("hertfordshire-family-safeguarding-counterpart.yaml"), replications: 10)
        let full = Self.run(try TestSupport.load("hertfordshire-family-safeguarding.yaml"), replications: 10)
        let noEngagement = Self.run(try TestSupport.load("hertfordshire-family-safeguarding.yaml", [
            "practice_models.family_safeguarding.engagement.a=0.000001", "practice_models.family_safeguarding.engagement.b=1000"]),
                                    replications: 10)
        let factors = ["domestic_violence", "mental_health", "alcohol_misuse", "drug_misuse"].map { "referrals.factors.\($0)=0" }
        let noFactors = Self.run(try TestSupport.load("hertfordshire-family-safeguarding.yaml", factors), replications: 10)
        let fullRatio = Self.ratio(full, base, "cp_plans_open").value
        let noEngagementRatio = Self.ratio(noEngagement, base, "cp_plans_open").value
        #expect(Self.mean(Self.values(noEngagement, "practice.fs.changed")) < 1)
        #expect(Self.mean(Self.values(noFactors, "practice.fs.specialist_allocations")) == 0)
        // Without engagement only the workbook's direct time acts: a much smaller fall.
        #expect(noEngagementRatio > fullRatio + 0.15, "full \(fullRatio), no engagement \(noEngagementRatio)")
        #expect(noEngagementRatio > 0.8)
    }

    // MARK: No Wrong Door

    @Test("No Wrong Door: about 86% of adolescents referred to the hub stay out of care; children's home placements about halve; missing episodes about halve")
    func noWrongDoor() throws {
        let base = Self.run(try TestSupport.load("north-yorkshire-no-wrong-door-counterpart.yaml"))
        let model = Self.run(try TestSupport.load("north-yorkshire-no-wrong-door.yaml"))
        // Published 86% (docs/explanation/evidence.md#seeds-001, the 12-month pilot; its size is
        // not given). Tolerance: 7 points, about a binomial 95% interval for 100 young people.
        let stayed = Self.mean(Self.values(model, "practice.nwd.stayed_home_share"))
        #expect(abs(stayed - 0.86) <= 0.07, "stayed at home \(stayed)")
        // Published "about halved": the ratio must lie within 0.5 +- 0.2.
        let residential = Self.ratio(model, base, "residential_placements_started_12_to_17")
        #expect(residential.value >= 0.3 && residential.value <= 0.7, "residential ratio \(residential)")
        let missing = Self.ratio(model, base, "wider.missing_episodes")
        #expect(missing.value >= 0.3 && missing.value <= 0.7, "missing ratio \(missing)")
        #expect(Self.mean(Self.values(model, "practice.nwd.hub_bed_starts")) > 0)
    }

    @Test("No Wrong Door outreach: more hours of work, more young people stay home; none without effect")
    func outreachDose() throws {
        let path = "practice_models.no_wrong_door.outreach"
        func stayed(_ sets: [String]) throws -> Double {
            Self.mean(Self.values(Self.run(try TestSupport.load("north-yorkshire-no-wrong-door.yaml", sets), replications: 10), "practice.nwd.stayed_home_share"))
        }
        let none = try stayed(["\(path).resolve_per_hour.mu=-50"])
        let one = try stayed(["\(path).hours_per_week=1"])
        let six = try stayed([])
        // 1 - exp(-0.035 x 12 hours) is about 0.34; with 72 hours about 0.92 (those who stay home
        // may still enter care within six months, so a little lower).
        // Without an effect everyone enters care when the work ends (those who turn 18 first are
        // not counted); only work that outlasts the six months' follow-up escapes it:
        // P(Gamma(4, 21 days) > 182.6 days) = 0.026.
        #expect(none < 0.05, "no effect: \(none)")
        #expect(one > 0.15 && one < 0.45, "1 hour a week: \(one)")
        #expect(six > one + 0.3, "6 hours a week: \(six)")
    }

    // MARK: Reclaiming Social Work

    @Test("RSW units: about 79% of children on the edge of care referred to units stay at home; no change of worker when a member leaves; more direct time")
    func rswUnits() throws {
        let base = Self.run(try TestSupport.load("rsw-units-counterpart.yaml"))
        let model = Self.run(try TestSupport.load("rsw-units.yaml"))
        // Published: 94 of 119 children (79%), docs/explanation/evidence.md#seeds-003; tolerance:
        // the binomial 95% interval for 119 children, 1.96 x sqrt(0.79 x 0.21 / 119) = 0.073.
        let stayed = Self.mean(Self.values(model, "practice.rsw.stayed_home_share"))
        #expect(abs(stayed - 0.79) <= 0.073, "stayed at home \(stayed)")
        #expect(Self.mean(Self.values(model, "worker_changes_per_case")) < 0.5 * Self.mean(Self.values(base, "worker_changes_per_case")))
        #expect(Self.mean(Self.values(model, "direct_work_share")) > Self.mean(Self.values(base, "direct_work_share")))
        #expect(Self.ratio(model, base, "looked_after_started").high < 1)
    }

    // MARK: Direct work

    @Test("direct work: doubling direct time lowers care entries by about the hazard ratio 2^-elasticity; without the link it does not")
    func directWork() throws {
        func careEntries(_ sets: [String]) throws -> Double {
            Self.mean(Self.values(Self.run(try TestSupport.load("rsw-units-counterpart.yaml", sets), replications: 10), "looked_after_started"))
        }
        let base = try careEntries([])
        let moreDirect = try careEntries(["workforce.teams.0.time.direct=0.6", "workforce.teams.0.time.recording=0.25"])
        let noLink = try careEntries(["direct_work.elasticity.mu=-50", "workforce.teams.0.time.direct=0.6", "workforce.teams.0.time.recording=0.25"])
        // Twice the direct hours: escalation hazards x 2^-0.5 = 0.71 at the median elasticity
        // (x 0.54 to 0.82 over its interval). Care entries from CIN, CP and assessment all
        // escalate, so they fall by roughly that much (care entries of the warm start's cases
        // and the [1/2, 2] bounds dilute it a little).
        #expect(moreDirect < 0.85 * base && moreDirect > 0.5 * base, "care entries \(moreDirect) against \(base)")
        #expect(abs(noLink - base) < 0.1 * base, "without the link \(noLink) against \(base)")
    }

    // MARK: Scenario errors

    @Test("practice model blocks: errors name the field and what was expected")
    func errors() throws {
        func problems(_ block: String, extending parent: String = "rsw-units-counterpart.yaml") -> String {
            let text = "extends: \(TestSupport.scenario(parent))\n" + block
            do {
                _ = try Scenario.load(file: TestSupport.write(text), overrides: [])
                return ""
            } catch {
                return "\(error)"
            }
        }
        let noDirect = problems("""
            practice_models:
              no_wrong_door:
                outreach: {ages: [12, 18], places: 5, work_days: {distribution: constant, value: 84}, hours_per_week: 6,
                           resolve_per_hour: {distribution: constant, value: 0.03}}
                hub_beds: 2
                stay_days: {distribution: constant, value: 60}
                step_to_family: {distribution: constant, value: 0.5}
                key_worker_moves: {distribution: constant, value: 0.8}
                key_worker_missing: {distribution: constant, value: 0.5}
            """, extending: "la/hackney-2014-15.yaml")
        #expect(noDirect.contains("practice_models") && noDirect.contains("direct_work"), "\(noDirect)")
        let team = problems("""
            practice_models:
              rsw_units:
                teams: [children_in_need_and_protection]
                composition: {consultant_social_worker: 1}
                coordinator_recording_cut: {distribution: constant, value: 0.3}
                case_discussion_hours: 3
                clinician: {ages: [0, 18], places: 5, work_days: {distribution: constant, value: 84}, hours_per_week: 3,
                            resolve_per_hour: {distribution: constant, value: 0.05}}
            """)
        #expect(team.contains("practice_models.rsw_units.teams") && team.contains("allocation: unit"), "\(team)")
        let factor = problems("""
            wider_effects:
              police_callouts: {factors: [gambling], per_family_year: 1, after_change: {distribution: constant, value: 0.5}}
            """)
        #expect(factor.contains("wider_effects.police_callouts.factors.0") && factor.contains("gambling"), "\(factor)")
        let ages = problems("""
            wider_effects:
              missing_episodes: {ages: [18, 12], residential_per_year: 6, other_per_year: 1}
            """)
        #expect(ages.contains("wider_effects.missing_episodes.ages"), "\(ages)")
    }
}

/// Placement stability is measured for every year to 31 March, not only in
/// `calendar.stability_year_ending` (the run-in year, before any practice model starts), so a
/// comparison sees No Wrong Door's key worker lowering placement breakdown.
@Suite("Placement stability by year")
struct StabilityByYearTests {
    @Test("Each year's shares are measured; in the stability year they are the stability metrics exactly")
    func everyYear() throws {
        let s = try TestSupport.load("england-2014-15.yaml", ["scale=0.02", "calendar.follow_up_years=1"])
        let rows = Dictionary(uniqueKeysWithValues: Metrics.perReplication(Experiment(scenario: s, replications: 2, seed: 3).run()).map { ($0.metric, $0.values) })
        for year in [2014, 2015, 2016] {
            let shares = ["one", "two", "three_plus"].map { rows["placements_in_year.\(year).\($0)_share"] }
            #expect(shares.allSatisfy { $0?.count == 2 }, "year \(year): \(shares)")
            for r in 0..<2 {
                let total: Double = shares.map { $0![r] }.reduce(0, +)
                #expect(abs(total - 1) < 1e-12)
            }
        }
        #expect(rows["placements_in_year.2017.one_share"] == nil, "no year after the run")
        for n in ["one", "two", "three_plus"] {
            #expect(rows["placements_in_year.2014.\(n)_share"] == rows["placements_in_year_\(n)_share"], "stability year 2014")
        }
    }

    /// No Wrong Door starts on 1 April 2014 in North Yorkshire. Before it, the arms are the same
    /// children (difference exactly 0); in the years after, fewer children looked after have three
    /// or more placements. The effect builds up (key workers act on each move), so the test pools
    /// the model's second to fourth years (years ending 31 March 2016 to 2018): measured at 60
    /// pairs, the pooled difference was about -0.3 points with a standard error of about 0.1,
    /// so 80 pairs detect it with power above 90%.
    @Test("No Wrong Door lowers the share with three or more placements in the years after it starts (paired, 95% interval below 0)")
    func noWrongDoorLowersBreakdown() throws {
        let sets = try TestSupport.overrides(["calendar.follow_up_years=3"])
        let base = try Scenario.load(file: TestSupport.scenario("north-yorkshire-no-wrong-door-counterpart.yaml"), overrides: sets)
        let alt = try Scenario.load(file: TestSupport.scenario("north-yorkshire-no-wrong-door.yaml"), overrides: sets)
        let result = try PairedExperiment(base: base, alternative: alt, replications: 80, seed: 20150331, threads: 2).run()
        let b = Dictionary(uniqueKeysWithValues: Metrics.perReplication(result.base).map { ($0.metric, $0.values) })
        let a = Dictionary(uniqueKeysWithValues: Metrics.perReplication(result.alternative).map { ($0.metric, $0.values) })
        let before = "placements_in_year.2014.three_plus_share"
        #expect(b[before] == a[before], "the year before the model: the same children, the same moves")
        let years = [2016, 2017, 2018].map { "placements_in_year.\($0).three_plus_share" }
        let pooled = (0..<80).map { r in years.map { a[$0]![r] - b[$0]![r] }.reduce(0, +) / Double(years.count) }
        let d = SummaryStatistic(pooled)
        #expect(d.ci95High! < 0, "pooled difference \(d.mean) [\(d.ci95Low!), \(d.ci95High!)]")
    }
}
