/// What one replication of the pathway model counted, unscaled (divide by the scale to report
/// England-sized numbers). Flows are over the measured year; stocks at its end (31 March).
public struct PathwayMeasures: Sendable {
    /// The census and looked-after statistics' duration bands: under 3 months, 3 to 6 months,
    /// 6 to 12 months, 1 to 2 years, 2 years or more (days).
    public static let durationBandEdges: [Double] = [91.3125, 182.625, 365.25, 730.5]
    public static let ageBandEdges: [Double] = [1, 5, 10, 16]
    public static let ageBandNames = ["under_1", "1_to_4", "5_to_9", "10_to_15", "16_plus"]

    /// The band of `x` among bands with upper edges `edges` (the last band is open).
    static func band(_ x: Double, _ edges: [Double]) -> Int {
        var b = 0
        while b < edges.count, x >= edges[b] { b += 1 }
        return b
    }

    public static func durationBand(_ days: Double) -> Int { band(days, durationBandEdges) }
    /// `band(years, ageBandEdges)` unrolled (the monthly stock count asks it of every child).
    @inline(__always)
    public static func ageBand(_ years: Double) -> Int {
        (years >= 1 ? 1 : 0) + (years >= 5 ? 1 : 0) + (years >= 10 ? 1 : 0) + (years >= 16 ? 1 : 0)
    }

    public var referrals = 0
    public var reReferrals12Months = 0
    public var noFurtherAction = 0
    public var assessedNotInNeed = 0
    public var assessmentsCompleted = 0
    /// Completed assessments by working days from referral to completion, in whole days
    /// (the last bin collects everything longer).
    public var assessmentWorkingDays = [Int](repeating: 0, count: 401)
    public var assessmentWaitDays = 0.0
    public var assessmentStarts = 0
    public var inNeedAssessments = 0
    public var factorCounts: [Int] = []
    public var section47 = 0
    public var conferences = 0
    public var cpStarted = 0
    public var cpSecondOrLater = 0
    public var cpEnded = 0
    public var cpEndedBands = [Int](repeating: 0, count: 5)
    public var cinStarted = 0
    public var cinEnded = 0
    public var cinEndedBands = [Int](repeating: 0, count: 5)
    public var lookedAfterStarted = 0
    public var lookedAfterCeased = 0
    public var ceasedByRoute = [Int](repeating: 0, count: CareExit.allCases.count)
    public var entryAgeBands = [Int](repeating: 0, count: 5)
    public var legalRoutes: [Int] = []
    public var lookedAfterDuringYear = 0
    public var reentries = 0
    /// Unaccompanied asylum-seeking children who started care (`care.unaccompanied`), and those
    /// looked after at the end.
    public var unaccompaniedStarted = 0
    public var unaccompaniedOpen = 0
    // At the end of the measured year.
    public var cinOpen = 0
    /// Children in need at the end by open-case duration (from the referral that opened the case).
    public var cinOpenBands = [Int](repeating: 0, count: 5)
    public var cpOpen = 0
    /// Children on CP plans at the end by age band (PathwayMeasures.ageBand).
    public var cpAgeBands = [Int](repeating: 0, count: 5)
    public var lookedAfterOpen = 0
    public var lookedAfterAgeBands = [Int](repeating: 0, count: 5)
    public var placementCounts = [Int](repeating: 0, count: PlacementType.allCases.count)
    /// Children looked after at the end of the stability year by placements in that year:
    /// 1, 2, 3 or more.
    public var placementsInYear = [0, 0, 0]
    /// The same for every year to 31 March of the run (index 0: the year after the warm start),
    /// whole LA: children looked after at the year's end by 1, 2, 3+ placements in that year.
    public var placementsByYear: [[Int]] = []

    // Workforce (with a `workforce:` block).
    /// Waits for allocation to a worker, of cases allocated in the window.
    public var allocationWaitDays = 0.0
    public var allocations = 0
    /// Worker changes of cases that closed in the window.
    public var workerChanges = 0
    public var casesClosed = 0
    /// Cases per filled case-holding FTE at the monthly samples in the window.
    public var caseloadSamples: [Double] = []
    /// At the end of the window: agency FTE and filled FTE, vacant and all posts, cases waiting.
    public var agencyFTE = 0.0
    public var filledFTE = 0.0
    public var vacantPosts = 0
    public var posts = 0
    public var unallocated = 0

