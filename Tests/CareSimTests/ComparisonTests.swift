import CareSimEngine
import Foundation
import Testing
@testable import CareSim

/// `caresim compare`: paired runs under common random numbers (ChildDraws), paired differences
/// with intervals, the variance reduction, and the served cohort followed in both arms.
@Suite("Paired comparison")
struct ComparisonTests {
    static let counterpart = "hertfordshire-family-safeguarding-counterpart.yaml"
    static let model = "hertfordshire-family-safeguarding.yaml"

    static func row(_ r: PairedResult, _ metric: String) -> PairedDifference? {
        let d = r.differences.first { $0.metric == metric }
        if d == nil { Issue.record("no metric \(metric)") }
        return d
    }

    @Test("a scenario compared with itself differs in nothing, the served cohort included")
    func selfComparison() throws {
        let s = try TestSupport.load(Self.model)
        let r = try PairedExperiment(base: s, alternative: s, replications: 3, seed: 7, threads: 2, cohort: .served).run()
        let rows = r.differences
        #expect(rows.count > 100)
        for d in rows where d.difference != nil {
            #expect(d.difference!.mean == 0 && d.difference!.sd == 0, "\(d.metric) differs: \(d.difference!.mean)")
        }
        // The cohort was found in one arm and followed, the same children from the same days, in the other.
        let children = try #require(Self.row(r, "cohort.children")?.base)
        #expect(children.mean > 1000)
        #expect(Self.row(r, "cohort.days_in_care")?.difference?.mean == 0)
    }

