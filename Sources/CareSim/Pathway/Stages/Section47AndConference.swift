import CareSimEngine
import Foundation

// Section 47 enquiries and initial child protection conferences.
extension PathwayReplication {
    func startSection47(_ id: Int32, _ now: Double) {
        observe(.section47Started, id, now)
        entering(.section47, id, now)
        let days = SimulationCalendar.calendarDays(fromWorkingDays: samplers.section47WorkingDays.sample(rng(.section47, id)))
        enter(id, .section47, at: now, endsAfter: days)
        entered(.section47, id, now)
    }

    /// A section 47 enquiry ends: an initial child protection conference (or not), which may
    /// make a CP plan; otherwise a CIN plan.
    func section47Ends(_ id: Int32, _ now: Double) {
        let section47 = rng(.section47, id)
        if section47.bernoulli(min(1, scaled(p.conferenceShare, at: .section47ToConference, id, now))) {
            observe(.conferenceHeld, id, now)
            if section47.bernoulli(min(1, scaled(p.planAfterConference, at: .conferenceToPlan, id, now))) {
                startCP(id, now)
                return
            }
        }
        startCIN(id, now)
    }
}
