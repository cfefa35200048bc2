import CareSimEngine

/// Everything the England pathway model (docs/explanation/model.md, sections 2 and 3) needs,
/// decoded from a scenario's `pathway:`-model blocks. Durations are in calendar days unless a name
/// says working days; ages in years; probabilities are shares that sum to 1 where they are a
/// choice.
public struct PathwayParameters: Sendable {
    /// An age-banded choice: the first band whose upper age (years) the child is below applies;
    /// the last band's upper age is infinity.
    public struct AgeBanded<Choice: Sendable>: Sendable {
        public var bands: [(belowYears: Double, shares: [(choice: Choice, share: Double)])]

        public func shares(atAge years: Double) -> [(choice: Choice, share: Double)] {
            for band in bands where years < band.belowYears { return band.shares }
            return bands[bands.count - 1].shares
        }
    }

    // Calendar.
    public var startYear: Int, startMonth: Int, startDay: Int
    /// Metrics are measured over the year ending 31 March of this year.
    public var measureYearEnding: Int
    /// Placement stability (placements in the year) is reported for the year ending 31 March of
    /// this year (the statistics publish it for 2014, not 2015).
    public var stabilityYearEnding: Int
    /// The run goes on this many years after the measured year (and after the years costed), so
    /// that a compared cohort is followed for a whole year or more after joining.
    public var followUpYears = 0
    /// Arrivals, slots and initial stocks are multiplied by this; counts are divided by it when
    /// reported, so a reduced-scale run reports England-sized numbers.
    public var scale: Double
    /// Effect sizes at their distributions' means instead of drawn once per replication (no
    /// parameter uncertainty: for separating it from the model's own noise). Set by a run's
    /// `--central-effects`, not by scenario files.
    public var centralEffects = false

    // Referrals.
    /// New referrals per year (children, before re-referrals of children the model closed).
    public var freshReferralsPerYear: Double
    /// Growth of the referral rate per year (0.013 is 1.3% a year).
    public var trendPerYear: Double
    /// The fresh referral rate in a year ending 31 March (the key) times the value; other
    /// years at the rate (`referrals.by_year`).
    public var referralYearFactors: [Int: Double] = [:]
    /// The child population by year and the projected per-child referral rate after the
    /// measured year (`demand:`); nil: new referrals stay at the fitted rate.
    public var demand: Demand?
    /// Relative amplitude of a yearly cycle in referrals and the day of the year (from the
    /// start date) of its peak.
    public var seasonalAmplitude: Double
    public var seasonalPeakDay: Double
    /// P(sibling group has 1, 2, ... children referred together).
    public var siblingGroupSizes: [Double]
    /// Standard deviation (years) of a sibling's age around the first child's.
    public var siblingAgeSpreadYears: Double
    public var referralAge: Distribution
    /// Children referred before birth (`referrals.unborn`); nil: every child is referred at the
    /// age `referralAge` draws.
    public var unborn: UnbornReferrals? = nil
    /// Probability that a newly referred family's children had a CP plan before (history the
    /// simulation did not see), so a plan they start is a second or later one.
    public var previousPlanProbability: Double
    /// Needs factors recorded at assessment: each drawn per family with its probability.
    public var factors: [(name: String, probability: Double)]

    // Front door.
    public var frontDoorDays: Distribution
    /// Shares of referrals: no further action, assessed not in need, in need.
    public var noFurtherAction: Double
    public var assessedNotInNeed: Double
    /// The share of no-further-action referrals that are closed after an assessment rather than
    /// at the door (some LAs record NFA after assessing: more assessments than assessed referrals).
    public var nfaAfterAssessment = 0.0

