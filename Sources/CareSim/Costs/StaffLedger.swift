/// FTE-days of case-holding posts per financial year, by team and by whether the post was
/// filled permanently, covered by agency staff or vacant. The workforce tells it before and
/// after every change of a post (`Workforce.ledger`), so the integral is exact.
final class StaffLedger {
    enum Status: Int, CaseIterable { case permanent = 0, agency, vacant }

    let years: FinancialYears
    let teams: Int
    /// FTE now, [team * 3 + status].
    private var level: [Double]
    private var since = 0.0
    /// [year][team * 3 + status].
    private(set) var fteDays: [[Double]]

    /// Every post starts filled permanently (as the workforce does, before its initial states).
    init(_ workforce: Workforce, teams: Int, years: FinancialYears) {
        self.years = years
        self.teams = teams
        level = Array(repeating: 0, count: teams * 3)
        for post in workforce.posts { level[post.team * 3] += post.fte }
        fteDays = Array(repeating: Array(repeating: 0, count: teams * 3), count: years.count)
    }

    func advance(to now: Double) {
        guard now > since else { return }
        years.split(since, now) { y, days in
            for k in level.indices where level[k] != 0 { fteDays[y][k] += level[k] * days }
        }
        since = now
    }

    func willChange(_ wf: Workforce, _ post: Int, at now: Double) {
        advance(to: now)
        add(wf, post, -1)
    }

    func didChange(_ wf: Workforce, _ post: Int, at now: Double) { add(wf, post, 1) }

    private func add(_ wf: Workforce, _ post: Int, _ sign: Double) {
        let s = wf.staffSplit(post), t = wf.posts[post].team * 3
        level[t] += sign * s.permanent
        level[t + 1] += sign * s.agency
        level[t + 2] += sign * s.vacant
    }
}

extension Workforce {
    /// A post's FTE split into permanent, agency and vacant. A unit's members share its FTE;
    /// `agency` marks one member covered by agency staff.
    func staffSplit(_ p: Int) -> (permanent: Double, agency: Double, vacant: Double) {
        let post = posts[p]
        if post.members > 0 {
            let each = post.fte / Double(post.members)
            let vacant = each * Double(post.vacantMembers)
            let agency = post.agency ? min(each, post.fte - vacant) : 0
            return (max(0, post.fte - vacant - agency), agency, vacant)
        }
        if !isFilled(p) { return (0, 0, post.fte) }
        return post.agency ? (0, post.fte, 0) : (post.fte, 0, 0)
    }
}
