/// What every event and the monthly stock count read of a child, 24 bytes, in an array of its
/// own (PathwayReplication.hot): checking whether an event is stale, and the child's age, touch
/// this alone, not the child's whole record (`Child`, about 200 bytes).
struct ChildHot {
    /// Date of birth (simulation days).
    var born: Double
    /// Changes on every change of state: events scheduled for an earlier state go stale.
    var token: Int32
    /// Changes when the slot is released: the age-18 event of a previous occupant goes stale.
    var generation: Int32
    var state: CaseState
    var live: Bool
    var placement: PlacementType
    /// Where an assessment stands with the assessment slots (Assessment.swift).
    var slot: AssessmentSlot = .none

    static let empty = ChildHot(born: .nan, token: 0, generation: 0, state: .closed, live: false, placement: .foster)
}

/// An assessment's hold on the assessment slots: none yet (waiting for a worker), waiting in
/// the queue for one (PathwayReplication.slotQueue; a child who leaves while waiting is marked
/// `none`, and the queue skips their entry when it comes up), or holding one until it completes.
enum AssessmentSlot: UInt8 {
    case none, queued, holding
}

/// The rest of one simulated child: the decisions pending and the history the statistics count.
/// Kept while their case is open (or may be re-referred); the slot is reused afterwards. Its
/// state and date of birth are in `ChildHot`.
struct Child {
    // Fields ordered by alignment (8-, 4-, 2-, then 1-byte), so the record has no padding.
    var referredAt: Double
    var previousReferral: Double
    /// Start of the open CIN episode (NaN: none).
    var episodeStart: Double
    var stateSince: Double
    var cpStart: Double
    /// When the CIN plan that stepped up to the current section 47 enquiry started (NaN: the
    /// enquiry did not come from a CIN plan); `cin.resume_after_section47` carries it on.
    var cinPlanStart: Double
    /// Placement moves per day for this child (frailty included).
    var moveRate: Double
    var careEnds: Double
    /// When the current (or last) care episode began.
    var careEntered: Double
    // Practice models (PracticeMechanisms).
    /// When the pending end of the current state falls (for rescheduling it earlier).
    var endsAt: Double
    /// When the family's risk reduced (infinity: it has not).
    var changeAt: Double
    /// When the child was referred to an edge-of-care service (NaN: never, or not counted).
    var edgeReferredAt: Double
    /// The child's key and decision counts for keyed draws (ChildDraws).
    var draws: ChildDraws
    /// When the child joined the compared cohort (infinity: not in it). See CohortMeasures.
    var cohortFrom: Double
    var factors: UInt32
    /// The family's draws, shared by siblings referred together: engagement, change, going home.
    var familyDraw: (engage: Float, change: Float, home: Float)
    /// CP plans this child has had (including any before the simulation).
    var cpPlans: Int16
    /// Placements in the current stability year, and that year's index (-1: none).
    var placementsInYear: Int16
    var placementYear: Int16
    /// Placements in the current year to 31 March, and that year's index from the warm start
    /// (the same rule as the stability year's, kept for every year of the run).
    var placementsThisYear: Int16
    var placementsYearIndex: Int16
    // History while the case is open (or may be re-referred): counts of referrals, completed
    // assessments, care episodes and placements (CP plans are `cpPlans`).
    var referrals: Int16
    var assessments: Int16
    var careEpisodes: Int16
    var placements: Int16
    /// Front-door outcome of the current referral.
    var frontDoor: FrontDoorOutcome
    /// What follows the assessment if in need (shared by siblings referred together).
    var afterAssessment: AfterAssessment
    var exitRoute: CareExit
    var legalRoute: UInt8
    /// In the final phase of a care episode (placed for adoption, or placed with parents before
    /// returning home): no more placement moves.
    var finalPhase: Bool
    /// Counted in `looked_after_during_year` of the measured year.
    var countedLookedAfter: Bool
    /// Competing choice for the pending end of the CIN or returned-home state (and `.care` for an
    /// unborn child kept on its CP plan until its birth, `awaitBirth`).
    var choice: PendingEnd
    /// Interventions serving the child (bit i: intervention i).
    var served: UInt8
    /// The first child of its sibling group (counts the family's wider events once).
    var familyLead: Bool
    /// Adult specialist groups working with the family (bit g: group g).
    var specialists: UInt8
    /// Edge-of-care work: 0 none, 1 an RSW clinician, 2 No Wrong Door outreach; and whether the
    /// child has had it in this care decision.
    var edgeService: UInt8
    var edgeTried: Bool
    /// The No Wrong Door hub has served the child (outreach or a hub bed): its events count in
    /// the `no_wrong_door` group from then on (PracticeModelGroup).
    var servedByHub: Bool
    /// Whether it joined while at home (not looked after).
    var cohortAtHome: Bool
    /// An unaccompanied asylum-seeking child (`care.unaccompanied`).
    var unaccompanied: Bool

    static let empty = Child(
        referredAt: .nan, previousReferral: -.infinity, episodeStart: .nan, stateSince: 0,
        cpStart: .nan, cinPlanStart: .nan, moveRate: 0, careEnds: .nan, careEntered: .nan, endsAt: .infinity, changeAt: .infinity, edgeReferredAt: .nan,
        draws: .none, cohortFrom: .infinity, factors: 0, familyDraw: (1, 1, 1), cpPlans: 0, placementsInYear: 0, placementYear: -1,
        placementsThisYear: 0, placementsYearIndex: -1, referrals: 0, assessments: 0, careEpisodes: 0, placements: 0,
        frontDoor: .noFurtherAction, afterAssessment: .close, exitRoute: .other, legalRoute: 0, finalPhase: false,
        countedLookedAfter: false, choice: .close, served: 0, familyLead: true, specialists: 0, edgeService: 0, edgeTried: false,
        servedByHub: false, cohortAtHome: false, unaccompanied: false)

    var inEpisode: Bool { !episodeStart.isNaN }
    /// Counted among the children in need at 31 March: in an episode of need, or being assessed
    /// whatever the assessment will find. The census counts every open referral that was not
    /// closed at the door; an assessment that ends "not in need" closes it in a later year.
    func inNeedAtCensus(_ state: CaseState) -> Bool { inEpisode || state == .assessment }
    /// When the case counted by `inNeedAtCensus` opened: the episode's start, or the referral
    /// being assessed.
    var openSince: Double { inEpisode ? episodeStart : referredAt }
}