    // Assessment.
    /// Assessments that can be in progress at once (social worker capacity).
    public var assessmentSlots: Int
    /// Further assessments of children whose episode of need is open, per child a year
    /// (`assessment.further_per_year`): counted among the assessments completed; they do not
    /// change the child's path (some LAs complete more assessments than referrals).
    public var furtherAssessmentsPerYear = 0.0
    /// Referral to completion, in working days.
    public var assessmentWorkingDays: Distribution
    /// After an in-need assessment, by the (first referred) child's age: close, CIN, section 47
    /// enquiry, care.
    public var afterAssessment: AgeBanded<AfterAssessment>

    // Section 47 and conference.
    public var section47WorkingDays: Distribution
    public var conferenceShare: Double
    public var planAfterConference: Double

    // Child in need (no CP plan, not looked after).
    public var cinCloseDays: Distribution
    public var cinSection47Days: Distribution
    public var cinCareDays: Distribution

    // CP plan.
    public var cpDays: Distribution
    public var afterCP: [(outcome: AfterPlan, share: Double)]

    // Care.
    public var legalRoutes: [(name: String, share: Double)]
    public var exitRoutes: AgeBanded<CareExit>
    public var exitDays: [CareExit: Distribution]
    public var placements: AgeBanded<PlacementType>
    public var placementMoveMeanDays: Double
    /// Shape of the gamma frailty on each child's placement move rate (smaller: more unequal).
    public var placementFrailtyShape: Double
    /// Weibull shape of the time to the next move from the start of a placement: below 1 a
    /// placement is most likely to break down early, 1 is a constant hazard.
    public var placementMoveShape: Double
    /// Move-rate multipliers by placement type (1 for types not named) and by age.
    public var placementMoveByType: [PlacementType: Double]
    public var placementMoveByAge: [(belowYears: Double, factor: Double)]
    public var placedForAdoptionDays: Distribution
    /// Multipliers on the time in care (every route but age 18) by age at entry, as
    /// `placementMoveByAge` (`care.time_by_age`; default 1).
    public var careTimeByAge: [(belowYears: Double, factor: Double)] = [(.infinity, 1)]
    /// Relative hazards of a CIN plan stepping up to a section 47 enquiry, by the child's age when
    /// the plan's ends are drawn, as `placementMoveByAge` (`cin.section47_by_age`; default 1).
    public var cinSection47ByAge: [(belowYears: Double, factor: Double)] = [(.infinity, 1)]
    /// After a section 47 enquiry that makes no CP plan, a child who was on a CIN plan carries
    /// that plan on, its ends drawn again given how long it has run (`cin.resume_after_section47`);
    /// false (the default): a new plan starts, drawn afresh.
    public var cinResumeAfterSection47 = false
    public var withParentsShare: Double
    public var withParentsDays: Distribution
    /// `care.by_year`: a year's exit-route shares and care-entry risks by age, relative to the
    /// scenario's (empty: none). For years the published shapes differ from the measured year's,
    /// such as a run warm-started a year before the England scenario's.
    public var careByYear: [Int: CareYear] = [:]
    /// Unaccompanied asylum-seeking children, who come straight into care (`care.unaccompanied`);
    /// nil: none.
    public var unaccompanied: UnaccompaniedChildren? = nil

    // After care.
    public var returnedHomeCloseDays: Distribution
    public var reentryProbability: Double
    public var reentryDays: Distribution
    public var reReferralProbability: Double
    public var reReferralDays: Distribution
    public var leaveAtYears: Double

    // Warm start.
    public var initial: InitialPopulation?

    /// Case-holding workers (`workforce:`); nil: cases need no worker.
    public var workforce: WorkforceParameters?

    /// Interventions (`interventions:`), at most eight.
    public var interventions: [InterventionParameters] = []

    /// Practice models, the direct-work link and wider effects (all optional).
    public var practice = PracticeModels()

    /// Placement providers with capacity (`placements:`) and unit costs (`costs:`), both optional.
    public var providers: PlacementProviders?
    public var costs: CostParameters?
}

