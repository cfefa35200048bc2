/// A piecewise-uniform distribution over published bands, such as "under 3 months 46.4%,
/// 3 to 6 months 17.6%, ...": a band is chosen with its probability, then a value uniformly
/// within it. Every band needs a finite upper bound; an open band ("2 years or more") is given
/// one by the scenario, which should say why.
public struct EmpiricalBands: Equatable, Sendable {
    public struct Band: Equatable, Sendable {
        public var lower: Double
        public var upper: Double
        public var probability: Double
        public init(lower: Double, upper: Double, probability: Double) {
            self.lower = lower
            self.upper = upper
            self.probability = probability
        }
    }

    public var bands: [Band]

    public init(bands: [Band]) { self.bands = bands }

    /// Problems with the bands, in words; empty when they are usable.
    public func problems() -> [String] {
        var out: [String] = []
        if bands.isEmpty { out.append("at least one band") }
        for (i, b) in bands.enumerated() {
            if !(b.lower.isFinite && b.upper.isFinite) { out.append("band \(i + 1): finite bounds") }
            if !(b.lower >= 0) { out.append("band \(i + 1): a lower bound >= 0, got \(b.lower)") }
            if !(b.upper > b.lower) { out.append("band \(i + 1): upper bound > lower bound, got \(b.lower)..\(b.upper)") }
            if !(b.probability >= 0 && b.probability <= 1) {
                out.append("band \(i + 1): a probability between 0 and 1, got \(b.probability)")
            }
            if i > 0, b.lower < bands[i - 1].upper {
                out.append("band \(i + 1): bands in increasing order without overlap")
            }
        }
        let total = bands.reduce(0) { $0 + $1.probability }
        if !bands.isEmpty, abs(total - 1) > 1e-6 {
            out.append("band probabilities summing to 1, got \(total)")
        }
        return out
    }

    public var mean: Double {
        bands.reduce(0) { $0 + $1.probability * ($1.lower + $1.upper) / 2 }
    }

    public var variance: Double {
        let secondMoment = bands.reduce(0) { acc, b in
            let m = (b.lower + b.upper) / 2
            let w = b.upper - b.lower
            return acc + b.probability * (w * w / 12 + m * m)
        }
        return secondMoment - mean * mean
    }

    /// The exact CDF at `x` (linear within each band).
    public func cdf(_ x: Double) -> Double {
        var total = 0.0
        for b in bands {
            if x >= b.upper { total += b.probability }
            else if x > b.lower { total += b.probability * (x - b.lower) / (b.upper - b.lower) }
        }
        return total
    }
}
