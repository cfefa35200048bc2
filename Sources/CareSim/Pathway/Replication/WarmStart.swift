import CareSimEngine

/// Builds the children open at the start of a run from the published stocks at 31 March (the
/// run's day 0 is the start of 1 April), instead of filling an empty system for decades.
///
/// - Looked-after children: as many in each published age band as the looked-after table
///   gives. Each is drawn from the model's own care episodes in equilibrium: an entry age (the
///   referral age distribution), an exit route for that age and its time in care D, kept with
///   probability proportional to D (a child in care on a given day is more likely to be on a
///   long episode), and a time already spent uniform on (0, D); kept only if the age now falls
///   in the band being filled. The rest of D is the time still to run, and the placement is
///   drawn for the child's age (or is the final placed-for-adoption or with-parents phase).
///   `initial.care_remaining_factor` (default 1) multiplies the time still to run, except on
///   the age-18 route; a stay it takes past 18 ends at 18.
/// - Children on CP plans: the published number, the time on the plan drawn from the published
///   open-plan duration bands (the open "2 years or more" band ending where the longest plan the
///   model allows ends, if that is before `open_band_upper_days`), the rest of the plan drawn from the plan length distribution
///   conditional on exceeding it. Ages drawn from `initial.cp_age` (`initial.cin_age` when it
///   is not given): the census published them at 31 March 2012 only.
/// - Children not yet born (`initial.unborn`): a share of the children under 1 on CP plans, and
///   of the other children in need, are unborn, born within a `referrals.unborn` time to birth.
///   The census counts them under "unborn or unknown gender".
/// - Other children in need (CIN, section 47 or assessment in progress): the published count of
///   children in need less those on CP plans and looked after, as CIN cases. Their time open is
///   drawn from the published open-case bands after taking out the CP plans' bands and the
///   looked-after children's episode lengths built above and the assessments and enquiries in
///   progress built below; their remaining times are drawn
///   conditional on that time.
/// - Assessments and section 47 enquiries in progress: not published as stocks, so estimated
///   from the year's flows (referrals less no further action, and enquiries, from the census
///   of that year) times the model's mean assessment and enquiry times. Each has spent a time
///   drawn from the equilibrium residual of its duration (length-biased, then uniform), and the
///   rest still to run. All of them are taken out of the CIN cases above: the census counts a
///   child being assessed as in need whatever the assessment will find (`Child.inNeedAtCensus`).
///   Without this pipeline, new CP plans and care entries dip in the first two months.
/// - Closed cases inside their re-referral window (`closedCases`, default on): not published, so
///   estimated from the year's referrals (every referral's case closes once, give or take the few
///   that end in care or at 18) times `closed.re_referral` (the share of closures kept for a
///   re-referral), times the mean re-referral time: the pool in equilibrium with those closures
///   (Little's law). Each candidate's time since closure and time still to run are drawn from the
///   equilibrium residual of the re-referral time, its age at closure from the referral ages plus
///   the time its case was open (drawn from the model's own front door, assessment and CIN
///   times), and a candidate who would already be 18 is not built (they have left). Without the
///   pool, re-referrals start at zero and take five years to level off, lifting referrals by 10%.
///   `initial.closed_cases_referrals` sets the year's referrals used instead: an LA baseline
///   warm-started at the start of its measured year sizes the pool from that year's referrals,
///   the year its closed cases are re-referred in.
/// - An area with no census row at or before the warm start (`initial.back_calculate`): its
///   children in need and CP plans are the next census's stocks less that year's starts plus
///   its ends (`PublishedStocks.load(backCalculate:)`); without it, each total is filled as a
///   suppressed cell (3 children), and the run starts almost empty.
enum WarmStart {
    static func bands(_ counts: [Double], upper: Double) -> Distribution? {
        let edges = [0] + PathwayMeasures.durationBandEdges + [upper]
        let total = counts.reduce(0, +)
        guard total > 0 else { return nil }
        return .empirical(EmpiricalBands(bands: counts.indices.map {
            .init(lower: edges[$0], upper: edges[$0 + 1], probability: counts[$0] / total)
        }))
    }

