import CareSimEngine
import Foundation

// Assessment: a case waits for a worker, then for one of the assessment slots, and the
// assessment finds the child in need or not.
extension PathwayReplication {
    func startAssessment(_ id: Int32, _ now: Double, waited: Double) {
        observe(.assessmentStarted(waited: waited), id, now)
        let days = SimulationCalendar.calendarDays(fromWorkingDays: samplers.assessmentWorkingDays.sample(rng(.assessment, id)))
        hot[Int(id)].slot = .holding
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
            hot[Int(id)].slot = .holding
            hot[Int(id)].token &+= 1
            sim.schedule(Event(time: remaining, kind: Kind.stateEnd.rawValue, entity: id, tag: hot[Int(id)].token))
        } else {
            joinSlotQueue(id)
        }
    }

    /// An assessment with its worker starts when a slot is free, or waits for one (unless it
    /// already holds or waits for one: a case back from the waiting list for a worker).
    func queueForSlot(_ id: Int32, _ now: Double) {
        guard hot[Int(id)].slot == .none else { return }
        if busySlots < slots {
            busySlots += 1
            startAssessment(id, now, waited: now - children[Int(id)].stateSince)
        } else {
            joinSlotQueue(id)
        }
    }

    func joinSlotQueue(_ id: Int32) {
        hot[Int(id)].slot = .queued
        slotQueue.append((id, hot[Int(id)].generation))
    }

    /// The child first in the queue for a slot, taken off it (entries of children who left
    /// while waiting are dropped on the way).
    func popSlotQueue() -> Int32? {
        while let e = slotQueue.popFirst() {
            let h = hot[Int(e.id)]
            if h.slot == .queued && h.generation == e.generation {
                hot[Int(e.id)].slot = .none
                return e.id
            }
        }
        return nil
    }

    /// Child `id` leaves during an assessment: the slot they hold frees, or they leave the queue
    /// for one. Their entry stays in the queue, skipped when it comes up: finding it would be a
    /// scan of the queue, which grows without limit when demand outruns the slots.
    func leaveAssessment(_ id: Int32, _ now: Double) {
        switch hot[Int(id)].slot {
        case .holding: freeSlot(now)
        case .queued, .none: break
        }
        hot[Int(id)].slot = .none
    }

    func freeSlot(_ now: Double) {
        // Fewer slots than are busy (capacity that follows a falling demand): this one closes.
        if busySlots > slots {
            busySlots -= 1
            return
        }
        if let next = popSlotQueue() {
            startAssessment(next, now, waited: now - children[Int(next)].stateSince)
        } else {
            busySlots -= 1
        }
    }

    func completeAssessment(_ id: Int32, _ now: Double) {
        hot[Int(id)].slot = .none
        freeSlot(now)
        children[Int(id)].assessments &+= 1
        let c = children[Int(id)]
        observe(.assessmentCompleted, id, now)
        guard c.frontDoor == .inNeed else {
            close(id, now, endsEpisode: false)
            return
        }
        var after = c.afterAssessment
        let rr = factor(.assessmentToCare, id, now)
        if rr != 1 {
            let table = samplers.afterAssessment(atAge: age(id, at: now))
            let careIndex = AfterAssessment.allCases.firstIndex(of: .care)!
            let isCare = adjusted(id, after == .care, probability: table.probability(careIndex), by: rr)
            if isCare { after = .care } else if after == .care { after = .cin }
        }
        // Demand's section 47 conversion (after the care risk: a child going into care stays).
        // It acts among the children not going into care, so the share it scales is theirs:
        // section 47's over all but care's. (Over all children, a rise converted too few: babies'
        // 0.577 with 0.133 going into care rose by a third where a half was asked.)
        let rs = factor(.assessmentToSection47, id, now)
        if rs != 1, after != .care {
            let table = samplers.afterAssessment(atAge: age(id, at: now))
            let s47Index = AfterAssessment.allCases.firstIndex(of: .section47)!
            let careIndex = AfterAssessment.allCases.firstIndex(of: .care)!
            let notCare = 1 - table.probability(careIndex)
            let share = notCare > 0 ? min(1, table.probability(s47Index) / notCare) : 0
            let isS47 = adjusted(id, after == .section47, probability: share, by: rs)
            if isS47 { after = .section47 } else if after == .section47 { after = .cin }
        }
        switch after {
        case .close: close(id, now, endsEpisode: true)
        case .cin: startCIN(id, now)
        case .section47: startSection47(id, now)
        case .care: enterCare(id, now)
        }
    }

    /// With `demand.capacity: follows`, at each 31 March the slots become the fitted number times
    /// the coming year's demand factor; new slots take cases from the queue at once.
    func resizeAssessmentSlots(_ now: Double) {
        guard p.demand?.capacityFollows == true, let d = demandFactors else { return }
        slots = max(1, Int((Double(fittedSlots) * d.factor(at: now)).rounded()))
        while busySlots < slots, let next = popSlotQueue() {
            busySlots += 1
            startAssessment(next, now, waited: now - children[Int(next)].stateSince)
        }
    }
}
