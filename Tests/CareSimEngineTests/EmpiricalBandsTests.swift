import CareSimEngine
import Testing

@Suite("EmpiricalBands")
struct EmpiricalBandsTests {
    /// Published-style bands (days), contiguous.
    static let durations = EmpiricalBands(bands: [
        .init(lower: 0, upper: 91.3, probability: 0.464),
        .init(lower: 91.3, upper: 182.6, probability: 0.176),
        .init(lower: 182.6, upper: 365, probability: 0.2),
        .init(lower: 365, upper: 730, probability: 0.16),
    ])
    /// Bands with a gap between them and a zero-probability band.
    static let gapped = EmpiricalBands(bands: [
        .init(lower: 1, upper: 2, probability: 0.3),
        .init(lower: 2, upper: 2.5, probability: 0),
        .init(lower: 4, upper: 10, probability: 0.7),
    ])

    static func band(of x: Double, in e: EmpiricalBands) -> Int? {
        e.bands.firstIndex { x >= $0.lower && x < $0.upper }
    }

    @Test("values fall within bands, with band and half-band frequencies matching (chi-square)",
          arguments: [durations, gapped])
    func sampling(_ e: EmpiricalBands) throws {
        let sampler = try Sampler(.empirical(e))
        let stream = RandomStream(master: 9, replication: e.bands.count, name: "empirical")
        let n = 200_000
        // Two cells per band (lower and upper half) to test uniformity within a band as well as
        // the band probabilities.
        var halves = Array(repeating: 0, count: 2 * e.bands.count)
        var outside = 0
        for _ in 0..<n {
            let x = sampler.sample(stream)
            guard let i = Self.band(of: x, in: e) else { outside += 1; continue }
            let b = e.bands[i]
            halves[2 * i + (x < (b.lower + b.upper) / 2 ? 0 : 1)] += 1
        }
        #expect(outside == 0, "\(outside) draws outside every band")
        for (i, b) in e.bands.enumerated() where b.probability == 0 {
            #expect(halves[2 * i] + halves[2 * i + 1] == 0)
        }
        let bandCounts = e.bands.indices.map { halves[2 * $0] + halves[2 * $0 + 1] }
        let chiBands = chiSquare(observed: bandCounts, probabilities: e.bands.map(\.probability))
        #expect(chiBands.df >= 1)
        #expect(chiBands.statistic <= chiBands.critical, "bands: \(chiBands.statistic) > \(chiBands.critical), counts \(bandCounts)")
        let chiHalves = chiSquare(observed: halves, probabilities: e.bands.flatMap { [$0.probability / 2, $0.probability / 2] })
        #expect(chiHalves.df >= 3)
        #expect(chiHalves.statistic <= chiHalves.critical, "halves: \(chiHalves.statistic) > \(chiHalves.critical), counts \(halves)")
    }

    @Test func cdfAtBandEdgesAndInside() {
        let e = Self.durations
        #expect(e.cdf(-5) == 0)
        #expect(e.cdf(0) == 0)
        #expect(abs(e.cdf(91.3) - 0.464) < 1e-12)
        #expect(abs(e.cdf(182.6) - 0.64) < 1e-12)
        #expect(abs(e.cdf(365) - 0.84) < 1e-12)
        #expect(abs(e.cdf(730) - 1) < 1e-12)
        #expect(abs(e.cdf(10_000) - 1) < 1e-12)
        // Linear within a band: halfway through band 3 adds half its probability.
        #expect(abs(e.cdf((182.6 + 365) / 2) - (0.64 + 0.1)) < 1e-12)
        #expect(abs(e.cdf(45.65) - 0.232) < 1e-12)

        let g = Self.gapped
        #expect(g.cdf(1) == 0)
        #expect(abs(g.cdf(1.5) - 0.15) < 1e-12)
        #expect(abs(g.cdf(2) - 0.3) < 1e-12)
        // Flat over the zero-probability band and the gap.
        #expect(abs(g.cdf(2.25) - 0.3) < 1e-12)
        #expect(abs(g.cdf(3) - 0.3) < 1e-12)
        #expect(abs(g.cdf(4) - 0.3) < 1e-12)
        #expect(abs(g.cdf(7) - 0.65) < 1e-12)
        #expect(abs(g.cdf(10) - 1) < 1e-12)
    }

