import CareSimEngine
import Foundation

// Cases closing, episodes of need ending, and closed cases re-referred.
extension PathwayReplication {
    func endEpisode(_ id: Int32, _ now: Double) {
        let start = children[Int(id)].episodeStart
        guard !start.isNaN else { return }
        observe(.cinEnded(started: start), id, now)
        children[Int(id)].episodeStart = .nan
    }

    /// The case closes; the child may be re-referred later, or is released now.
    func close(_ id: Int32, _ now: Double, endsEpisode: Bool) {
        if endsEpisode { endEpisode(id, now) }
        let reReferral = min(1, scaled(p.reReferralProbability, at: .closedToReReferral, id, now))
        interventions.endService(id, in: self)  // the episode ends
        let closed = rng(.closed, id)
        if closed.bernoulli(reReferral) {
            caseCloses(id, now)
            enter(id, .closed, at: now, endsAfter: samplers.reReferralDays.sample(closed))
        } else {
            flows.count(.state(hot[Int(id)].state), .caseClosed, at: now)
            release(id, .caseClosed)
        }
    }

    /// A closed case is re-referred: a new front-door decision for this child alone.
    func reReferred(_ id: Int32, _ now: Double) {
        let stream = rng(.frontDoor, id)
        let door = frontDoor(samplers.frontDoor.draw(stream), stream)
        let after = AfterAssessment.allCases[samplers.afterAssessment(atAge: age(id, at: now)).draw(rng(.assessment, id))]
        refer(id, now, door: door, after: after)
    }
}
