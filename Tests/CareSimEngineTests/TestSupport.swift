import CGSL
import Foundation

// Shared statistical helpers for the engine tests. They are written independently of the engine
// (no engine formula is reused here) so that a test compares the engine with a second derivation.

/// Sample mean and unbiased sample variance (two-pass).
func sampleMoments(_ xs: [Double]) -> (mean: Double, variance: Double) {
    let n = Double(xs.count)
    let m = xs.reduce(0, +) / n
    let ss = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) }
    return (m, ss / (n - 1))
}

/// Tolerance rules used throughout, stated once:
///
/// * Mean: the sample mean of N independent draws has standard error sigma / sqrt(N), and by the
///   CLT |xbar - mu| <= 4.5 sigma / sqrt(N) fails with probability about 7e-6.
/// * Variance: the unbiased sample variance s^2 has exact variance (mu4 - sigma^4 (N-3)/(N-1)) / N
///   (about (mu4 - sigma^4) / N for large N), with mu4 the fourth central moment computed
///   analytically in each test. We allow 5 standard errors:
///   |s^2 - sigma^2| <= 5 sqrt((mu4 - sigma^4 (N-3)/(N-1)) / N).
///   (The exact form matters for Bernoulli(1/2), where mu4 = sigma^4.)
func meanTolerance(sd: Double, n: Int) -> Double { 4.5 * sd / Double(n).squareRoot() }
func varianceTolerance(variance: Double, mu4: Double, n: Int) -> Double {
    let n = Double(n)
    return 5 * ((mu4 - variance * variance * (n - 3) / (n - 1)) / n).squareRoot()
}

/// Fourth central moment from the first four raw moments.
func centralFourth(_ m1: Double, _ m2: Double, _ m3: Double, _ m4: Double) -> Double {
    m4 - 4 * m1 * m3 + 6 * m1 * m1 * m2 - 3 * m1 * m1 * m1 * m1
}

/// Pearson chi-square goodness of fit of `observed` counts to `probabilities` (same ordered
/// categories, probabilities summing to 1). Adjacent categories are pooled until each expected
/// count is at least 5 (the usual validity rule); the leftover tail joins the last group.
/// Returns the statistic, the degrees of freedom (groups - 1) and the 0.1% critical value
/// `gsl_cdf_chisq_Qinv(0.001, df)`: a correct sampler exceeds it with probability 0.001.
func chiSquare(observed: [Int], probabilities: [Double]) -> (statistic: Double, df: Int, critical: Double) {
    precondition(observed.count == probabilities.count)
    let total = Double(observed.reduce(0, +))
    var groups: [(o: Double, e: Double)] = []
    var o = 0.0, e = 0.0
    for i in observed.indices {
        o += Double(observed[i])
        e += total * probabilities[i]
        if e >= 5 {
            groups.append((o, e))
            o = 0
            e = 0
        }
    }
    if o > 0 || e > 0 {
        if groups.isEmpty { groups.append((o, e)) } else { groups[groups.count - 1].o += o; groups[groups.count - 1].e += e }
    }
    let statistic = groups.reduce(0.0) { acc, g in
        g.e > 0 ? acc + (g.o - g.e) * (g.o - g.e) / g.e : (g.o > 0 ? .infinity : acc)
    }
    let df = groups.count - 1
    return (statistic, df, df > 0 ? gsl_cdf_chisq_Qinv(0.001, Double(df)) : 0)
}
