import CareSimEngine

/// Family Safeguarding (Hertfordshire): adult specialists attached to children's teams work
/// with parents whose domestic abuse, mental ill-health or substance misuse put the children at
/// risk; a shared workbook cuts recording time.
public struct FamilySafeguarding: Sendable {
    public struct Specialist: Sendable {
        public var role: String
        /// Parental factors (indices into the scenario's factors) this specialist works with.
        public var factors: [Int]
        public var posts: Int
        /// Families (cases) a specialist works with at once.
        public var casesEach: Int
    }

    public var teams: [Int]
    /// Stages at which specialists join a family (of those the teams' cases reach).
    public var stages: Set<CaseState>
    public var specialists: [Specialist]
    /// P(a parent engages with the specialist) (motivational interviewing).
    public var engagement: Distribution
    /// Relative probability that an initial conference makes a CP plan when the family is
    /// engaged with its specialists (at a section 47 enquiry).
    public var planIfEngaged: Distribution
    /// P(an engaged parent's risk reduces) and the time it takes from allocation.
    public var change: Distribution
    public var changeDays: Distribution
    /// Relative escalation hazard of the children once the family's risk has reduced.
    public var riskAfterChange: Distribution
    /// P(a child in care goes home at the next review after the family's risk reduced).
    public var reunification: Distribution
    /// How long a specialist works with a family at most.
    public var workDays: Distribution
    /// Multiplier on the team's recording time (the workbook).
    public var recordingMultiplier: Distribution
}
