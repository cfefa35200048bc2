import CareSimEngine
import Foundation

// The workforce in a replication: cases allocated to posts, workers leaving and posts filled.
extension PathwayReplication {
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
        if got { observe(.allocatedAtOnce(team: team), id, now) }
        return got
    }

    /// The first team, in order, whose cohort the child is in; otherwise the first team with no
    /// cohort (or the first team).
    func teamFor(_ id: Int32, _ now: Double) -> Int {
        let routing = teamRouting
        guard !routing.cohorts.isEmpty else { return routing.fallback }
        let age = age(id, at: now)
        for cohort in routing.cohorts {
            guard age >= cohort.minAge, age < cohort.maxAge else { continue }
            if cohort.localities != 0..<1, !cohort.localities.contains(ChildDraws.locality(of: children[Int(id)].draws.key)) { continue }
            if cohort.factorMask == 0 || children[Int(id)].factors & cohort.factorMask != 0 { return cohort.team }
        }
        return routing.fallback
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
            observe(.allocatedFromWaiting(waited: s.waited), s.id, now)
            if hot[Int(s.id)].live, hot[Int(s.id)].state == .assessment { queueForSlot(s.id, now) }
            entered(hot[Int(s.id)].state, s.id, now)  // given a worker: the mechanisms' hook
        }
    }

    /// The case closes: its worker is freed for the next waiting case.
    func caseCloses(_ id: Int32, _ now: Double) {
        releaseSpecialists(id)
        guard let wf = workforce else { return }
        if wf.hasWorker(id) { observe(.caseClosedWithWorker(changes: wf.changes(id)), id, now) }
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

    /// A worker leaves post `post`: their cases go to colleagues or wait; the post is covered by
    /// agency staff or stays vacant until it is filled.
    func workerLeaves(_ post: Int, _ now: Double) {
        guard let wf = workforce, let wp = p.workforce else { return }
        let agency = workforceStream.bernoulli(wp.agencyShare)
        allocated(wf.leave(post, agency: agency, at: now), now)
        let days = agency ? samplers.agencyDays!.sample(workforceStream) : samplers.vacancyDays!.sample(workforceStream)
        sim.schedule(Event(time: now + days, kind: Kind.postFilled.rawValue, target: Int32(post)))
    }

    /// Post `post` is filled permanently: waiting cases are allocated, and its next leaver drawn.
    func postFilled(_ post: Int, _ now: Double) {
        guard let wf = workforce, let wp = p.workforce else { return }
        allocated(wf.fill(post, at: now), now)
        scheduleLeave(post, now, wp)
    }

    /// Every post starts in the turnover cycle's steady state: the share of time a post spends
    /// covered by agency staff, vacant, or filled permanently (expected spells: 1/leave rate
    /// filled, then agency days or vacancy days).
    func startPosts() {
        guard let wf = workforce, let wp = p.workforce else { return }
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
}
