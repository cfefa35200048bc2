import CareSimEngine
import DequeModule
import Foundation

/// One replication of the England pathway model: families are referred, children move through
/// the front door, assessment (a queue for social worker slots), section 47 enquiries and
/// conferences, CIN and CP plans, care with placements and moves, return home and re-entry,
/// closure and re-referral, and leave at 18.
///
/// Each child draws each kind of decision from its own keyed stream (ChildDraws), so changing one
/// part of the pathway, or one child's path, does not shift the numbers others draw; arrivals,
/// the warm start and post turnover draw from sequential named streams.
final class PathwayReplication {
    enum Kind: Int32 {
        case familyArrival = 0, stateEnd, placementMove, finalPhase, ageOut, stockSample
        case measureStart, measureEnd, stabilityStart, stabilityEnd
        case workerLeaves, postFilled
        case practiceStarts, familyChange, specialistsEnd
        case unaccompaniedArrival
        /// 31 March: placements in the year ending, for every year of the run.
        case yearEnd
        /// Every year: the 18th birthdays falling in the next year are scheduled.
        case birthdaySweep
        /// A family referred on top of the fitted rate, in a year demand has projected above it.
        case demandFamilyArrival
    }

    let p: PathwayParameters
    let samplers: PathwaySamplers
    let calendar: SimulationCalendar
    var sim = Simulator()
    /// The children by slot, in two arrays: what every event and the monthly stock count read
    /// (`hot`, 24 bytes a child), and the rest. A released slot is reused (`free`), so the arrays
    /// follow the children open at once, not the children ever simulated; they grow by chunks,
    /// never copied (ChunkedArray).
    /// When the next yearly sweep of 18th birthdays falls (LeavingAt18).
    var nextBirthdaySweep = PathwayReplication.birthdaySweepDays
    let hot = ChunkedArray<ChildHot>()
    let children = ChunkedArray<Child>()
    var free: [Int32] = []
    var live = 0
    var peak = 0
    /// Children waiting for an assessment slot, first come first served; an entry whose child has
    /// left (`ChildHot.slot` no longer `.queued`, or the slot reused) is skipped when it comes up.
    var slotQueue = Deque<(id: Int32, generation: Int32)>()
    var busySlots = 0
    /// Assessment slots now: the fitted number, or with `demand.capacity: follows` that times
    /// the year's demand factor (set at each 31 March).
    var slots: Int
    let fittedSlots: Int
    var m = PathwayMeasures()
    /// How children are attributed to practice-model groups (nil: the run is not split).
    let practiceSplit: PracticeModelSplit?
    var stocks: [PathwayStock] = []
    var flows: PathwayFlows
    /// The headline measures of every year to 31 March (years.csv).
    var years: PathwayYears
    /// Case-holding posts and allocation (nil: cases need no worker).
    private(set) var workforce: Workforce?
    /// Which team takes a new case (CaseAllocation.teamFor), resolved once from the teams' cohorts.
    let teamRouting: TeamRouting
    var caseloads: [CaseloadSample] = []
    /// Children created (warm start and referrals) and those who left, by how.
    var created = 0
    var departures = Array(repeating: 0, count: FlowEndpoint.count)

    // Windows (simulation days).
    let measureFrom: Double, measureTo: Double
    let stabilityFrom: Double, stabilityTo: Double
    var measuring = false
    /// True while the warm start places children (their arrival is not a flow).
    var placing = false
    let master: UInt64
    let replication: Int
    let generator: GeneratorKind
    var stabilityYear: Int16 = 0
    /// The year to 31 March being counted for placements in the year (0: the first after the warm start).
    var placementYearIndex: Int16 = 0
    let horizon: Double
    /// Families referred per day before trend and seasonality, and the most the rate reaches.
    let baseFamilyRate: Double
    let maxFamilyRate: Double
    /// `referrals.by_year`.
    let yearFactors: YearFactors
    /// A demand projection's factors on new referrals (nil: none), its stream and the ceiling of
    /// the added families' rate (ReferralAndFrontDoor).
    let demandFactors: YearFactors?
    let demandArrivals: RandomStream?
    let maxDemandFamilyRate: Double
    /// Demand's conversion factors by year at each PathwayPoint (by raw value; empty without any).
    let conversionFactors: [YearFactors?]
    /// `care.unaccompanied`'s arrivals (nil: none).
    let unaccompanied: UnaccompaniedSource?
    /// `care.by_year`'s years as spans of simulation days (empty: none).
    let careYears: [(from: Double, to: Double, year: Int)]

    // Sequential streams (arrivals) and the children's keyed streams.
    let arrivals: RandomStream
    let keyed: KeyedStreams
    /// Families referred so far (their keys), and children placed by the warm start.
    var familiesReferred: UInt64 = 0
    var warmPlaced: UInt64 = 0

