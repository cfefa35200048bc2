import CareSimEngine

/// A generic intervention (`interventions:` in a pathway scenario): who is eligible, how many it
/// can serve at once, what it costs, and its effects on named mechanisms of the pathway. Every
/// effect is a distribution sampled once per replication, so results carry the uncertainty
/// about the effect as well as the model's noise. Family Group Conferences, skilled
/// administrators, segmentation or Pause are expressed this way, without new code.
public struct InterventionParameters: Sendable {
    /// The mechanisms an intervention can act on, each a multiplier for children it serves.
    public enum Effect: String, CaseIterable, Sendable {
        /// Relative hazard of stepping up from CIN to a section 47 enquiry.
        case cinStepUp = "cin_step_up"
        /// Relative hazard of entering care from CIN.
        case cinCare = "cin_care"
        /// Relative risk of entering care straight after an assessment.
        case assessmentCare = "assessment_care"
        /// Relative probability of a CP plan after a conference.
        case conferencePlan = "conference_plan"
        /// Multiplier on the length of a CP plan.
        case cpDays = "cp_days"
        /// Relative risk that a CP plan ends in care.
        case cpCare = "cp_care"
        /// Multiplier on the time in care until the exit route.
        case careDays = "care_days"
        /// Multiplier on the placement move rate.
        case placementMoves = "placement_moves"
        /// Relative risk that a new placement is residential (children's home, secure, hostel).
        case residential
        /// Relative risk of re-entering care after returning home.
        case reentry
        /// Relative risk of re-referral after a case closes.
        case reReferral = "re_referral"
    }

    public var name: String
    /// Children join when they enter one of these stages and meet the rest.
    public var stages: Set<CaseState>
    public var minAge: Double
    public var maxAge: Double
    /// Needs factors (indices into the scenario's factors): a family with any of them is
    /// eligible; empty: no factor needed.
    public var factors: [Int]
    /// Teams (indices into the workforce's teams) whose cases are eligible; empty: any.
    public var teams: [Int] = []
    /// Share of eligible children offered the intervention.
    public var share: Double
    /// Children served at once (before scale); nil: no limit.
    public var capacity: Int?
    public var costPerChild: Double
    public var setupCost: Double
    public var effects: [(effect: Effect, multiplier: Distribution)]
}