    static func place(_ initial: InitialPopulation, samplers: PathwaySamplers, into rep: PathwayReplication) {
        // The data were read and checked when the scenario was loaded.
        let stocks = samplers.publishedStocks
            ?? (try! PublishedStocks.load(dataDirectory: initial.dataDirectory, area: initial.area, year: initial.year, backCalculate: initial.backCalculate))
        let p = rep.p
        let stream = RandomStream(master: rep.master, replication: rep.replication, name: "pathway.initial", kind: rep.generator)
        rep.placing = true
        defer { rep.placing = false }
        func factors() -> UInt32 {
            var f: UInt32 = 0
            for (i, factor) in p.factors.enumerated() where stream.bernoulli(factor.probability) { f |= 1 << UInt32(i) }
            return f
        }
        let eighteen = p.leaveAtYears * 365.25

        // Looked after: candidates drawn from the model's care episodes in equilibrium, each kept
        // if its age band still needs children, until every band has its published count.
        // Suppressed cells of a small LA (x: 1 to 5 children) are filled from their totals.
        let lookedAfter = PublishedStocks.filled(stocks.lookedAfterByAge, total: stocks.lookedAfter)
        let plans = PublishedStocks.filled(stocks.childProtectionPlansByDuration, total: stocks.childProtectionPlans)
        let inNeed = PublishedStocks.filled(stocks.childrenInNeedByDuration, total: stocks.childrenInNeed)
        func scaled(_ x: Double) -> Int { Int((x * p.scale).rounded()) }
        var lookedAfterEpisodeBands = [Double](repeating: 0, count: 5)
        var needed = lookedAfter.parts.map(scaled)
        var remainingToPlace = needed.reduce(0, +)
        var draws = 0
        // `care.by_year`'s routes of the year starting at day 0, if it names it.
        let warmYear = rep.careYear(at: 0)
        while remainingToPlace > 0, draws < 100_000_000 {
            draws += 1
            let entryAge = samplers.referralAge.sample(stream)
            guard entryAge < p.leaveAtYears else { continue }
            var route = CareExit.allCases[samplers.exitRoute(atAge: entryAge, year: warmYear).draw(stream)]
            let toEighteen = eighteen - entryAge * 365.25
            var d = route == .age18 ? toEighteen
                : samplers.exitDays[route.index].sample(stream) * p.careTimeFactor(atAge: entryAge)
            if d >= toEighteen {
                d = toEighteen
                route = .age18
            }
            // Length-biased: a child in care on a given day is more likely to be on a long episode.
            guard stream.uniform() * eighteen < d else { continue }
            let spent = stream.uniform() * d
            let age = entryAge + spent / 365.25
            let band = PathwayMeasures.ageBand(age)
            guard needed[band] > 0 else { continue }
            needed[band] -= 1
            remainingToPlace -= 1
            let id = rep.create(born: -age * 365.25, at: 0)
            rep.children[Int(id)].factors = factors()
            rep.children[Int(id)].episodeStart = -spent - 60
            rep.children[Int(id)].referredAt = -spent - 60
            rep.children[Int(id)].referrals = 1
            lookedAfterEpisodeBands[PathwayMeasures.durationBand(spent + 60)] += 1
            var rest = d - spent
            if route != .age18, initial.careRemainingFactor != 1 {
                rest *= initial.careRemainingFactor
                if spent + rest >= toEighteen {
                    route = .age18
                    rest = toEighteen - spent
                }
            }
            rep.beginCare(id, 0, route: route, remaining: route == .age18 ? rest + 1 : rest, elapsed: spent, placement: nil)
            _ = rep.needsWorker(id, 0)
        }

        // CP plans.
        let cpCounts = plans.parts.map { $0 * p.scale }
        // A plan cannot already have lasted longer than the longest plan the model allows.
        var cpUpper = initial.openBandUpperDays
        if case .empirical(let e) = samplers.cpDays.distribution, let top = e.bands.last?.upper { cpUpper = min(cpUpper, top) }
        let cpElapsed = bands(cpCounts, upper: max(cpUpper, PathwayMeasures.durationBandEdges.last! + 1)).flatMap { try? Sampler($0) }
        let ageSampler = samplers.initialCINAge!, planAgeSampler = samplers.initialCPAge!
        // `initial.unborn`: a share of the children under 1 are not born yet, on a stream of their
        // own (made and drawn from only where a share is above 0), so that every other draw is as without.
        let unbornDraws = initial.unbornCPShare > 0 || initial.unbornCINShare > 0
            ? RandomStream(master: rep.master, replication: rep.replication, name: "pathway.initial.unborn", kind: rep.generator) : nil
        func perhapsUnborn(_ age: Double, share: Double) -> Double {
            guard share > 0, age < 1, samplers.unbornDays != nil, let draws = unbornDraws, draws.bernoulli(share) else { return age }
            return -draws.uniform() * samplers.daysBeforeBirth(draws) / 365.25
        }
        for _ in 0..<scaled(plans.total) {
            let elapsed = cpElapsed?.sample(stream) ?? 0
            let id = rep.create(born: -perhapsUnborn(planAgeSampler.sample(stream), share: initial.unbornCPShare) * 365.25, at: 0)
            rep.children[Int(id)].factors = factors()
            rep.children[Int(id)].episodeStart = -elapsed - 60
            rep.children[Int(id)].referredAt = -elapsed - 60
            rep.children[Int(id)].referrals = 1
            if stream.bernoulli(p.previousPlanProbability) { rep.children[Int(id)].cpPlans = 1 }
            rep.startCP(id, 0, elapsed: elapsed)
            _ = rep.needsWorker(id, 0)
        }

        // Assessments and enquiries in progress, from the year's flows.
        let assessmentDays = SimulationCalendar.calendarDays(fromWorkingDays: p.assessmentWorkingDays.mean)
        let enquiryDays = SimulationCalendar.calendarDays(fromWorkingDays: p.section47WorkingDays.mean)
        let assessedShare = 1 - p.noFurtherAction * (1 - p.nfaAfterAssessment)
        let assessed = (stocks.referralsInYear.number ?? 0) * assessedShare
        let inAssessment = Int((assessed * assessmentDays / 365.25 * p.scale).rounded())
        let inEnquiry = Int(((stocks.section47InYear.number ?? 0) * enquiryDays / 365.25 * p.scale).rounded())
        let inNeedShare = (1 - p.noFurtherAction - p.assessedNotInNeed) / max(1e-9, assessedShare)
        /// Time spent and time to run of a stay in progress, from the equilibrium residual.
        func residual(_ s: Sampler, workingDays: Bool) -> (spent: Double, rest: Double) {
            for _ in 0..<1_000_000 {
                var d = s.sample(stream)
                if workingDays { d = SimulationCalendar.calendarDays(fromWorkingDays: d) }
                let cap = 5 * (workingDays ? SimulationCalendar.calendarDays(fromWorkingDays: s.distribution.mean) : s.distribution.mean)
                guard stream.uniform() * cap < d else { continue }
                let spent = stream.uniform() * d
                return (spent, d - spent)
            }
            return (0, s.sample(stream))
        }
        // The open times of the children being assessed or enquired into, taken out of the
        // published open-case bands with the CP plans and looked-after children below.
        var pipelineBands = [Double](repeating: 0, count: 5)
        for _ in 0..<inAssessment {
            let age = perhapsUnborn(ageSampler.sample(stream), share: initial.unbornCINShare)
            let id = rep.create(born: -age * 365.25, at: 0)
            let (spent, rest) = residual(samplers.assessmentWorkingDays, workingDays: true)
            pipelineBands[PathwayMeasures.durationBand(spent)] += 1
            let inNeed = stream.bernoulli(inNeedShare)
            rep.children[Int(id)].factors = factors()
            rep.children[Int(id)].referrals = 1
            rep.children[Int(id)].referredAt = -spent
            rep.children[Int(id)].frontDoor = inNeed ? .inNeed : .assessedNotInNeed
            rep.children[Int(id)].afterAssessment = AfterAssessment.allCases[samplers.afterAssessment(atAge: age).draw(stream)]
            if inNeed {
                rep.children[Int(id)].episodeStart = -spent
            }
            rep.placeInAssessment(id, remaining: rest)
        }
        for _ in 0..<inEnquiry {
            let id = rep.create(born: -perhapsUnborn(ageSampler.sample(stream), share: initial.unbornCINShare) * 365.25, at: 0)
            let (spent, rest) = residual(samplers.section47WorkingDays, workingDays: true)
            pipelineBands[PathwayMeasures.durationBand(spent + 40)] += 1
            rep.children[Int(id)].factors = factors()
            rep.children[Int(id)].referrals = 1
            rep.children[Int(id)].referredAt = -spent - 40
            rep.children[Int(id)].episodeStart = -spent - 40
            rep.enter(id, .section47, at: 0, endsAfter: rest)
            _ = rep.needsWorker(id, 0)
        }

        // Other children in need.
        let cinCounts = inNeed.parts.map { $0 * p.scale }
        var rest = cinCounts.indices.map { max(0, cinCounts[$0] - cpCounts[$0] - lookedAfterEpisodeBands[$0] - pipelineBands[$0]) }
        if rest.reduce(0, +) == 0 { rest = cinCounts }
        let cinElapsed = bands(rest, upper: initial.openBandUpperDays).flatMap { try? Sampler($0) }
        let others = scaled(inNeed.total) - scaled(plans.total) - scaled(lookedAfter.total)
            - inAssessment - inEnquiry
        // Their CP plans before the warm start, as every other population placed here has them
        // (referrals.previous_cp_plan), on a stream of their own so that the draws above and
        // below are those of a warm start without them.
        let history = RandomStream(master: rep.master, replication: rep.replication, name: "pathway.initial.cin-history", kind: rep.generator)
        for _ in 0..<max(0, others) {
            let elapsed = cinElapsed?.sample(stream) ?? 0
            let id = rep.create(born: -perhapsUnborn(ageSampler.sample(stream), share: initial.unbornCINShare) * 365.25, at: 0)
            rep.children[Int(id)].factors = factors()
            rep.children[Int(id)].episodeStart = -elapsed
            rep.children[Int(id)].referredAt = -elapsed
            rep.children[Int(id)].referrals = 1
            if history.bernoulli(p.previousPlanProbability) { rep.children[Int(id)].cpPlans = 1 }
            rep.startCIN(id, 0, elapsed: elapsed)
            _ = rep.needsWorker(id, 0)
        }

        if initial.closedCases {
            placeClosedCases(expected: closedCaseCandidates(initial.closedCaseReferrals ?? stocks.referralsInYear.number ?? 0, p), samplers: samplers, stream: stream, factors: factors, into: rep)
        }
    }

