import CareSimEngine
import Foundation

// Edge-of-care work (RSW clinicians, No Wrong Door outreach): a care entry about to happen waits
// while the service works with the family (EdgeOfCareService).
extension PathwayReplication {
    /// A care entry about to happen: an edge-of-care service with a free place takes the child
    /// instead (true). The work's end decides: home on a CIN plan, or care after all.
    func deferToEdge(_ id: Int32, _ now: Double) -> Bool {
        guard let s = practice, s.started else { return false }
        if children[Int(id)].edgeTried {
            children[Int(id)].edgeTried = false
            return false
        }
        let age = age(id, at: now)
        var service: EdgeOfCareService?
        var k = -1
        if let nwd = p.practice.noWrongDoor, age >= nwd.outreach.minAge, age < nwd.outreach.maxAge, s.edgeBusy[1] < s.outreachPlaces {
            service = nwd.outreach
            k = 1
        } else if let rsw = p.practice.rswUnits, let t = team(of: id), s.isUnitTeam[t], age >= rsw.clinician.minAge, age < rsw.clinician.maxAge,
                  s.edgeBusy[0] < s.clinicianPlaces {
            service = rsw.clinician
            k = 0
        }
        guard let service else { return false }
        s.edgeBusy[k] += 1
        let practiceStream = rng(.practice, id)
        let work = (k == 0 ? s.clinicianWorkDays : s.outreachWorkDays)!.sample(practiceStream)
        let hours = service.hoursPerWeek * work / 7
        let resolved = practiceStream.bernoulli(1 - exp(-(k == 0 ? s.clinicianRate : s.outreachRate) * hours))
        children[Int(id)].edgeService = UInt8(k + 1) | 0x80
        if k == 1 { children[Int(id)].servedByHub = true }
        joinCohort(id, now)
        if now >= measureFrom, now < measureTo - Self.followUpDays {
            children[Int(id)].edgeReferredAt = now
            m.practice.edgeOfCare[k].referred += 1
            if resolved { m.practice.edgeOfCare[k].resolved += 1 }
        } else {
            children[Int(id)].edgeReferredAt = .nan
        }
        enter(id, .cin, at: now, endsAfter: work, choice: resolved ? .edgeWorkResolved : .edgeWorkFailed)
        return true
    }

    /// The edge-of-care work ends (or the child leaves): its place frees.
    func endEdgeWork(_ id: Int32) {
        let e = children[Int(id)].edgeService
        guard e & 0x80 != 0, let s = practice else { return }
        s.edgeBusy[Int(e & 0x7f) - 1] -= 1
        children[Int(id)].edgeService = e & 0x7f
    }

    /// Counts a care entry within the follow-up of an edge-of-care referral.
    func countEdgeOutcome(_ id: Int32, _ now: Double) {
        let c = children[Int(id)]
        guard !c.edgeReferredAt.isNaN, c.edgeService != 0 else { return }
        if now - c.edgeReferredAt <= Self.followUpDays { m.practice.edgeOfCare[Int(c.edgeService & 0x7f) - 1].enteredCare += 1 }
        children[Int(id)].edgeReferredAt = .nan
    }

    /// A child referred to an edge-of-care service who turns 18 within the follow-up leaves
    /// children's services before the outcome is known: counted apart, out of the share.
    func countEdgeLeftAt18(_ id: Int32, _ now: Double) {
        let c = children[Int(id)]
        guard !c.edgeReferredAt.isNaN, c.edgeService != 0, now - c.edgeReferredAt <= Self.followUpDays else { return }
        m.practice.edgeOfCare[Int(c.edgeService & 0x7f) - 1].leftAt18 += 1
        children[Int(id)].edgeReferredAt = .nan
    }
}
