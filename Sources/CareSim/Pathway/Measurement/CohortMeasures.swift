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
    /// Children who joined at least a year before the run ended (a whole first year followed;
    /// `calendar.follow_up_years` lengthens the run for this), and their days in care within the
    /// year after joining: the window an evaluation that follows families for 12 months after
    /// allocation measures.
    public var firstYearChildren = 0
    public var firstYearCareDays = 0.0
    /// The same for the children served while at home (not looked after when they joined: a
    /// family allocated at an enquiry, a CIN or CP plan), and their care entries in that year.
    public var atHome = 0
    public var atHomeFirstYearChildren = 0
    public var atHomeFirstYearCareDays = 0.0
    public var atHomeFirstYearCareEntries = 0
}

/// When a cohort child joined, and whether it was looked after then.
public struct CohortEntry: Sendable, Equatable {
    public var day: Double
    public var inCare: Bool
}

/// How a replication takes part in a cohort comparison.
public enum CohortRole: Sendable {
    /// No cohort (an ordinary run).
    case none
    /// Find the cohort: children served for the first time in the measured year join it.
    case find
    /// Follow a cohort found in the paired arm: child key -> when it joined (and whether in care).
    case follow([UInt64: CohortEntry])
}

extension PathwayReplication {
    /// The child is served by a practice model or intervention: it joins the cohort being found.
    func joinCohort(_ id: Int32, _ now: Double) {
        guard case .find = cohortRole, measuring, children[Int(id)].cohortFrom == .infinity else { return }
        let inCare = hot[Int(id)].state == .care
        children[Int(id)].cohortFrom = now
        children[Int(id)].cohortAtHome = !inCare
        cohortJoined[children[Int(id)].draws.key] = CohortEntry(day: now, inCare: inCare)
        countJoined(now, atHome: !inCare)
    }

    /// A child joins the cohort at `day`: counted, and among those followed for a whole year
    /// when the run lasts that long after `day`.
    func countJoined(_ day: Double, atHome: Bool) {
        cohort.children += 1
        let wholeYear = firstYearEnd(joined: day) != nil
        if wholeYear { cohort.firstYearChildren += 1 }
        if atHome {
            cohort.atHome += 1
            if wholeYear { cohort.atHomeFirstYearChildren += 1 }
        }
    }

    /// The end of the year after joining on `day`, when the run lasts that long (nil: the child
    /// is not followed for a whole first year, and counts in no first-year measure).
    func firstYearEnd(joined day: Double) -> Double? {
        day + 365.25 <= horizon ? day + 365.25 : nil
    }

    /// Counts the time since the later of entering its state and joining, for a cohort child
    /// leaving its state (or the run ending) at `now`.
    func countCohortTime(_ id: Int32, _ now: Double) {
        let c = children[Int(id)]
        let h = hot[Int(id)]
        guard c.cohortFrom < now else { return }
        let from = max(c.stateSince, c.cohortFrom)
        let days = now - from
        guard days > 0 else { return }
        switch h.state {
        case .care:
            cohort.careDays += days
            // The part within the year after joining, for children followed that long.
            if let yearEnd = firstYearEnd(joined: c.cohortFrom), case let inYear = min(now, yearEnd) - from, inYear > 0 {
                cohort.firstYearCareDays += inYear
                if c.cohortAtHome { cohort.atHomeFirstYearCareDays += inYear }
            }
        case .cp: cohort.cpDays += days
        default: break
        }
        if h.state != .closed { cohort.openDays += days }
    }

    /// An event in the child's path: counted for the cohort after the child joined. Not at the
    /// moment of joining: the event that led to the service (a conference, a care entry) belongs
    /// to before, in both arms.
    func countCohortEvent(_ id: Int32, _ now: Double, _ event: CohortEvent) {
        guard children[Int(id)].cohortFrom < now else { return }
        switch event {
        case .referral: cohort.referrals += 1
        case .cpStart: cohort.cpStarts += 1
        case .careEntry: cohort.careEntries += 1
        }
    }

    /// The events counted for a cohort (an enum, not a key path: a key path is looked up at
    /// run time on every call, and this is called on every referral).
    enum CohortEvent { case referral, cpStart, careEntry }

    /// A care entry of a cohort child: counted, and among the first year's of a child served at home.
    func countCohortCareEntry(_ id: Int32, _ now: Double) {
        countCohortEvent(id, now, .careEntry)
        let c = children[Int(id)]
        if c.cohortFrom < now, c.cohortAtHome, let yearEnd = firstYearEnd(joined: c.cohortFrom), now <= yearEnd {
            cohort.atHomeFirstYearCareEntries += 1
        }
    }

    /// A new child of a followed cohort starts counting on its join day (and whether it was at
    /// home then, in the arm that found it).
    func cohortStart(for key: UInt64) -> (day: Double, atHome: Bool) {
        guard case .follow(let joined) = cohortRole, let e = joined[key] else { return (.infinity, false) }
        countJoined(e.day, atHome: !e.inCare)
        return (e.day, !e.inCare)
    }
}
