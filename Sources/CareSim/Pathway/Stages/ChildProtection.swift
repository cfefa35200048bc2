import CareSimEngine
import Foundation

// Child protection plans: their length and what follows them.
extension PathwayReplication {
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

    /// A CP plan ends: a CIN plan, closure or care (`cp.next`), care's share scaled by
    /// interventions and practice models.
    func cpPlanEnds(_ id: Int32, _ now: Double) {
        let c = children[Int(id)]
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
    }

    /// Counts a CP plan that started on `start` ending now.
    func countCPEnd(_ id: Int32, _ now: Double, started start: Double) {
        tally(id, now) {
            $0.cpEnded += 1
            $0.cpEndedBands[PathwayMeasures.durationBand(now - start)] += 1
        }
    }
}
