/// A distribution made ready to draw from: parameters checked and, for empirical bands, the
/// band table preprocessed once. Immutable and shareable across replications; each draw uses
/// the caller's stream.
public struct Sampler: Sendable {
    public let distribution: Distribution
    private let bandTable: DiscreteTable?
    private let bands: [EmpiricalBands.Band]

    /// Fails with the list of problems when the parameters are invalid.
    public init(_ distribution: Distribution) throws(InvalidParameters) {
        let problems = distribution.problems()
        guard problems.isEmpty else { throw InvalidParameters(distribution: distribution.name, problems: problems) }
        self.distribution = distribution
        if case .empirical(let e) = distribution {
            bands = e.bands
            bandTable = DiscreteTable(weights: e.bands.map(\.probability))
        } else {
            bands = []
            bandTable = nil
        }
    }

    public func sample(_ stream: RandomStream) -> Double {
        draw(stream)
    }

    func draw(_ s: RandomStream) -> Double {
        switch distribution {
        case .constant(let v): return v
        case .exponential(let m): return s.exponential(mean: m)
        case .gamma(let k, let theta): return s.gamma(shape: k, scale: theta)
        case .lognormal(let mu, let sigma): return s.lognormal(mu: mu, sigma: sigma)
        case .weibull(let k, let lambda): return s.weibull(shape: k, scale: lambda)
        case .beta(let a, let b): return s.beta(a, b)
        case .uniform(let lo, let hi): return lo + (hi - lo) * s.uniform()
        case .empirical:
            let band = bands[bandTable!.draw(s)]
            return band.lower + (band.upper - band.lower) * s.uniform()
        }
    }
}

/// Parameters that do not describe a valid distribution.
public struct InvalidParameters: Error, Equatable, CustomStringConvertible {
    public let distribution: String
    public let problems: [String]
    public var description: String { "\(distribution): expected \(problems.joined(separator: "; "))" }
}
