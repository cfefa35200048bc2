import CareSimEngine
import Foundation

// Section 47 enquiries and initial child protection conferences.
extension PathwayReplication {
    func startSection47(_ id: Int32, _ now: Double) {
        observe(.section47Started, id, now)
        offer(id, .section47, now)
        let days = SimulationCalendar.calendarDays(fromWorkingDays: samplers.section47WorkingDays.sample(rng(.section47, id)))
        enter(id, .section47, at: now, endsAfter: days)
        if practice != nil { allocateSpecialists(id, now) }
    }

    /// A section 47 enquiry ends: an initial child protection conference (or not), which may
    /// make a CP plan; otherwise a CIN plan.
    func section47Ends(_ id: Int32, _ now: Double) {
        let section47 = rng(.section47, id)
        if section47.bernoulli(p.conferenceShare) {
            observe(.conferenceHeld, id, now)
            if section47.bernoulli(min(1, p.planAfterConference * multiplier(id, .conferencePlan) * conferencePlan(id))) {
                startCP(id, now)
                return
            }
        }
        startCIN(id, now)
    }
}
