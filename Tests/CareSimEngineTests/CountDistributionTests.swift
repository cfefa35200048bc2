import CareSimEngine
import Foundation
import Testing

/// The probability mass function on 0...maxValue (or the distinct values of a discrete table),
/// derived independently of `CountDistribution.mean`/`variance`.
func referencePMF(_ d: CountDistribution) -> [(value: Int, probability: Double)] {
    switch d {
    case .binomial(let n, let p):
        // log C(n,k) + k log p + (n-k) log(1-p), via lgamma; exact zeros at p = 0 or 1.
        return (0...n).map { k in
            if p == 0 { return (k, k == 0 ? 1 : 0) }
            if p == 1 { return (k, k == n ? 1 : 0) }
            let logC = lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
            return (k, exp(logC + Double(k) * log(p) + Double(n - k) * log1p(-p)))
        }
    case .poisson(let m):
        // Up to far in the tail (mass beyond is below 1e-15 for these means).
        let top = Int(m + 20 * m.squareRoot() + 40)
        var out: [(Int, Double)] = []
        var pk = exp(-m)
        for k in 0...top {
            if k > 0 { pk *= m / Double(k) }
            out.append((k, pk))
        }
        return out
    case .discrete(let values, let weights):
        let total = weights.reduce(0, +)
        var byValue: [Int: Double] = [:]
        for (v, w) in zip(values, weights) { byValue[v, default: 0] += w / total }
        return byValue.keys.sorted().map { ($0, byValue[$0]!) }
    }
}

func centralMoments(_ pmf: [(value: Int, probability: Double)]) -> (mean: Double, variance: Double, mu4: Double) {
    let m = pmf.reduce(0.0) { $0 + Double($1.value) * $1.probability }
    let v = pmf.reduce(0.0) { $0 + pow(Double($1.value) - m, 2) * $1.probability }
    let mu4 = pmf.reduce(0.0) { $0 + pow(Double($1.value) - m, 4) * $1.probability }
    return (m, v, mu4)
}

let countDistributions: [CountDistribution] = [
    .binomial(n: 10, p: 0.3),
    .binomial(n: 1, p: 0.5),
    .binomial(n: 200, p: 0.02),
    .binomial(n: 7, p: 0.9),
    .poisson(mean: 0.5),
    .poisson(mean: 4),
    .poisson(mean: 75),
    .discrete(values: [1, 2, 3], weights: [1, 1, 2]),
    .discrete(values: [0, 5, 10, 20], weights: [0.1, 0.2, 0.3, 0.4]),
    .discrete(values: [-2, 7, 4], weights: [3, 0, 1]),
    .discrete(values: [2, 2, 9, 0], weights: [1, 1, 1, 0.5]),
]

@Suite("Count distributions")
struct CountDistributionTests {
    static let draws = 200_000

    @Test("mean and variance formulas agree with the probability mass function", arguments: countDistributions)
    func formulas(_ d: CountDistribution) {
        let pmf = referencePMF(d)
        #expect(abs(pmf.reduce(0) { $0 + $1.probability } - 1) < 1e-12)
        let ref = centralMoments(pmf)
        #expect(abs(d.mean - ref.mean) <= 1e-10 * max(1, ref.mean), "mean \(d.mean) vs \(ref.mean)")
        #expect(abs(d.variance - ref.variance) <= 1e-9 * max(1, ref.variance), "variance \(d.variance) vs \(ref.variance)")
    }

    @Test func handChecked() {
        #expect(CountDistribution.binomial(n: 10, p: 0.3).mean == 3)
        #expect(abs(CountDistribution.binomial(n: 10, p: 0.3).variance - 2.1) < 1e-12)
        #expect(CountDistribution.poisson(mean: 4).variance == 4)
        // values 1,2,3 with weights 1,1,2: mean 9/4, E[X^2] = (1 + 4 + 18) / 4 = 23/4, variance 23/4 - 81/16 = 11/16.
        #expect(CountDistribution.discrete(values: [1, 2, 3], weights: [1, 1, 2]).mean == 2.25)
        #expect(abs(CountDistribution.discrete(values: [1, 2, 3], weights: [1, 1, 2]).variance - 11.0 / 16) < 1e-15)
    }

