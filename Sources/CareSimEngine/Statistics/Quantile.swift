/// Sample quantiles of replicate values: Hyndman and Fan's type 7, linear interpolation between
/// order statistics (R's default, numpy's `linear`): for n sorted values x[0...n-1] the `q`
/// quantile is x[j] + g (x[j+1] - x[j]) with h = (n - 1) q, j = floor(h), g = h - j.
public enum Quantile {
    /// The `q` quantile (0...1) of `sorted` (ascending). With one value, that value; with none, NaN.
    public static func type7(_ sorted: [Double], _ q: Double) -> Double {
        precondition(q >= 0 && q <= 1, "a quantile's probability is between 0 and 1")
        guard sorted.count > 1 else { return sorted.first ?? .nan }
        let h = Double(sorted.count - 1) * q
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    /// The `q` quantiles of `values` in any order (sorted once).
    public static func type7(of values: [Double], _ qs: [Double]) -> [Double] {
        let sorted = values.sorted()
        return qs.map { type7(sorted, $0) }
    }
}
