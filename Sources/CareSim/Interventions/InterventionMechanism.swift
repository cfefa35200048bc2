import CareSimEngine
import Foundation

// Interventions at work in a replication: who joins, and the multipliers they apply.
extension PathwayReplication {
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
            // Joined at care entry: the care entry is theirs to count.
            observe(.interventionJoined(i, atCareEntry: state == .care), id, now)
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
}