extension PathwayParameters {
    /// The same scenario with every input that changes with time held constant: no referral
    /// trend, no seasonality, no year factors (referrals and unaccompanied arrivals), no
    /// demand projection (population and per-child rate held at the measured year's). With
    /// these, a run whose warm start is in balance with its rates should not move by itself;
    /// what it does move is the model's no-change drift.
    public func holdingInputs() -> PathwayParameters {
        var p = self
        p.trendPerYear = 0
        p.seasonalAmplitude = 0
        p.referralYearFactors = [:]
        p.unaccompanied?.yearFactors = [:]
        p.careByYear = [:]
        p.demand = nil
        return p
    }
}

/// One year of `care.by_year`, in effect from 1 April to 31 March of the year ending `year_ending`.
/// - `routeFactors`: each exit route's share multiplied by its factor (1 for routes not named), then
///   the shares of each age band rescaled to sum to 1. Acts where a route is drawn: at a care entry
///   and in a warm start at the start of that year.
/// - `entryAges`: a relative risk of entering care by the child's age, as `care.time_by_age`, at
///   each route into care (after an assessment, from a CIN plan, at the end of a CP plan).
public struct CareYear: Sendable {
    public var routeFactors: [CareExit: Double] = [:]
    public var entryAges: [(belowYears: Double, factor: Double)] = [(.infinity, 1)]

    public init(routeFactors: [CareExit: Double] = [:], entryAges: [(belowYears: Double, factor: Double)] = [(.infinity, 1)]) {
        self.routeFactors = routeFactors
        self.entryAges = entryAges
    }
}

/// Children referred before they are born (`referrals.unborn`): a referred family's first child
/// is unborn with probability `share`, and is born `daysBeforeBirth` after the referral (at most
/// `maxDaysBeforeBirth`, a full-term pregnancy). They are under 1 in every count by age; a care
/// entry due before birth waits for the birth, the child staying on its plan until then.
public struct UnbornReferrals: Sendable {
    public var share: Double
    public var daysBeforeBirth: Distribution
    public static let maxDaysBeforeBirth = 280.0

    public init(share: Double, daysBeforeBirth: Distribution) {
        self.share = share
        self.daysBeforeBirth = daysBeforeBirth
    }
}

/// Unaccompanied asylum-seeking children (`care.unaccompanied`): they arrive at `perYear`
/// (times a year's factor from `yearFactors`, a year ending 31 March) at an age drawn from
/// `age`, are referred and start care on the day, and stay until 18. They do not go through the
/// front door, assessment or edge-of-care services; their own families are abroad. A warm start
/// does not mark any child as unaccompanied: those looked after on its date are placed as any
/// child of their age.
public struct UnaccompaniedChildren: Sendable {
    public var perYear: Double
    public var yearFactors: [Int: Double] = [:]
    /// Age on arrival in years (default uniform on 15 to 18: most arrive at 16 or 17).
    public var age: Distribution = .uniform(min: 15, max: 18)
}

