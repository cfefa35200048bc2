import CareSimEngine

/// The practice models answer the pathway's hooks (PathwayMechanism) here, each hook passing to
/// the models it concerns; what each model does is in its own folder (DirectWork,
/// FamilySafeguarding, EdgeOfCare, NoWrongDoor, RSWUnits, WiderEffects).
extension PracticeState: PathwayMechanism {
    /// Escalation points take the direct-work hazard and, once a family's risk has reduced,
    /// Family Safeguarding's (PathwayReplication.escalation); the conference, Family
    /// Safeguarding's engaged families; re-referral, reduced risk alone; placement breakdown,
    /// No Wrong Door's key worker.
    func factor(at point: PathwayPoint, child id: Int32, now: Double, in r: PathwayReplication) -> Double {
        switch point {
        case .assessmentToCare, .cinToSection47, .cinToCare, .cpToCare, .returnHomeToReentry:
            return r.escalation(id, now)
        case .conferenceToPlan:
            return r.conferencePlan(id)
        case .closedToReReferral:
            return r.children[Int(id)].changeAt <= now ? riskAfterChange : 1
        case .placementBreakdown:
            return r.isNWDAdolescent(id, now) ? keyWorkerMoves : 1
        case .cpLength, .careLength, .residentialPlacement, .assessmentToSection47, .section47ToConference:
            return 1
        }
    }

    func entering(_ state: CaseState, child id: Int32, now: Double, in r: PathwayReplication) {}

    /// Family Safeguarding's specialists join a family at its stages (or when its case is given a worker).
    func entered(_ state: CaseState, child id: Int32, now: Double, in r: PathwayReplication) {
        r.allocateSpecialists(id, now)
    }

    /// Edge-of-care work (RSW clinicians, No Wrong Door outreach) takes a care entry when it has
    /// a place; otherwise the entry counts against an earlier referral to it.
    func takesCareEntry(child id: Int32, now: Double, in r: PathwayReplication) -> Bool {
        if r.deferToEdge(id, now) { return true }
        r.countEdgeOutcome(id, now)
        return false
    }

    /// A child in care leaves a hub bed for a new placement, which may be a hub bed (No Wrong Door).
    func placement(_ type: PlacementType, child id: Int32, now: Double, allowHub: Bool, in r: PathwayReplication) -> PlacementType {
        guard r.hot[Int(id)].state == .care else { return type }
        r.freeHubBed(id)
        return r.hubPlacement(id, type, now, allowHub: allowHub)
    }

    /// Edge-of-care places and hub beds are freed.
    func leaving(child id: Int32, now: Double, in r: PathwayReplication) {
        r.endEdgeWork(id)
        if r.hot[Int(id)].state == .care { r.freeHubBed(id) }
    }
}
