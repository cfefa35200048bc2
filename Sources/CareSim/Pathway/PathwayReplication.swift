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
    }

    let p: PathwayParameters
    let samplers: PathwaySamplers
    let calendar: SimulationCalendar
    var sim = Simulator()
    /// The children by slot, in two arrays: what every event and the monthly stock count read
    /// (`hot`, 24 bytes a child), and the rest. A released slot is reused (`free`), so the arrays
    /// follow the children open at once, not the children ever simulated.
    var hot: [ChildHot] = []
    var children: [Child] = []
    var free: [Int32] = []
    var live = 0
    var peak = 0
    var queue = Deque<Int32>()
    var busySlots = 0
    let slots: Int
    var m = PathwayMeasures()
    /// How children are attributed to practice-model groups (nil: the run is not split).
    let practiceSplit: PracticeModelSplit?
    var stocks: [PathwayStock] = []
    var flows: PathwayFlows
    /// Case-holding posts and allocation (nil: cases need no worker).
    private(set) var workforce: Workforce?
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
    /// `care.unaccompanied`'s arrivals (nil: none).
    let unaccompanied: UnaccompaniedSource?

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
        let meanFamily = p.siblingGroupSizes.enumerated().reduce(0.0) { $0 + Double($1.offset + 1) * $1.element }
        let years = horizon / 365.25
        baseFamilyRate = p.freshReferralsPerYear * p.scale / meanFamily / 365.25
        yearFactors = YearFactors(p.referralYearFactors, calendar: calendar)
        maxFamilyRate = baseFamilyRate
            * pow(1 + max(0, p.trendPerYear), years) * (1 + abs(p.seasonalAmplitude)) * yearFactors.ceiling
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
        let scale = parameters.scale
        workforceStream = stream("workforce")
        let effectStream = stream("interventions.effects")
        let effectCases = InterventionParameters.Effect.allCases
        for i in parameters.interventions {
            var row = Array(repeating: 1.0, count: effectCases.count)
            for (effect, d) in i.effects {
                // From the stream restarted at the intervention's and effect's names: the same
                // value in any scenario that has them (common random numbers).
                effectStream.rekey(StreamSeed.fnv1a(i.name + "." + effect.rawValue), counter: 0)
                row[effectCases.firstIndex(of: effect)!] = parameters.centralEffects ? d.mean : (try? Sampler(d))?.sample(effectStream) ?? 1
            }
            effects.append(row)
            servedNow.append(0)
            capacities.append(i.capacity.map { max(1, Int((Double($0) * scale).rounded())) } ?? .max)
            offeringStages.formUnion(i.stages)
        }
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
        m.interventionEffects = parameters.interventions.indices.map { i in
            Dictionary(uniqueKeysWithValues: effectCases.enumerated().map { ($1.rawValue, effects[i][$0]) })
        }
        if !parameters.practice.isEmpty {
            let s = PracticeState(parameters.practice, teams: teams, startsAt: measureFrom, scale: scale, random: stream("practice.effects"),
                              central: parameters.centralEffects)
            practice = s
            m.practice.effects = s.effects(parameters.practice)
        }
        workforce = parameters.workforce.map { [unowned self] in Workforce($0, scale: scale, random: { self.rng(.allocation, $0) }) }
        if parameters.costs != nil || parameters.providers != nil {
            costs = CostMeter(parameters, calendar: calendar, horizon: horizon, workforce: workforce, master: master, replication: replication, generator: generator,
                               placementDraws: { [unowned self] in self.rng(.provider, $0) })
        }
    }

    /// Placement providers, staff time and the rest that costs need (nil: no costs: or placements: block).
    var costs: CostMeter?

    /// The stream for child `id`'s next decision of kind `d`, restarted at (its key, how many
    /// such decisions it has drawn).
    @inline(__always)
    func rng(_ d: Decision, _ id: Int32) -> RandomStream {
        let i = Int(id)
        let n = children[i].draws.counts[d.rawValue]
        children[i].draws.counts[d.rawValue] = n &+ 1
        let s = keyed.streams[d.rawValue]
        s.rekey(children[i].draws.key, counter: UInt64(n))
        return s
    }

    /// The practice models' state (nil: the scenario has none), and the stream of their
    /// yearly (not per-child) draws.
    var practice: PracticeState?
    let practiceStream: RandomStream

    /// Post turnover's stream.
    let workforceStream: RandomStream
    /// effects[i][e]: the multiplier intervention i applies to effect e in this replication.
    var effects: [[Double]] = []
    var servedNow: [Int] = []
    var capacities: [Int] = []
    /// Stages at which some intervention may take children on.
    var offeringStages = Set<CaseState>()

    func run() -> PathwayResult {
        if let wf = workforce, let wp = p.workforce {
            // Posts start in the turnover cycle's steady state: the share of time a post spends
            // covered by agency staff, vacant, or filled permanently (expected spells: 1/leave
            // rate filled, then agency days or vacancy days).
            let filledDays = wp.leavePerYear > 0 ? 365.25 / wp.leavePerYear : .infinity
            let agencyDays = wp.agencyShare * wp.agencyDays.mean, vacantDays = (1 - wp.agencyShare) * wp.vacancyDays.mean
            let cycle = filledDays + agencyDays + vacantDays
            for post in wf.posts.indices {
                let u = workforceStream.uniform() * cycle
                if filledDays.isFinite, u >= filledDays {
                    let agency = u < filledDays + agencyDays
                    wf.setInitial(post, agency: agency, vacant: !agency)
                    // The rest of the spell (exact for exponential spells, which are memoryless).
                    let rest = (agency ? samplers.agencyDays! : samplers.vacancyDays!).sample(workforceStream)
                    sim.schedule(Event(time: rest, kind: Kind.postFilled.rawValue, target: Int32(post)))
                } else {
                    scheduleLeave(post, 0, wp)
                }
            }
        }
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
        scheduleNextUnaccompanied(after: 0)
        while let e = sim.next(until: horizon) { handle(e) }
        var present: [CaseState: Int] = [:]
        for (i, h) in hot.enumerated() where h.live {
            present[h.state, default: 0] += 1
            countCohortTime(Int32(i), horizon)
        }
        m.costs = costs?.finish(at: horizon, practice: m.practice, wider: p.practice.wider)
        var result = PathwayResult(measures: m, stocks: stocks, caseloads: caseloads, flows: flows, created: created, departures: departureNames,
                                   present: present, eventsHandled: sim.eventsHandled, peakChildren: peak)
        if case .none = cohortRole {} else {
            result.cohort = cohort
            result.cohortJoined = cohortJoined
        }
        return result
    }

    // MARK: Children

    /// A new child with key `key` (nil: the warm start's next).
    func create(born: Double, at now: Double, key: UInt64? = nil) -> Int32 {
        let id: Int32
        if let f = free.popLast() {
            id = f
        } else {
            id = Int32(children.count)
            children.append(.empty)
            hot.append(.empty)
        }
        let generation = hot[Int(id)].generation
        hot[Int(id)] = ChildHot(born: born, token: hot[Int(id)].token &+ 1, generation: generation, state: .closed, live: true, placement: .foster)
        var c = Child.empty
        c.stateSince = now
        if let key {
            c.draws.key = key
        } else {
            c.draws.key = ChildDraws.warmStarted(warmPlaced)
            warmPlaced += 1
        }
        (c.cohortFrom, c.cohortAtHome) = cohortStart(for: c.draws.key)
        children[Int(id)] = c
        drawFamily(id)
        created += 1
        live += 1
        peak = max(peak, live)
        if born + p.leaveAtYears * 365.25 <= horizon {
            sim.schedule(Event(time: max(now, born + p.leaveAtYears * 365.25), kind: Kind.ageOut.rawValue,
                               entity: id, tag: generation))
        }
        return id
    }

    /// The child leaves the simulation for `reason` (counted for the conservation check).
    func release(_ id: Int32, _ reason: FlowEndpoint) {
        countCohortTime(id, sim.now)
        caseCloses(id, sim.now)
        endEdgeWork(id)
        if hot[Int(id)].state == .care { freeHubBed(id) }
        endService(id, sim.now)
        departures[reason.index] += 1
        hot[Int(id)].live = false
        hot[Int(id)].generation &+= 1
        hot[Int(id)].token &+= 1
        live -= 1
        free.append(id)
    }

    /// Moves the child to `state` and schedules the end of it after `days` (nil: no end event).
    func enter(_ id: Int32, _ state: CaseState, at now: Double, endsAfter days: Double?, choice: PendingEnd = .close, countsFlow: Bool = true) {
        if countsFlow, !placing { flows.count(.state(hot[Int(id)].state), .state(state), at: now) }
        if children[Int(id)].cohortFrom < now { countCohortTime(id, now) }
        hot[Int(id)].state = state
        children[Int(id)].stateSince = now
        hot[Int(id)].token &+= 1
        children[Int(id)].choice = choice
        children[Int(id)].endsAt = days.map { now + $0 } ?? .infinity
        if let days {
            sim.schedule(Event(time: now + days, kind: Kind.stateEnd.rawValue, entity: id, tag: hot[Int(id)].token))
        }
    }

    /// Children who left the simulation, by how, named.
    var departureNames: [String: Int] {
        var names: [String: Int] = [:]
        for e in FlowEndpoint.all where departures[e.index] > 0 { names[e.name] = departures[e.index] }
        return names
    }

    /// Child `id`'s age in years at `time`.
    @inline(__always)
    func age(_ id: Int32, at time: Double) -> Double { (time - hot[Int(id)].born) / 365.25 }

    func inWindow(_ t: Double) -> Bool { t >= measureFrom && t < measureTo }

    // MARK: Events

    func handle(_ e: Event) {
        let now = e.time
        switch Kind(rawValue: e.kind)! {
        case .familyArrival: familyArrives(now)
        case .unaccompaniedArrival: unaccompaniedArrives(now)
        case .stateEnd:
            guard hot[Int(e.entity)].live, hot[Int(e.entity)].token == e.tag else { return }
            stateEnds(e.entity, now)
        case .placementMove:
            guard hot[Int(e.entity)].live, hot[Int(e.entity)].token == e.tag else { return }
            placementMoves(e.entity, now)
        case .finalPhase:
            guard hot[Int(e.entity)].live, hot[Int(e.entity)].token == e.tag else { return }
            let c = children[Int(e.entity)]
            newPlacement(e.entity, c.exitRoute == .adoption ? .placedForAdoption : .withParents, at: now)
            children[Int(e.entity)].finalPhase = true
        case .ageOut:
            guard hot[Int(e.entity)].live, hot[Int(e.entity)].generation == e.tag else { return }
            ageOut(e.entity, now)
        case .stockSample:
            sampleStocks(now)
            sampleCaseloads(now)
            sampleWider(now, days: now - monthStart(Int(e.target) - 1))
            let month = Int(e.target) + 1
            let next = monthStart(month)
            if next <= horizon { sim.schedule(Event(time: next, kind: Kind.stockSample.rawValue, target: Int32(month))) }
        case .measureStart:
            measuring = true
            for i in children.indices where hot[i].live && hot[i].state == .care {
                children[i].countedLookedAfter = true
                tally(Int32(i), now) { $0.lookedAfterDuringYear += 1 }
            }
        case .measureEnd:
            for i in children.indices where hot[i].live && hot[i].state == .care { countCareDays(Int32(i), until: now) }
            measuring = false
            countOpen()
            drawWider()
            if let wf = workforce {
                m.agencyFTE = wf.agencyFTE
                m.filledFTE = wf.filledFTE
                m.vacantPosts = wf.vacantPosts
                m.posts = wf.posts.count
                m.unallocated = wf.waitingCount
            }
        case .workerLeaves:
            guard let wf = workforce, let wp = p.workforce else { return }
            let post = Int(e.target)
            let agency = workforceStream.bernoulli(wp.agencyShare)
            allocated(wf.leave(post, agency: agency, at: now), now)
            let days = agency ? samplers.agencyDays!.sample(workforceStream) : samplers.vacancyDays!.sample(workforceStream)
            sim.schedule(Event(time: now + days, kind: Kind.postFilled.rawValue, target: Int32(post)))
        case .postFilled:
            guard let wf = workforce, let wp = p.workforce else { return }
            let post = Int(e.target)
            allocated(wf.fill(post, at: now), now)
            scheduleLeave(post, now, wp)
        case .stabilityStart:
            stabilityYear += 1
            for i in children.indices where hot[i].live && hot[i].state == .care {
                children[i].placementYear = stabilityYear
                children[i].placementsInYear = 1
            }
        case .practiceStarts:
            startPractice(now)
        case .familyChange:
            guard hot[Int(e.entity)].live, hot[Int(e.entity)].generation == e.tag else { return }
            familyChanges(e.entity, now)
        case .specialistsEnd:
            guard hot[Int(e.entity)].live, hot[Int(e.entity)].generation == e.tag else { return }
            releaseSpecialists(e.entity)
        case .yearEnd:
            // As the stability year's count, for the year ending now; then every child in care
            // starts the next year with the placement they are in.
            let y = Int(placementYearIndex)
            placementYearIndex += 1
            for i in children.indices where hot[i].live && hot[i].state == .care {
                let n = children[i].placementsYearIndex == Int16(y) ? Int(children[i].placementsThisYear) : 1
                m.placementsByYear[y][min(2, max(1, n) - 1)] += 1
                children[i].placementsYearIndex = placementYearIndex
                children[i].placementsThisYear = 1
            }
        case .stabilityEnd:
            for (i, c) in children.enumerated() where hot[i].live && hot[i].state == .care {
                let n = c.placementYear == stabilityYear ? Int(c.placementsInYear) : 1
                tally(Int32(i), now) { $0.placementsInYear[min(2, max(1, n) - 1)] += 1 }
            }
            stabilityYear += 1
        }
    }

    /// The first day of the month `months` after the start date's month (the start date itself
    /// for 0), so stocks are sampled monthly on calendar dates.
    func monthStart(_ months: Int) -> Double {
        if months == 0 { return 0 }
        let total = p.startMonth - 1 + months
        return calendar.day(year: p.startYear + total / 12, month: total % 12 + 1, day: 1)
    }

    // MARK: Interventions

    /// The child entering `state` joins every intervention it is eligible for and that has room.
    func offer(_ id: Int32, _ state: CaseState, _ now: Double) {
        guard offeringStages.contains(state) else { return }
        let c = children[Int(id)]
        for (i, iv) in p.interventions.enumerated() where iv.stages.contains(state) && c.served & (1 << UInt8(i)) == 0 {
            let age = age(id, at: now)
            guard age >= iv.minAge, age < iv.maxAge, servedNow[i] < capacities[i] else { continue }
            if !iv.factors.isEmpty, !iv.factors.contains(where: { c.factors & (1 << UInt32($0)) != 0 }) { continue }
            if !iv.teams.isEmpty { guard let t = team(of: id), iv.teams.contains(t) else { continue } }
            guard rng(.intervention, id).bernoulli(iv.share) else { continue }
            children[Int(id)].served |= 1 << UInt8(i)
            joinCohort(id, now)
            servedNow[i] += 1
            costs?.joined(i, at: now)
            if measuring { m.interventionJoined[i] += 1 }
            if state == .care {
                // Joined at care entry: the care entry is theirs to count.
                if measuring { m.interventionCareEntries[i] += 1 }
            }
        }
    }

    /// The product of the multipliers for `effect` of the interventions serving the child.
    func multiplier(_ id: Int32, _ effect: InterventionParameters.Effect) -> Double {
        let served = children[Int(id)].served
        guard served != 0 else { return 1 }
        let e = InterventionParameters.Effect.allCases.firstIndex(of: effect)!
        var x = 1.0
        for i in effects.indices where served & (1 << UInt8(i)) != 0 { x *= effects[i][e] }
        return x
    }

    /// Scales the probability of one outcome of a choice already drawn by `rr` (a relative
    /// risk): with p the outcome's probability, an outcome that was it stays with probability
    /// min(1, rr), and another becomes it with probability p(rr - 1)/(1 - p), so the outcome's
    /// probability becomes min(1, p rr) overall.
    func adjusted(_ id: Int32, _ was: Bool, probability p: Double, by rr: Double) -> Bool {
        if rr == 1 { return was }
        if rr < 1 { return was && rng(.intervention, id).bernoulli(rr) }
        if was { return true }
        return p < 1 && rng(.intervention, id).bernoulli(min(1, p * (rr - 1) / (1 - p)))
    }

    /// The children an intervention served stop being served when their episode ends or they leave.
    func endService(_ id: Int32, _ now: Double) {
        let served = children[Int(id)].served
        guard served != 0 else { return }
        for i in servedNow.indices where served & (1 << UInt8(i)) != 0 { servedNow[i] -= 1 }
        children[Int(id)].served = 0
    }

    /// Days in care within the measured year of a served child leaving care (or still in care
    /// at its end).
    func countCareDays(_ id: Int32, until end: Double) {
        let c = children[Int(id)]
        let days = max(0, min(end, measureTo) - max(c.careEntered, measureFrom))
        if let t = team(of: id) {
            m.teamCareDays[t] += days
            if c.careEntered >= measureFrom { m.teamEntrantCareDays[t] += days }
        }
        guard c.served != 0 else { return }
        for i in servedNow.indices where c.served & (1 << UInt8(i)) != 0 { m.interventionCareDays[i] += days }
    }

    // MARK: Workforce

    func scheduleLeave(_ post: Int, _ now: Double, _ wp: WorkforceParameters) {
        guard wp.leavePerYear > 0 else { return }
        // A unit post stands for its members, each of whom may leave.
        let members = Double(max(1, workforce?.posts[post].members ?? 1))
        let t = now + workforceStream.exponential(mean: 365.25 / (wp.leavePerYear * members))
        if t <= horizon { sim.schedule(Event(time: t, kind: Kind.workerLeaves.rawValue, target: Int32(post))) }
    }

    /// A case opens and needs a worker; false when it waits for one.
    func needsWorker(_ id: Int32, _ now: Double) -> Bool {
        guard let wf = workforce else { return true }
        wf.open(id)
        let team = teamFor(id, now)
        let got = wf.allocate(id, team: team, at: now)
        if got, measuring {
            m.allocations += 1
            m.teamAllocations[team] += 1
        }
        return got
    }

    /// The first team, in order, whose cohort the child is in; otherwise the first team with no
    /// cohort (or the first team).
    func teamFor(_ id: Int32, _ now: Double) -> Int {
        guard let wp = p.workforce else { return 0 }
        let c = children[Int(id)]
        let age = age(id, at: now)
        for (t, team) in wp.teams.enumerated() {
            guard let cohort = team.serves else { continue }
            guard age >= cohort.minAge, age < cohort.maxAge else { continue }
            if cohort.localities != 0..<1, !cohort.localities.contains(ChildDraws.locality(of: c.draws.key)) { continue }
            if cohort.factors.isEmpty || cohort.factors.contains(where: { c.factors & (1 << UInt32($0)) != 0 }) { return t }
        }
        return wp.teams.firstIndex { $0.serves == nil } ?? 0
    }

    /// The team holding the child's case, if any.
    func team(of id: Int32) -> Int? {
        guard let wf = workforce else { return nil }
        let t = wf.teamOf(id)
        return t >= 0 ? t : nil
    }

    /// Cases just allocated from the waiting list: counted, and an assessment waiting for its
    /// worker goes on to wait for a slot.
    func allocated(_ served: [(id: Int32, waited: Double)], _ now: Double) {
        for s in served {
            if measuring {
                m.allocations += 1
                m.allocationWaitDays += s.waited
                if let t = team(of: s.id) {
                    m.teamAllocations[t] += 1
                    m.teamAllocationWaitDays[t] += s.waited
                }
            }
            if hot[Int(s.id)].live, hot[Int(s.id)].state == .assessment { queueForSlot(s.id, now) }
            if practice != nil { allocateSpecialists(s.id, now) }
        }
    }

    /// The case closes: its worker is freed for the next waiting case.
    func caseCloses(_ id: Int32, _ now: Double) {
        releaseSpecialists(id)
        guard let wf = workforce else { return }
        if measuring, wf.hasWorker(id) {
            m.casesClosed += 1
            m.workerChanges += wf.changes(id)
        }
        allocated(wf.close(id, at: now), now)
    }

    func sampleCaseloads(_ now: Double) {
        guard let wf = workforce, let wp = p.workforce else { return }
        if measuring, wf.filledFTE > 0 { m.caseloadSamples.append(Double(wf.casesHeld) / wf.filledFTE) }
        sampleDirectShare()
        for (t, team) in wp.teams.enumerated() {
            let loads = wf.caseloads(team: t).sorted()
            guard !loads.isEmpty else { continue }
            func q(_ p: Double) -> Double { loads[min(loads.count - 1, Int(p * Double(loads.count - 1) + 0.5))] }
            let teamPosts = wf.teamPosts(t)
            if measuring { m.teamCaseloadSamples[t].append(loads.reduce(0, +) / Double(loads.count)) }
            caseloads.append(CaseloadSample(time: now, team: team.name, role: team.role, mean: loads.reduce(0, +) / Double(loads.count),
                                            p10: q(0.1), p50: q(0.5), p90: q(0.9), filledPosts: loads.count,
                                            vacantPosts: teamPosts.filter { !wf.isFilled($0) }.count,
                                            agencyPosts: teamPosts.filter { wf.isFilled($0) && wf.isAgency($0) }.count))
        }
    }

    // MARK: Referrals

    func familyRate(at t: Double) -> Double {
        let trend = pow(1 + p.trendPerYear, t / 365.25)
        let season = 1 + p.seasonalAmplitude * cos(2 * Double.pi * (t - p.seasonalPeakDay) / 365.25)
        return baseFamilyRate * trend * season * yearFactors.factor(at: t)
    }

    /// Non-homogeneous Poisson arrivals by thinning: candidates at the maximum rate, each kept
    /// with probability rate(t) / maximum.
    func scheduleNextFamily(after now: Double) {
        var t = now
        while true {
            t += arrivals.exponential(mean: 1 / maxFamilyRate)
            if t > horizon { return }
            if arrivals.uniform() * maxFamilyRate <= familyRate(at: t) { break }
        }
        sim.schedule(Event(time: t, kind: Kind.familyArrival.rawValue))
    }

    func familyArrives(_ now: Double) {
        scheduleNextFamily(after: now)
        let familyNumber = familiesReferred
        familiesReferred += 1
        let family = keyed.family
        family.rekey(familyNumber, counter: 0)
        let size = samplers.siblingGroup.draw(family) + 1
        let firstAge = samplers.referralAge.sample(family)
        var factors: UInt32 = 0
        for (i, f) in p.factors.enumerated() where family.bernoulli(f.probability) { factors |= 1 << UInt32(i) }
        let door = frontDoor(samplers.frontDoor.draw(family), family)
        let after = AfterAssessment.allCases[samplers.afterAssessment(atAge: firstAge).draw(family)]
        let previousPlan = family.bernoulli(samplers.previousPlanProbability)
        var first: Int32 = 0
        for k in 0..<size {
            var age = firstAge
            if k > 0 {
                // Around the first child's age, redrawn until it is an age below 18.
                for _ in 0..<100 {
                    let a = firstAge + family.gaussian(sd: p.siblingAgeSpreadYears)
                    if a >= 0, a < p.leaveAtYears {
                        age = a
                        break
                    }
                }
            }
            let id = create(born: now - age * 365.25, at: now, key: ChildDraws.referred(family: familyNumber, sibling: k))
            children[Int(id)].factors = factors
            children[Int(id)].cpPlans = previousPlan ? 1 : 0
            if k > 0 {
                // Siblings share their parents: the family's draws are the first child's.
                children[Int(id)].familyDraw = children[Int(first)].familyDraw
                children[Int(id)].familyLead = false
            } else {
                first = id
            }
            flows.count(.newReferral, .state(.referral), at: now)
            refer(id, now, door: door, after: after, fresh: true)
        }
    }

    /// The front-door outcome drawn (`drawn`, an index into `FrontDoorOutcome.drawn`); no
    /// further action becomes "after an assessment" with `front_door.nfa_after_assessment`'s
    /// probability (drawn only when that share is above 0, so other scenarios' draws are unchanged).
    func frontDoor(_ drawn: Int, _ stream: RandomStream) -> FrontDoorOutcome {
        let outcome = FrontDoorOutcome.drawn[drawn]
        return outcome == .noFurtherAction && p.nfaAfterAssessment > 0 && stream.bernoulli(p.nfaAfterAssessment)
            ? .noFurtherActionAfterAssessment : outcome
    }

    /// A referral: counted, then the front-door decision after its (short) time.
    func refer(_ id: Int32, _ now: Double, door: FrontDoorOutcome, after: AfterAssessment, fresh: Bool = false) {
        let previous = children[Int(id)].referredAt
        if measuring {
            tally(id, now) {
                $0.referrals += 1
                if !previous.isNaN, now - previous <= 365.25 { $0.reReferrals12Months += 1 }
                switch door {
                case .noFurtherAction, .noFurtherActionAfterAssessment: $0.noFurtherAction += 1
                case .assessedNotInNeed: $0.assessedNotInNeed += 1
                case .inNeed: $0.cinStarted += 1
                }
            }
        }
        children[Int(id)].previousReferral = previous
        children[Int(id)].referredAt = now
        children[Int(id)].referrals &+= 1
        countCohortEvent(id, now, \.referrals)
        children[Int(id)].frontDoor = door
        children[Int(id)].afterAssessment = after
        if door == .inNeed { children[Int(id)].episodeStart = now }
        enter(id, .referral, at: now, endsAfter: samplers.frontDoorDays.sample(rng(.frontDoor, id)), countsFlow: !fresh)
    }

    // MARK: State ends

    func stateEnds(_ id: Int32, _ now: Double) {
        let c = children[Int(id)]
        let h = hot[Int(id)]
        switch h.state {
        case .referral:
            if c.frontDoor == .noFurtherAction {
                close(id, now, endsEpisode: false)
            } else {
                enter(id, .assessment, at: now, endsAfter: nil)
                let allocated = needsWorker(id, now)  // first: an intervention may take a team's cases
                offer(id, .assessment, now)
                if allocated { queueForSlot(id, now) }
            }
        case .assessment:
            completeAssessment(id, now)
        case .section47:
            let section47 = rng(.section47, id)
            if section47.bernoulli(p.conferenceShare) {
                if measuring { tally(id, now) { $0.conferences += 1 } }
                if section47.bernoulli(min(1, p.planAfterConference * multiplier(id, .conferencePlan) * conferencePlan(id))) {
                    startCP(id, now)
                    return
                }
            }
            startCIN(id, now)
        case .cin:
            switch c.choice {
            case .close, .reentry: close(id, now, endsEpisode: true)
            case .section47: startSection47(id, now)
            case .care: enterCare(id, now)
            case .edgeWorkResolved:
                // Edge-of-care work ended with the crisis resolved: at home on a CIN plan.
                endEdgeWork(id)
                startCIN(id, now)
            case .edgeWorkFailed:
                // It ended without: the care entry goes ahead.
                endEdgeWork(id)
                children[Int(id)].edgeTried = true
                enterCare(id, now)
            }
        case .cp:
            if measuring { countCPEnd(id, now, started: c.cpStart) }
            var next = AfterPlan.allCases[samplers.afterCP.draw(rng(.cp, id))]
            let risk = escalation(id, now)
            if c.served != 0 || risk != 1 {
                let careIndex = AfterPlan.allCases.firstIndex(of: .care)!
                let isCare = adjusted(id, next == .care, probability: samplers.afterCP.probability(careIndex), by: multiplier(id, .cpCare) * risk)
                if isCare { next = .care } else if next == .care { next = .cin }
            }
            switch next {
            case .cin: startCIN(id, now)
            case .close: close(id, now, endsEpisode: true)
            case .care: enterCare(id, now)
            }
        case .care:
            leaveCare(id, now, route: c.exitRoute)
        case .returnedHome:
            if c.choice == .reentry {
                if measuring { tally(id, now) { $0.reentries += 1 } }
                enterCare(id, now)
            } else {
                close(id, now, endsEpisode: true)
            }
        case .closed:
            // Re-referred: a new front-door decision for this child alone.
            let stream = rng(.frontDoor, id)
            let door = frontDoor(samplers.frontDoor.draw(stream), stream)
            let after = AfterAssessment.allCases[samplers.afterAssessment(atAge: age(id, at: now)).draw(rng(.assessment, id))]
            refer(id, now, door: door, after: after)
        }
    }

    func startAssessment(_ id: Int32, _ now: Double, waited: Double) {
        if measuring {
            tally(id, now) {
                $0.assessmentStarts += 1
                $0.assessmentWaitDays += waited
            }
        }
        let days = SimulationCalendar.calendarDays(fromWorkingDays: samplers.assessmentWorkingDays.sample(rng(.assessment, id)))
        hot[Int(id)].token &+= 1
        sim.schedule(Event(time: now + days, kind: Kind.stateEnd.rawValue, entity: id, tag: hot[Int(id)].token))
    }

    /// A warm-started assessment in progress with `remaining` days to run: it holds a slot if
    /// one is free, otherwise it waits in the queue.
    func placeInAssessment(_ id: Int32, remaining: Double) {
        enter(id, .assessment, at: 0, endsAfter: nil)
        guard needsWorker(id, 0) else { return }  // starts afresh when a worker is free
        if busySlots < slots {
            busySlots += 1
            hot[Int(id)].token &+= 1
            sim.schedule(Event(time: remaining, kind: Kind.stateEnd.rawValue, entity: id, tag: hot[Int(id)].token))
        } else {
            queue.append(id)
        }
    }

    /// An assessment with its worker starts when a slot is free, or waits for one.
    func queueForSlot(_ id: Int32, _ now: Double) {
        if busySlots < slots {
            busySlots += 1
            startAssessment(id, now, waited: now - children[Int(id)].stateSince)
        } else {
            queue.append(id)
        }
    }

    func freeSlot(_ now: Double) {
        if let next = queue.popFirst() {
            startAssessment(next, now, waited: now - children[Int(next)].stateSince)
        } else {
            busySlots -= 1
        }
    }

    func completeAssessment(_ id: Int32, _ now: Double) {
        freeSlot(now)
        children[Int(id)].assessments &+= 1
        let c = children[Int(id)]
        if measuring {
            let wd = Int(SimulationCalendar.workingDays(fromCalendarDays: now - c.referredAt))
            let factors = p.factors.count
            tally(id, now) {
                $0.assessmentsCompleted += 1
                $0.assessmentWorkingDays[min(wd, $0.assessmentWorkingDays.count - 1)] += 1
                if c.frontDoor == .inNeed {
                    $0.inNeedAssessments += 1
                    for i in 0..<factors where c.factors & (1 << UInt32(i)) != 0 { $0.factorCounts[i] += 1 }
                }
            }
        }
        guard c.frontDoor == .inNeed else {
            close(id, now, endsEpisode: false)
            return
        }
        var after = c.afterAssessment
        let risk = escalation(id, now)
        if c.served != 0 || risk != 1 {
            let rr = multiplier(id, .assessmentCare) * risk
            let table = samplers.afterAssessment(atAge: age(id, at: now))
            let careIndex = AfterAssessment.allCases.firstIndex(of: .care)!
            let isCare = adjusted(id, after == .care, probability: table.probability(careIndex), by: rr)
            if isCare { after = .care } else if after == .care { after = .cin }
        }
        switch after {
        case .close: close(id, now, endsEpisode: true)
        case .cin: startCIN(id, now)
        case .section47: startSection47(id, now)
        case .care: enterCare(id, now)
        }
    }

    func startSection47(_ id: Int32, _ now: Double) {
        if measuring { tally(id, now) { $0.section47 += 1 } }
        offer(id, .section47, now)
        let days = SimulationCalendar.calendarDays(fromWorkingDays: samplers.section47WorkingDays.sample(rng(.section47, id)))
        enter(id, .section47, at: now, endsAfter: days)
        if practice != nil { allocateSpecialists(id, now) }
    }

    func startCIN(_ id: Int32, _ now: Double, elapsed: Double = 0) {
        offer(id, .cin, now)
        let (time, choice) = cinEnd(id, now, elapsed: elapsed)
        enter(id, .cin, at: now, endsAfter: time, choice: choice)
        if practice != nil { allocateSpecialists(id, now) }
    }

    /// The time to the end of a CIN plan `elapsed` days old and how it ends (0 close, 1 section
    /// 47, 2 care): competing times, each from its own distribution given that it has not
    /// happened yet.
    func cinEnd(_ id: Int32, _ now: Double, elapsed: Double) -> (Double, PendingEnd) {
        let cin = rng(.cin, id)
        let close = samplers.cinClose.remaining(after: elapsed, cin)
        // A relative hazard r divides the time to that transition by r (exact for exponential
        // times, an accelerated failure time otherwise).
        let risk = escalation(id, now)
        let stepUp = samplers.cinSection47.remaining(after: elapsed, cin) / (multiplier(id, .cinStepUp) * risk)
        let care = samplers.cinCare.remaining(after: elapsed, cin) / (multiplier(id, .cinCare) * risk)
        let times = [close, stepUp, care]
        let choice = times.indices.min { times[$0] < times[$1] }!
        return (times[choice], PendingEnd.cinEnds[choice])
    }

    func startCP(_ id: Int32, _ now: Double, elapsed: Double = 0) {
        children[Int(id)].cpPlans += 1
        children[Int(id)].cpStart = now - elapsed
        if elapsed == 0 { countCohortEvent(id, now, \.cpStarts) }
        if measuring, elapsed == 0 {
            if let t = team(of: id) { m.teamCPStarts[t] += 1 }
            let again = children[Int(id)].cpPlans >= 2
            tally(id, now) {
                $0.cpStarted += 1
                if again { $0.cpSecondOrLater += 1 }
            }
        }
        offer(id, .cp, now)
        if children[Int(id)].served != 0, measuring, elapsed == 0 {
            for i in servedNow.indices where children[Int(id)].served & (1 << UInt8(i)) != 0 { m.interventionCPStarts[i] += 1 }
        }
        let days = samplers.cpDays.remaining(after: elapsed, rng(.cp, id)) * (elapsed == 0 ? multiplier(id, .cpDays) : 1)
        enter(id, .cp, at: now, endsAfter: days)
        if practice != nil { allocateSpecialists(id, now) }
    }

    // MARK: Care

    /// A care episode starts: legal route, exit route (by age), its time, the first placement and
    /// the placement moves.
    func enterCare(_ id: Int32, _ now: Double, countsFlow: Bool = true) {
        let unaccompanied = children[Int(id)].unaccompanied
        if practice != nil, !unaccompanied {
            if deferToEdge(id, now) { return }
            countEdgeOutcome(id, now)
        }
        let wasServed = children[Int(id)].served
        offer(id, .care, now)
        if measuring, wasServed != 0 {
            for i in servedNow.indices where wasServed & (1 << UInt8(i)) != 0 { m.interventionCareEntries[i] += 1 }
        }
        countCohortCareEntry(id, now)
        let age = age(id, at: now)
        let careRoute = rng(.careRoute, id)
        let route = samplers.exitRoute(atAge: age).draw(careRoute)
        let legal = samplers.legalRoute.draw(careRoute)
        if measuring {
            if let t = team(of: id) { m.teamCareEntries[t] += 1 }
            let first = !children[Int(id)].countedLookedAfter
            children[Int(id)].countedLookedAfter = true
            tally(id, now) {
                $0.lookedAfterStarted += 1
                $0.entryAgeBands[PathwayMeasures.ageBand(age)] += 1
                $0.legalRoutes[legal] += 1
                if first { $0.lookedAfterDuringYear += 1 }
            }
        }
        children[Int(id)].legalRoute = UInt8(legal)
        let toEighteen = (hot[Int(id)].born + p.leaveAtYears * 365.25) - now
        let exit = unaccompanied ? .age18 : CareExit.allCases[route]
        let days = exit == .age18 ? toEighteen + 1 : samplers.exitDays[route].sample(rng(.careDuration, id)) * multiplier(id, .careDays) * p.careTimeFactor(atAge: age)
        beginCare(id, now, route: exit, remaining: days, elapsed: 0, placement: nil, countsFlow: countsFlow)
    }

    /// Puts the child in care with `remaining` days to its exit by `route`; `placement` nil
    /// draws one for its age. Shared by care entry and the warm start.
    func beginCare(_ id: Int32, _ now: Double, route: CareExit, remaining: Double, elapsed: Double, placement type: PlacementType?,
                   countsFlow: Bool = true) {
        children[Int(id)].exitRoute = route
        children[Int(id)].careEnds = now + remaining
        children[Int(id)].careEntered = now - elapsed
        children[Int(id)].careEpisodes &+= 1
        children[Int(id)].finalPhase = false
        let placement = rng(.placement, id)
        children[Int(id)].moveRate = placement.gamma(shape: p.placementFrailtyShape, scale: 1 / p.placementFrailtyShape)
        enter(id, .care, at: now, endsAfter: remaining, countsFlow: countsFlow)
        if practice != nil { allocateSpecialists(id, now) }
        var final = 0.0
        let careDuration = rng(.careDuration, id)
        if route == .adoption {
            final = samplers.placedForAdoptionDays.sample(careDuration)
        } else if route == .returnedHome, careDuration.bernoulli(p.withParentsShare) {
            final = samplers.withParentsDays.sample(careDuration)
        }
        let token = hot[Int(id)].token
        if final > 0, final >= remaining {
            children[Int(id)].finalPhase = true
            newPlacement(id, route == .adoption ? .placedForAdoption : .withParents, at: now, initial: elapsed > 0)
            return
        }
        newPlacement(id, type ?? samplers.placement(atAge: age(id, at: now)).drawType(placement), at: now,
                     initial: elapsed > 0)
        if final > 0 {
            sim.schedule(Event(time: now + remaining - final, kind: Kind.finalPhase.rawValue, entity: id, tag: token))
        }
        scheduleMove(id, now)
    }

    func scheduleMove(_ id: Int32, _ now: Double) {
        let c = children[Int(id)]
        let h = hot[Int(id)]
        // The child's frailty times the multipliers for the placement's type and the child's age.
        let age = age(id, at: now)
        let ageFactor = PathwayParameters.factor(of: p.placementMoveByAge, atAge: age)
        let placement = rng(.placement, id)
        var rate = c.moveRate * (p.placementMoveByType[h.placement] ?? 1) * ageFactor * multiplier(id, .placementMoves)
        if h.placement == .hubBed {
            // A hub bed is a stay of its own length, then a step down.
            let t = now + practice!.hubStayDays!.sample(placement)
            if t < c.careEnds { sim.schedule(Event(time: t, kind: Kind.placementMove.rawValue, entity: id, tag: h.token)) }
            return
        }
        if isNWDAdolescent(id, now) { rate *= practice!.keyWorkerMoves }
        guard rate > 0 else { return }
        // Time from the start of this placement to its breakdown: Weibull with that mean.
        let mean = p.placementMoveMeanDays / rate
        let shape = p.placementMoveShape
        let t = now + placement.weibull(shape: shape, scale: mean / tgamma(1 + 1 / shape))
        if t < c.careEnds { sim.schedule(Event(time: t, kind: Kind.placementMove.rawValue, entity: id, tag: h.token)) }
    }

    func placementMoves(_ id: Int32, _ now: Double) {
        guard !children[Int(id)].finalPhase else { return }
        let fromHub = hot[Int(id)].placement == .hubBed
        let type = fromHub ? afterHubBed(id) : samplers.placement(atAge: age(id, at: now)).drawType(rng(.placement, id))
        newPlacement(id, type, at: now, allowHub: !fromHub)
        scheduleMove(id, now)
    }

    /// Counts a new placement in the stability year (a child starting care mid-year begins at 1).
    func newPlacement(_ id: Int32, _ chosen: PlacementType, at now: Double, initial: Bool = false, allowHub: Bool = true) {
        var type = chosen
        if children[Int(id)].served != 0, type != .placedForAdoption, type != .withParents || !children[Int(id)].finalPhase {
            let rr = multiplier(id, .residential)
            if rr != 1 {
                let choice = samplers.placement(atAge: age(id, at: now))
                let share = choice.types.firstIndex(of: .residential).map { choice.table.probability($0) } ?? 0
                let isResidential = adjusted(id, type == .residential, probability: share, by: rr)
                if isResidential { type = .residential } else if type == .residential { type = .foster }
            }
        }
        if practice != nil, hot[Int(id)].state == .care {
            freeHubBed(id)
            type = hubPlacement(id, type, now, allowHub: allowHub && !initial && !children[Int(id)].unaccompanied)
        }
        if type == .residential, measuring, !initial {
            let age = age(id, at: now)
            if age >= 12, age < 18 { m.practice.residentialStarted12to17 += 1 }
        }
        hot[Int(id)].placement = type
        children[Int(id)].placements &+= 1
        if children[Int(id)].placementYear == stabilityYear, !initial {
            children[Int(id)].placementsInYear += 1
        } else {
            children[Int(id)].placementYear = stabilityYear
            children[Int(id)].placementsInYear = 1
        }
        if children[Int(id)].placementsYearIndex == placementYearIndex, !initial {
            children[Int(id)].placementsThisYear += 1
        } else {
            children[Int(id)].placementsYearIndex = placementYearIndex
            children[Int(id)].placementsThisYear = 1
        }
        costs?.placed(id, type, at: now, initial: initial)
    }

    func leaveCare(_ id: Int32, _ now: Double, route: CareExit) {
        if now <= measureTo { countCareDays(id, until: now) }  // later leavers were counted at the year's end
        costs?.leftCare(id, at: now)
        freeHubBed(id)
        if measuring {
            let r = CareExit.allCases.firstIndex(of: route)!
            tally(id, now) {
                $0.lookedAfterCeased += 1
                $0.ceasedByRoute[r] += 1
            }
        }
        // One flow per move: going home is the move to returned_home (counted by enter);
        // every other ending leaves the system, and the move is to that exit.
        if route != .returnedHome { flows.count(.state(.care), .ceased(route), at: now) }
        switch route {
        case .returnedHome:
            let returnedHome = rng(.returnedHome, id)
            let closeAfter = samplers.returnedHomeClose.sample(returnedHome)
            var reentry = Double.infinity
            if returnedHome.bernoulli(min(1, p.reentryProbability * multiplier(id, .reentry) * escalation(id, now))) { reentry = samplers.reentryDays.sample(returnedHome) }
            enter(id, .returnedHome, at: now, endsAfter: min(closeAfter, reentry), choice: reentry < closeAfter ? .reentry : .close)
        default:
            endEpisode(id, now)
            release(id, .ceased(route))
        }
    }

    // MARK: Endings

    func endEpisode(_ id: Int32, _ now: Double) {
        let start = children[Int(id)].episodeStart
        guard !start.isNaN else { return }
        if measuring {
            tally(id, now) {
                $0.cinEnded += 1
                $0.cinEndedBands[PathwayMeasures.durationBand(now - start)] += 1
            }
        }
        children[Int(id)].episodeStart = .nan
    }

    /// The case closes; the child may be re-referred later, or is released now.
    func close(_ id: Int32, _ now: Double, endsEpisode: Bool) {
        if endsEpisode { endEpisode(id, now) }
        let changed = children[Int(id)].changeAt <= now ? practice!.riskAfterChange : 1
        let reReferral = min(1, p.reReferralProbability * multiplier(id, .reReferral) * changed)
        endService(id, now)
        let closed = rng(.closed, id)
        if closed.bernoulli(reReferral) {
            caseCloses(id, now)
            enter(id, .closed, at: now, endsAfter: samplers.reReferralDays.sample(closed))
        } else {
            flows.count(.state(hot[Int(id)].state), .caseClosed, at: now)
            release(id, .caseClosed)
        }
    }

    /// Counts a CP plan that started on `start` ending now.
    func countCPEnd(_ id: Int32, _ now: Double, started start: Double) {
        tally(id, now) {
            $0.cpEnded += 1
            $0.cpEndedBands[PathwayMeasures.durationBand(now - start)] += 1
        }
    }

    func ageOut(_ id: Int32, _ now: Double) {
        let c = children[Int(id)]
        let h = hot[Int(id)]
        switch h.state {
        case .care:
            leaveCare(id, now, route: .age18)
            return
        case .assessment:
            if let i = queue.firstIndex(of: id) {
                queue.remove(at: i)
            } else if workforce == nil || workforce!.hasWorker(id) {
                freeSlot(now)
            }  // else: still waiting for a worker (release takes it off that list)
        case .cp:
            if measuring { countCPEnd(id, now, started: c.cpStart) }
        default: break
        }
        if practice != nil { countEdgeLeftAt18(id, now) }
        endEpisode(id, now)
        flows.count(.state(h.state), .leftAt18, at: now)
        release(id, .leftAt18)
    }

    // MARK: Stocks

    /// The stocks at the end of the measured year (each child in its group at that day).
    func countOpen() {
        for (i, c) in children.enumerated() where hot[i].live {
            let h = hot[i]
            let t = team(of: Int32(i))
            if let t, h.state == .cp { m.teamCPOpen[t] += 1 }
            if let t, h.state == .care { m.teamLookedAfterOpen[t] += 1 }
            let band = PathwayMeasures.ageBand(age(Int32(i), at: measureTo))
            let placement = PlacementType.allCases.firstIndex(of: h.placement)!
            tally(Int32(i), measureTo) {
                if c.inNeedAtCensus(h.state) {
                    $0.cinOpen += 1
                    $0.cinOpenBands[PathwayMeasures.durationBand(measureTo - c.openSince)] += 1
                }
                if h.state == .cp { $0.cpOpen += 1 }
                if h.state == .care {
                    $0.lookedAfterOpen += 1
                    if c.unaccompanied { $0.unaccompaniedOpen += 1 }
                    $0.lookedAfterAgeBands[band] += 1
                    $0.placementCounts[placement] += 1
                }
            }
        }
    }

    func sampleStocks(_ now: Double) {
        var counts = Array(repeating: 0, count: CaseState.allCases.count * 8 * 16)
        for i in hot.indices where hot[i].live {
            let h = hot[i]
            let band = PathwayMeasures.ageBand((now - h.born) / 365.25)
            let placement = h.state == .care ? h.placement.index : -1
            counts[(Int(h.state.rawValue) * 8 + band) * 16 + placement + 1] += 1
        }
        for key in counts.indices where counts[key] > 0 {
            let placement = key % 16 - 1
            let band = (key / 16) % 8
            let state = CaseState(rawValue: UInt8(key / 128))!
            stocks.append(PathwayStock(time: now, state: state, ageBand: band,
                                       placement: placement >= 0 ? PlacementType.allCases[placement] : nil, count: counts[key]))
        }
    }
}