    // Per team (with a workforce): cases allocated (and their waits), CP plans started and care
    // entries by children whose case the team held, and the team's mean caseload per FTE at
    // the monthly samples.
    public var teamAllocations: [Int] = []
    public var teamAllocationWaitDays: [Double] = []
    public var teamCPStarts: [Int] = []
    public var teamCareEntries: [Int] = []
    public var teamCaseloadSamples: [[Double]] = []
    /// Days in care in the measured year of children whose case the team holds; CP plans and
    /// looked-after children of the team at the year's end.
    public var teamCareDays: [Double] = []
    /// The part of them in care episodes that began in the measured year.
    public var teamEntrantCareDays: [Double] = []
    public var teamCPOpen: [Int] = []
    public var teamLookedAfterOpen: [Int] = []

    // Interventions: per intervention, children who joined in the window, and what happened to
    // the children it served (care entries, CP plans started, days in care within the window).
    public var interventionJoined: [Int] = []
    public var interventionCareEntries: [Int] = []
    public var interventionCPStarts: [Int] = []
    public var interventionCareDays: [Double] = []
    /// Each intervention's effect multipliers drawn for this replication (by effect name).
    public var interventionEffects: [[String: Double]] = []
    /// What the practice models did.
    public var practice = PracticeMeasures()
    /// Per financial year, for costs and placement sufficiency (nil without costs: or placements:).
    public var costs: CostMeasures?
    /// The pathway measures above (referrals to placements in the year) of each practice-model
    /// group, in `PracticeModelGroup.groups` order; empty when the run is not split. Their counts
    /// sum to the whole run's; their own workforce, team, intervention and practice measures stay
    /// empty.
    public var byPracticeModel: [PathwayMeasures] = []

    /// Median of the working-day histogram (linear within the bin, as a census median of whole
    /// days would be reported).
    public var assessmentMedianWorkingDays: Double? {
        let total = assessmentWorkingDays.reduce(0, +)
        guard total > 0 else { return nil }
        let half = Double(total) / 2
        var cumulative = 0.0
        for (d, n) in assessmentWorkingDays.enumerated() {
            if cumulative + Double(n) >= half {
                return Double(d) + (half - cumulative) / Double(max(n, 1))
            }
            cumulative += Double(n)
        }
        return Double(assessmentWorkingDays.count - 1)
    }

    /// Share of completed assessments within `limit` working days.
    public func assessmentsWithin(workingDays limit: Int) -> Double? {
        let total = assessmentWorkingDays.reduce(0, +)
        guard total > 0 else { return nil }
        return Double(assessmentWorkingDays[0..<min(limit + 1, assessmentWorkingDays.count)].reduce(0, +)) / Double(total)
    }
}

/// One stock count: children at a state (and, for looked-after children, a placement type) in
/// an age band, at a sampling time.
public struct PathwayStock: Sendable {
    public var time: Double
    public var state: CaseState
    public var ageBand: Int
    public var placement: PlacementType?
    public var count: Int
}

/// Caseloads per filled case-holding FTE in one team at a sampling time.
public struct CaseloadSample: Sendable {
    public var time: Double
    public var team: String
    public var role: String
    public var mean: Double
    public var p10: Double
    public var p50: Double
    public var p90: Double
    public var filledPosts: Int
    public var vacantPosts: Int
    public var agencyPosts: Int
}

/// Everything one replication produced.
public struct PathwayResult: Sendable {
    public var measures: PathwayMeasures
    public var stocks: [PathwayStock]
    /// Monthly caseloads by team (empty without a workforce).
    public var caseloads: [CaseloadSample] = []
    /// Moves between states and out of the system per year ending 31 March.
    public var flows: PathwayFlows
    /// The headline measures of every year to 31 March (years.csv).
    public var years: PathwayYears
    /// Children created (placed by the warm start or referred), those who left the simulation
    /// by each route, and those still present at the end by stage: created = left + present.
    public var created: Int
    public var departures: [String: Int]
    public var present: [CaseState: Int]
    public var eventsHandled: Int
    public var peakChildren: Int
    /// With a cohort (caresim compare): what happened to it, and who joined when (key -> day).
    public var cohort: CohortMeasures?
    public var cohortJoined: [UInt64: CohortEntry] = [:]
}
