import CareSimEngine
import Foundation

/// How the practice models act on the pathway (MODEL.md section 4). Each acts through a
/// mechanism with parameters, not through an output multiplier:
/// - direct work: a case's escalation hazards follow the direct hours its worker has for it,
///   which turnover, caseloads, the RSW coordinator and the Family Safeguarding workbook change;
/// - Family Safeguarding: adult specialists (limited places) work with parents whose factors put
///   children at risk; a family that engages may change within the specialist's work, and then
///   its children's CP plans end at the next review, a child in care may go home at the next
///   review, and escalation hazards fall;
/// - edge-of-care work (RSW clinicians, No Wrong Door outreach): a care entry about to happen
///   waits while the service works with the family; the crisis resolves with a probability that
///   grows with the hours of direct work delivered;
/// - No Wrong Door hub beds and key workers: a children's home placement of an adolescent goes to
///   a hub bed when one is free, then steps down to a family placement; the key worker lowers
///   placement breakdown and missing episodes.
extension PathwayReplication {
    static let followUpDays = 182.625
    static let cpFirstReview = 91.3125, cpReviewEvery = 182.625
    /// Looked-after reviews: 20 working days (28 calendar days) after entry, 3 months, then
    /// every 6 months.
    static let careFirstReview = 28.0

    var practiceStarted: Bool { practice?.started == true }

    // MARK: Direct work

    /// The share of a team's time in direct work, with the RSW coordinator and the Family
    /// Safeguarding workbook once they have started.
    func directShare(team t: Int) -> Double {
        let team = p.workforce!.teams[t]
        var d = team.time.direct
        guard let s = practice, s.started else { return d }
        if s.isFSTeam[t] { d += team.time.recording * (1 - s.recordingMultiplier) }
        if s.isUnitTeam[t], let rsw = p.practice.rswUnits, let dw = p.practice.directWork {
            d += team.time.recording * s.coordinatorCut - rsw.caseDiscussionHours / dw.hoursPerFTEWeek
        }
        return min(1, max(0, d))
    }

    /// Direct hours a week the child's worker (or unit) has for the case; 0 while it waits.
    func directHours(_ id: Int32) -> Double {
        guard let dw = p.practice.directWork, let wf = workforce else { return 0 }
        let post = wf.postOf(id)
        guard post >= 0 else { return 0 }
        return dw.hoursPerFTEWeek * wf.posts[post].fte * directShare(team: wf.posts[post].team) / Double(max(1, wf.load(post)))
    }

    /// The relative escalation hazard of the child now: direct work, and a family whose risk has
    /// reduced. 1 when the scenario has neither.
    func escalation(_ id: Int32, _ now: Double) -> Double {
        var x = 1.0
        if let dw = p.practice.directWork, let s = practice, workforce != nil {
            let h = directHours(id)
            x = h > 0 ? min(2, max(0.5, pow(h / dw.referenceHours, -s.elasticity))) : 2
        }
        if children[Int(id)].changeAt <= now, let s = practice { x *= s.riskAfterChange }
        return x
    }

    // MARK: Starting

    func startPractice(_ now: Double) {
        guard let s = practice else { return }
        s.started = true
        guard p.practice.familySafeguarding != nil, let wf = workforce else { return }
        // The families the teams already work with are offered specialists too.
        for i in children.indices where hot[i].live && wf.hasWorker(Int32(i)) { allocateSpecialists(Int32(i), now) }
    }

    /// Draws the family's uniforms (engagement, change, going home) for a new child.
    func drawFamily(_ id: Int32) {
        guard p.practice.familySafeguarding != nil else { return }
        let r = rng(.practiceFamily, id)
        children[Int(id)].familyDraw = (Float(r.uniform()), Float(r.uniform()), Float(r.uniform()))
    }

    // MARK: Family Safeguarding

