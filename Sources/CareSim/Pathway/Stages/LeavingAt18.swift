import CareSimEngine
import Foundation

// The 18th birthday: the child leaves the pathway from wherever they are.
//
// A child's 18th birthday is scheduled only when it falls within the year of the next sweep;
// each year a sweep of the children open schedules the birthdays of the year after. Scheduled
// at creation, most would wait years in the event list for a child long gone (1.1 million of
// the ten-year England run's 1.6 million were), holding memory.
extension PathwayReplication {
    static let birthdaySweepDays = 365.25

    /// Schedules child `id`'s 18th birthday if it falls before `limit` (and within the run).
    func scheduleEighteenth(_ id: Int32, _ now: Double, generation: Int32, before limit: Double) {
        let due = hot[Int(id)].born + p.leaveAtYears * 365.25
        guard due <= horizon, due < limit else { return }
        sim.schedule(Event(time: max(now, due), kind: Kind.ageOut.rawValue, entity: id, tag: generation))
    }

    /// The yearly sweep: the 18th birthdays of the children open that fall before the next sweep.
    func birthdaySweep(_ now: Double) {
        nextBirthdaySweep = now + Self.birthdaySweepDays
        for i in hot.indices where hot[i].live {
            scheduleEighteenth(Int32(i), now, generation: hot[i].generation, before: nextBirthdaySweep)
        }
        if nextBirthdaySweep <= horizon { sim.schedule(Event(time: nextBirthdaySweep, kind: Kind.birthdaySweep.rawValue)) }
    }

    func ageOut(_ id: Int32, _ now: Double) {
        let c = children[Int(id)]
        let h = hot[Int(id)]
        switch h.state {
        case .care:
            leaveCare(id, now, route: .age18)
            return
        case .assessment:
            leaveAssessment(id, now)  // (a child waiting for a worker: release takes it off that list)
        case .cp:
            observe(.cpEnded(started: c.cpStart), id, now)
        default: break
        }
        if practice != nil { countEdgeLeftAt18(id, now) }
        endEpisode(id, now)
        flows.count(.state(h.state), .leftAt18, at: now)
        release(id, .leftAt18)
    }
}
