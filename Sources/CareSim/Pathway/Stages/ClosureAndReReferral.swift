import CareSimEngine
import Foundation

// Cases closing, episodes of need ending, and closed cases re-referred.
extension PathwayReplication {
    func endEpisode(_ id: Int32, _ now: Double) {
        let start = children[Int(id)].episodeStart
        guard !start.isNaN else { return }
        furtherAssessments(id, from: start, to: now)
        observe(.cinEnded(started: start), id, now)
        children[Int(id)].episodeStart = .nan
    }

    /// The further assessments of an episode of need open from `start` to `now`
    /// (`assessment.further_per_year`), drawn as the episode ends (or the run does): their number
    /// Poisson with mean the rate x the episode's years since day 0, their days uniform over
    /// them. Each is counted among the assessments completed of its year, and of the measured
    /// year if it falls in it; nothing else about the child changes. No draw when the rate is 0,
    /// so other scenarios' draws are unchanged.
    func furtherAssessments(_ id: Int32, from start: Double, to now: Double) {
        let from = max(0, start)
        guard p.furtherAssessmentsPerYear > 0, now > from, !placing else { return }
        let stream = rng(.furtherAssessment, id)
        let n = stream.poisson(mean: p.furtherAssessmentsPerYear * (now - from) / 365.25)
        for _ in 0..<n {
            let t = from + stream.uniform() * (now - from)
            years.count(.assessmentsCompleted, at: t)
            if t >= measureFrom, t < measureTo { tally(id, t) { $0.assessmentsCompleted += 1 } }
        }
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