    /// The cohort this replication finds or follows (CohortMeasures), what it measured, and the
    /// children who joined it (key -> day).
    let cohortRole: CohortRole
    var cohort = CohortMeasures()
    var cohortJoined: [UInt64: CohortEntry] = [:]

    init(parameters: PathwayParameters, samplers: PathwaySamplers, master: UInt64, replication: Int, generator: GeneratorKind,
         cohort: CohortRole = .none) {
        p = parameters
        cohortRole = cohort
        self.samplers = samplers
        self.master = master
        self.replication = replication
        self.generator = generator
        func stream(_ name: String) -> RandomStream {
            RandomStream(master: master, replication: replication, name: "pathway.\(name)", kind: generator)
        }
        arrivals = stream("arrivals")
        keyed = KeyedStreams(master: master, replication: replication)
        calendar = SimulationCalendar(year: p.startYear, month: p.startMonth, day: p.startDay)
        measureTo = calendar.endOfMarch(p.measureYearEnding)
        measureFrom = calendar.endOfMarch(p.measureYearEnding - 1)
        stabilityTo = calendar.endOfMarch(p.stabilityYearEnding)
        stabilityFrom = calendar.endOfMarch(p.stabilityYearEnding - 1)
        horizon = p.horizon(calendar)
        slots = max(1, Int((Double(p.assessmentSlots) * p.scale).rounded()))
        fittedSlots = slots
        let meanFamily = p.siblingGroupSizes.enumerated().reduce(0.0) { $0 + Double($1.offset + 1) * $1.element }
        let years = horizon / 365.25
        baseFamilyRate = p.freshReferralsPerYear * p.scale / meanFamily / 365.25
        // A demand projection multiplies the years after its from_year (its trend drawn once per replication).
        var conversions: [YearFactors?] = []
        var demandFactors: YearFactors?
        if let d = p.demand {
            let demandStream = stream("demand")
            let trend = d.trend(stream: demandStream, central: parameters.centralEffects)
            // The last year ending 31 March the run reaches.
            let lastYear = p.startYear + Int((horizon / 365.25).rounded(.up))
            let trends = d.conversionTrends(stream: demandStream, central: parameters.centralEffects)
            // Then each projected year's shocks: the referral rate's, then the conversions' in order.
            let projected = max(0, lastYear - d.fromYear)
            let referralShocks = Demand.shocks(d.referralRate, years: projected, stream: demandStream, central: parameters.centralEffects)
            var conversionShocks: [Demand.Conversion: [Double]] = [:]
            for c in Demand.Conversion.allCases {
                if let p = d.conversions[c] { conversionShocks[c] = Demand.shocks(p, years: projected, stream: demandStream, central: parameters.centralEffects) }
            }
            demandFactors = YearFactors(d.factors(trend: trend, shocks: referralShocks, through: lastYear), calendar: calendar)
            if !trends.isEmpty {
                var byPoint = [[Int: Double]?](repeating: nil, count: PathwayPoint.allCases.count)
                for (c, t) in trends {
                    let f = d.conversionFactors(c, trend: t, shocks: conversionShocks[c] ?? [], through: lastYear)
                    for point in c.points { byPoint[point.rawValue] = f }
                }
                let cal = calendar
                conversions = byPoint.map { $0.map { YearFactors($0, calendar: cal) } }
            }
        }
        conversionFactors = conversions
        let careCalendar = calendar
        careYears = parameters.careByYear.keys.sorted().map { (careCalendar.endOfMarch($0 - 1), careCalendar.endOfMarch($0), $0) }
        yearFactors = YearFactors(p.referralYearFactors, calendar: calendar)
        maxFamilyRate = baseFamilyRate
            * pow(1 + max(0, p.trendPerYear), years) * (1 + abs(p.seasonalAmplitude)) * yearFactors.ceiling
        // Demand's factors act apart from the fitted arrivals, so that the years up to from_year
        // draw exactly what they draw without it: a year below 1 keeps each family with that
        // probability, a year above 1 adds families at the excess rate, both on their own stream.
        self.demandFactors = demandFactors
        demandArrivals = demandFactors.map { _ in stream("arrivals.demand") }
        maxDemandFamilyRate = maxFamilyRate * max(0, (demandFactors?.spans.map(\.factor).max() ?? 1) - 1)
        if let u = parameters.unaccompanied {
            unaccompanied = UnaccompaniedSource(u, scale: parameters.scale, calendar: calendar, stream: stream("unaccompanied"))
        } else {
            unaccompanied = nil
        }
        m.factorCounts = Array(repeating: 0, count: p.factors.count)
        m.legalRoutes = Array(repeating: 0, count: p.legalRoutes.count)
        practiceSplit = PracticeModelSplit(parameters)
        if let split = practiceSplit {
            var group = PathwayMeasures()
            group.factorCounts = m.factorCounts
            group.legalRoutes = m.legalRoutes
            m.byPracticeModel = Array(repeating: group, count: split.groups.count)
        }
        let flowYears = Int((horizon / 365.25).rounded(.up)) + 1
        let cal = calendar
        flows = PathwayFlows(years: flowYears, yearEnds: (0..<flowYears).map { cal.endOfMarch(parameters.startYear + 1 + $0) })
        self.years = PathwayYears(startYear: parameters.startYear, horizon: horizon, endOfMarch: cal.endOfMarch)
        let scale = parameters.scale
        workforceStream = stream("workforce")
        interventions = InterventionSet(parameters.interventions, scale: scale, central: parameters.centralEffects,
                                        stream: stream("interventions.effects"))
        let teams = parameters.workforce?.teams.count ?? 0
        m.teamAllocations = Array(repeating: 0, count: teams)
        m.teamAllocationWaitDays = Array(repeating: 0, count: teams)
        m.teamCPStarts = m.teamAllocations
        m.teamCareEntries = m.teamAllocations
        m.teamCaseloadSamples = Array(repeating: [], count: teams)
        m.teamCareDays = Array(repeating: 0, count: teams)
        m.teamEntrantCareDays = m.teamCareDays
        m.teamCPOpen = m.teamAllocations
        m.teamLookedAfterOpen = m.teamAllocations
        m.interventionJoined = Array(repeating: 0, count: parameters.interventions.count)
        m.interventionCareEntries = m.interventionJoined
        m.interventionCPStarts = m.interventionJoined
        m.interventionCareDays = Array(repeating: 0, count: parameters.interventions.count)
        practiceStream = stream("practice")
        m.interventionEffects = interventions.effectsByName
        if !parameters.practice.isEmpty {
            let s = PracticeState(parameters.practice, teams: teams, startsAt: measureFrom, scale: scale, random: stream("practice.effects"),
                              central: parameters.centralEffects)
            practice = s
            m.practice.effects = s.effects(parameters.practice)
        }
        teamRouting = TeamRouting(parameters.workforce)
        workforce = parameters.workforce.map { [unowned self] in Workforce($0, scale: scale, random: { self.rng(.allocation, $0) }) }
        if parameters.costs != nil || parameters.providers != nil {
            costs = CostMeter(parameters, calendar: calendar, horizon: horizon, workforce: workforce, master: master, replication: replication, generator: generator,
                               placementDraws: { [unowned self] in self.rng(.provider, $0) })
        }
    }

