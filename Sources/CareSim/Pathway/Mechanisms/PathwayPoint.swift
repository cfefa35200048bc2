/// A named point of the pathway, a (stage, transition) pair, where what acts on children besides
/// the pathway's own rates (interventions and practice models: PathwayMechanism) may scale a
/// hazard, a probability or a length. The stages ask for the factor at these points and nowhere
/// else, so a new mechanism needs no change to a stage.
enum PathwayPoint: Int, CaseIterable {
    /// Assessment: care straight after it (a relative risk).
    case assessmentToCare
    /// CIN plan: stepping up to a section 47 enquiry (a relative hazard).
    case cinToSection47
    /// CIN plan: entering care (a relative hazard).
    case cinToCare
    /// Initial conference: a CP plan (a relative probability).
    case conferenceToPlan
    /// CP plan: its length (a multiplier).
    case cpLength
    /// CP plan: ending in care (a relative risk).
    case cpToCare
    /// Care: the time until the exit route (a multiplier).
    case careLength
    /// Care: a placement breaking down (a multiplier on the move rate).
    case placementBreakdown
    /// Care: a new placement being residential (a relative risk).
    case residentialPlacement
    /// Returned home: re-entering care (a relative risk).
    case returnHomeToReentry
    /// Closed case: re-referral (a relative risk).
    case closedToReReferral
    /// Assessment: a section 47 enquiry straight after it (a relative risk; demand's
    /// `section47` conversion only).
    case assessmentToSection47
    /// Section 47 enquiry: an initial conference (a relative probability; demand's
    /// `conference` conversion only).
    case section47ToConference

    /// The point an intervention's effect (`interventions.<name>.effects.<effect>`) acts at.
    init(_ effect: InterventionParameters.Effect) {
        switch effect {
        case .assessmentCare: self = .assessmentToCare
        case .cinStepUp: self = .cinToSection47
        case .cinCare: self = .cinToCare
        case .conferencePlan: self = .conferenceToPlan
        case .cpDays: self = .cpLength
        case .cpCare: self = .cpToCare
        case .careDays: self = .careLength
        case .placementMoves: self = .placementBreakdown
        case .residential: self = .residentialPlacement
        case .reentry: self = .returnHomeToReentry
        case .reReferral: self = .closedToReReferral
        }
    }
}