    @Test("calendar.follow_up_years follows the cohort for a whole year and changes nothing the measured year counts")
    func followUp() throws {
        let sets = ["calendar.follow_up_years=0"]
        let short = try PairedExperiment(base: try TestSupport.load(Self.counterpart, sets), alternative: try TestSupport.load(Self.model, sets),
                                         replications: 3, seed: 11, threads: 2, cohort: .served).run()
        let long = try PairedExperiment(base: try TestSupport.load(Self.counterpart), alternative: try TestSupport.load(Self.model),
                                        replications: 3, seed: 11, threads: 2, cohort: .served).run()
        // Without the follow-up no child has a whole year after joining: no first-year rows.
        #expect(!short.differences.contains { $0.metric.hasPrefix("cohort.first_year") || $0.metric.hasPrefix("cohort.at_home") })
        // The measured year's metrics and the costed year are the same replication by replication
        // (the run only goes on longer); cohort metrics to the end of the run are not.
        let longRows = Dictionary(uniqueKeysWithValues: long.differences.map { ($0.metric, $0) })
        var compared = 0
        for d in short.differences where !d.metric.hasPrefix("cohort.") {
            let l = try #require(longRows[d.metric], "\(d.metric) missing with the follow-up")
            for (a, b) in [(d.base, l.base), (d.alternative, l.alternative)] {
                guard let a, let b else { #expect(a == nil && b == nil, "\(d.metric)"); continue }
                #expect(abs(a.mean - b.mean) <= 1e-9 * max(1, abs(a.mean)), "\(d.metric): \(a.mean) against \(b.mean)")
            }
            compared += 1
        }
        #expect(compared > 100)
        // Everyone joined in the measured year, so a year's follow-up covers every cohort child,
        // and the children served at home are part of them.
        let children = try #require(longRows["cohort.children"]?.base?.mean)
        #expect(longRows["cohort.first_year.children"]?.base?.mean == children)
        let atHome = try #require(longRows["cohort.at_home.first_year.children"]?.base?.mean)
        #expect(atHome > 0 && atHome < children)
        // Days in care in the first year cannot exceed 365.25 a child, nor the days to the run's end.
        let firstYear = try #require(longRows["cohort.first_year.days_in_care_per_child"]?.base?.mean)
        let toEnd = try #require(longRows["cohort.days_in_care_per_child"]?.base?.mean)
        #expect(firstYear > 0 && firstYear <= 365.25 && firstYear <= toEnd)
    }

    @Test("common random numbers: the same families arrive, and pairing reduces the variance of differences")
    func commonRandomNumbers() throws {
        let base = try TestSupport.load(Self.counterpart), alt = try TestSupport.load(Self.model)
        var paired = try PairedExperiment(base: base, alternative: alt, replications: 20, seed: 2014, threads: 2)
        let crn = paired.run()
        paired.independentSeeds = true
        let independent = paired.run()
        // Referrals of new families do not depend on the model; re-referrals do a little (a
        // family that changed is less likely to come back). Paired, the difference is almost
        // deterministic: its variance is at least 100 times smaller than independent runs'.
        let referrals = try #require(Self.row(crn, "referrals")?.varianceReduction)
        #expect(referrals > 100, "referrals variance reduction \(referrals)")
        // With independent seeds the factor estimates 1: (Var A + Var B) / Var(A - B) with 19
        // degrees of freedom each lies in about 0.45 to 2.2 (F quantiles) when the arms are independent.
        for metric in ["referrals", "looked_after_started", "cp_plans_open"] {
            let f = try #require(Self.row(independent, metric)?.varianceReduction)
            #expect(f > 0.45 && f < 2.2, "\(metric): independent-seed factor \(f)")
        }
        // Measured directly, on a measure the practice model changes: the paired difference of
        // section 47 enquiries varies less than the independent one, by more than an F test at 19,
        // 19 degrees of freedom needs to reject equal variances at 5% (a ratio of 2.17). Over 80
        // replications (`caresim compare`, seed 2014) pairing divides that variance by about 11, so
        // the check fails by chance with a probability of about 0.0005 (F(19, 19) below 2.17 / 10.8).
        // Care entries were checked here before: pairing divides their variance by only about 1.34,
        // which 20 replications cannot show (a ratio above 1 only 3 times in 4).
        let v1 = try #require(Self.row(crn, "section47_enquiries")?.difference?.sd)
        let v2 = try #require(Self.row(independent, "section47_enquiries")?.difference?.sd)
        #expect(v2 * v2 / (v1 * v1) > 2.17, "variance ratio \(v2 * v2 / (v1 * v1))")
        // The paired difference's interval covers the difference of the arms' means.
        let cp = try #require(Self.row(crn, "cp_plans_open"))
        #expect(abs(cp.difference!.mean - (cp.alternative!.mean - cp.base!.mean)) < 1e-6)
        #expect(cp.difference!.ci95High! < 0)
    }

    @Test("arms on different calendars or scales are refused, naming the field")
    func mismatchRefused() throws {
        let base = try TestSupport.load(Self.counterpart)
        let alt = try TestSupport.load(Self.model, ["calendar.measure_year_ending=2016"])
        #expect(throws: PairedExperiment.PairingError.self) {
            try PairedExperiment(base: base, alternative: alt, replications: 2)
        }
        do {
            _ = try PairedExperiment(base: base, alternative: alt, replications: 2)
        } catch {
            #expect(error.description.contains("calendar.measure_year_ending is 2016"))
        }
        // Savings pair costed years: the arms must cost the same years.
        let longer = try TestSupport.load(Self.model, ["costs.years=2"])
        do {
            _ = try PairedExperiment(base: base, alternative: longer, replications: 2)
            Issue.record("arms costing different years were accepted")
        } catch {
            #expect(error.description.contains("costs.years is 2 but"))
        }
    }

