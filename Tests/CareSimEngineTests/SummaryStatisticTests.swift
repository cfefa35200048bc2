import CareSimEngine
import Testing

@Suite("SummaryStatistic")
struct SummaryStatisticTests {
    @Test func knownMeanAndSD() {
        let s = SummaryStatistic([2, 4, 4, 4, 5, 5, 7, 9])
        #expect(s.n == 8)
        #expect(s.mean == 5)
        // Sum of squared deviations 32, n - 1 = 7.
        #expect(abs(s.sd! - (32.0 / 7).squareRoot()) < 1e-14)
    }

    @Test("95% CI half-width is t(0.975, n-1) sd / sqrt(n)")
    func confidenceInterval() throws {
        let s = SummaryStatistic([1, 2, 3, 4, 5])
        #expect(s.mean == 3)
        let sd = try #require(s.sd)
        #expect(abs(sd - 1.5811388300841898) < 1e-14)          // sqrt(10 / 4)
        #expect(abs(SummaryStatistic.tQuantile(confidence: 0.95, degreesOfFreedom: 4) - 2.7764451051977987) < 1e-9)
        // 2.7764451052 * 1.5811388301 / sqrt(5), by hand:
        let half = 1.9632431614775607
        #expect(abs(try #require(s.ci95High) - (3 + half)) < 1e-9)
        #expect(abs(try #require(s.ci95Low) - (3 - half)) < 1e-9)
        #expect(abs(try #require(s.halfWidth(confidence: 0.95)) - half) < 1e-9)
        // 99%: t(0.995, 4) = 4.604094871415897.
        // (The expected values are typed constants: written inside #expect, the literal arithmetic took
        // the type checker about 18 s of the test build.)
        let sd5: Double = 1.5811388300841898, root5: Double = 5.0.squareRoot()
        let half99: Double = 4.604094871415897 * sd5 / root5
        #expect(abs(try #require(s.halfWidth(confidence: 0.99)) - half99) < 1e-8)
        // Another confidence level for the stored interval; t(0.95, 4) = 2.131846786326649.
        let s90 = SummaryStatistic([1, 2, 3, 4, 5], confidence: 0.90)
        let high90: Double = 3 + 2.131846786326649 * sd5 / root5
        #expect(abs(try #require(s90.ci95High) - high90) < 1e-9)
    }

    @Test func largeSampleTQuantileApproachesNormal() {
        // t(0.975, 1e6) ~ z(0.975) = 1.959963984540054.
        #expect(abs(SummaryStatistic.tQuantile(confidence: 0.95, degreesOfFreedom: 1_000_000) - 1.959963984540054) < 1e-5)
        // t(0.975, 1) = tan(0.475 pi) = 12.706204736174707.
        #expect(abs(SummaryStatistic.tQuantile(confidence: 0.95, degreesOfFreedom: 1) - 12.706204736174707) < 1e-9)
    }

    @Test("one value has a mean but no spread or interval")
    func singleValue() {
        let s = SummaryStatistic([4.5])
        #expect(s.n == 1)
        #expect(s.mean == 4.5)
        #expect(s.sd == nil)
        #expect(s.ci95Low == nil)
        #expect(s.ci95High == nil)
        #expect(s.halfWidth(confidence: 0.95) == nil)
    }

    @Test func identicalValuesHaveZeroSpread() {
        let s = SummaryStatistic([2.5, 2.5, 2.5])
        #expect(s.sd == 0)
        #expect(s.ci95Low == s.mean && s.ci95High == s.mean)
    }
}
