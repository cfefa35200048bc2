import CGSL
import Foundation

extension Distribution {
    /// The `p` quantile (0 < p < 1), from GSL's inverse CDFs; nil for an empirical distribution.
    public func quantile(_ p: Double) -> Double? {
        precondition(p > 0 && p < 1, "a quantile's probability is between 0 and 1")
        switch self {
        case .constant(let v): return v
        case .exponential(let m): return gsl_cdf_exponential_Pinv(p, m)
        case .gamma(let k, let theta): return gsl_cdf_gamma_Pinv(p, k, theta)
        case .lognormal(let mu, let sigma): return gsl_cdf_lognormal_Pinv(p, mu, sigma)
        case .weibull(let k, let lambda): return gsl_cdf_weibull_Pinv(p, lambda, k)
        case .beta(let a, let b): return gsl_cdf_beta_Pinv(p, a, b)
        case .uniform(let lo, let hi): return lo + p * (hi - lo)
        case .empirical: return nil
        }
    }

    /// Where 95% of draws fall: the 2.5% and 97.5% quantiles.
    public var range95: (low: Double, high: Double)? {
        guard let lo = quantile(0.025), let hi = quantile(0.975) else { return nil }
        return (lo, hi)
    }

    /// The same family with its central 95% range moved to `low`...`high`: exactly for the
    /// lognormal (mu and sigma from the logs of the ends) and the uniform (the ends); by moments
    /// for the others (mean at the midpoint, standard deviation a quarter of the range's width, as
    /// for a normal's 95% range, which a skewed family's quantiles then follow only roughly: the
    /// caller shows the range the new parameters give). nil when the range does not fit the family
    /// (a beta outside 0...1, a negative duration, low >= high).
    public func withRange95(low: Double, high: Double) -> Distribution? {
        guard low.isFinite, high.isFinite, low < high else { return nil }
        let z = gsl_cdf_ugaussian_Pinv(0.975)
        let mean = (low + high) / 2, sd = (high - low) / (2 * z)
        switch self {
        case .lognormal:
            guard low > 0 else { return nil }
            return .lognormal(mu: (log(low) + log(high)) / 2, sigma: (log(high) - log(low)) / (2 * z))
        case .uniform: return .uniform(min: low, max: high)
        case .beta:
            guard low >= 0, high <= 1, sd * sd < mean * (1 - mean) else { return nil }
            let k = mean * (1 - mean) / (sd * sd) - 1
            return .beta(a: mean * k, b: (1 - mean) * k)
        case .gamma:
            guard low >= 0 else { return nil }
            return .gamma(shape: mean * mean / (sd * sd), scale: sd * sd / mean)
        case .exponential:
            guard low >= 0 else { return nil }
            return .exponential(mean: mean)
        case .constant: return .constant(mean)
        case .weibull, .empirical: return nil
        }
    }

    /// The parameters as a scenario file names them, in order.
    public var parameters: [(name: String, value: Double)] {
        switch self {
        case .constant(let v): return [("value", v)]
        case .exponential(let m): return [("mean", m)]
        case .gamma(let k, let theta): return [("shape", k), ("scale", theta)]
        case .lognormal(let mu, let sigma): return [("mu", mu), ("sigma", sigma)]
        case .weibull(let k, let lambda): return [("shape", k), ("scale", lambda)]
        case .beta(let a, let b): return [("a", a), ("b", b)]
        case .uniform(let lo, let hi): return [("min", lo), ("max", hi)]
        case .empirical: return []
        }
    }
}
