import CareSimEngine
import Foundation
import Testing
@testable import CareSim

/// `caresim compare`: paired runs under common random numbers (ChildDraws), paired differences
/// with intervals, the variance reduction, and the served cohort followed in both arms.
@Suite("Paired comparison")
struct ComparisonTests {
    static func load(_ file: String, _ sets: [String] = []) throws -> Scenario {
        try Scenario.load(file: TestSupport.scenario(file), overrides: TestSupport.overrides(sets))
    }

    static let counterpart = "hertfordshire-family-safeguarding-counterpart.yaml"
    static let model = "hertfordshire-family-safeguarding.yaml"

    static func row(_ r: PairedResult, _ metric: String) -> PairedDifference? {
        let d = r.differences.first { $0.metric == metric }
        if d == nil { Issue.record("no metric \(metric)") }
        return d
    }

    @Test("a scenario compared with itself differs in nothing, the served cohort included")
    func selfComparison() throws {
        let s = try Self.load(Self.model)
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

    @Test("common random numbers: the same families arrive, and pairing reduces the variance of differences")
    func commonRandomNumbers() throws {
        let base = try Self.load(Self.counterpart), alt = try Self.load(Self.model)
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
        // Measured directly: the paired difference of care entries varies less than the
        // independent one (the estimate above says by about 2x; an F test at 19, 19 degrees of
        // freedom rejects equal variances at 5% beyond a ratio of 2.17).
        let v1 = try #require(Self.row(crn, "looked_after_started")?.difference?.sd)
        let v2 = try #require(Self.row(independent, "looked_after_started")?.difference?.sd)
        #expect(v2 * v2 / (v1 * v1) > 1, "variance ratio \(v2 * v2 / (v1 * v1))")
        // The paired difference's interval covers the difference of the arms' means.
        let cp = try #require(Self.row(crn, "cp_plans_open"))
        #expect(abs(cp.difference!.mean - (cp.alternative!.mean - cp.base!.mean)) < 1e-6)
        #expect(cp.difference!.ci95High! < 0)
    }

    @Test("arms on different calendars or scales are refused, naming the field")
    func mismatchRefused() throws {
        let base = try Self.load(Self.counterpart)
        let alt = try Self.load(Self.model, ["calendar.measure_year_ending=2016"])
        #expect(throws: PairedExperiment.PairingError.self) {
            try PairedExperiment(base: base, alternative: alt, replications: 2)
        }
        do {
            _ = try PairedExperiment(base: base, alternative: alt, replications: 2)
        } catch {
            #expect(error.description.contains("calendar.measure_year_ending is 2016"))
        }
    }
}
