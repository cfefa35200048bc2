/// The financial years (1 April to 31 March) of a run, in simulation days: year index 0 is the
/// one that starts on day 0.
struct FinancialYears: Sendable {
    /// ends[i]: the day on which year i ends (the end of its 31 March).
    let ends: [Double]
    /// The year ending 31 March of index 0.
    let firstYearEnding: Int

    init(calendar: SimulationCalendar, startYear: Int, until horizon: Double) {
        var out: [Double] = []
        var y = startYear + 1
        repeat {
            out.append(calendar.endOfMarch(y))
            y += 1
        } while out.last! < horizon
        ends = out
        firstYearEnding = startYear + 1
    }

    var count: Int { ends.count }

    /// The index of the year containing day t (the last year for t at or after the horizon).
    func index(of t: Double) -> Int {
        var i = 0
        while i < ends.count - 1, t >= ends[i] { i += 1 }
        return i
    }

    /// Splits [from, to) across the years: body(year index, days in it).
    func split(_ from: Double, _ to: Double, _ body: (Int, Double) -> Void) {
        guard to > from else { return }
        var a = from
        var i = index(of: from)
        while a < to {
            let b = i == ends.count - 1 ? to : min(to, ends[i])
            if b > a { body(i, b - a) }
            a = b
            i += 1
        }
    }
}
