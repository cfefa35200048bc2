import CareSimEngine

/// The arrivals of unaccompanied asylum-seeking children in one replication
/// (`care.unaccompanied`): a Poisson process at the yearly number times the year's factor, on a
/// sequential stream of its own, so scenarios without them draw exactly as before and a scenario
/// with them draws its families as it would without.
final class UnaccompaniedSource {
    /// Arrivals per day at the run's scale, before the year's factor.
    let rate: Double
    let factors: YearFactors
    let stream: RandomStream
    let age: Sampler
    /// Children arrived so far (their keys).
    var arrived: UInt64 = 0

    init(_ u: UnaccompaniedChildren, scale: Double, calendar: SimulationCalendar, stream: RandomStream) {
        rate = u.perYear * scale / 365.25
        factors = YearFactors(u.yearFactors, calendar: calendar)
        self.stream = stream
        // Checked when the scenario was decoded.
        age = try! Sampler(u.age)
    }
}

extension PathwayReplication {
    /// The next arrival by thinning: candidates at the highest yearly rate, each kept with the
    /// probability its year's rate is of that.
    func scheduleNextUnaccompanied(after now: Double) {
        guard let u = unaccompanied, u.rate > 0 else { return }
        let ceiling = u.rate * u.factors.ceiling
        var t = now
        while true {
            t += u.stream.exponential(mean: 1 / ceiling)
            if t > horizon { return }
            if u.stream.uniform() * ceiling <= u.rate * u.factors.factor(at: t) { break }
        }
        sim.schedule(Event(time: t, kind: Kind.unaccompaniedArrival.rawValue))
    }

    /// A child arrives alone: referred, in need and looked after on the day (the census counts a
    /// referral and an episode of need), until 18 (`enterCare`).
    func unaccompaniedArrives(_ now: Double) {
        scheduleNextUnaccompanied(after: now)
        let u = unaccompanied!
        let age = min(u.age.sample(u.stream), p.leaveAtYears - 1 / 365.25)
        let id = create(born: now - age * 365.25, at: now, key: ChildDraws.unaccompanied(u.arrived))
        u.arrived += 1
        children[Int(id)].unaccompanied = true
        children[Int(id)].referredAt = now
        children[Int(id)].referrals = 1
        children[Int(id)].frontDoor = .inNeed
        children[Int(id)].episodeStart = now
        // The case opens with a worker (a team's, where teams serve cohorts), then care starts.
        _ = needsWorker(id, now)
        observe(.unaccompaniedArrived, id, now)
        flows.count(.unaccompaniedArrival, .state(.care), at: now)
        enterCare(id, now, countsFlow: false)
    }
}
