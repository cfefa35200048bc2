import CareSimEngine
import Foundation
import Testing

/// Raw moments E[X^k] derived independently of `Distribution.mean`/`variance` (from the
/// densities, not from the engine's formulas).
func referenceRawMoment(_ d: Distribution, _ k: Int) -> Double {
    let kd = Double(k)
    switch d {
    case .constant(let v):
        return pow(v, kd)
    case .exponential(let m):
        // k! m^k
        return (1...k).reduce(1.0) { $0 * Double($1) } * pow(m, kd)
    case .gamma(let a, let theta):
        // theta^k Gamma(a + k) / Gamma(a) = theta^k a (a+1) ... (a+k-1)
        return (0..<k).reduce(1.0) { $0 * (a + Double($1)) } * pow(theta, kd)
    case .lognormal(let mu, let sigma):
        return exp(kd * mu + kd * kd * sigma * sigma / 2)
    case .weibull(let shape, let scale):
        return pow(scale, kd) * tgamma(1 + kd / shape)
    case .beta(let a, let b):
        // prod_{r<k} (a + r) / (a + b + r)
        return (0..<k).reduce(1.0) { $0 * (a + Double($1)) / (a + b + Double($1)) }
    case .uniform(let lo, let hi):
        return (pow(hi, kd + 1) - pow(lo, kd + 1)) / ((kd + 1) * (hi - lo))
    case .empirical(let e):
        return e.bands.reduce(0.0) { acc, b in
            acc + b.probability * (pow(b.upper, kd + 1) - pow(b.lower, kd + 1)) / ((kd + 1) * (b.upper - b.lower))
        }
    }
}

let sampledDistributions: [Distribution] = [
    .exponential(mean: 1),
    .exponential(mean: 0.25),
    .exponential(mean: 37.5),
    .gamma(shape: 0.5, scale: 2),
    .gamma(shape: 2, scale: 3),
    .gamma(shape: 9, scale: 0.1),
    .lognormal(mu: 0, sigma: 0.25),
    .lognormal(mu: 1, sigma: 0.5),
    .lognormal(mu: -1, sigma: 0.75),
    .weibull(shape: 1, scale: 2),
    .weibull(shape: 0.7, scale: 5),
    .weibull(shape: 3, scale: 1.5),
    .beta(a: 0.5, b: 0.5),
    .beta(a: 2, b: 5),
    .beta(a: 10, b: 1),
    .uniform(min: 0, max: 1),
    .uniform(min: 2, max: 8),
    .uniform(min: 10, max: 10.5),
    .empirical(EmpiricalBands(bands: [
        .init(lower: 0, upper: 91.3, probability: 0.464),
        .init(lower: 91.3, upper: 182.6, probability: 0.176),
        .init(lower: 182.6, upper: 365, probability: 0.2),
        .init(lower: 365, upper: 730, probability: 0.16),
    ])),
    .empirical(EmpiricalBands(bands: [
        .init(lower: 0, upper: 1, probability: 0.3),
        .init(lower: 2, upper: 4, probability: 0.7),
    ])),
    .empirical(EmpiricalBands(bands: [
        .init(lower: 5, upper: 6, probability: 1),
    ])),
]

@Suite("Continuous distributions")
struct DistributionTests {
    static let draws = 200_000

    @Test("mean and variance formulas agree with independently derived raw moments", arguments: sampledDistributions)
    func formulasMatchReferenceMoments(_ d: Distribution) {
        let m1 = referenceRawMoment(d, 1)
        let m2 = referenceRawMoment(d, 2)
        #expect(abs(d.mean - m1) <= 1e-12 * max(1, abs(m1)), "mean \(d.mean) vs reference \(m1)")
        let v = m2 - m1 * m1
        #expect(abs(d.variance - v) <= 1e-9 * max(1, m2), "variance \(d.variance) vs reference \(v)")
    }

    @Test("sample mean and variance match the formulas", arguments: sampledDistributions.indices)
    func sampleMomentsMatchFormulas(_ index: Int) throws {
        let d = sampledDistributions[index]
        let sampler = try Sampler(d)
        let stream = RandomStream(master: 20_240_601, replication: index, name: "distribution-tests")
        let n = Self.draws
        let xs = (0..<n).map { _ in sampler.sample(stream) }

        // Support.
        let (lo, hi): (Double, Double) = switch d {
        case .beta: (0, 1)
        case .uniform(let a, let b): (a, b)
        case .empirical(let e): (e.bands.first!.lower, e.bands.last!.upper)
        default: (0, .infinity)
        }
        #expect(xs.allSatisfy { $0 >= lo && $0 <= hi }, "a draw outside [\(lo), \(hi)]")

        let (mean, variance) = sampleMoments(xs)
        let sigma2 = d.variance
        #expect(abs(mean - d.mean) <= meanTolerance(sd: sigma2.squareRoot(), n: n),
                "sample mean \(mean) vs \(d.mean)")