/// Where a warm start's children come from.
public struct InitialPopulation: Sendable {
    /// Published stocks at 31 March `year` for `area`, read from `dataDirectory`.
    public var area: String
    public var year: Int
    public var dataDirectory: String
    /// Upper end (days) given to the open "2 years or more" duration band.
    public var openBandUpperDays: Double
    /// Ages of the other children in need at the start: CIN cases, assessments and section 47
    /// enquiries in progress (`initial.cin_age`).
    public var cinAge: Distribution
    /// Ages of the children on CP plans at the start (`initial.cp_age`); nil: `cinAge`.
    public var cpAge: Distribution? = nil
    /// Multiplies the time still to run of the looked-after children built at the start (every
    /// exit route but age 18; a stay that would then run past 18 ends at 18). 1 takes the stock
    /// to be in equilibrium with the run's times in care; an LA fit sets it when its stock at the
    /// start was not (at 1, Kent's run-in year adopted 282 children against the 145 it published).
    public var careRemainingFactor: Double = 1
    /// Whether the closed cases inside their re-referral window are built too
    /// (`initial.closed_cases`, default true; false builds only the open cases, as before).
    public var closedCases: Bool = true
    /// The referrals in a year the closed-case pool is sized from (`initial.closed_cases_referrals`);
    /// nil: the published referrals in the year ending at the warm start.
    public var closedCaseReferrals: Double? = nil
    /// Where no census at or before `year` has the area's row, whether its children in need and CP
    /// plans are back-calculated from the next year's census (`initial.back_calculate`, default
    /// false: the cells are filled as suppressed ones are; `PublishedStocks.load(backCalculate:)`).
    public var backCalculate: Bool = false
    /// The shares of the children under 1 at the start who are not yet born (`initial.unborn`):
    /// on CP plans, and the other children in need; each is born within a `referrals.unborn`
    /// time to birth (a uniform share of a draw of it). Zero: none (and no draws).
    public var unbornCPShare: Double = 0
    public var unbornCINShare: Double = 0
}

/// What follows an assessment that found the child in need.
public enum AfterAssessment: String, CaseIterable, Sendable {
    case close, cin, section47, care
}

/// What follows a CP plan.
public enum AfterPlan: String, CaseIterable, Sendable {
    case cin, close, care
}

/// How a care episode ends (the looked-after statistics' reasons, grouped).
public enum CareExit: String, CaseIterable, Sendable {
    case returnedHome = "returned_home"
    case adoption
    case specialGuardianship = "special_guardianship"
    case childArrangements = "child_arrangements"
    /// Stays until the 18th birthday (independent living, adult services, "other" at 18).
    case age18 = "age_18"
    case other
}

/// Placement types of the looked-after tables.
public enum PlacementType: String, CaseIterable, Sendable {
    case foster
    case residential           // children's homes, secure units, hostels
    case withParents = "with_parents"
    case placedForAdoption = "placed_for_adoption"
    case otherCommunity = "other_community"
    case otherResidential = "other_residential"
    case residentialSchool = "residential_school"
    /// A No Wrong Door hub bed (a children's home bed run by the hub).
    case hubBed = "hub_bed"
}

/// Where a child is in the pathway.
public enum CaseState: UInt8, CaseIterable, Sendable {
    case referral, assessment, section47, cin, cp, care, returnedHome, closed

    public var name: String {
        switch self {
        case .referral: "referral"
        case .assessment: "assessment"
        case .section47: "section47"
        case .cin: "cin"
        case .cp: "cp"
        case .care: "looked_after"
        case .returnedHome: "returned_home"
        case .closed: "closed"
        }
    }
}

extension PathwayParameters {
    /// The factor of the first band of `bands` (`by_age` lists) whose upper age `age` is below.
    static func factor(of bands: [(belowYears: Double, factor: Double)], atAge age: Double) -> Double {
        bands.first { age < $0.belowYears }?.factor ?? 1
    }

    /// `care.time_by_age`'s multiplier for a child entering care at `age` years.
    func careTimeFactor(atAge age: Double) -> Double { Self.factor(of: careTimeByAge, atAge: age) }

    /// `cin.section47_by_age`'s relative hazard for a child in need aged `age` years.
    func cinStepUpFactor(atAge age: Double) -> Double { Self.factor(of: cinSection47ByAge, atAge: age) }

    /// The run's end (days from the start): 31 March of the latest of the measured year, the
    /// stability year, the last year costed (`costs.years`) and the follow-up after the measured
    /// year (`calendar.follow_up_years`).
    func horizon(_ calendar: SimulationCalendar) -> Double {
        max(calendar.endOfMarch(measureYearEnding), calendar.endOfMarch(stabilityYearEnding),
            calendar.endOfMarch(measureYearEnding - 1 + (costs?.years ?? 1)), calendar.endOfMarch(measureYearEnding + followUpYears))
    }
}
