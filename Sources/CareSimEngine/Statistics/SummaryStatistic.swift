import CGSL

/// Mean, standard deviation and Student-t 95% confidence interval of independent replicate
/// values. With one value the spread and interval are undefined (nil).
public struct SummaryStatistic: Sendable, Equatable {
    public let mean: Double
    public let sd: Double?
    public let ci95Low: Double?
    public let ci95High: Double?
    public let n: Int

    public init(_ values: [Double], confidence: Double = 0.95) {
        precondition(!values.isEmpty, "SummaryStatistic needs at least one value")
        // Two-pass for accuracy.
        let m = values.reduce(0, +) / Double(values.count)
        self.init(mean: m, sumOfSquares: values.count > 1 ? values.reduce(0) { $0 + ($1 - m) * ($1 - m) } : 0, n: values.count,
                  confidence: confidence)
    }

    /// From the two passes' results: the mean and the sum of squared deviations from it, for a
    /// caller that streams the values (the same arithmetic as the array form, in the same order).
    public init(mean m: Double, sumOfSquares ss: Double, n: Int, confidence: Double = 0.95) {
        self.n = n
        precondition(n > 0, "SummaryStatistic needs at least one value")
        mean = m
        guard n > 1 else {
            sd = nil
            ci95Low = nil
            ci95High = nil
            return
        }
        let s = (ss / Double(n - 1)).squareRoot()
        sd = s
        let half = Self.tQuantile(confidence: confidence, degreesOfFreedom: n - 1) * s / Double(n).squareRoot()
        ci95Low = m - half
        ci95High = m + half
    }

    /// The two-sided Student-t critical value, from GSL.
    public static func tQuantile(confidence: Double, degreesOfFreedom: Int) -> Double {
        gsl_cdf_tdist_Pinv(1 - (1 - confidence) / 2, Double(degreesOfFreedom))
    }

    /// The same for fractional degrees of freedom (Welch's interval for two unpaired samples).
    public static func tQuantile(confidence: Double, degreesOfFreedom: Double) -> Double {
        gsl_cdf_tdist_Pinv(1 - (1 - confidence) / 2, degreesOfFreedom)
    }

    /// Half-width of the interval at another confidence level (for family-wise corrections).
    public func halfWidth(confidence: Double) -> Double? {
        guard let sd, n > 1 else { return nil }
        return Self.tQuantile(confidence: confidence, degreesOfFreedom: n - 1) * sd / Double(n).squareRoot()
    }
}
