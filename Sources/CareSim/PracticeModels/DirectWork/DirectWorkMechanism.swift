import CareSimEngine
import Foundation

// Direct work: a case's direct hours and the escalation hazard they give (DirectWork).
extension PathwayReplication {
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

    /// The FTE-weighted share of filled case-holding time in direct work.
    func sampleDirectShare() {
        guard let wf = workforce, measuring else { return }
        var fte = 0.0, direct = 0.0
        for post in wf.posts.indices where wf.isFilled(post) {
            fte += wf.posts[post].fte
            direct += wf.posts[post].fte * directShare(team: wf.posts[post].team)
        }
        if fte > 0 { m.practice.directWork.shareSamples.append(direct / fte) }
    }
}
