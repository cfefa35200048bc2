import CareSimEngine
import Foundation

// No Wrong Door: hub beds for adolescents and their key workers (NoWrongDoor).
extension PathwayReplication {
    func isNWDAdolescent(_ id: Int32, _ now: Double) -> Bool {
        guard practiceStarted, let nwd = p.practice.noWrongDoor else { return false }
        let age = age(id, at: now)
        return age >= nwd.outreach.minAge && age < nwd.outreach.maxAge
    }

    /// A children's home placement of an adolescent goes to a free hub bed.
    func hubPlacement(_ id: Int32, _ type: PlacementType, _ now: Double, allowHub: Bool) -> PlacementType {
        guard allowHub, type == .residential, let s = practice, s.hubBusy < s.hubBeds, isNWDAdolescent(id, now) else { return type }
        s.hubBusy += 1
        children[Int(id)].servedByHub = true
        observe(.hubBedStarted, id, now)
        joinCohort(id, now)
        return .hubBed
    }

    func freeHubBed(_ id: Int32) {
        guard hot[Int(id)].placement == .hubBed, let s = practice else { return }
        s.hubBusy -= 1
        hot[Int(id)].placement = .residential
    }

    /// Where a hub bed stay leads: a family placement or a children's home.
    func afterHubBed(_ id: Int32) -> PlacementType {
        rng(.practice, id).bernoulli(practice!.stepToFamily) ? .foster : .residential
    }
}
