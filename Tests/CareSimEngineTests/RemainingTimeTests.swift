import CareSimEngine
import Foundation
import Testing

/// `Sampler.remaining(after:)`: the time still to run of a stay that has lasted a while, drawn
/// from the distribution conditional on exceeding it (the warm start's remaining times).
@Suite("Remaining time after an elapsed stay")
struct RemainingTimeTests {
    static func mean(_ s: Sampler, after elapsed: Double, n: Int = 40_000, name: String) -> (mean: Double, sd: Double, min: Double) {
        let stream = RandomStream(master: 17, replication: 0, name: name)
        let xs = (0..<n).map { _ in s.remaining(after: elapsed, stream) }
        let m = xs.reduce(0, +) / Double(n)
        let v = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)
        return (m, v.squareRoot(), xs.min()!)
    }

    @Test("exponential stays are memoryless: the remaining time has the same mean")
    func exponential() throws {
        let s = try Sampler(.exponential(mean: 50))
        let r = Self.mean(s, after: 200, name: "exp")
        #expect(abs(r.mean - 50) < 4 * 50 / Double(40_000).squareRoot())
        #expect(r.min >= 0)
    }

    @Test("empirical bands are truncated exactly: uniform on (0, 100) after 60 leaves uniform on (0, 40)")
    func empiricalSingleBand() throws {
        let s = try Sampler(.empirical(EmpiricalBands(bands: [.init(lower: 0, upper: 100, probability: 1)])))
        let r = Self.mean(s, after: 60, name: "one-band")
        let sd = 40 / 12.0.squareRoot()
        #expect(abs(r.mean - 20) < 4 * sd / Double(40_000).squareRoot())
        #expect(abs(r.sd - sd) < 0.02 * sd)
    }

    @Test("empirical bands: the cut band and the bands above are reweighted by their remaining mass")
    func empiricalTwoBands() throws {
        // Bands (0, 100) with 0.5 and (100, 300) with 0.5; after 50 the remaining mass is 0.25
        // in (50, 100) and 0.5 in (100, 300): P(D < 100 | D > 50) = 1/3.
        let s = try Sampler(.empirical(EmpiricalBands(bands: [.init(lower: 0, upper: 100, probability: 0.5),
                                                              .init(lower: 100, upper: 300, probability: 0.5)])))
        let stream = RandomStream(master: 18, replication: 0, name: "two-bands")
        let n = 60_000
        let short = (0..<n).filter { _ in s.remaining(after: 50, stream) < 50 }.count
        let p = Double(short) / Double(n)
        #expect(abs(p - 1.0 / 3) < 4 * (1.0 / 3 * 2 / 3 / Double(n)).squareRoot())
        // Expected remaining: 1/3 x 25 + 2/3 x (150 - 50 + 0) = 8.33 + 100 = 108.33.
        let r = Self.mean(s, after: 50, name: "two-bands-mean")
        #expect(abs(r.mean - 108.333) < 1.5)
    }

    @Test("no mass beyond the elapsed time: the stay ends at once")
    func nothingLeft() throws {
        let s = try Sampler(.empirical(EmpiricalBands(bands: [.init(lower: 0, upper: 10, probability: 1)])))
        let stream = RandomStream(master: 19, replication: 0, name: "none")
        #expect(s.remaining(after: 20, stream) == 0)
    }

    @Test("other distributions by rejection: a gamma's remaining time exceeds zero and its mean is the conditional mean")
    func gammaByRejection() throws {
        // Gamma(shape 1) is exponential: the rejection path must give the memoryless answer too.
        let s = try Sampler(.gamma(shape: 1, scale: 30))
        let r = Self.mean(s, after: 20, name: "gamma")
        #expect(abs(r.mean - 30) < 4 * 30 / Double(40_000).squareRoot())
        #expect(r.min >= 0)
    }
}