    /// A case of a Family Safeguarding team at an enquiry, a plan or care (or allocated a worker
    /// then, from the waiting list): the family gets a specialist for each
    /// of its parental factors if every one has a place; it engages and may change within the
    /// specialists' work.
    func allocateSpecialists(_ id: Int32, _ now: Double) {
        guard let fs = p.practice.familySafeguarding, let s = practice, s.started, let t = team(of: id), s.isFSTeam[t] else { return }
        let c = children[Int(id)]
        let h = hot[Int(id)]
        guard c.specialists == 0, c.changeAt == .infinity, fs.stages.contains(h.state) else { return }
        let needed = fs.specialists.indices.filter { g in fs.specialists[g].factors.contains { c.factors & (1 << UInt32($0)) != 0 } }
        guard !needed.isEmpty else { return }
        guard needed.allSatisfy({ s.specialistBusy[$0] < s.specialistPlaces[$0] }) else {
            observe(.noSpecialistPlace, id, now)
            return
        }
        for g in needed {
            s.specialistBusy[g] += 1
            children[Int(id)].specialists |= 1 << UInt8(g)
        }
        observe(.specialistsAllocated, id, now)
        joinCohort(id, now)
        let practiceStream = rng(.practice, id)
        let work = s.fsWorkDays!.sample(practiceStream)
        sim.schedule(Event(time: now + work, kind: Kind.specialistsEnd.rawValue, entity: id, tag: h.generation))
        guard Double(c.familyDraw.engage) < s.engagement else { return }
        observe(.familyEngaged, id, now)
        guard Double(c.familyDraw.change) < s.change else { return }
        let lag = s.changeDays!.sample(practiceStream)
        guard lag < work else { return }  // change needs the specialists' work
        children[Int(id)].changeAt = now + lag
        sim.schedule(Event(time: now + lag, kind: Kind.familyChange.rawValue, entity: id, tag: h.generation))
    }

    /// The relative probability of a CP plan at the child's conference: lower when the family
    /// engages with its specialists.
    func conferencePlan(_ id: Int32) -> Double {
        guard let s = practice, children[Int(id)].specialists != 0, Double(children[Int(id)].familyDraw.engage) < s.engagement else { return 1 }
        return s.planIfEngaged
    }

    func releaseSpecialists(_ id: Int32) {
        guard let s = practice, children[Int(id)].specialists != 0 else { return }
        for g in s.specialistBusy.indices where children[Int(id)].specialists & (1 << UInt8(g)) != 0 { s.specialistBusy[g] -= 1 }
        children[Int(id)].specialists = 0
    }

    /// The family's risk has reduced: a CP plan ends at its next review (a step down), a child
    /// in care goes home at the next review (with the family's probability), and a CIN plan's
    /// escalation hazards fall from now.
    func familyChanges(_ id: Int32, _ now: Double) {
        let c = children[Int(id)]
        let h = hot[Int(id)]
        observe(.familyChanged, id, now)
        switch h.state {
        case .cin where PendingEnd.cinEnds.contains(c.choice):
            let (time, choice) = cinEnd(id, now, elapsed: now - c.stateSince)
            reschedule(id, at: now + time, choice: choice)
        case .cp:
            var review = c.cpStart + Self.cpFirstReview
            while review < now { review += Self.cpReviewEvery }
            if review < c.endsAt { reschedule(id, at: review, choice: .close) }
        case .care:
            guard c.exitRoute != .adoption, !c.finalPhase, Double(c.familyDraw.home) < practice!.reunification else { return }
            var review = c.careEntered + Self.careFirstReview
            if review < now { review = c.careEntered + Self.cpFirstReview }
            while review < now { review += Self.cpReviewEvery }
            guard review < c.careEnds else { return }
            children[Int(id)].exitRoute = .returnedHome
            children[Int(id)].careEnds = review
            reschedule(id, at: review, choice: .close)
            scheduleMove(id, now)
            observe(.reunifiedAtReview, id, now)
        default:
            break
        }
    }

