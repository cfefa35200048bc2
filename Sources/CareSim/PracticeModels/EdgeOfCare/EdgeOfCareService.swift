import CareSimEngine

/// A service for children on the edge of care: when a care entry is about to happen, it works
/// with the family for a while instead. The crisis resolves with probability
/// 1 - exp(-rate x hours of direct work delivered); then the child stays at home (on a CIN
/// plan), otherwise the care entry goes ahead when the work ends.
public struct EdgeOfCareService: Sendable {
    public var minAge: Double
    public var maxAge: Double
    /// Children worked with at once (before scale), in all.
    public var places: Int
    public var workDays: Distribution
    public var hoursPerWeek: Double
    /// Hazard of the crisis resolving per hour of direct work.
    public var resolvePerHour: Distribution
}