    /// Placement providers, staff time and the rest that costs need (nil: no costs: or placements: block).
    var costs: CostMeter?

    /// The practice models' state (nil: the scenario has none), and the stream of their
    /// yearly (not per-child) draws.
    var practice: PracticeState?
    let practiceStream: RandomStream

    /// Post turnover's stream.
    let workforceStream: RandomStream
    /// The interventions at work (PathwayMechanism, as the practice models are).
    let interventions: InterventionSet

    func run() -> PathwayResult {
        startPosts()
        if Self.birthdaySweepDays <= horizon { sim.schedule(Event(time: Self.birthdaySweepDays, kind: Kind.birthdaySweep.rawValue)) }
        if let initial = p.initial {
            WarmStart.place(initial, samplers: samplers, into: self)
        }
        sim.schedule(Event(time: measureFrom, kind: Kind.measureStart.rawValue))
        sim.schedule(Event(time: stabilityFrom, kind: Kind.stabilityStart.rawValue))
        sim.schedule(Event(time: stabilityTo, kind: Kind.stabilityEnd.rawValue))
        sim.schedule(Event(time: measureTo, kind: Kind.measureEnd.rawValue))
        if let s = practice { sim.schedule(Event(time: s.startsAt, kind: Kind.practiceStarts.rawValue)) }
        // Every 31 March of the run: placements in the year ending (no draws; nothing else moves).
        var yearEnding = p.startYear + 1
        while calendar.endOfMarch(yearEnding) <= p.horizon(calendar) {
            sim.schedule(Event(time: calendar.endOfMarch(yearEnding), kind: Kind.yearEnd.rawValue))
            m.placementsByYear.append([0, 0, 0])
            yearEnding += 1
        }
        // The stocks at day 0 are the warm start's, before anything happens.
        sampleStocks(0)
        sampleCaseloads(0)
        sim.schedule(Event(time: monthStart(1), kind: Kind.stockSample.rawValue, target: 1))
        scheduleNextFamily(after: 0)
        scheduleNextDemandFamily(after: 0)
        scheduleNextUnaccompanied(after: 0)
        while let e = sim.next(until: horizon) {
            // The next event's child, on its way to the cache while this event runs.
            if let next = sim.upcomingEntity, next >= 0 {
                hot.prefetch(Int(next))
                children.prefetch(Int(next))
                workforce?.prefetchCase(next)
            }
            // This event's child's case (prefetched during the last event): the place a closure
            // would fill, on its way while the stage decides.
            if e.entity >= 0 { workforce?.prefetchClose(e.entity) }
            handle(e)
        }
        var present: [CaseState: Int] = [:]
        for (i, h) in hot.enumerated() where h.live {
            present[h.state, default: 0] += 1
            countCohortTime(Int32(i), horizon)
            // Episodes of need still open: their further assessments up to the end of the run.
            if !children[i].episodeStart.isNaN { furtherAssessments(Int32(i), from: children[i].episodeStart, to: horizon) }
        }
        m.costs = costs?.finish(at: horizon, widerEvents: m.practice.wider, wider: p.practice.wider)
        var result = PathwayResult(measures: m, stocks: stocks, caseloads: caseloads, flows: flows, years: years, created: created, departures: departureNames,
                                   present: present, eventsHandled: sim.eventsHandled, peakChildren: peak)
        if case .none = cohortRole {} else {
            result.cohort = cohort
            result.cohortJoined = cohortJoined
        }
        return result
    }

