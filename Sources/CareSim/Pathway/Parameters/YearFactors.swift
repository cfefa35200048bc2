/// Rate multipliers for whole years ending 31 March (a `by_year` list), as spans of simulation
/// days [from, to); days outside every listed year have factor 1.
struct YearFactors {
    let spans: [(from: Double, to: Double, factor: Double)]

    init(_ factors: [Int: Double], calendar: SimulationCalendar) {
        spans = factors.sorted { $0.key < $1.key }.map {
            (from: calendar.endOfMarch($0.key - 1), to: calendar.endOfMarch($0.key), factor: $0.value)
        }
    }

    func factor(at t: Double) -> Double {
        spans.first { t >= $0.from && t < $0.to }?.factor ?? 1
    }

    /// The largest factor, at least 1: a ceiling for thinning.
    var ceiling: Double { max(1, spans.map(\.factor).max() ?? 1) }
}
