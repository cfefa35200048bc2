import CareSimEngine
import Foundation

// Going home from care, and coming back into care.
extension PathwayReplication {
    /// The child goes home from care: the case closes after a while, unless they come back
    /// into care first (`care.reentry`, scaled by interventions and practice models).
    func goHome(_ id: Int32, _ now: Double) {
        let returnedHome = rng(.returnedHome, id)
        let closeAfter = samplers.returnedHomeClose.sample(returnedHome)
        var reentry = Double.infinity
        if returnedHome.bernoulli(min(1, scaled(p.reentryProbability, at: .returnHomeToReentry, id, now))) { reentry = samplers.reentryDays.sample(returnedHome) }
        enter(id, .returnedHome, at: now, endsAfter: min(closeAfter, reentry), choice: reentry < closeAfter ? .reentry : .close)
    }

    /// The time at home after care ends: back into care, or the case closes.
    func returnedHomeEnds(_ id: Int32, _ now: Double) {
        if children[Int(id)].choice == .reentry {
            observe(.reentered, id, now)
            enterCare(id, now)
        } else {
            close(id, now, endsEpisode: true)
        }
    }
}
