import CareSimEngine
import Foundation

/// The interventions at work in one replication: their effect sizes (each drawn once), who they
/// serve and how many places they have. They act on the pathway through PathwayMechanism: a child
/// joins at the stages it is eligible at, and the interventions serving a child scale the
/// hazards, probabilities and lengths at their effects' points.
final class InterventionSet: PathwayMechanism {
    let parameters: [InterventionParameters]
    /// effects[i][point]: the multiplier intervention i applies at that point in this replication.
    let effects: [[Double]]
    var servedNow: [Int]
    let capacities: [Int]
    /// Stages at which some intervention may take children on.
    let offeringStages: Set<CaseState>

    init(_ interventions: [InterventionParameters], scale: Double, central: Bool, stream effectStream: RandomStream) {
        parameters = interventions
        var effects: [[Double]] = []
        var offering = Set<CaseState>()
        for i in interventions {
            var row = Array(repeating: 1.0, count: PathwayPoint.allCases.count)
            for (effect, d) in i.effects {
                // From the stream restarted at the intervention's and effect's names: the same
                // value in any scenario that has them (common random numbers).
                effectStream.rekey(StreamSeed.fnv1a(i.name + "." + effect.rawValue), counter: 0)
                row[PathwayPoint(effect).rawValue] = central ? d.mean : (try? Sampler(d))?.sample(effectStream) ?? 1
            }
            effects.append(row)
            offering.formUnion(i.stages)
        }
        self.effects = effects
        servedNow = Array(repeating: 0, count: interventions.count)
        capacities = interventions.map { i in i.capacity.map { max(1, Int((Double($0) * scale).rounded())) } ?? .max }
        offeringStages = offering
    }

    /// Each intervention's effects by name, as the measures report them.
    var effectsByName: [[String: Double]] {
        effects.map { row in
            Dictionary(uniqueKeysWithValues: InterventionParameters.Effect.allCases.map { ($0.rawValue, row[PathwayPoint($0).rawValue]) })
        }
    }

    /// The product of the multipliers at `point` of the interventions serving the child.
    @inline(__always)
    func factor(at point: PathwayPoint, child id: Int32, now: Double, in r: PathwayReplication) -> Double {
        let served = r.children[Int(id)].served
        guard served != 0 else { return 1 }
        var x = 1.0
        for i in effects.indices where served & (1 << UInt8(i)) != 0 { x *= effects[i][point.rawValue] }
        return x
    }

    /// The child entering `state` joins every intervention it is eligible for and that has room.
    func entering(_ state: CaseState, child id: Int32, now: Double, in r: PathwayReplication) {
        guard offeringStages.contains(state) else { return }
        let c = r.children[Int(id)]
        for (i, iv) in parameters.enumerated() where iv.stages.contains(state) && c.served & (1 << UInt8(i)) == 0 {
            let age = r.age(id, at: now)
            guard age >= iv.minAge, age < iv.maxAge, servedNow[i] < capacities[i] else { continue }
            if !iv.factors.isEmpty, !iv.factors.contains(where: { c.factors & (1 << UInt32($0)) != 0 }) { continue }
            if !iv.teams.isEmpty { guard let t = r.team(of: id), iv.teams.contains(t) else { continue } }
            guard r.rng(.intervention, id).bernoulli(iv.share) else { continue }
            r.children[Int(id)].served |= 1 << UInt8(i)
            r.joinCohort(id, now)
            servedNow[i] += 1
            r.costs?.joined(i, at: now)
            // Joined at care entry: the care entry is theirs to count.
            r.observe(.interventionJoined(i, atCareEntry: state == .care), id, now)
        }
    }

    func entered(_ state: CaseState, child id: Int32, now: Double, in r: PathwayReplication) {}

    func takesCareEntry(child id: Int32, now: Double, in r: PathwayReplication) -> Bool { false }

    /// A served child's new placement is residential with the interventions' relative risk.
    func placement(_ type: PlacementType, child id: Int32, now: Double, allowHub: Bool, in r: PathwayReplication) -> PlacementType {
        let c = r.children[Int(id)]
        guard c.served != 0, type != .placedForAdoption, type != .withParents || !c.finalPhase else { return type }
        let rr = factor(at: .residentialPlacement, child: id, now: now, in: r)
        guard rr != 1 else { return type }
        let choice = r.samplers.placement(atAge: r.age(id, at: now))
        let share = choice.types.firstIndex(of: .residential).map { choice.table.probability($0) } ?? 0
        let isResidential = r.adjusted(id, type == .residential, probability: share, by: rr)
        if isResidential { return .residential }
        return type == .residential ? .foster : type
    }

    /// The children an intervention served stop being served when they leave.
    func leaving(child id: Int32, now: Double, in r: PathwayReplication) { endService(id, in: r) }

    /// The children an intervention served stop being served when their episode ends or they leave.
    func endService(_ id: Int32, in r: PathwayReplication) {
        let served = r.children[Int(id)].served
        guard served != 0 else { return }
        for i in servedNow.indices where served & (1 << UInt8(i)) != 0 { servedNow[i] -= 1 }
        r.children[Int(id)].served = 0
    }
}

extension PathwayReplication {
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
        for i in interventions.servedNow.indices where c.served & (1 << UInt8(i)) != 0 { m.interventionCareDays[i] += days }
    }
}
