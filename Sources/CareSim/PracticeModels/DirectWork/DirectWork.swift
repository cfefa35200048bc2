import CareSimEngine

/// The link from a worker's time to outcomes (`direct_work:`). A case's direct hours a week are
/// its worker's (or unit's) case-holding FTE times `hoursPerFTEWeek` times the share of their
/// time in direct work, divided by the cases they hold. Escalation hazards (CIN to section 47 or
/// care, a CP plan ending in care, care straight after assessment) are multiplied by
/// (hours / referenceHours)^-elasticity, kept within [1/2, 2]; a case waiting for a worker gets
/// no direct time (the upper bound).
public struct DirectWork: Sendable {
    public var hoursPerFTEWeek: Double
    /// Direct hours per case a week at which the pathway's hazards apply unchanged.
    public var referenceHours: Double
    public var elasticity: Distribution
}