    /// Moves the pending end of the child's state to `time` (earlier events go stale).
    func reschedule(_ id: Int32, at time: Double, choice: PendingEnd) {
        hot[Int(id)].token &+= 1
        children[Int(id)].choice = choice
        children[Int(id)].endsAt = time
        sim.schedule(Event(time: time, kind: Kind.stateEnd.rawValue, entity: id, tag: hot[Int(id)].token))
    }

    // MARK: Edge of care

    /// A care entry about to happen: an edge-of-care service with a free place takes the child
    /// instead (true). The work's end decides: home on a CIN plan, or care after all.
    func deferToEdge(_ id: Int32, _ now: Double) -> Bool {
        guard let s = practice, s.started else { return false }
        if children[Int(id)].edgeTried {
            children[Int(id)].edgeTried = false
            return false
        }
        let age = age(id, at: now)
        var service: EdgeOfCareService?
        var k = -1
        if let nwd = p.practice.noWrongDoor, age >= nwd.outreach.minAge, age < nwd.outreach.maxAge, s.edgeBusy[1] < s.outreachPlaces {
            service = nwd.outreach
            k = 1
        } else if let rsw = p.practice.rswUnits, let t = team(of: id), s.isUnitTeam[t], age >= rsw.clinician.minAge, age < rsw.clinician.maxAge,
                  s.edgeBusy[0] < s.clinicianPlaces {
            service = rsw.clinician
            k = 0
        }
        guard let service else { return false }
        s.edgeBusy[k] += 1
        let practiceStream = rng(.practice, id)
        let work = (k == 0 ? s.clinicianWorkDays : s.outreachWorkDays)!.sample(practiceStream)
        let hours = service.hoursPerWeek * work / 7
        let resolved = practiceStream.bernoulli(1 - exp(-(k == 0 ? s.clinicianRate : s.outreachRate) * hours))
        children[Int(id)].edgeService = UInt8(k + 1) | 0x80
        if k == 1 { children[Int(id)].servedByHub = true }
        joinCohort(id, now)
        if now >= measureFrom, now < measureTo - Self.followUpDays {
            children[Int(id)].edgeReferredAt = now
            m.practice.edgeReferred[k] += 1
            if resolved { m.practice.edgeResolved[k] += 1 }
        } else {
            children[Int(id)].edgeReferredAt = .nan
        }
        enter(id, .cin, at: now, endsAfter: work, choice: resolved ? .edgeWorkResolved : .edgeWorkFailed)
        return true
    }

    /// The edge-of-care work ends (or the child leaves): its place frees.
    func endEdgeWork(_ id: Int32) {
        let e = children[Int(id)].edgeService
        guard e & 0x80 != 0, let s = practice else { return }
        s.edgeBusy[Int(e & 0x7f) - 1] -= 1
        children[Int(id)].edgeService = e & 0x7f
    }

    /// Counts a care entry within the follow-up of an edge-of-care referral.
    func countEdgeOutcome(_ id: Int32, _ now: Double) {
        let c = children[Int(id)]
        guard !c.edgeReferredAt.isNaN, c.edgeService != 0 else { return }
        if now - c.edgeReferredAt <= Self.followUpDays { m.practice.edgeEnteredCare[Int(c.edgeService & 0x7f) - 1] += 1 }
        children[Int(id)].edgeReferredAt = .nan
    }

    /// A child referred to an edge-of-care service who turns 18 within the follow-up leaves
    /// children's services before the outcome is known: counted apart, out of the share.
    func countEdgeLeftAt18(_ id: Int32, _ now: Double) {
        let c = children[Int(id)]
        guard !c.edgeReferredAt.isNaN, c.edgeService != 0, now - c.edgeReferredAt <= Self.followUpDays else { return }
        m.practice.edgeLeftAt18[Int(c.edgeService & 0x7f) - 1] += 1
        children[Int(id)].edgeReferredAt = .nan
    }

    // MARK: No Wrong Door placements

