/// The teams' cohorts in the order a new case tries them (WorkforceParameters.Team.serves), as
/// plain values: the case's team is chosen on every referral, so it reads these rather than the
/// parameters (whose arrays cost reference counting on every read).
struct TeamRouting {
    struct Cohort {
        let team: Int
        let minAge: Double
        let maxAge: Double
        let localities: Range<Double>
        /// The cohort's factors as bits of `Child.factors` (0: any child of its ages).
        let factorMask: UInt32
    }

    let cohorts: [Cohort]
    /// The first team with no cohort (or the first team): every case no cohort takes.
    let fallback: Int

    init(_ workforce: WorkforceParameters?) {
        let teams = workforce?.teams ?? []
        cohorts = teams.enumerated().compactMap { t, team in
            team.serves.map { c in
                Cohort(team: t, minAge: c.minAge, maxAge: c.maxAge, localities: c.localities,
                       factorMask: c.factors.reduce(UInt32(0)) { $0 | (1 << UInt32($1)) })
            }
        }
        fallback = teams.firstIndex { $0.serves == nil } ?? 0
    }
}
