import CareSimEngine

/// Measures, during one replication, what costs and placement sufficiency need: placement
/// spells by provider (choosing providers, with capacity and fallback), case-holding FTE-days,
/// children joining interventions and wider-event exposure, per financial year. Its draws come
/// from its own streams (the child's keyed `child.provider` for a placement's provider and
/// area, `pathway.costs.wider` for wider events), so a scenario with or without it draws the
/// same pathway numbers.
final class CostMeter {
    let providers: PlacementProviders
    let years: FinancialYears
    let staff: StaffLedger?
    /// Provider indices of each placement type (by PlacementType.allCases index).
    private let byType: [[Int]]
    private let capacity: [Int]
    private var occupied: [Int]
    // Per child id: provider now (-1: not placed), the preferred one, since when, out of area.
    private var provider: [Int16] = []
    private var preferred: [Int16] = []
    private var since: [Double] = []
    private var away: [Bool] = []
    /// The stream for a child's next placement's provider and area (its own keyed stream).
    private let placementDraws: (Int32) -> RandomStream
    private let widerStream: RandomStream
    private var policeExposure: [Double]
    private var admissionsExposure: [Double]
    private var m: CostMeasures

    init(_ p: PathwayParameters, calendar: SimulationCalendar, horizon: Double, workforce: Workforce?,
         master: UInt64, replication: Int, generator: GeneratorKind, placementDraws: @escaping (Int32) -> RandomStream) {
        func stream(_ name: String) -> RandomStream {
            RandomStream(master: master, replication: replication, name: "pathway.\(name)", kind: generator)
        }
        self.placementDraws = placementDraws
        widerStream = stream("costs.wider")
        let providers = p.providers ?? .byType
        self.providers = providers
        let years = FinancialYears(calendar: calendar, startYear: p.startYear, until: horizon)
        self.years = years
        byType = PlacementType.allCases.map { providers.of($0) }
        capacity = providers.providers.map { $0.capacity.map { max(0, Int((Double($0) * p.scale).rounded())) } ?? .max }
        occupied = Array(repeating: 0, count: providers.providers.count)
        let n = providers.providers.count, y = years.count
        let teams = p.workforce?.teams.count ?? 0
        if let workforce {
            let ledger = StaffLedger(workforce, teams: teams, years: years)
            workforce.ledger = ledger
            staff = ledger
        } else {
            staff = nil
        }
        policeExposure = Array(repeating: 0, count: y)
        admissionsExposure = policeExposure
        let zeros = Array(repeating: 0, count: y)
        m = CostMeasures(firstYearEnding: years.firstYearEnding, firstCosted: p.measureYearEnding - years.firstYearEnding,
                         providerCount: n, providerDays: Array(repeating: Array(repeating: 0, count: n * n), count: y),
                         outOfAreaDays: policeExposure, started: zeros, fallback: zeros, emergency: zeros, outOfAreaStarted: zeros,
                         staffDays: [], joined: Array(repeating: Array(repeating: 0, count: p.interventions.count), count: y),
                         policeEvents: zeros, admissionEvents: zeros)
    }

    private func ensure(_ id: Int) {
        guard id >= provider.count else { return }
        let grow = max(id + 1, provider.count * 2, 1024) - provider.count
        provider += Array(repeating: -1, count: grow)
        preferred += Array(repeating: -1, count: grow)
        since += Array(repeating: 0, count: grow)
        away += Array(repeating: false, count: grow)
    }

    /// The child starts a placement of `type` (ending any it was in): its provider is drawn,
    /// with fallback when full. The warm start's placements (`initial`) take places but are not
    /// counted as started.
    func placed(_ id: Int32, _ type: PlacementType, at now: Double, initial: Bool) {
        let c = Int(id)
        ensure(c)
        if provider[c] >= 0 { endSpell(c, at: now) }
        let list = byType[PlacementType.allCases.firstIndex(of: type)!]
        // Two draws, always, so the stream stays aligned whatever the providers.
        let r = placementDraws(id)
        var u = r.uniform()
        let outDraw = r.uniform()
        var first = list[list.count - 1]
        for k in list {
            u -= providers.providers[k].share
            if u < 0 { first = k; break }
        }
        // The preferred provider, else the first of its fallbacks with room, else the last
        // fallback (over capacity): an emergency placement. No array is built per placement.
        let fallback = providers.providers[first].fallback
        let room = occupied[first] < capacity[first] ? first : fallback.first { occupied[$0] < capacity[$0] }
        let actual = room ?? fallback.last ?? first
        occupied[actual] += 1
        provider[c] = Int16(actual)
        preferred[c] = Int16(first)
        since[c] = now
        away[c] = outDraw < providers.providers[actual].outOfArea
        guard !initial else { return }
        let y = years.index(of: now)
        m.started[y] += 1
        if actual != first { m.fallback[y] += 1 }
        if room == nil { m.emergency[y] += 1 }
        if away[c] { m.outOfAreaStarted[y] += 1 }
    }

    /// The child leaves care: its placement ends.
    func leftCare(_ id: Int32, at now: Double) {
        let c = Int(id)
        guard c < provider.count, provider[c] >= 0 else { return }
        endSpell(c, at: now)
    }

    private func endSpell(_ c: Int, at now: Double) {
        let a = Int(provider[c]), k = a * m.providerCount + Int(preferred[c])
        years.split(since[c], now) { y, days in
            m.providerDays[y][k] += days
            if away[c] { m.outOfAreaDays[y] += days }
        }
        occupied[a] -= 1
        provider[c] = -1
    }

    func joined(_ intervention: Int, at now: Double) {
        m.joined[years.index(of: now)][intervention] += 1
    }

    /// Wider-event exposure (family-years weighted by relative rates) of the `days` before `now`.
    func widerExposure(at now: Double, days: Double, police: Double, admissions: Double) {
        let y = years.index(of: now - days / 2)
        policeExposure[y] += police
        admissionsExposure[y] += admissions
    }

    /// Ends every open spell and the staff integral at the horizon; the measured year's wider
    /// events are `widerEvents`, later years' are drawn from their exposure.
    func finish(at horizon: Double, widerEvents: WiderEffectsMeasures, wider: WiderEffects?) -> CostMeasures {
        for c in provider.indices where provider[c] >= 0 { endSpell(c, at: horizon) }
        if let staff {
            staff.advance(to: horizon)
            m.staffDays = staff.fteDays
        }
        for y in m.firstCosted..<years.count where y >= 0 {
            if y == m.firstCosted {
                m.policeEvents[y] = widerEvents.policeCallouts
                m.admissionEvents[y] = widerEvents.adultAdmissions
                continue
            }
            if let e = wider?.police { m.policeEvents[y] = widerStream.poisson(mean: e.perFamilyYear * policeExposure[y]) }
            if let e = wider?.admissions { m.admissionEvents[y] = widerStream.poisson(mean: e.perFamilyYear * admissionsExposure[y]) }
        }
        return m
    }
}
