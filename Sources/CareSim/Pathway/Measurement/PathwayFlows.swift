/// Where a counted move starts or ends: a stage of the pathway, or a way into or out of the
/// system. Resolved to an integer index on the hot path; named only when files are written.
public enum FlowEndpoint: Hashable, Sendable {
    case state(CaseState)
    /// A family's fresh referral (the move into `referral`).
    case newReferral
    /// An unaccompanied asylum-seeking child's arrival (the move into `looked_after`).
    case unaccompaniedArrival
    /// A care episode ended other than by going home: the child leaves the system.
    case ceased(CareExit)
    /// The case closed and the child will not be re-referred.
    case caseClosed
    /// The 18th birthday.
    case leftAt18

    /// Every endpoint, in index order.
    public static let all: [FlowEndpoint] =
        CaseState.allCases.map { .state($0) } + [.newReferral, .unaccompaniedArrival]
        + CareExit.allCases.map { .ceased($0) } + [.caseClosed, .leftAt18]
    public static let count = all.count

    /// The endpoint's position in `all`.
    @inline(__always)
    public var index: Int {
        switch self {
        case .state(let s): Int(s.rawValue)
        case .newReferral: CaseState.allCases.count
        case .unaccompaniedArrival: CaseState.allCases.count + 1
        case .ceased(let route): CaseState.allCases.count + 2 + route.index
        case .caseClosed: CaseState.allCases.count + 2 + CareExit.allCases.count
        case .leftAt18: CaseState.allCases.count + 3 + CareExit.allCases.count
        }
    }

    /// The name written in `flows.csv` and drawn in the report's pathway diagram.
    public var name: String {
        switch self {
        case .state(let s): s.name
        case .newReferral: "new_referral"
        case .unaccompaniedArrival: "unaccompanied_arrival"
        case .ceased(let route): "ceased_" + route.rawValue
        case .caseClosed: "case_closed"
        case .leftAt18: "left_at_18"
        }
    }
}

extension CareExit {
    /// The route's position in `allCases`.
    @inline(__always)
    var index: Int {
        switch self {
        case .returnedHome: 0
        case .adoption: 1
        case .specialGuardianship: 2
        case .childArrangements: 3
        case .age18: 4
        case .other: 5
        }
    }
}

/// Moves between stages, and into and out of the system, counted per year ending 31 March
/// (year index 0 is the first year simulated, the last takes anything after it).
public struct PathwayFlows: Sendable {
    /// counts[year][from.index * FlowEndpoint.count + to.index].
    private var counts: [[Int]]
    /// The end of each year but the last (31 March, as a simulation day).
    private let yearEnds: [Double]
    /// The year of the last move counted (moves arrive in time order; a cursor, not a search).
    private var year = 0

    init(years: Int, yearEnds: [Double]) {
        counts = Array(repeating: Array(repeating: 0, count: FlowEndpoint.count * FlowEndpoint.count), count: years)
        self.yearEnds = Array(yearEnds.prefix(max(0, years - 1)))
    }

    public var years: Int { counts.count }

    @inline(__always)
    mutating func count(_ from: FlowEndpoint, _ to: FlowEndpoint, at now: Double) {
        if year > 0, now < yearEnds[year - 1] { year = 0 }
        while year < yearEnds.count, now >= yearEnds[year] { year += 1 }
        counts[year][from.index * FlowEndpoint.count + to.index] += 1
    }

    /// The moves counted in year `year` from `from` to `to`.
    public func count(year: Int, from: FlowEndpoint, to: FlowEndpoint) -> Int {
        counts[year][from.index * FlowEndpoint.count + to.index]
    }

    /// The moves from `from` to `to` over every year.
    public func total(from: FlowEndpoint, to: FlowEndpoint) -> Int {
        counts.indices.reduce(0) { $0 + count(year: $1, from: from, to: to) }
    }

    /// The kinds of move counted in year `year` (count above zero), ordered by the names of
    /// their origin and then their destination, as `flows.csv` lists them.
    public func moves(year: Int) -> [(from: FlowEndpoint, to: FlowEndpoint, count: Int)] {
        var moves: [(from: FlowEndpoint, to: FlowEndpoint, count: Int)] = []
        for from in FlowEndpoint.all {
            for to in FlowEndpoint.all {
                let n = count(year: year, from: from, to: to)
                if n > 0 { moves.append((from, to, n)) }
            }
        }
        return moves.sorted { ($0.from.name, $0.to.name) < ($1.from.name, $1.to.name) }
    }
}

extension PlacementType {
    /// The type's position in `allCases`.
    @inline(__always)
    var index: Int {
        switch self {
        case .foster: 0
        case .residential: 1
        case .withParents: 2
        case .placedForAdoption: 3
        case .otherCommunity: 4
        case .otherResidential: 5
        case .residentialSchool: 6
        case .hubBed: 7
        }
    }
}