        let mu4 = centralFourth(referenceRawMoment(d, 1), referenceRawMoment(d, 2),
                                referenceRawMoment(d, 3), referenceRawMoment(d, 4))
        #expect(mu4 > sigma2 * sigma2, "fourth moment sanity")
        #expect(abs(variance - sigma2) <= varianceTolerance(variance: sigma2, mu4: mu4, n: n),
                "sample variance \(variance) vs \(sigma2)")
    }

    @Test("constant always returns its value", arguments: [0.0, 3.25, 0.1, 1000])
    func constant(_ v: Double) throws {
        let d = Distribution.constant(v)
        #expect(d.mean == v)
        #expect(d.variance == 0)
        let sampler = try Sampler(d)
        let stream = RandomStream(master: 1, replication: 0, name: "constant")
        #expect((0..<1000).allSatisfy { _ in sampler.sample(stream) == v })
    }

    // Hand-checked values, one per family, written out rather than computed from formulas.
    @Test func handCheckedMoments() {
        // Weibull with shape 1 is exponential with mean = scale.
        #expect(abs(Distribution.weibull(shape: 1, scale: 2.5).mean - 2.5) < 1e-12)
        #expect(abs(Distribution.weibull(shape: 1, scale: 2.5).variance - 6.25) < 1e-12)
        // Weibull shape 2 (Rayleigh): mean = scale sqrt(pi)/2, variance = scale^2 (1 - pi/4).
        #expect(abs(Distribution.weibull(shape: 2, scale: 2).mean - 1.7724538509055159) < 1e-12)
        #expect(abs(Distribution.weibull(shape: 2, scale: 2).variance - 0.8584073464102069) < 1e-12)
        // Lognormal(0, 1): mean = e^(1/2), variance = (e - 1) e.
        #expect(abs(Distribution.lognormal(mu: 0, sigma: 1).mean - 1.6487212707001282) < 1e-12)
        #expect(abs(Distribution.lognormal(mu: 0, sigma: 1).variance - 4.670774270471604) < 1e-12)
        // Gamma(shape 2, scale 3): mean 6, variance 18.
        #expect(Distribution.gamma(shape: 2, scale: 3).mean == 6)
        #expect(Distribution.gamma(shape: 2, scale: 3).variance == 18)
        // Exponential(mean 4): variance 16.
        #expect(Distribution.exponential(mean: 4).mean == 4)
        #expect(Distribution.exponential(mean: 4).variance == 16)
        // Beta(2, 3): mean 2/5, variance 6 / (25 * 6) = 0.04.
        #expect(abs(Distribution.beta(a: 2, b: 3).mean - 0.4) < 1e-15)
        #expect(abs(Distribution.beta(a: 2, b: 3).variance - 0.04) < 1e-15)
        // Uniform(2, 8): mean 5, variance 36 / 12 = 3.
        #expect(Distribution.uniform(min: 2, max: 8).mean == 5)
        #expect(Distribution.uniform(min: 2, max: 8).variance == 3)
        // Empirical [0,1) 50%, [1,3) 50%: mean 1.25, E[X^2] = (1/3 + 13/3) / 2 = 7/3, variance 7/3 - 25/16.
        let e = Distribution.empirical(EmpiricalBands(bands: [
            .init(lower: 0, upper: 1, probability: 0.5), .init(lower: 1, upper: 3, probability: 0.5),
        ]))
        #expect(abs(e.mean - 1.25) < 1e-15)
        #expect(abs(e.variance - (7.0 / 3 - 25.0 / 16)) < 1e-14)
    }

    @Test func names() {
        #expect(Distribution.constant(1).name == "constant")
        #expect(Distribution.exponential(mean: 1).name == "exponential")
        #expect(Distribution.gamma(shape: 1, scale: 1).name == "gamma")
        #expect(Distribution.lognormal(mu: 0, sigma: 1).name == "lognormal")
        #expect(Distribution.weibull(shape: 1, scale: 1).name == "weibull")
        #expect(Distribution.beta(a: 1, b: 1).name == "beta")
        #expect(Distribution.uniform(min: 0, max: 1).name == "uniform")
        #expect(Distribution.empirical(EmpiricalBands(bands: [])).name == "empirical")
    }
}
