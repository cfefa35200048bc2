import CareSimEngine
import Foundation

// Children referred before birth (`referrals.unborn`): under 1 in every count by age, and never
// looked after before they are born.
extension PathwayReplication {
    /// Child `id` is not born yet at `now` (a millionth of a day's grace, so that an event
    /// scheduled for the birth finds the child born).
    @inline(__always)
    func isUnborn(_ id: Int32, _ now: Double) -> Bool { hot[Int(id)].born - now > 1e-6 }

    /// Child `id`, not born yet, is due to come into care now: the care entry waits for the birth.
    /// A child on a CIN or CP plan stays on it until then; a child whose assessment has just
    /// ended starts a CIN plan that ends at the birth. Then it comes into care, as it would have.
    func awaitBirth(_ id: Int32, _ now: Double) {
        let days = hot[Int(id)].born - now
        let state = hot[Int(id)].state
        if state == .cin || state == .cp {
            enter(id, state, at: now, endsAfter: days, choice: .care, countsFlow: false)
        } else {
            entering(.cin, id, now)
            enter(id, .cin, at: now, endsAfter: days, choice: .care)
            entered(.cin, id, now)
        }
    }
}
