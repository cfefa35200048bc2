/// What happened to a cohort of children from the day each joined it to the end of the run.
///
/// The cohort is the children a practice model or intervention served for the first time in
/// the measured year (Family Safeguarding specialists, an edge-of-care service, a No Wrong Door
/// hub bed, an intervention). In `caresim compare` the alternative arm finds them; the base arm
/// is then given their keys and join days, so the same children are followed from the same day
/// in both arms (common random numbers make them the same children).
public struct CohortMeasures: Sendable, Equatable {
    public var children = 0
    public var careEntries = 0
    public var cpStarts = 0
    public var referrals = 0
    /// Days in each state after joining; `openDays` counts every state but `closed`.
    public var careDays = 0.0
    public var cpDays = 0.0
    public var openDays = 0.0
}

/// How a replication takes part in a cohort comparison.
public enum CohortRole: Sendable {
    /// No cohort (an ordinary run).
    case none
    /// Find the cohort: children served for the first time in the measured year join it.
    case find
    /// Follow a cohort found in the paired arm: child key -> day it joined.
    case follow([UInt64: Double])
}

extension PathwayReplication {
    /// The child is served by a practice model or intervention: it joins the cohort being found.
    func joinCohort(_ id: Int32, _ now: Double) {
        guard case .find = cohortRole, measuring, children[Int(id)].cohortFrom == .infinity else { return }
        children[Int(id)].cohortFrom = now
        cohortJoined[children[Int(id)].draws.key] = now
        cohort.children += 1
    }

    /// Counts the time since the later of entering its state and joining, for a cohort child
    /// leaving its state (or the run ending) at `now`.
    func countCohortTime(_ id: Int32, _ now: Double) {
        let c = children[Int(id)]
        guard c.cohortFrom < now else { return }
        let days = now - max(c.stateSince, c.cohortFrom)
        guard days > 0 else { return }
        switch c.state {
        case .care: cohort.careDays += days
        case .cp: cohort.cpDays += days
        default: break
        }
        if c.state != .closed { cohort.openDays += days }
    }

    /// An event in the child's path: counted for the cohort after the child joined. Not at the
    /// moment of joining: the event that led to the service (a conference, a care entry) belongs
    /// to before, in both arms.
    func countCohortEvent(_ id: Int32, _ now: Double, _ event: WritableKeyPath<CohortMeasures, Int>) {
        guard children[Int(id)].cohortFrom < now else { return }
        cohort[keyPath: event] += 1
    }

    /// A new child of a followed cohort starts counting on its join day.
    func cohortStart(for key: UInt64) -> Double {
        guard case .follow(let joined) = cohortRole, let t = joined[key] else { return .infinity }
        cohort.children += 1
        return t
    }
}
