/// The two naive forecasts every projection is judged against, from an area's published
/// figures up to the last year before the projection.
public enum NaiveForecast: String, Sendable, CaseIterable {
    /// The last published value, carried forward.
    case persistence
    /// The least-squares line through the last three published values, extended.
    case linearTrend = "linear_trend"

    /// The forecast `horizon` years after `last` from `history` (year -> value); nil when the
    /// values it needs are not published.
    public func forecast(_ history: [Int: Double], last: Int, horizon: Int) -> Double? {
        switch self {
        case .persistence:
            return history[last]
        case .linearTrend:
            let years = [last - 2, last - 1, last]
            let values = years.compactMap { history[$0] }
            guard values.count == 3 else { return nil }
            // Years -1, 0, 1 about the middle one: slope (v3 - v1) / 2, level the mean.
            let mean = values.reduce(0, +) / 3
            let slope = (values[2] - values[0]) / 2
            return max(0, mean + slope * Double(1 + horizon))
        }
    }
}
