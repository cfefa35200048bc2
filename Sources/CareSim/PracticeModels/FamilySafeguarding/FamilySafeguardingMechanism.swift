import CareSimEngine
import Foundation

// Family Safeguarding: the family's draws, adult specialists, engagement and change (FamilySafeguarding).
extension PathwayReplication {
    /// Draws the family's uniforms (engagement, change, going home) for a new child.
    func drawFamily(_ id: Int32) {
        guard p.practice.familySafeguarding != nil else { return }
        let r = rng(.practiceFamily, id)
        children[Int(id)].familyDraw = (Float(r.uniform()), Float(r.uniform()), Float(r.uniform()))
    }


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
}
