import CareSimEngine

/// No Wrong Door (North Yorkshire): for adolescents in or on the edge of care, a hub with
/// residential beds and outreach, and one consistent key worker.
public struct NoWrongDoor: Sendable {
    /// The hub's outreach for adolescents on the edge of care.
    public var outreach: EdgeOfCareService
    /// Hub residential beds (before scale): an adolescent whose placement would be a children's
    /// home goes to a hub bed when one is free, for `stayDays`, then to a family placement with
    /// probability `stepToFamily` (otherwise to a children's home).
    public var hubBeds: Int
    public var stayDays: Distribution
    public var stepToFamily: Distribution
    /// Relative placement breakdown hazard of adolescents in care with a consistent key worker.
    public var keyWorkerMoves: Distribution
    /// Relative rate of missing episodes with a key worker.
    public var keyWorkerMissing: Distribution
}