    /// Candidates for the closed-case pool at the start (before taking out those already 18):
    /// the year's referrals x the share of closures kept for a re-referral x the mean
    /// re-referral time in years, at the scenario's scale.
    static func closedCaseCandidates(_ referrals: Double, _ p: PathwayParameters) -> Double {
        referrals * p.reReferralProbability * p.reReferralDays.mean / 365.25 * p.scale
    }

    /// Builds the closed cases waiting for a re-referral (see the type's comment).
    static func placeClosedCases(expected: Double, samplers: PathwaySamplers, stream: RandomStream,
                                 factors: () -> UInt32, into rep: PathwayReplication) {
        let p = rep.p
        let meanWait = samplers.reReferralDays.distribution.mean
        guard expected >= 0.5, meanWait > 0 else { return }
        /// How long the case was open before it closed: its front-door time, its assessment if it
        /// had one, and its CIN plan's time if it was found in need.
        func openDays() -> Double {
            let door = FrontDoorOutcome.drawn[samplers.frontDoor.draw(stream)]
            var d = samplers.frontDoorDays.sample(stream)
            if door != .noFurtherAction {
                d += SimulationCalendar.calendarDays(fromWorkingDays: samplers.assessmentWorkingDays.sample(stream))
            }
            if door == .inNeed { d += samplers.cinClose.sample(stream) }
            return d
        }
        for _ in 0..<Int(expected.rounded()) {
            // The equilibrium residual: length-biased (capped at ten means), then split uniformly.
            var wait = 0.0
            for _ in 0..<100_000 {
                wait = samplers.reReferralDays.sample(stream)
                if stream.uniform() * 10 * meanWait < wait { break }
            }
            let spent = stream.uniform() * wait
            let open = openDays()
            let age = samplers.referralAge.sample(stream) + (open + spent) / 365.25
            guard age < p.leaveAtYears else { continue }
            let id = rep.create(born: -age * 365.25, at: 0)
            rep.children[Int(id)].factors = factors()
            rep.children[Int(id)].referrals = 1
            rep.children[Int(id)].referredAt = -spent - open
            if stream.bernoulli(p.previousPlanProbability) { rep.children[Int(id)].cpPlans = 1 }
            rep.enter(id, .closed, at: 0, endsAfter: wait - spent)
        }
    }
}