    @Test("the empirical CDF of draws matches cdf() (4.5 binomial standard errors)")
    func empiricalCDF() throws {
        let e = Self.durations
        let sampler = try Sampler(.empirical(e))
        let stream = RandomStream(master: 10, replication: 0, name: "empirical-cdf")
        let n = 200_000
        let xs = (0..<n).map { _ in sampler.sample(stream) }
        for x in [10.0, 50, 91.3, 120, 200, 300, 400, 600, 700] {
            let f = e.cdf(x)
            let fHat = Double(xs.count(where: { $0 <= x })) / Double(n)
            #expect(abs(fHat - f) <= 4.5 * (f * (1 - f) / Double(n)).squareRoot(), "at \(x): \(fHat) vs \(f)")
        }
    }

    @Test func meanAndVarianceByHand() {
        // [1,2) 30%, [2,2.5) 0%, [4,10) 70%: mean 0.3 * 1.5 + 0.7 * 7 = 5.35.
        #expect(abs(Self.gapped.mean - 5.35) < 1e-12)
        // E[X^2] = 0.3 (1.5^2 + 1/12) + 0.7 (7^2 + 36/12) = 0.7 + 36.4 = 37.1; variance 37.1 - 5.35^2.
        #expect(abs(Self.gapped.variance - (37.1 - 5.35 * 5.35)) < 1e-12)
    }

    @Test func validBandsHaveNoProblems() {
        #expect(Self.durations.problems() == [])
        #expect(Self.gapped.problems() == [])
        // Probabilities summing to 1 within rounding.
        let thirds = EmpiricalBands(bands: (0..<3).map { .init(lower: Double($0), upper: Double($0 + 1), probability: 1.0 / 3) })
        #expect(thirds.problems() == [])
    }

    static func bands(_ b: [(Double, Double, Double)]) -> EmpiricalBands {
        EmpiricalBands(bands: b.map { .init(lower: $0.0, upper: $0.1, probability: $0.2) })
    }

    static let broken: [(EmpiricalBands, String)] = [
        (bands([(0, 1, 0.5), (1, 2, 0.4)]), "summing to 1"),
        (bands([(0, 1, 0.5), (1, 2, 0.6)]), "summing to 1"),
        (bands([(0, 2, 0.5), (1, 3, 0.5)]), "without overlap"),
        (bands([(2, 3, 0.5), (0, 1, 0.5)]), "without overlap"),
        (bands([(0, 1, 0.5), (2, 2, 0.5)]), "upper bound > lower bound"),
        (bands([(0, 1, 0.5), (3, 2, 0.5)]), "upper bound > lower bound"),
        (bands([(-1, 1, 0.5), (1, 2, 0.5)]), "lower bound >= 0"),
        (bands([(0, 1, 1.5), (1, 2, -0.5)]), "probability between 0 and 1"),
        (bands([(0, 1, 0.5), (1, .infinity, 0.5)]), "finite bounds"),
        (bands([(0, 1, .nan)]), "probability between 0 and 1"),
        (EmpiricalBands(bands: []), "at least one band"),
    ]

    @Test("problems() catches broken bands", arguments: broken)
    func problems(_ e: EmpiricalBands, _ mention: String) {
        let problems = e.problems()
        #expect(problems.contains { $0.contains(mention) }, "\(problems) should mention \(mention)")
        #expect(throws: InvalidParameters.self) { _ = try Sampler(.empirical(e)) }
    }
}
