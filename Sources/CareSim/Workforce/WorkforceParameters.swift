import CareSimEngine

/// The case-holding workforce of a pathway scenario (`workforce:`): teams of posts with caseload
/// limits and time budgets, and turnover with vacancies and agency cover.
public struct WorkforceParameters: Sendable {
    /// How a team holds cases.
    public enum Allocation: String, Sendable, CaseIterable {
        /// Each worker holds their own cases (a standard team).
        case individual
        /// The unit holds a shared caseload (Reclaiming Social Work): one holder per unit.
        case unit
    }

    /// How a worker's time splits (shares summing to 1).
    public struct TimeBudget: Sendable, Equatable {
        public var direct: Double
        public var recording: Double
        public var travel: Double
    }

    /// Which cases a team takes: children in an age range, from families with any of some
    /// needs factors (indices into the scenario's factors; empty: any family), living in a
    /// range of localities (families are spread evenly over [0, 1): [0, 0.4) is 40% of them,
    /// four localities of ten).
    public struct Cohort: Sendable {
        public var minAge: Double
        public var maxAge: Double
        public var factors: [Int]
        public var localities: Range<Double> = 0..<1
    }

    public struct Team: Sendable {
        public var name: String
        /// The cases this team takes; nil: any case no earlier team with a cohort took. A case
        /// goes to the first team, in order, whose cohort it is in.
        public var serves: Cohort?
        public var allocation: Allocation
        public var role: String
        /// Posts (workers, or units for a unit team).
        public var posts: Int
        /// Case-holding FTE per post (a unit's case-holding FTE for a unit team).
        public var fte: Double
        /// Cases a post may hold at once.
        public var caseloadLimit: Int
        public var time: TimeBudget
    }

    public var teams: [Team]
    /// Hazard of a worker leaving, per worker-year.
    public var leavePerYear: Double
    /// Share of leavers replaced at once by agency staff (the rest leave the post vacant).
    public var agencyShare: Double
    /// How long an agency worker stays before a permanent appointment.
    public var agencyDays: Distribution
    /// How long a post stays vacant when not covered by agency staff.
    public var vacancyDays: Distribution
}
