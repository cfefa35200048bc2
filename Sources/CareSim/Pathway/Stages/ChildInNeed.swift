import CareSimEngine
import Foundation

// Child-in-need plans: competing ends (closure, a section 47 enquiry, care).
extension PathwayReplication {
    func startCIN(_ id: Int32, _ now: Double, elapsed: Double = 0) {
        entering(.cin, id, now)
        children[Int(id)].cinPlanStart = now - elapsed
        let (time, choice) = cinEnd(id, now, elapsed: elapsed)
        enter(id, .cin, at: now, endsAfter: time, choice: choice)
        entered(.cin, id, now)
    }

    /// The time to the end of a CIN plan `elapsed` days old and how it ends (0 close, 1 section
    /// 47, 2 care): competing times, each from its own distribution given that it has not
    /// happened yet. The step-up's hazard is also `cin.section47_by_age`'s for the child's age now.
    func cinEnd(_ id: Int32, _ now: Double, elapsed: Double) -> (Double, PendingEnd) {
        let cin = rng(.cin, id)
        let close = samplers.cinClose.remaining(after: elapsed, cin)
        // A relative hazard r divides the time to that transition by r (exact for exponential
        // times, an accelerated failure time otherwise).
        let stepUp = samplers.cinSection47.remaining(after: elapsed, cin) / (factor(.cinToSection47, id, now) * p.cinStepUpFactor(atAge: age(id, at: now)))
        let care = samplers.cinCare.remaining(after: elapsed, cin) / factor(.cinToCare, id, now)
        // The first of the three, the earliest index on a tie (as `min` over [close, stepUp, care]).
        var choice = 0, time = close
        if stepUp < time { (choice, time) = (1, stepUp) }
        if care < time { (choice, time) = (2, care) }
        return (time, PendingEnd.cinEnds[choice])
    }

    /// A CIN plan ends as drawn when it started (`PendingEnd`).
    func cinPlanEnds(_ id: Int32, _ now: Double) {
        switch children[Int(id)].choice {
        case .close, .reentry: close(id, now, endsEpisode: true)
        case .section47: startSection47(id, now, fromCIN: true)
        case .care: enterCare(id, now)
        case .edgeWorkResolved:
            // Edge-of-care work ended with the crisis resolved: at home on a CIN plan.
            endEdgeWork(id)
            startCIN(id, now)
        case .edgeWorkFailed:
            // It ended without: the care entry goes ahead.
            endEdgeWork(id)
            children[Int(id)].edgeTried = true
            enterCare(id, now)
        }
    }
}