    /// One event: the kind says which stage or measure acts. A child's event is dropped when it
    /// has gone stale: its state changed since it was scheduled (token), or the slot passed to
    /// another child (generation).
    func handle(_ e: Event) {
        let now = e.time
        let id = e.entity
        switch Kind(rawValue: e.kind)! {
        case .familyArrival: familyArrives(now)
        case .demandFamilyArrival: demandFamilyArrives(now)
        case .unaccompaniedArrival: unaccompaniedArrives(now)
        case .stateEnd: if isCurrent(e) { stateEnds(id, now) }
        case .placementMove: if isCurrent(e) { placementMoves(id, now) }
        case .finalPhase: if isCurrent(e) { finalPhaseStarts(id, now) }
        case .ageOut: if isSameChild(e) { ageOut(id, now) }
        case .familyChange: if isSameChild(e) { familyChanges(id, now) }
        case .specialistsEnd: if isSameChild(e) { releaseSpecialists(id) }
        case .workerLeaves: workerLeaves(Int(e.target), now)
        case .postFilled: postFilled(Int(e.target), now)
        case .practiceStarts: startPractice(now)
        case .stockSample: monthEnds(month: Int(e.target), now)
        case .measureStart: measuredYearStarts(now)
        case .measureEnd: measuredYearEnds(now)
        case .stabilityStart: stabilityYearStarts()
        case .stabilityEnd: stabilityYearEnds(now)
        case .yearEnd:
            placementYearEnds()
            countYearStocks()
            resizeAssessmentSlots(now)
        case .birthdaySweep: birthdaySweep(now)
        }
    }

    /// The event is for the child's current state (scheduled since its last change).
    @inline(__always)
    func isCurrent(_ e: Event) -> Bool { hot[Int(e.entity)].live && hot[Int(e.entity)].token == e.tag }

    /// The event is for the child who held the slot when it was scheduled.
    @inline(__always)
    func isSameChild(_ e: Event) -> Bool { hot[Int(e.entity)].live && hot[Int(e.entity)].generation == e.tag }

    /// The first of every month: stocks, caseloads and the wider events' exposure are sampled.
    func monthEnds(month: Int, _ now: Double) {
        sampleStocks(now)
        sampleCaseloads(now)
        sampleWider(now, days: now - monthStart(month - 1))
        let next = monthStart(month + 1)
        if next <= horizon { sim.schedule(Event(time: next, kind: Kind.stockSample.rawValue, target: Int32(month + 1))) }
    }

    /// The first day of the month `months` after the start date's month (the start date itself
    /// for 0), so stocks are sampled monthly on calendar dates.
    func monthStart(_ months: Int) -> Double {
        if months == 0 { return 0 }
        let total = p.startMonth - 1 + months
        return calendar.day(year: p.startYear + total / 12, month: total % 12 + 1, day: 1)
    }

    /// The pending end of the child's current state has come: the stage decides what follows.
    func stateEnds(_ id: Int32, _ now: Double) {
        switch hot[Int(id)].state {
        case .referral: frontDoorActs(id, now)
        case .assessment: completeAssessment(id, now)
        case .section47: section47Ends(id, now)
        case .cin: cinPlanEnds(id, now)
        case .cp: cpPlanEnds(id, now)
        case .care: leaveCare(id, now, route: children[Int(id)].exitRoute)
        case .returnedHome: returnedHomeEnds(id, now)
        case .closed: reReferred(id, now)
        }
    }

}
