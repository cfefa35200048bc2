/// A distribution of counts (sibling group sizes, numbers of events), drawn with GSL's
/// binomial, Poisson or general discrete samplers.
public enum CountDistribution: Equatable, Sendable {
    case binomial(n: Int, p: Double)
    case poisson(mean: Double)
    /// `values[i]` with probability proportional to `weights[i]`.
    case discrete(values: [Int], weights: [Double])

    public func problems() -> [String] {
        switch self {
        case .binomial(let n, let p):
            return (n >= 0 ? [] : ["n >= 0, got \(n)"]) + (p >= 0 && p <= 1 ? [] : ["0 <= p <= 1, got \(p)"])
        case .poisson(let m):
            return m >= 0 && m.isFinite ? [] : ["mean >= 0, got \(m)"]
        case .discrete(let values, let weights):
            var out: [String] = []
            if values.count != weights.count || values.isEmpty { out.append("as many values as weights, at least one") }
            if !weights.allSatisfy({ $0 >= 0 && $0.isFinite }) { out.append("weights >= 0") }
            if !weights.contains(where: { $0 > 0 }) { out.append("a positive weight") }
            return out
        }
    }

    public var mean: Double {
        switch self {
        case .binomial(let n, let p): return Double(n) * p
        case .poisson(let m): return m
        case .discrete(let v, let w):
            let t = w.reduce(0, +)
            return zip(v, w).reduce(0) { $0 + Double($1.0) * $1.1 } / t
        }
    }

    public var variance: Double {
        switch self {
        case .binomial(let n, let p): return Double(n) * p * (1 - p)
        case .poisson(let m): return m
        case .discrete(let v, let w):
            let t = w.reduce(0, +)
            let m = mean
            return zip(v, w).reduce(0) { $0 + (Double($1.0) - m) * (Double($1.0) - m) * $1.1 } / t
        }
    }
}

/// A count distribution made ready to draw from.
public struct CountSampler: Sendable {
    public let distribution: CountDistribution
    private let table: DiscreteTable?

    public init(_ distribution: CountDistribution) throws(InvalidParameters) {
        let problems = distribution.problems()
        guard problems.isEmpty else { throw InvalidParameters(distribution: "\(distribution)", problems: problems) }
        self.distribution = distribution
        if case .discrete(_, let w) = distribution { table = DiscreteTable(weights: w) } else { table = nil }
    }

    public func sample(_ s: RandomStream) -> Int {
        switch distribution {
        case .binomial(let n, let p): return s.binomial(n: n, p: p)
        case .poisson(let m): return s.poisson(mean: m)
        case .discrete(let values, _): return values[table!.draw(s)]
        }
    }
}
