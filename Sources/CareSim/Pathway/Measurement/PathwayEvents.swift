import CareSimEngine

/// What a stage, the workforce, an intervention or a practice model reports as it happens to a
/// child: they call `observe` at each of these points, and the measured year's counts (and the
/// practice-model groups', through `tally`) are made here alone. Outside the measured year
/// nothing is counted but the headline flows of every year (PathwayYears, years.csv). (The monthly caseload and direct-work samples are taken where they are
/// sampled, in the measured year.)
enum PathwayEvent {
    /// A referral, with the front door's outcome and the child's previous referral (NaN: none).
    case referred(FrontDoorOutcome, previous: Double)
    /// An unaccompanied child arrives (a referral in need that goes straight into care).
    case unaccompaniedArrived
    /// An assessment starts after waiting `waited` days for a worker and a slot.
    case assessmentStarted(waited: Double)
    /// An assessment is completed (the child's referral and outcome are on its record).
    case assessmentCompleted
    case section47Started
    case conferenceHeld
    /// A CP plan starts (the child's count of plans includes it).
    case cpStarted
    /// A CP plan starts for a child an intervention serves (after it is offered the child).
    case cpStartedServed
    /// A CP plan that started on `started` ends.
    case cpEnded(started: Double)
    /// Interventions that served the child before it was offered care see it enter care.
    case careEnteredServed(wasServed: UInt8)
    /// A care episode starts at `age` on legal route `legal`.
    case careEntered(age: Double, legal: Int)
    /// A care episode ends by `route`.
    case careCeased(CareExit)
    /// A child at home after care comes back into care.
    case reentered
    /// A child in care moves to (or starts in) a children's home, not at the warm start.
    case residentialPlacement
    /// An episode of need that started on `started` ends.
    case cinEnded(started: Double)

    // The workforce (Workforce/CaseAllocation.swift).
    /// A case gets a worker of `team` as it opens.
    case allocatedAtOnce(team: Int)
    /// A waiting case gets a worker after `waited` days.
    case allocatedFromWaiting(waited: Double)
    /// A case held by a worker closes, after `changes` changes of worker.
    case caseClosedWithWorker(changes: Int)

    // Interventions (Interventions/InterventionMechanism.swift).
    /// Intervention `i` takes the child on (at care entry: the entry counts as theirs).
    case interventionJoined(Int, atCareEntry: Bool)

    // Practice models (PracticeModels/Mechanisms/).
    case noSpecialistPlace
    case specialistsAllocated
    case familyEngaged
    case familyChanged
    case reunifiedAtReview
    case hubBedStarted
}

extension PathwayReplication {
    /// Counts `event` for child `id` at `now` in the measured year (nothing outside it).
    @inline(__always)
    func observe(_ event: PathwayEvent, _ id: Int32, _ now: Double) {
        countYear(event, now)
        guard measuring else { return }
        count(event, id, now)
    }

    private func count(_ event: PathwayEvent, _ id: Int32, _ now: Double) {
        switch event {
        case .referred(let door, let previous):
            tally(id, now) {
                $0.referrals += 1
                if !previous.isNaN, now - previous <= 365.25 { $0.reReferrals12Months += 1 }
                switch door {
                case .noFurtherAction, .noFurtherActionAfterAssessment: $0.noFurtherAction += 1
                case .assessedNotInNeed: $0.assessedNotInNeed += 1
                case .inNeed: $0.cinStarted += 1
                }
            }
        case .unaccompaniedArrived:
            tally(id, now) {
                $0.referrals += 1
                $0.cinStarted += 1
                $0.unaccompaniedStarted += 1
            }
        case .assessmentStarted(let waited):
            tally(id, now) {
                $0.assessmentStarts += 1
                $0.assessmentWaitDays += waited
            }
        case .assessmentCompleted:
            let c = children[Int(id)]
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
        case .section47Started:
            tally(id, now) { $0.section47 += 1 }
        case .conferenceHeld:
            tally(id, now) { $0.conferences += 1 }
        case .cpStarted:
            if let t = team(of: id) { m.teamCPStarts[t] += 1 }
            let again = children[Int(id)].cpPlans >= 2
            tally(id, now) {
                $0.cpStarted += 1
                if again { $0.cpSecondOrLater += 1 }
            }
        case .cpStartedServed:
            let served = children[Int(id)].served
            for i in interventions.servedNow.indices where served & (1 << UInt8(i)) != 0 { m.interventionCPStarts[i] += 1 }
        case .cpEnded(let start):
            tally(id, now) {
                $0.cpEnded += 1
                $0.cpEndedBands[PathwayMeasures.durationBand(now - start)] += 1
            }
        case .careEnteredServed(let wasServed):
            for i in interventions.servedNow.indices where wasServed & (1 << UInt8(i)) != 0 { m.interventionCareEntries[i] += 1 }
        case .careEntered(let age, let legal):
            if let t = team(of: id) { m.teamCareEntries[t] += 1 }
            let first = !children[Int(id)].countedLookedAfter
            children[Int(id)].countedLookedAfter = true
            tally(id, now) {
                $0.lookedAfterStarted += 1
                $0.entryAgeBands[PathwayMeasures.ageBand(age)] += 1
                $0.legalRoutes[legal] += 1
                if first { $0.lookedAfterDuringYear += 1 }
            }
        case .careCeased(let route):
            let r = route.index
            tally(id, now) {
                $0.lookedAfterCeased += 1
                $0.ceasedByRoute[r] += 1
            }
        case .reentered:
            tally(id, now) { $0.reentries += 1 }
        case .residentialPlacement:
            let age = age(id, at: now)
            if age >= 12, age < 18 { m.practice.residentialStarted12to17 += 1 }
        case .cinEnded(let start):
            tally(id, now) {
                $0.cinEnded += 1
                $0.cinEndedBands[PathwayMeasures.durationBand(now - start)] += 1
            }
        case .allocatedAtOnce(let team):
            m.allocations += 1
            m.teamAllocations[team] += 1
        case .allocatedFromWaiting(let waited):
            m.allocations += 1
            m.allocationWaitDays += waited
            if let t = self.team(of: id) {
                m.teamAllocations[t] += 1
                m.teamAllocationWaitDays[t] += waited
            }
        case .caseClosedWithWorker(let changes):
            m.casesClosed += 1
            m.workerChanges += changes
        case .interventionJoined(let i, let atCareEntry):
            m.interventionJoined[i] += 1
            if atCareEntry { m.interventionCareEntries[i] += 1 }
        case .noSpecialistPlace: m.practice.familySafeguarding.noSpecialistPlace += 1
        case .specialistsAllocated: m.practice.familySafeguarding.specialistAllocations += 1
        case .familyEngaged: m.practice.familySafeguarding.engaged += 1
        case .familyChanged: m.practice.familySafeguarding.changed += 1
        case .reunifiedAtReview: m.practice.familySafeguarding.reunified += 1
        case .hubBedStarted: m.practice.noWrongDoor.hubBedStarts += 1
        }
    }
}