    func isNWDAdolescent(_ id: Int32, _ now: Double) -> Bool {
        guard practiceStarted, let nwd = p.practice.noWrongDoor else { return false }
        let age = age(id, at: now)
        return age >= nwd.outreach.minAge && age < nwd.outreach.maxAge
    }

    /// A children's home placement of an adolescent goes to a free hub bed.
    func hubPlacement(_ id: Int32, _ type: PlacementType, _ now: Double, allowHub: Bool) -> PlacementType {
        guard allowHub, type == .residential, let s = practice, s.hubBusy < s.hubBeds, isNWDAdolescent(id, now) else { return type }
        s.hubBusy += 1
        children[Int(id)].servedByHub = true
        observe(.hubBedStarted, id, now)
        joinCohort(id, now)
        return .hubBed
    }

    func freeHubBed(_ id: Int32) {
        guard hot[Int(id)].placement == .hubBed, let s = practice else { return }
        s.hubBusy -= 1
        hot[Int(id)].placement = .residential
    }

    /// Where a hub bed stay leads: a family placement or a children's home.
    func afterHubBed(_ id: Int32) -> PlacementType {
        rng(.practice, id).bernoulli(practice!.stepToFamily) ? .foster : .residential
    }

    // MARK: Wider effects

    /// Adds the exposure since the last monthly sample (`days` ago) to the wider events' counts.
    /// After the measured year, only costs (costs.years) still take the police and NHS exposure.
    func sampleWider(_ now: Double, days: Double) {
        guard let w = p.practice.wider, now > measureFrom, let s = practice else { return }
        let inYear = now <= measureTo + 1e-9
        guard inYear || costs != nil else { return }
        let years = days / 365.25
        func any(_ f: [Int], _ mask: UInt32) -> Bool { f.contains { mask & (1 << UInt32($0)) != 0 } }
        var police = 0.0, admissions = 0.0
        defer {
            if inYear {
                m.practice.policeExposureYears += police
                m.practice.admissionsExposureYears += admissions
            }
            costs?.widerExposure(at: now, days: days, police: police, admissions: admissions)
        }
        for (i, c) in children.enumerated() where hot[i].live {
            let h = hot[i]
            if c.familyLead, c.inEpisode, h.state != .closed {
                let changed = c.changeAt <= now
                if let e = w.police, any(e.factors, c.factors) { police += years * (changed ? s.policeAfterChange : 1) }
                if let e = w.admissions, any(e.factors, c.factors) { admissions += years * (changed ? s.admissionsAfterChange : 1) }
            }
            if let mi = w.missing, h.state == .care, inYear {
                let age = age(Int32(i), at: now)
                guard age >= mi.minAge, age < mi.maxAge else { continue }
                var rate = h.placement == .residential || h.placement == .hubBed ? mi.residentialPerYear : mi.otherPerYear
                if let nwd = p.practice.noWrongDoor, s.started, age >= nwd.outreach.minAge, age < nwd.outreach.maxAge { rate *= s.keyWorkerMissing }
                m.practice.missingExposure += rate * years
            }
        }
    }

    /// The year's wider events, drawn from their exposure.
    func drawWider() {
        guard let w = p.practice.wider else { return }
        if let e = w.police { m.practice.policeCallouts = practiceStream.poisson(mean: e.perFamilyYear * m.practice.policeExposureYears) }
        if let e = w.admissions { m.practice.adultAdmissions = practiceStream.poisson(mean: e.perFamilyYear * m.practice.admissionsExposureYears) }
        if w.missing != nil { m.practice.missingEpisodes = practiceStream.poisson(mean: m.practice.missingExposure) }
    }

    /// The FTE-weighted share of filled case-holding time in direct work.
    func sampleDirectShare() {
        guard let wf = workforce, measuring else { return }
        var fte = 0.0, direct = 0.0
        for post in wf.posts.indices where wf.isFilled(post) {
            fte += wf.posts[post].fte
            direct += wf.posts[post].fte * directShare(team: wf.posts[post].team)
        }
        if fte > 0 { m.practice.directShareSamples.append(direct / fte) }
    }
}
