/// A continuous distribution of a duration or a proportion, described by value.
///
/// Parameterisations follow GSL: gamma(shape, scale), lognormal(mu, sigma) of the underlying
/// normal, Weibull(shape, scale) with CDF 1 - exp(-(x/scale)^shape), beta(a, b).
/// Turn a description into a `Sampler` (once per run) to draw from it.
public enum Distribution: Equatable, Sendable {
    case constant(Double)
    case exponential(mean: Double)
    case gamma(shape: Double, scale: Double)
    case lognormal(mu: Double, sigma: Double)
    case weibull(shape: Double, scale: Double)
    case beta(a: Double, b: Double)
    case uniform(min: Double, max: Double)
    case empirical(EmpiricalBands)

    /// The name used in scenario files.
    public var name: String {
        switch self {
        case .constant: return "constant"
        case .exponential: return "exponential"
        case .gamma: return "gamma"
        case .lognormal: return "lognormal"
        case .weibull: return "weibull"
        case .beta: return "beta"
        case .uniform: return "uniform"
        case .empirical: return "empirical"
        }
    }

    /// What is wrong with the parameters, each as "what was expected"; empty when valid.
    public func problems() -> [String] {
        func positive(_ name: String, _ v: Double) -> [String] {
            v > 0 && v.isFinite ? [] : ["\(name) > 0, got \(v)"]
        }
        switch self {
        case .constant(let v):
            return v >= 0 && v.isFinite ? [] : ["a value >= 0, got \(v)"]
        case .exponential(let mean):
            return positive("mean", mean)
        case .gamma(let k, let theta), .weibull(let k, let theta):
            return positive("shape", k) + positive("scale", theta)
        case .lognormal(let mu, let sigma):
            return (mu.isFinite ? [] : ["a finite mu, got \(mu)"]) + positive("sigma", sigma)
        case .beta(let a, let b):
            return positive("a", a) + positive("b", b)
        case .uniform(let lo, let hi):
            return lo.isFinite && hi.isFinite && hi > lo && lo >= 0 ? [] : ["0 <= min < max, got \(lo)..\(hi)"]
        case .empirical(let bands):
            return bands.problems()
        }
    }

    public var mean: Double {
        switch self {
        case .constant(let v): return v
        case .exponential(let m): return m
        case .gamma(let k, let theta): return k * theta
        case .lognormal(let mu, let sigma): return exp(mu + sigma * sigma / 2)
        case .weibull(let k, let lambda): return lambda * tgamma(1 + 1 / k)
        case .beta(let a, let b): return a / (a + b)
        case .uniform(let lo, let hi): return (lo + hi) / 2
        case .empirical(let bands): return bands.mean
        }
    }

    public var variance: Double {
        switch self {
        case .constant: return 0
        case .exponential(let m): return m * m
        case .gamma(let k, let theta): return k * theta * theta
        case .lognormal(let mu, let sigma): return (exp(sigma * sigma) - 1) * exp(2 * mu + sigma * sigma)
        case .weibull(let k, let lambda):
            let g1 = tgamma(1 + 1 / k)
            return lambda * lambda * (tgamma(1 + 2 / k) - g1 * g1)
        case .beta(let a, let b): return a * b / ((a + b) * (a + b) * (a + b + 1))
        case .uniform(let lo, let hi): return (hi - lo) * (hi - lo) / 12
        case .empirical(let bands): return bands.variance
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
