/// The front door's decision on a referral, drawn when the family is referred (or the child
/// re-referred) and acted on when the front-door time ends.
enum FrontDoorOutcome: UInt8 {
    /// No further action at the door: the case closes when the front-door time ends.
    case noFurtherAction
    /// Assessed, and found not in need: the case closes when the assessment ends.
    case assessedNotInNeed
    /// Assessed and in need: an episode of need starts at the referral.
    case inNeed
    /// Counted as no further action, but assessed first (`front_door.nfa_after_assessment`).
    case noFurtherActionAfterAssessment

    /// The door's order of outcomes in `front_door` (the first three; the fourth is drawn apart).
    static let drawn: [FrontDoorOutcome] = [.noFurtherAction, .assessedNotInNeed, .inNeed]
}

/// How the pending end of the child's current state goes, drawn when the state is entered.
enum PendingEnd: UInt8 {
    /// A CIN plan closes; a child at home after care has their case closed.
    case close
    /// A CIN plan steps up to a section 47 enquiry.
    case section47
    /// A CIN plan ends in care.
    case care
    /// Edge-of-care work ended with the crisis resolved: the child stays at home on a CIN plan.
    case edgeWorkResolved
    /// Edge-of-care work ended without: the care entry it held back goes ahead.
    case edgeWorkFailed
    /// A child at home after care comes back into care.
    case reentry

    /// A CIN plan's competing ends, in the order `cinEnd` draws their times.
    static let cinEnds: [PendingEnd] = [.close, .section47, .care]
}