    /// Mean and variance with the tolerances of `TestSupport.swift`, and a chi-square test of the
    /// observed frequencies against the probability mass function.
    @Test("sample moments and frequencies match", arguments: countDistributions.indices)
    func sampling(_ index: Int) throws {
        let d = countDistributions[index]
        let sampler = try CountSampler(d)
        let stream = RandomStream(master: 77, replication: index, name: "count-tests")
        let n = Self.draws
        let xs = (0..<n).map { _ in sampler.sample(stream) }

        let ref = centralMoments(referencePMF(d))
        let (mean, variance) = sampleMoments(xs.map(Double.init))
        #expect(abs(mean - d.mean) <= meanTolerance(sd: d.variance.squareRoot(), n: n), "sample mean \(mean) vs \(d.mean)")
        #expect(abs(variance - d.variance) <= varianceTolerance(variance: d.variance, mu4: ref.mu4, n: n),
                "sample variance \(variance) vs \(d.variance)")

        // Frequencies: every draw must be a value of positive probability.
        let pmf = referencePMF(d)
        var counts: [Int: Int] = [:]
        for x in xs { counts[x, default: 0] += 1 }
        let support = Set(pmf.filter { $0.probability > 0 }.map(\.value))
        #expect(Set(counts.keys).isSubset(of: support), "drew values outside the support: \(Set(counts.keys).subtracting(support))")
        let observed = pmf.map { counts[$0.value] ?? 0 }
        let chi = chiSquare(observed: observed, probabilities: pmf.map(\.probability))
        #expect(chi.df >= 1)
        #expect(chi.statistic <= chi.critical, "chi-square \(chi.statistic) on \(chi.df) df > \(chi.critical)")
    }

    @Test("degenerate cases")
    func degenerate() throws {
        let stream = RandomStream(master: 5, replication: 0, name: "degenerate")
        let zeroTrials = try CountSampler(.binomial(n: 0, p: 0.4))
        let certain = try CountSampler(.binomial(n: 6, p: 1))
        let never = try CountSampler(.poisson(mean: 0))
        let single = try CountSampler(.discrete(values: [42], weights: [0.001]))
        for _ in 0..<1000 {
            #expect(zeroTrials.sample(stream) == 0)
            #expect(certain.sample(stream) == 6)
            #expect(never.sample(stream) == 0)
            #expect(single.sample(stream) == 42)
        }
    }

    static let invalid: [(CountDistribution, String)] = [
        (.binomial(n: -1, p: 0.5), "n >= 0"),
        (.binomial(n: 3, p: 1.5), "0 <= p <= 1"),
        (.binomial(n: 3, p: -0.1), "0 <= p <= 1"),
        (.binomial(n: 3, p: .nan), "0 <= p <= 1"),
        (.poisson(mean: -1), "mean >= 0"),
        (.poisson(mean: .infinity), "mean >= 0"),
        (.poisson(mean: .nan), "mean >= 0"),
        (.discrete(values: [], weights: []), "as many values as weights"),
        (.discrete(values: [1, 2], weights: [1]), "as many values as weights"),
        (.discrete(values: [1, 2], weights: [1, -1]), "weights >= 0"),
        (.discrete(values: [1], weights: [.infinity]), "weights >= 0"),
        (.discrete(values: [1, 2], weights: [0, 0]), "a positive weight"),
    ]

    @Test("invalid parameters are reported and refused", arguments: invalid)
    func invalidParameters(_ d: CountDistribution, _ mention: String) {
        let problems = d.problems()
        #expect(problems.contains { $0.contains(mention) }, "\(problems) should mention \(mention)")
        let error = #expect(throws: InvalidParameters.self) { _ = try CountSampler(d) }
        #expect(error?.problems == problems)
    }

    @Test func validParametersHaveNoProblems() {
        for d in countDistributions + [.binomial(n: 0, p: 0), .poisson(mean: 0)] {
            #expect(d.problems() == [], "\(d)")
        }
    }
}
