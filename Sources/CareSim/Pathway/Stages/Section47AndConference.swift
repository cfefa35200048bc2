import CareSimEngine
import Foundation

// Section 47 enquiries and initial child protection conferences.
extension PathwayReplication {
    /// `fromCIN`: the enquiry is a CIN plan's step-up (the plan's start is kept, for
    /// `cin.resume_after_section47`).
    func startSection47(_ id: Int32, _ now: Double, fromCIN: Bool = false) {
        if !fromCIN { children[Int(id)].cinPlanStart = .nan }
        observe(.section47Started, id, now)
        entering(.section47, id, now)
        let days = SimulationCalendar.calendarDays(fromWorkingDays: samplers.section47WorkingDays.sample(rng(.section47, id)))
        enter(id, .section47, at: now, endsAfter: days)
        entered(.section47, id, now)
    }

    /// A section 47 enquiry ends: an initial child protection conference (or not), which may
    /// make a CP plan; otherwise a CIN plan: the plan it stepped up from, carried on, with
    /// `cin.resume_after_section47`, or else a new one.
    func section47Ends(_ id: Int32, _ now: Double) {
        let section47 = rng(.section47, id)
        if section47.bernoulli(min(1, scaled(p.conferenceShare, at: .section47ToConference, id, now))) {
            observe(.conferenceHeld, id, now)
            if section47.bernoulli(min(1, scaled(p.planAfterConference, at: .conferenceToPlan, id, now))) {
                startCP(id, now)
                return
            }
        }
        let planStart = children[Int(id)].cinPlanStart
        if p.cinResumeAfterSection47, !planStart.isNaN {
            startCIN(id, now, elapsed: now - planStart)
        } else {
            startCIN(id, now)
        }
    }
}
