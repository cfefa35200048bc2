import CareSimEngine

/// The unpaired difference of two runs' means, alternative - base, with Welch's 95% interval
/// (unequal variances, Welch-Satterthwaite degrees of freedom) from each `summary.csv`'s mean,
/// sd and n. Used when the report compares two run directories: they may not share random
/// numbers, so nothing can be paired. When both were run with one seed they do share them
/// (keyed streams), and this interval is then conservative: `caresim compare` gives the paired one.
enum WelchDifference {
    static func make(base: MetricSummary?, alternative: MetricSummary?, metric: String) -> MetricDifference {
        var d = MetricDifference(metric: metric, base: base?.mean, alternative: alternative?.mean, difference: nil, low: nil, high: nil,
                                 n: min(base?.n ?? 0, alternative?.n ?? 0), paired: false)
        guard let b = base, let a = alternative, let mb = b.mean, let ma = a.mean else { return d }
        let diff = ma - mb
        d.difference = diff
        guard let sb = b.sd, let sa = a.sd, b.n > 1, a.n > 1 else { return d }
        let vb = sb * sb / Double(b.n), va = sa * sa / Double(a.n)
        let se = (vb + va).squareRoot()
        guard se > 0 else {
            d.low = diff
            d.high = diff
            return d
        }
        let df = (vb + va) * (vb + va) / (vb * vb / Double(b.n - 1) + va * va / Double(a.n - 1))
        let half = SummaryStatistic.tQuantile(confidence: 0.95, degreesOfFreedom: df) * se
        d.low = diff - half
        d.high = diff + half
        return d
    }

    /// Every metric of either run, in the base's order then the alternative's new ones.
    static func all(base: [MetricSummary], alternative: [MetricSummary]) -> [MetricDifference] {
        let b = Dictionary(base.map { ($0.metric, $0) }, uniquingKeysWith: { x, _ in x })
        let a = Dictionary(alternative.map { ($0.metric, $0) }, uniquingKeysWith: { x, _ in x })
        let names = base.map(\.metric) + alternative.map(\.metric).filter { b[$0] == nil }
        return names.map { make(base: b[$0], alternative: a[$0], metric: $0) }
    }
}
