/// The headline measures of every year to 31 March of the run, for `years.csv`: the whole LA's,
/// counted at the same points and in the same way as the measured year's (PathwayEvents,
/// Stocks.countOpen), so the measured year's values are the summary's. Flows are counted in
/// each year wholly inside the run, [end of 31 March Y-1, end of 31 March Y); stocks at each
/// 31 March a `yearEnd` event marks (the years `placements_in_year.*` covers). Counts are
/// unscaled. It draws no random numbers and schedules nothing.
public struct PathwayYears: Sendable {
    /// The measures, in the order `years.csv` lists them, named as `summary.csv` names them.
    public enum Measure: Int, CaseIterable, Sendable {
        case referrals, assessmentsCompleted, section47, cpStarted, cpOpen, cinOpen, lookedAfterOpen, lookedAfterStarted, lookedAfterCeased

        public var name: String {
            switch self {
            case .referrals: "referrals"
            case .assessmentsCompleted: "assessments_completed"
            case .section47: "section47_enquiries"
            case .cpStarted: "cp_plans_started"
            case .cpOpen: "cp_plans_open"
            case .cinOpen: "children_in_need_open"
            case .lookedAfterOpen: "looked_after_open"
            case .lookedAfterStarted: "looked_after_started"
            case .lookedAfterCeased: "looked_after_ceased"
            }
        }

        /// Open at 31 March (a stock), rather than counted over the year (a flow).
        public var isStock: Bool { self == .cpOpen || self == .cinOpen || self == .lookedAfterOpen }
    }

    /// The year ending of the first flow year and of the first stock count.
    public let firstFlowYear: Int
    public let firstStockYear: Int
    /// flowCounts[year][measure.rawValue] (stock measures stay 0 here).
    public private(set) var flowCounts: [[Int]]
    /// stockCounts[k][measure.rawValue], one per 31 March counted (flow measures stay 0 here).
    public private(set) var stockCounts: [[Int]] = []
    /// Each flow year's start and end (simulation days).
    private let starts: [Double], ends: [Double]
    private var year = 0

    /// `endOfMarch(Y)`: the simulation day 31 March of year Y ends; `horizon`: the run's end.
    init(startYear: Int, horizon: Double, endOfMarch: (Int) -> Double) {
        var first = startYear + 1
        while endOfMarch(first - 1) < 0 { first += 1 }
        var starts: [Double] = [], ends: [Double] = []
        var y = first
        while endOfMarch(y) <= horizon {
            starts.append(endOfMarch(y - 1))
            ends.append(endOfMarch(y))
            y += 1
        }
        firstFlowYear = first
        firstStockYear = startYear + 1
        self.starts = starts
        self.ends = ends
        flowCounts = Array(repeating: Array(repeating: 0, count: Measure.allCases.count), count: starts.count)
    }

    /// The year endings of the flow years, and of the stock counts made.
    public var flowYears: [Int] { (0..<flowCounts.count).map { firstFlowYear + $0 } }
    public var stockYears: [Int] { (0..<stockCounts.count).map { firstStockYear + $0 } }

    /// Counts one `measure` (a flow) at `now`; nothing outside the years wholly inside the run.
    @inline(__always)
    mutating func count(_ measure: Measure, at now: Double) {
        guard !ends.isEmpty, now >= starts[0] else { return }
        if now < starts[year] { year = 0 }
        while year < ends.count, now >= ends[year] { year += 1 }
        guard year < ends.count else {
            year = ends.count - 1
            return
        }
        flowCounts[year][measure.rawValue] += 1
    }

    mutating func appendStocks(cpOpen: Int, cinOpen: Int, lookedAfterOpen: Int) {
        var row = Array(repeating: 0, count: Measure.allCases.count)
        row[Measure.cpOpen.rawValue] = cpOpen
        row[Measure.cinOpen.rawValue] = cinOpen
        row[Measure.lookedAfterOpen.rawValue] = lookedAfterOpen
        stockCounts.append(row)
    }

    /// Every (measure, year ending) with a count, in `years.csv` order: by measure, then year.
    public var cells: [(measure: Measure, year: Int)] {
        Measure.allCases.flatMap { m in (m.isStock ? stockYears : flowYears).map { (measure: m, year: $0) } }
    }

    /// The count of each of `cells`, in order.
    public var counts: [Int] {
        Measure.allCases.flatMap { m in
            m.isStock ? stockCounts.map { $0[m.rawValue] } : flowCounts.map { $0[m.rawValue] }
        }
    }
}

extension PathwayReplication {
    /// The flows of the year counted for `years.csv`, whatever year it is (not while the warm
    /// start places children, whose arrival is not an event of the run).
    @inline(__always)
    func countYear(_ event: PathwayEvent, _ now: Double) {
        guard !placing else { return }
        switch event {
        case .referred, .unaccompaniedArrived: years.count(.referrals, at: now)
        case .assessmentCompleted: years.count(.assessmentsCompleted, at: now)
        case .section47Started: years.count(.section47, at: now)
        case .cpStarted: years.count(.cpStarted, at: now)
        case .careEntered: years.count(.lookedAfterStarted, at: now)
        case .careCeased: years.count(.lookedAfterCeased, at: now)
        default: break
        }
    }

    /// 31 March: the stocks open, counted as `countOpen` counts the measured year's.
    func countYearStocks() {
        var cp = 0, cin = 0, care = 0
        for (i, c) in children.enumerated() where hot[i].live {
            let state = hot[i].state
            if c.inNeedAtCensus(state) { cin += 1 }
            if state == .cp { cp += 1 }
            if state == .care { care += 1 }
        }
        years.appendStocks(cpOpen: cp, cinOpen: cin, lookedAfterOpen: care)
    }
}
