import CareSimEngine

/// One metric in two arms run as pairs: each arm's mean, the mean paired difference
/// (alternative - base) with its Student-t 95% interval, and the variance reduction that
/// pairing bought.
///
/// The variance reduction is Var(A) + Var(B) over Var(A - B), all estimated from the runs: the
/// first is the variance of a difference between arms run with independent seeds (their
/// covariance is then zero), so the factor is how many times more replications independent
/// runs would need for the same interval. Pairs exist only when both arms give the metric in
/// every replication (a share can be undefined in one); otherwise only the means are reported.
public struct PairedDifference: Sendable {
    public let metric: String
    public let base: SummaryStatistic?
    public let alternative: SummaryStatistic?
    public let difference: SummaryStatistic?
    public let varianceReduction: Double?

    public init(metric: String, base b: [Double], alternative a: [Double]) {
        self.metric = metric
        base = b.isEmpty ? nil : SummaryStatistic(b)
        alternative = a.isEmpty ? nil : SummaryStatistic(a)
        guard b.count == a.count, !b.isEmpty else {
            difference = nil
            varianceReduction = nil
            return
        }
        let d = SummaryStatistic(zip(a, b).map { $0 - $1 })
        difference = d
        if let sa = alternative?.sd, let sb = base?.sd, let sd = d.sd, sd > 0 {
            varianceReduction = (sa * sa + sb * sb) / (sd * sd)
        } else {
            varianceReduction = nil
        }
    }

    /// The difference relative to the base mean (nil when the base mean is 0).
    public var relative: Double? {
        guard let d = difference, let b = base, b.mean != 0 else { return nil }
        return d.mean / b.mean
    }
}