    @Test("--central-effects puts every effect size at its mean, and the manifest says so")
    func centralEffects() throws {
        let s = try TestSupport.load(Self.model)
        let r = Experiment(scenario: s, replications: 3, seed: 1, threads: 2, centralEffects: true).run()
        let rows = Metrics.perReplication(r).filter { $0.metric.hasPrefix("effect.") }
        #expect(rows.count >= 6)
        for row in rows { #expect(Set(row.values).count == 1, "\(row.metric) varies: \(row.values)") }
        let change = try #require(rows.first { $0.metric == "effect.fs.change" })
        #expect(abs(change.values[0] - 0.8) < 1e-12)  // beta(16, 4): mean 16 / 20
        #expect(Manifest.make(r).contains("\"effect_sizes\": \"central: distribution means\""))
        let drawn = Experiment(scenario: s, replications: 3, seed: 1, threads: 2).run()
        let sampled = try #require(Metrics.perReplication(drawn).first { $0.metric == "effect.fs.change" })
        #expect(Set(sampled.values).count == 3)
    }

    @Test("CRN on the Family Safeguarding comparison: the children's services cost difference varies at least 5x less than with independent seeds")
    func familySafeguardingVarianceReduction() throws {
        let base = try TestSupport.load(Self.counterpart), alt = try TestSupport.load(Self.model)
        // Effect sizes at their means in both arms: parameter uncertainty is not noise that
        // pairing can remove (with effects drawn per replication the factor measured is about 3).
        var paired = try PairedExperiment(base: base, alternative: alt, replications: 20, seed: 2014, threads: 2)
        paired.centralEffects = true
        let crn = paired.run()
        let f = try #require(Self.row(crn, "cost.children_services")?.varianceReduction)
        // Issue 5: at least 5x (measured: about 19 at 30 replications).
        #expect(f >= 5, "children's services cost: variance reduction \(f)")
        // The estimate is honest: with independent seeds the same estimator gives about 1.
        paired.independentSeeds = true
        let g = try #require(Self.row(paired.run(), "cost.children_services")?.varianceReduction)
        #expect(g > 0.45 && g < 2.2, "independent seeds: \(g)")
    }

    @Test("savings: base minus alternative per year, discounted by the Green Book rate, return per pound and break-even")
    func savingsArithmetic() throws {
        let sets = ["costs.years=2"]
        let base = try TestSupport.load(Self.counterpart, sets), alt = try TestSupport.load(Self.model, sets)
        let r = try PairedExperiment(base: base, alternative: alt, replications: 4, seed: 3, threads: 2).run()
        let s = try #require(Savings(r))
        #expect(s.rows.map(\.period) == ["y1", "y2", "total"])
        let rate = try #require(base.pathway?.costs?.discountRate)
        #expect(rate == 0.035)
        let (y1, y2, total) = (s.rows[0], s.rows[1], s.rows[2])
        // Year 1 undiscounted, year 2 by 1/1.035 (closed form), totals add up.
        #expect(abs(y1.discounted.mean - y1.total.mean) < 1e-6 * abs(y1.total.mean))
        #expect(abs(y2.discounted.mean - y2.total.mean / 1.035) < 1e-6 * abs(y2.total.mean))
        #expect(abs(total.total.mean - (y1.total.mean + y2.total.mean)) < 1e-6 * abs(total.total.mean))
        #expect(abs(total.total.mean - (total.childrenServices.mean + total.wider.mean)) < 1e-6 * abs(total.total.mean))
        // The saving is the base's cost less the alternative's, net of the model's own cost.
        let d = try #require(Self.row(r, "cost.total.y1")?.difference)
        #expect(abs(y1.total.mean + d.mean) < 1e-6 * abs(d.mean))
        let spent = y1.interventionCost.mean + y2.interventionCost.mean / 1.035
        #expect(spent > 0)
        let rp = try #require(s.returnPerPound)
        #expect(abs(rp.mean - (total.discounted.mean + spent) / spent) < 1e-3 * rp.mean)
        // Compared with itself, nothing is saved and nothing is spent.
        let same = try PairedExperiment(base: alt, alternative: alt, replications: 2, seed: 3, threads: 2).run()
        let z = try #require(Savings(same))
        #expect(z.rows.allSatisfy { $0.total.mean == 0 && $0.interventionCost.mean == 0 })
        #expect(z.returnPerPound == nil)
    }

    @Test("Hertfordshire Family Safeguarding, year one: the saving to children's services against the published 2.6m a year")
    func familySafeguardingSaving() throws {
        let r = try PairedExperiment(base: try TestSupport.load(Self.counterpart), alternative: try TestSupport.load(Self.model),
                                     replications: 20, seed: 2014, threads: 2).run()
        let s = try #require(Savings(r))
        let cs = s.rows[0].childrenServices
        // Published (docs/explanation/evidence.md#seeds-002): about 2.6m a year saved for
        // children's services, net of the model's cost. The model saves more (about 4.6m; the gap
        // and its reasons are in docs/explanation/practice-models-evidence.md: unit costs and
        // provider shares are assumed, and placement days fall by about 15% in the first year). The
        // test holds the saving real (interval above 0) and within a factor of two of the published
        // figure.
        #expect(cs.ci95Low! > 0, "children's services saving \(cs)")
        #expect(cs.mean > 2.6e6 / 2 && cs.mean < 2.6e6 * 2, "children's services saving \(cs.mean)")
        // Police and NHS: the unit costs per event were fitted to the published 107k and 200k
        // (scenario comments), so these only check that the avoided events are real.
        let police = try #require(Self.row(r, "cost.wider.police")?.difference)
        let nhs = try #require(Self.row(r, "cost.wider.nhs")?.difference)
        #expect(police.ci95High! < 0 && nhs.ci95High! < 0)
    }
}
