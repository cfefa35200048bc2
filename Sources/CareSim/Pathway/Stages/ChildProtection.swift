import CareSimEngine
import Foundation

// Child protection plans: their length and what follows them.
extension PathwayReplication {
    func startCP(_ id: Int32, _ now: Double, elapsed: Double = 0) {
        children[Int(id)].cpPlans += 1
        children[Int(id)].cpStart = now - elapsed
        if elapsed == 0 { countCohortEvent(id, now, .cpStart) }
        if elapsed == 0 { observe(.cpStarted, id, now) }
        entering(.cp, id, now)
        if elapsed == 0, children[Int(id)].served != 0 { observe(.cpStartedServed, id, now) }
        let remaining = samplers.cpDays.remaining(after: elapsed, rng(.cp, id))
        let days = elapsed == 0 ? scaled(remaining, at: .cpLength, id, now) : remaining
        enter(id, .cp, at: now, endsAfter: days)
        entered(.cp, id, now)
    }

    /// A CP plan ends: a CIN plan, closure or care (`cp.next`), care's share scaled by
    /// interventions and practice models. An unborn child's plan that would end in care goes on
    /// until the birth.
    func cpPlanEnds(_ id: Int32, _ now: Double) {
        let c = children[Int(id)]
        // An unborn child's plan kept until its birth (`awaitBirth`): the care entry goes ahead.
        if c.choice == .care {
            observe(.cpEnded(started: c.cpStart), id, now)
            enterCare(id, now)
            return
        }
        var next = AfterPlan.allCases[samplers.afterCP.draw(rng(.cp, id))]
        let rr = factor(.cpToCare, id, now)
        if rr != 1 {
            let careIndex = AfterPlan.allCases.firstIndex(of: .care)!
            let isCare = adjusted(id, next == .care, probability: samplers.afterCP.probability(careIndex), by: rr)
            if isCare { next = .care } else if next == .care { next = .cin }
        }
        if next == .care, isUnborn(id, now) {
            // Care waits for the birth; the plan goes on until then.
            awaitBirth(id, now)
            return
        }
        observe(.cpEnded(started: c.cpStart), id, now)
        switch next {
        case .cin: startCIN(id, now)
        case .close: close(id, now, endsEpisode: true)
        case .care: enterCare(id, now)
        }
    }
}
