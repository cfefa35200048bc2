import CareSimEngine

/// The practice models of a pathway scenario (docs/explanation/model.md, section 4), each a
/// mechanism: it changes who works on a case, how much direct time they have with the family, and
/// the hazards that follow from what the family does with that help. Every effect size is a
/// distribution sampled once per replication, so results carry the uncertainty about the effect as
/// well as noise.
public struct PracticeModels: Sendable {
    /// How direct time with a family changes its children's escalation hazards (`direct_work:`).
    public var directWork: DirectWork?
    public var rswUnits: RSWUnits?
    public var familySafeguarding: FamilySafeguarding?
    public var noWrongDoor: NoWrongDoor?
    /// Police and NHS events of families with parental risk factors (`wider_effects:`).
    public var wider: WiderEffects?

    public init() {}

    public var isEmpty: Bool { directWork == nil && rswUnits == nil && familySafeguarding == nil && noWrongDoor == nil && wider == nil }
}
