import CareSimEngine

/// What acts on children as they move through the pathway besides its own rates: the
/// interventions (InterventionSet) and the practice models (PracticeState). Each is called at
/// the same named hooks; the replication calls the interventions first, then the practice
/// models, and multiplies their factors in that order (PathwayReplication.factor, scaled).
///
/// A stage never asks which mechanism is present: it asks for the factor at its point, announces
/// the state a child is entering and has entered, offers a care entry about to happen, and lets
/// the mechanisms change a placement. A new practice model adds a folder under PracticeModels/
/// (its parameters, decoder and mechanism) and answers these hooks in PracticeState.
protocol PathwayMechanism: AnyObject {
    /// The factor on the hazard, probability or length at `point` for child `id` now (1: none).
    func factor(at point: PathwayPoint, child id: Int32, now: Double, in r: PathwayReplication) -> Double
    /// Child `id` is entering `state`, before the state's times are drawn (an intervention takes
    /// the child on, so its effects apply to them).
    func entering(_ state: CaseState, child id: Int32, now: Double, in r: PathwayReplication)
    /// Child `id` has entered `state`, or its case has just been given a worker (`state` is then
    /// the one it is in): Family Safeguarding's specialists join the family.
    func entered(_ state: CaseState, child id: Int32, now: Double, in r: PathwayReplication)
    /// A care entry of child `id` is about to happen: true when the mechanism takes the child
    /// instead (edge-of-care work), and the entry does not happen now.
    func takesCareEntry(child id: Int32, now: Double, in r: PathwayReplication) -> Bool
    /// The placement child `id` gets instead of `type` (`allowHub`: a hub bed may be given).
    func placement(_ type: PlacementType, child id: Int32, now: Double, allowHub: Bool, in r: PathwayReplication) -> PlacementType
    /// Child `id` leaves the simulation: places it held are freed.
    func leaving(child id: Int32, now: Double, in r: PathwayReplication)
}

// The hooks as the stages call them.
extension PathwayReplication {
    /// The factor at `point` for the child: the interventions' times the practice models'
    /// (1 times a number is that number exactly).
    @inline(__always)
    func factor(_ point: PathwayPoint, _ id: Int32, _ now: Double) -> Double { scaled(1, at: point, id, now) }

    /// `value` times the interventions' factor at `point`, then times the practice models', then
    /// demand's conversion factor of the year (Demand.conversions), then, at the three routes into
    /// care, `care.by_year`'s risk for the child's age in a year it names.
    @inline(__always)
    func scaled(_ value: Double, at point: PathwayPoint, _ id: Int32, _ now: Double) -> Double {
        var x = value * interventions.factor(at: point, child: id, now: now, in: self)
        if let pm = practice { x *= pm.factor(at: point, child: id, now: now, in: self) }
        if !conversionFactors.isEmpty, let c = conversionFactors[point.rawValue] { x *= c.factor(at: now) }
        if !careYears.isEmpty, point == .assessmentToCare || point == .cinToCare || point == .cpToCare { x *= careEntryAgeFactor(id, now) }
        return x
    }

    /// The year ending 31 March that `now` falls in, if `care.by_year` names it.
    func careYear(at now: Double) -> Int? {
        careYears.first { now >= $0.from && now < $0.to }?.year
    }

    /// `care.by_year`'s relative risk of entering care now for the child's age (1 in other years).
    func careEntryAgeFactor(_ id: Int32, _ now: Double) -> Double {
        guard let year = careYear(at: now), let entry = p.careByYear[year] else { return 1 }
        return PathwayParameters.factor(of: entry.entryAges, atAge: age(id, at: now))
    }

    func entering(_ state: CaseState, _ id: Int32, _ now: Double) {
        interventions.entering(state, child: id, now: now, in: self)
        practice?.entering(state, child: id, now: now, in: self)
    }

    func entered(_ state: CaseState, _ id: Int32, _ now: Double) {
        interventions.entered(state, child: id, now: now, in: self)
        practice?.entered(state, child: id, now: now, in: self)
    }

    func takesCareEntry(_ id: Int32, _ now: Double) -> Bool {
        if interventions.takesCareEntry(child: id, now: now, in: self) { return true }
        return practice?.takesCareEntry(child: id, now: now, in: self) ?? false
    }

    func placement(_ type: PlacementType, _ id: Int32, _ now: Double, allowHub: Bool) -> PlacementType {
        let t = interventions.placement(type, child: id, now: now, allowHub: allowHub, in: self)
        return practice?.placement(t, child: id, now: now, allowHub: allowHub, in: self) ?? t
    }

    func leaving(_ id: Int32, _ now: Double) {
        practice?.leaving(child: id, now: now, in: self)
        interventions.leaving(child: id, now: now, in: self)
    }
}
