/// Direct work in the measured year.
public struct DirectWorkMeasures: Sendable {
    /// Share of case-holding time in direct work, FTE-weighted over filled posts, monthly.
    public var shareSamples: [Double] = []

    /// The mean of the monthly shares (nil: none sampled), summary.csv's `direct_work_share`.
    var meanShare: Double? { shareSamples.isEmpty ? nil : shareSamples.reduce(0, +) / Double(shareSamples.count) }
}
