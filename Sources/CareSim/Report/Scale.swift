import Foundation

/// A linear map from data to drawing coordinates, with "nice" tick values (1, 2, 2.5 or 5
/// times a power of ten) so axes read as round numbers.
public struct LinearScale: Sendable {
    public let domain: (Double, Double)
    public let range: (Double, Double)

    public init(domain: (Double, Double), range: (Double, Double)) {
        // A flat domain (one value) is widened so the map stays defined.
        let (a, b) = domain.0 == domain.1 ? (domain.0 - 1, domain.1 + 1) : domain
        self.domain = (a, b)
        self.range = range
    }

    public func callAsFunction(_ x: Double) -> Double {
        range.0 + (x - domain.0) / (domain.1 - domain.0) * (range.1 - range.0)
    }

    /// About `count` round values covering the domain.
    public func ticks(_ count: Int = 5) -> [Double] {
        let step = Self.niceStep((domain.1 - domain.0) / Double(max(1, count)))
        let first = (domain.0 / step).rounded(.up) * step
        return stride(from: first, through: domain.1 + step * 1e-9, by: step).map { abs($0) < step * 1e-9 ? 0 : $0 }
    }

    public static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let power = pow(10, floor(log10(raw)))
        let f = raw / power
        let nice: Double = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10
        return nice * power
    }

    /// A domain from `lo` to `hi` widened to round numbers, starting at 0 when every value is
    /// positive and 0 is not far below (counts read best from zero).
    public static func niceDomain(_ lo: Double, _ hi: Double, includeZero: Bool = true) -> (Double, Double) {
        var a = lo, b = hi
        if includeZero { a = min(a, 0); b = max(b, 0) }
        if a == b { return (a - 1, b + 1) }
        let step = niceStep((b - a) / 5)
        return ((a / step).rounded(.down) * step, (b / step).rounded(.up) * step)
    }
}
