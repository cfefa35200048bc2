import CareSimEngine

/// Reclaiming Social Work units (Hackney model): a unit of a consultant social worker, a social
/// worker, a child practitioner, a unit coordinator and a clinician holds a shared caseload.
public struct RSWUnits: Sendable {
    /// Workforce teams (indices) organised as units (their allocation must be `unit`).
    public var teams: [Int]
    /// FTE of each role in a unit.
    public var composition: [(role: String, fte: Double)]
    /// Share of the practitioners' recording time the coordinator takes on.
    public var coordinatorRecordingCut: Distribution
    /// Weekly group case discussion, hours per practitioner (out of direct time).
    public var caseDiscussionHours: Double
    /// The clinician's systemic work with families on the edge of care.
    public var clinician: EdgeOfCareService
}
