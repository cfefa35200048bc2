import CareSimEngine
import Testing

/// One invalid distribution and a word every reported problem list must contain.
struct InvalidCase: Sendable, CustomTestStringConvertible {
    let distribution: Distribution
    let expectedProblems: Int
    let mentions: String
    var testDescription: String { "\(distribution)" }
}

@Suite("Distribution parameter checks")
struct DistributionValidationTests {
    static let invalid: [InvalidCase] = [
        .init(distribution: .constant(-1), expectedProblems: 1, mentions: ">= 0"),
        .init(distribution: .constant(.nan), expectedProblems: 1, mentions: ">= 0"),
        .init(distribution: .constant(.infinity), expectedProblems: 1, mentions: ">= 0"),
        .init(distribution: .exponential(mean: -2), expectedProblems: 1, mentions: "mean > 0"),
        .init(distribution: .exponential(mean: 0), expectedProblems: 1, mentions: "mean > 0"),
        .init(distribution: .exponential(mean: .infinity), expectedProblems: 1, mentions: "mean > 0"),
        .init(distribution: .exponential(mean: .nan), expectedProblems: 1, mentions: "mean > 0"),
        .init(distribution: .gamma(shape: 0, scale: 1), expectedProblems: 1, mentions: "shape > 0"),
        .init(distribution: .gamma(shape: 1, scale: -1), expectedProblems: 1, mentions: "scale > 0"),
        .init(distribution: .gamma(shape: -1, scale: 0), expectedProblems: 2, mentions: "shape > 0"),
        .init(distribution: .weibull(shape: 0, scale: 1), expectedProblems: 1, mentions: "shape > 0"),
        .init(distribution: .weibull(shape: 1, scale: 0), expectedProblems: 1, mentions: "scale > 0"),
        .init(distribution: .lognormal(mu: .nan, sigma: 1), expectedProblems: 1, mentions: "finite mu"),
        .init(distribution: .lognormal(mu: -.infinity, sigma: 1), expectedProblems: 1, mentions: "finite mu"),
        .init(distribution: .lognormal(mu: 0, sigma: 0), expectedProblems: 1, mentions: "sigma > 0"),
        .init(distribution: .lognormal(mu: 0, sigma: -0.5), expectedProblems: 1, mentions: "sigma > 0"),
        .init(distribution: .beta(a: 0, b: 1), expectedProblems: 1, mentions: "a > 0"),
        .init(distribution: .beta(a: 1, b: -3), expectedProblems: 1, mentions: "b > 0"),
        .init(distribution: .uniform(min: 1, max: 1), expectedProblems: 1, mentions: "min < max"),
        .init(distribution: .uniform(min: 2, max: 1), expectedProblems: 1, mentions: "min < max"),
        .init(distribution: .uniform(min: 0, max: .infinity), expectedProblems: 1, mentions: "min < max"),
        // A duration may not be negative: a negative draw would schedule an event in the past.
        .init(distribution: .uniform(min: -1, max: 1), expectedProblems: 1, mentions: "0 <= min"),
        .init(distribution: .empirical(EmpiricalBands(bands: [])), expectedProblems: 1, mentions: "at least one band"),
        .init(distribution: .empirical(EmpiricalBands(bands: [.init(lower: 0, upper: 1, probability: 0.5)])),
              expectedProblems: 1, mentions: "summing to 1"),
    ]

    static let valid: [Distribution] = [
        .constant(0), .constant(7), .exponential(mean: 1e-6), .gamma(shape: 0.1, scale: 100),
        .weibull(shape: 5, scale: 0.5), .lognormal(mu: -3, sigma: 2), .beta(a: 0.2, b: 40),
        .uniform(min: 0, max: 1e-9),
        .empirical(EmpiricalBands(bands: [.init(lower: 0, upper: 1, probability: 1)])),
    ]

    @Test("invalid parameters are reported and the sampler refuses them", arguments: invalid)
    func invalidParameters(_ c: InvalidCase) {
        let problems = c.distribution.problems()
        #expect(problems.count == c.expectedProblems, "\(problems)")
        #expect(problems.contains { $0.contains(c.mentions) }, "\(problems) should mention \(c.mentions)")
        let error = #expect(throws: InvalidParameters.self) { _ = try Sampler(c.distribution) }
        #expect(error?.problems == problems)
        #expect(error?.distribution == c.distribution.name)
        #expect(error?.description.contains(c.mentions) == true)
    }

    @Test("valid parameters give no problems and a sampler", arguments: valid)
    func validParameters(_ d: Distribution) throws {
        #expect(d.problems() == [])
        let sampler = try Sampler(d)
        #expect(sampler.distribution == d)
    }
}
