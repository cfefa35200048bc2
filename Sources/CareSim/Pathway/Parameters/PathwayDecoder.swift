import CareSimEngine
import Foundation

/// Decodes a `model: pathway` scenario (the England pathway of docs/explanation/model.md, sections
/// 2 and 3). Every problem is reported with file, line, column and field path, as for network
/// scenarios.
enum PathwayDecoder {
    static let requiredTopLevel = ["name", "model", "calendar", "referrals", "front_door", "assessment", "section47",
                                   "cin", "cp", "care", "returned_home", "closed"]
    static let optionalTopLevel = ["description", "seed", "replications", "generator", "scale", "leave_at", "initial", "workforce", "interventions",
                                    "direct_work", "practice_models", "wider_effects", "placements", "costs", "demand"]

    static func decode(_ tree: ScenarioNode, file: String, reader r: inout FieldReader) -> Scenario? {
        guard let top = r.fields(tree, "", required: requiredTopLevel, optional: optionalTopLevel) else { return nil }
        let header = ScenarioHeader(top, reader: &r)
        let (name, description, seed, replications, generator) = (header.name, header.description, header.seed, header.replications, header.generator)
        let scale = top["scale"].map { r.double($0, "scale", "a scale factor > 0 and <= 1", { $0 > 0 && $0 <= 1 }) } ?? 1
        let leaveAt = top["leave_at"].map { r.double($0, "leave_at", "an age in years > 0", { $0 > 0 }) } ?? 18

        func prob(_ f: [String: ScenarioNode], _ key: String, _ path: String) -> Double? {
            f[key].flatMap { r.double($0, path + "." + key, "a probability between 0 and 1", { $0 >= 0 && $0 <= 1 }) }
        }
        func positive(_ f: [String: ScenarioNode], _ key: String, _ path: String, _ what: String) -> Double? {
            f[key].flatMap { r.double($0, path + "." + key, what + " > 0", { $0 > 0 }) }
        }
        func dist(_ f: [String: ScenarioNode], _ key: String, _ path: String) -> Distribution? {
            f[key].flatMap { r.distribution($0, path + "." + key) }
        }
        /// `{name: share, ...}` with names from `allowed` (any names when nil), summing to 1.
        /// A `by_year` list (FieldReader.byYear).
        func byYear(_ node: ScenarioNode, _ path: String) -> [Int: Double]? { r.byYear(node, path) }
        /// A `by_age` list of multipliers: [{below: 10, factor: 0.8}, {factor: 1.3}], bands in
        /// increasing age, the last without below.
        func ageFactors(_ node: ScenarioNode, _ path: String) -> [(belowYears: Double, factor: Double)]? {
            guard case .sequence(let items, _) = node, !items.isEmpty else {
                r.fail(node, path, "expected a list such as [{below: 10, factor: 0.8}, {factor: 1.3}] (the last band without below)")
                return nil
            }
            var bands: [(belowYears: Double, factor: Double)] = []
            var valid = true
            for (i, item) in items.enumerated() {
                let p = "\(path).\(i)"
                let last = i == items.count - 1
                guard let h = r.fields(item, p, required: last ? ["factor"] : ["below", "factor"]) else { valid = false; continue }
                let previous = bands.last?.belowYears ?? 0
                let below = last ? Double.infinity
                    : h["below"].flatMap { r.double($0, p + ".below", "an age in years greater than \(ScenarioNumber.format(previous))", { $0 > previous }) }
                let factor = h["factor"].flatMap { r.double($0, p + ".factor", "a rate multiplier >= 0", { $0 >= 0 }) }
                if let below, let factor {
                    if let leaveAt, previous >= leaveAt, !bands.isEmpty {
                        r.fail(item, p, "expected a reachable band, but the bands before it already cover every age up to leave_at (\(ScenarioNumber.format(leaveAt)))")
                        valid = false
                    }
                    bands.append((below, factor))
                } else { valid = false }
            }
            return valid ? bands : nil
        }
        func shares(_ node: ScenarioNode?, _ path: String, allowed: [String]?) -> [(String, Double)]? {
            guard let node else { return nil }
            guard case .mapping(let entries, _) = node, !entries.isEmpty else {
                r.fail(node, path, "expected a mapping of names to shares summing to 1")
                return nil
            }
            var out: [(String, Double)] = []
            var ok = true
            for e in entries {
                let p = "\(path).\(e.key)"
                if let allowed, !allowed.contains(e.key) {
                    r.fail(e.keyLocation, p, "expected one of \(allowed.joined(separator: ", ")), got '\(e.key)'\(r.suggestion(e.key, allowed))")
                    ok = false
                    continue
                }
                guard let v = r.double(e.value, p, "a share between 0 and 1", { $0 >= 0 && $0 <= 1 }) else { ok = false; continue }
                out.append((e.key, v))
            }
            let total = out.reduce(0) { $0 + $1.1 }
            if ok, abs(total - 1) > 1e-6 {
                r.fail(node, path, "expected shares that sum to 1, got \(ScenarioNumber.format((total * 1e6).rounded() / 1e6))")
                ok = false
            }
            return ok ? out : nil
        }
        /// `[{below: years, <key>: {...}}, ..., {<key>: {...}}]`.
        func ageBanded<T>(_ node: ScenarioNode?, _ path: String, key: String, allowed: [String], map: (String) -> T) -> PathwayParameters.AgeBanded<T>? {
            guard let node else { return nil }
            guard case .sequence(let items, _) = node, !items.isEmpty else {
                r.fail(node, path, "expected a list of age bands such as [{below: 10, \(key): {...}}, {\(key): {...}}]")
                return nil
            }
            var bands: [(belowYears: Double, shares: [(choice: T, share: Double)])] = []
            var ok = true
            for (i, item) in items.enumerated() {
                let p = "\(path).\(i)"
                let last = i == items.count - 1
                guard let g = r.fields(item, p, required: [key], optional: ["below"]) else { ok = false; continue }
                var below = Double.infinity
                if let b = g["below"] {
                    let previous = bands.last?.belowYears ?? 0
                    if last {
                        r.fail(b, p + ".below", "expected no 'below' on the last band, which takes everyone older")
                        ok = false
                    } else if let x = r.double(b, p + ".below", "an age in years greater than \(ScenarioNumber.format(previous))", { $0 > previous }) {
                        below = x
                    } else {
                        ok = false
                        below = previous  // so later bands are checked against the last good edge
                    }
                } else if !last {
                    r.fail(item, p + ".below", "missing required field 'below' (only the last band has none)")
                    ok = false
                }
                if let leaveAt, let previous = bands.last?.belowYears, previous >= leaveAt {
                    r.fail(item, p, "expected a reachable band, but the bands before it already cover every age up to leave_at (\(ScenarioNumber.format(leaveAt)))")
                    ok = false
                }
                guard let s = shares(g[key], "\(p).\(key)", allowed: allowed) else { ok = false; continue }
                bands.append((below, s.map { (map($0.0), $0.1) }))
            }
            return ok ? .init(bands: bands) : nil
        }
        func date(_ node: ScenarioNode?, _ path: String) -> (Int, Int, Int)? {
            guard let node, let text = r.string(node, path) else { return nil }
            let parts = text.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3, text.count == 10, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else {
                r.fail(node, path, "expected a date YYYY-MM-DD, got '\(text)'")
                return nil
            }
            return (parts[0], parts[1], parts[2])
        }

        // calendar
        var start: (Int, Int, Int)?, measure: Int?, stability: Int?, followUp: Int? = 0
        if let c = top["calendar"], let f = r.fields(c, "calendar", required: ["stocks_at", "measure_year_ending"], optional: ["stability_year_ending", "follow_up_years"]) {
            start = date(f["stocks_at"], "calendar.stocks_at")
            if let s = start, s.1 != 3 || s.2 != 31, let node = f["stocks_at"] {
                r.fail(node, "calendar.stocks_at", "expected a 31 March (the statistics' stock date), got \(String(format: "%04d-%02d-%02d", s.0, s.1, s.2))")
                start = nil
            }
            measure = f["measure_year_ending"].flatMap { r.int($0, "calendar.measure_year_ending", "a year", { $0 > 1900 }) }
            stability = f["stability_year_ending"].map { r.int($0, "calendar.stability_year_ending", "a year", { $0 > 1900 }) } ?? measure
            followUp = f["follow_up_years"].map { r.int($0, "calendar.follow_up_years", "a whole number of years from 0 to 50", { (0...50).contains($0) }) } ?? 0
            if let s = start, let m = measure, m <= s.0, let node = f["measure_year_ending"] {
                r.fail(node, "calendar.measure_year_ending", "expected a year after the warm start (\(s.0)), got \(m)")
                measure = nil
            }
            if let s = start, let st = stability, st <= s.0, let node = f["stability_year_ending"] {
                r.fail(node, "calendar.stability_year_ending", "expected a year after the warm start (\(s.0)), got \(st)")
                stability = nil
            }
            // A run of at most ScenarioLimits.maxPathwayYears, follow-up included.
            let limit = ScenarioLimits.maxPathwayYears
            for (key, year) in [("measure_year_ending", measure), ("stability_year_ending", stability)] {
                if let s = start, let y = year, let fu = followUp, y + fu > s.0 + limit, let node = f[key] ?? f["measure_year_ending"] {
                    r.fail(node, "calendar." + key, "expected a year at most \(limit) years after the warm start (\(s.0)) with the follow-up (\(fu) years), "
                           + "so at most \(s.0 + limit - fu), got \(y)")
                    if key == "measure_year_ending" { measure = nil } else { stability = nil }
                }
            }
        }

        // demand (optional): population and the projected referral rate
        var demand: Demand?? = .some(nil)
        if let n = top["demand"] { demand = DemandDecoder.decode(n, startYear: start?.0, reader: &r).map { .some($0) } }

        // referrals
        var yearFactors: [Int: Double]? = [:]
        var fresh: Double?, trend: Double? = 0, amplitude: Double? = 0, peak: Double? = 0, siblings: [Double]?, spread: Double?
        var age: Distribution?, factors: [(String, Double)]? = [], previousPlan: Double?
        var unborn: UnbornReferrals?? = .some(nil)
        if let n = top["referrals"], let f = r.fields(n, "referrals", required: ["sibling_groups", "sibling_age_spread", "age", "previous_cp_plan"],
                                                       optional: ["per_year", "rate_per_10000_children", "child_population", "trend_per_year", "by_year", "seasonality", "factors",
                                                                  "unborn"]) {
            // Either a number a year, or a rate per 10,000 children times the child population.
            switch (f["per_year"], f["rate_per_10000_children"], f["child_population"]) {
            case (let y?, nil, nil):
                fresh = positive(f, "per_year", "referrals", "a number of referrals per year")
                _ = y
            case (nil, .some, .some):
                if let rate = positive(f, "rate_per_10000_children", "referrals", "a rate per 10,000 children"),
                   let population = positive(f, "child_population", "referrals", "a number of children") {
                    fresh = rate * population / 10_000
                }
            case (.some, _, _):
                r.fail(n, "referrals", "expected either per_year or rate_per_10000_children with child_population, not both")
            default:
                r.fail(n, "referrals.per_year", "missing required field 'per_year' (or 'rate_per_10000_children' with 'child_population')")
            }
            trend = f["trend_per_year"].map { r.double($0, "referrals.trend_per_year", "a growth rate per year > -1", { $0 > -1 }) } ?? 0
            if let b = f["by_year"] { yearFactors = byYear(b, "referrals.by_year") }
            if let s = f["seasonality"], let g = r.fields(s, "referrals.seasonality", required: ["amplitude", "peak_day"]) {
                amplitude = g["amplitude"].flatMap { r.double($0, "referrals.seasonality.amplitude", "a relative amplitude between 0 and 1", { $0 >= 0 && $0 < 1 }) }
                peak = g["peak_day"].flatMap { r.double($0, "referrals.seasonality.peak_day", "a day of the year between 0 and 366", { $0 >= 0 && $0 <= 366 }) }
            }
            if let s = f["sibling_groups"] {
                if case .sequence(let items, _) = s, !items.isEmpty {
                    let values = items.enumerated().map { r.double($1, "referrals.sibling_groups.\($0)", "a probability between 0 and 1", { $0 >= 0 && $0 <= 1 }) }
                    if values.allSatisfy({ $0 != nil }) {
                        let v = values.map { $0! }
                        if abs(v.reduce(0, +) - 1) > 1e-6 {
                            r.fail(s, "referrals.sibling_groups", "expected probabilities of 1, 2, ... children that sum to 1, got \(ScenarioNumber.format(v.reduce(0, +)))")
                        } else { siblings = v }
                    }
                } else {
                    r.fail(s, "referrals.sibling_groups", "expected a list of probabilities of groups of 1, 2, ... children")
                }
            }
            spread = f["sibling_age_spread"].flatMap { r.double($0, "referrals.sibling_age_spread", "a number of years >= 0", { $0 >= 0 }) }
            age = dist(f, "age", "referrals")
            previousPlan = prob(f, "previous_cp_plan", "referrals")
            if let n = f["unborn"] {
                unborn = nil
                if let g = r.fields(n, "referrals.unborn", required: ["share", "days_before_birth"]) {
                    let share = prob(g, "share", "referrals.unborn"), days = dist(g, "days_before_birth", "referrals.unborn")
                    if let share, let days { unborn = .some(UnbornReferrals(share: share, daysBeforeBirth: days)) }
                }
            }
            if let fs = f["factors"] {
                factors = []
                for e in r.namedEntries(fs, "referrals.factors", what: "factor names") {
                    if let v = r.double(e.value, "referrals.factors.\(e.key)", "a probability between 0 and 1", { $0 >= 0 && $0 <= 1 }) {
                        factors?.append((e.key, v))
                    } else { factors = nil }
                }
                if let fl = factors, fl.count > 32 { r.fail(fs, "referrals.factors", "expected at most 32 factors"); factors = nil }
            }
        }

        // front door
        var doorDays: Distribution?, nfa: Double?, notInNeed: Double?, nfaAssessed: Double?? = .some(0)
        if let n = top["front_door"], let f = r.fields(n, "front_door", required: ["days", "outcome"], optional: ["nfa_after_assessment"]) {
            doorDays = dist(f, "days", "front_door")
            if f["nfa_after_assessment"] != nil { nfaAssessed = prob(f, "nfa_after_assessment", "front_door").map { .some($0) } }
            if let s = shares(f["outcome"], "front_door.outcome", allowed: ["no_further_action", "assessed_not_in_need", "in_need"]) {
                nfa = s.first { $0.0 == "no_further_action" }?.1 ?? 0
                notInNeed = s.first { $0.0 == "assessed_not_in_need" }?.1 ?? 0
            }
        }

        // assessment
        var slots: Int?, assessmentDays: Distribution?, afterAssessment: PathwayParameters.AgeBanded<AfterAssessment>?
        var further: Double?? = .some(0)
        if let n = top["assessment"], let f = r.fields(n, "assessment", required: ["slots", "working_days", "outcome"], optional: ["further_per_year"]) {
            if let v = f["further_per_year"] {
                further = r.double(v, "assessment.further_per_year", "a number of further assessments per child in need per year from 0 to 50", { $0 >= 0 && $0 <= 50 }).map { .some($0) }
            }
            slots = f["slots"].flatMap {
                r.int($0, "assessment.slots", "a whole number of assessment slots from 1 to \(ScenarioLimits.maxCapacity)", { (1...ScenarioLimits.maxCapacity).contains($0) })
            }
            assessmentDays = dist(f, "working_days", "assessment")
            afterAssessment = ageBanded(f["outcome"], "assessment.outcome", key: "shares", allowed: AfterAssessment.allCases.map(\.rawValue)) {
                AfterAssessment(rawValue: $0)!
            }
        }

        var s47Days: Distribution?, conference: Double?, plan: Double?
        if let n = top["section47"], let f = r.fields(n, "section47", required: ["working_days", "conference", "plan"]) {
            s47Days = dist(f, "working_days", "section47")
            conference = prob(f, "conference", "section47")
            plan = prob(f, "plan", "section47")
        }

        var cinClose: Distribution?, cinS47: Distribution?, cinCare: Distribution?
        var stepUpByAge: [(belowYears: Double, factor: Double)]? = [(.infinity, 1)]
        var resumeAfterSection47: Bool? = false
        if let n = top["cin"], let f = r.fields(n, "cin", required: ["close_days", "section47_days", "care_days"], optional: ["section47_by_age", "resume_after_section47"]) {
            cinClose = dist(f, "close_days", "cin")
            cinS47 = dist(f, "section47_days", "cin")
            cinCare = dist(f, "care_days", "cin")
            if let a = f["section47_by_age"] { stepUpByAge = ageFactors(a, "cin.section47_by_age") }
            if let b = f["resume_after_section47"] { resumeAfterSection47 = r.choice(b, "cin.resume_after_section47", [("true", true), ("false", false)]) }
        }

        var cpDays: Distribution?, afterCP: [(AfterPlan, Double)]?
        if let n = top["cp"], let f = r.fields(n, "cp", required: ["days", "next"]) {
            cpDays = dist(f, "days", "cp")
            afterCP = shares(f["next"], "cp.next", allowed: AfterPlan.allCases.map(\.rawValue))?.map { (AfterPlan(rawValue: $0.0)!, $0.1) }
        }

        let routeNames = CareExit.allCases.map(\.rawValue)
        var legal: [(String, Double)]?, exitRoutes: PathwayParameters.AgeBanded<CareExit>?, exitDays: [CareExit: Distribution]?
        var placements: PathwayParameters.AgeBanded<PlacementType>?, moveMean: Double?, frailty: Double?
        var moveShape: Double? = 1, moveByType: [PlacementType: Double]? = [:], moveByAge: [(belowYears: Double, factor: Double)]? = [(.infinity, 1)]
        var adoptionDays: Distribution?, parentsShare: Double?, parentsDays: Distribution?
        var unaccompanied: UnaccompaniedChildren?? = .some(nil)
        var timeByAge: [(belowYears: Double, factor: Double)]? = [(.infinity, 1)]
        var careByYear: [Int: CareYear]? = [:]
        /// `care.by_year`: each year's factors on the exit routes' shares and on the risk of entering
        /// care by age (nil after reporting what is wrong). `routes` is care.exit_routes, which the
        /// factors must leave a route in every age band.
        func careYears(_ node: ScenarioNode, routes: PathwayParameters.AgeBanded<CareExit>?) -> [Int: CareYear]? {
            guard case .sequence(let items, _) = node, !items.isEmpty else {
                r.fail(node, "care.by_year", "expected a list such as [{year_ending: 2013, exit_routes: {adoption: 0.8}, entry_ages: [{below: 1, factor: 1.2}, {factor: 1}]}]")
                return nil
            }
            var out: [Int: CareYear]? = [:]
            for (i, item) in items.enumerated() {
                let careYearItem = "care.by_year.\(i)"
                guard let g = r.fields(item, careYearItem, required: ["year_ending"], optional: ["exit_routes", "entry_ages"]),
                      let year = g["year_ending"].flatMap({ r.int($0, careYearItem + ".year_ending", "a calendar year (the year ending 31 March)", { $0 > 1900 }) })
                else { out = nil; continue }
                if out?[year] != nil {
                    r.fail(g["year_ending"]!, careYearItem + ".year_ending", "expected each year once, got \(year) again")
                    out = nil
                    continue
                }
                var entry = CareYear()
                var valid = true
                if let e = g["exit_routes"] {
                    if case .mapping(let pairs, _) = e, !pairs.isEmpty {
                        for pair in pairs {
                            guard let route = CareExit(rawValue: pair.key) else {
                                r.fail(pair.keyLocation, careYearItem + ".exit_routes.\(pair.key)", "expected an exit route (\(routeNames.joined(separator: ", "))), got '\(pair.key)'")
                                valid = false
                                continue
                            }
                            if let x = r.double(pair.value, careYearItem + ".exit_routes.\(route.rawValue)", "a multiplier >= 0 on the route's share", { $0 >= 0 }) {
                                entry.routeFactors[route] = x
                            } else { valid = false }
                        }
                    } else {
                        r.fail(e, careYearItem + ".exit_routes", "expected a mapping of exit routes to multipliers, such as {adoption: 0.8}")
                        valid = false
                    }
                }
                if let a = g["entry_ages"] {
                    if let bands = ageFactors(a, careYearItem + ".entry_ages") { entry.entryAges = bands } else { valid = false }
                }
                // Every age band keeps a route: factors of 0 on all of a band's routes leave none.
                if valid, let bands = routes?.bands, !entry.routeFactors.isEmpty,
                   let empty = bands.firstIndex(where: { $0.shares.reduce(0.0) { $0 + $1.share * (entry.routeFactors[$1.choice] ?? 1) } <= 0 }) {
                    r.fail(g["exit_routes"]!, careYearItem + ".exit_routes", "expected factors that leave each age band of care.exit_routes a route, but band \(empty) has none left")
                    valid = false
                }
                if valid { out?[year] = entry } else { out = nil }
            }
            return out
        }
        if let n = top["care"], let f = r.fields(n, "care", required: ["legal_routes", "exit_routes", "exit_days", "placements", "placement_moves",
                                                                      "placed_for_adoption_days", "with_parents"], optional: ["time_by_age", "unaccompanied", "by_year"]) {
            legal = shares(f["legal_routes"], "care.legal_routes", allowed: nil)
            exitRoutes = ageBanded(f["exit_routes"], "care.exit_routes", key: "routes", allowed: routeNames) { CareExit(rawValue: $0)! }
            if let e = f["exit_days"], let g = r.fields(e, "care.exit_days", required: routeNames.filter { $0 != "age_18" }) {
                var out: [CareExit: Distribution] = [:]
                for route in CareExit.allCases where route != .age18 {
                    if let d = dist(g, route.rawValue, "care.exit_days") { out[route] = d }
                }
                if out.count == CareExit.allCases.count - 1 { exitDays = out }
            }
            placements = ageBanded(f["placements"], "care.placements", key: "types", allowed: PlacementType.allCases.filter { $0 != .hubBed }.map(\.rawValue)) {
                PlacementType(rawValue: $0)!
            }
            if let m = f["placement_moves"], let g = r.fields(m, "care.placement_moves", required: ["mean_days", "frailty_shape"],
                                                             optional: ["shape", "by_type", "by_age"]) {
                moveMean = positive(g, "mean_days", "care.placement_moves", "a number of days")
                frailty = positive(g, "frailty_shape", "care.placement_moves", "a gamma shape")
                moveShape = g["shape"].map { r.double($0, "care.placement_moves.shape", "a Weibull shape > 0", { $0 > 0 }) } ?? 1
                if let t = g["by_type"] {
                    var out: [PlacementType: Double] = [:]
                    let names = PlacementType.allCases.filter { $0 != .hubBed }.map(\.rawValue)
                    for e in r.namedEntries(t, "care.placement_moves.by_type", what: "placement types") {
                        let path = "care.placement_moves.by_type.\(e.key)"
                        guard let type = PlacementType(rawValue: e.key), type != .hubBed else {
                            r.fail(e.keyLocation, path, "expected one of \(names.joined(separator: ", ")), got '\(e.key)'\(r.suggestion(e.key, names))")
                            moveByType = nil
                            continue
                        }
                        if let v = r.double(e.value, path, "a rate multiplier >= 0", { $0 >= 0 }) { out[type] = v } else { moveByType = nil }
                    }
                    if moveByType != nil { moveByType = out }
                }
                if let a = g["by_age"] { moveByAge = ageFactors(a, "care.placement_moves.by_age") }
                // The shortest mean time between moves any child can have must be a day or more.
                if let mean = moveMean, let types = moveByType, let ages = moveByAge {
                    let fastest = max(1, types.values.max() ?? 1) * max(1, ages.map(\.factor).max() ?? 1)
                    if !(mean / fastest >= ScenarioLimits.minMeanDays) {
                        r.fail(m, "care.placement_moves", "expected mean_days over the largest by_type and by_age factors to be at least "
                               + "\(ScenarioNumber.format(ScenarioLimits.minMeanDays)) day (a move a day at most), got \(ScenarioNumber.format(mean)) / \(ScenarioNumber.format(fastest))")
                        moveMean = nil
                    }
                }
            }
            adoptionDays = dist(f, "placed_for_adoption_days", "care")
            if let a = f["time_by_age"] { timeByAge = ageFactors(a, "care.time_by_age") }
            if let b = f["by_year"] { careByYear = careYears(b, routes: exitRoutes) }
            if let w = f["with_parents"], let g = r.fields(w, "care.with_parents", required: ["share", "days"]) {
                parentsShare = prob(g, "share", "care.with_parents")
                parentsDays = dist(g, "days", "care.with_parents")
            }
            if let u = f["unaccompanied"] {
                unaccompanied = nil
                if let g = r.fields(u, "care.unaccompanied", required: ["per_year"], optional: ["by_year", "age"]) {
                    let perYear = g["per_year"].flatMap {
                        r.double($0, "care.unaccompanied.per_year", "a number of children a year from 0 to \(ScenarioNumber.format(ScenarioLimits.maxReferralsPerYear))",
                                 { $0 >= 0 && $0 <= ScenarioLimits.maxReferralsPerYear })
                    }
                    let factors = g["by_year"].map { byYear($0, "care.unaccompanied.by_year") } ?? [:]
                    var age: Distribution? = .uniform(min: 15, max: 18)
                    if g["age"] != nil {
                        age = dist(g, "age", "care.unaccompanied")
                        // Ages are in years below 18; an unbounded distribution's draws past 18 arrive the day before.
                        var top: Double?
                        switch age {
                        case .constant(let v)?: top = v
                        case .uniform(_, let hi)?: top = hi
                        case .empirical(let e)?: top = e.bands.last?.upper
                        default: top = nil
                        }
                        if let top, top > 18, let node = g["age"] {
                            r.fail(node, "care.unaccompanied.age", "expected ages on arrival in years up to 18, got a distribution reaching \(ScenarioNumber.format(top))")
                            age = nil
                        }
                    }
                    if let perYear, let factors, let age { unaccompanied = .some(UnaccompaniedChildren(perYear: perYear, yearFactors: factors, age: age)) }
                }
            }
        }

        var homeClose: Distribution?, reentryP: Double?, reentryDays: Distribution?
        if let n = top["returned_home"], let f = r.fields(n, "returned_home", required: ["close_days", "reentry", "reentry_days"]) {
            homeClose = dist(f, "close_days", "returned_home")
            reentryP = prob(f, "reentry", "returned_home")
            reentryDays = dist(f, "reentry_days", "returned_home")
        }
        var rereferral: Double?, rereferralDays: Distribution?
        if let n = top["closed"], let f = r.fields(n, "closed", required: ["re_referral", "re_referral_days"]) {
            rereferral = prob(f, "re_referral", "closed")
            rereferralDays = dist(f, "re_referral_days", "closed")
        }

        var initial: InitialPopulation?? = .some(nil)
        if let n = top["initial"] {
            initial = nil
            if let f = r.fields(n, "initial", required: ["area", "year", "cin_age", "open_band_upper_days"], optional: ["cp_age", "data", "care_remaining_factor", "closed_cases", "closed_cases_referrals", "back_calculate", "unborn"]) {
                let area = f["area"].flatMap { r.string($0, "initial.area") }
                let year = f["year"].flatMap { r.int($0, "initial.year", "a year from 2011 to 2015 (the published stocks)", { (2011...2015).contains($0) }) }
                let cinAge = dist(f, "cin_age", "initial")
                let cpAge: Distribution?? = f["cp_age"] == nil ? .some(nil) : dist(f, "cp_age", "initial").map { .some($0) }
                let upper = f["open_band_upper_days"].flatMap { r.double($0, "initial.open_band_upper_days", "a number of days > 730", { $0 > 730 }) }
                let remaining = f["care_remaining_factor"].map { r.double($0, "initial.care_remaining_factor", "a multiplier > 0", { $0 > 0 }) } ?? 1
                let closedCases = f["closed_cases"].map { r.choice($0, "initial.closed_cases", [("true", true), ("false", false)]) } ?? true
                let backCalculate = f["back_calculate"].map { r.choice($0, "initial.back_calculate", [("true", true), ("false", false)]) } ?? false
                var unbornShares: (cp: Double, cin: Double)? = (0, 0)
                if let u = f["unborn"] {
                    unbornShares = nil
                    if let g = r.fields(u, "initial.unborn", required: ["cp_share", "cin_share"]) {
                        let cp = prob(g, "cp_share", "initial.unborn"), cin = prob(g, "cin_share", "initial.unborn")
                        if let cp, let cin { unbornShares = (cp, cin) }
                    }
                    if top["referrals"]?["unborn"] == nil {
                        r.fail(u, "initial.unborn", "expected referrals.unborn too: its days_before_birth give the unborn children's times to birth")
                        unbornShares = nil
                    }
                }
                let poolReferrals = f["closed_cases_referrals"].map { r.double($0, "initial.closed_cases_referrals", "a number of referrals in a year >= 0", { $0 >= 0 }) }
                let dataText = f["data"].flatMap { r.string($0, "initial.data") } ?? "../data"
                // Relative to the folder of the file that sets it (a parent's, when extended).
                let declaring = (f["data"] ?? n).location.file
                let folder = ((declaring.hasPrefix("--") ? file : declaring) as NSString).deletingLastPathComponent
                let data = dataText.hasPrefix("/") ? dataText : ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent(dataText)
                if let area, let year, let cinAge, let cpAge, let upper, let remaining, let closedCases, let backCalculate, let unbornShares,
                   poolReferrals != .some(nil) {
                    do {
                        _ = try PublishedStocks.load(dataDirectory: data, area: area, year: year, backCalculate: backCalculate)
                        initial = .some(InitialPopulation(area: area, year: year, dataDirectory: data, openBandUpperDays: upper, cinAge: cinAge, cpAge: cpAge, careRemainingFactor: remaining,
                                                                    closedCases: closedCases, closedCaseReferrals: poolReferrals ?? nil, backCalculate: backCalculate,
                                                                    unbornCPShare: unbornShares.cp, unbornCINShare: unbornShares.cin))
                    } catch {
                        r.fail(f["area"]!, "initial", "expected published stocks for '\(area)' at 31 March \(year) under \(data): \(error)")
                    }
                }
            }
        }
        if let start, case .some(.some(let i)) = initial, i.year != start.0, let node = top["initial"]?["year"] {
            r.fail(node, "initial.year", "expected the year of calendar.stocks_at (\(start.0)), got \(i.year)")
        }

        var workforce: WorkforceParameters?? = .some(nil)
        if let w = top["workforce"] { workforce = WorkforceDecoder.decode(w, factors: factors?.map(\.0) ?? [], reader: &r).map { .some($0) } }
        var interventions: [InterventionParameters]? = []
        if let i = top["interventions"] {
            let teamNames: [String] = { if case .some(.some(let w)) = workforce { return w.teams.map(\.name) }; return [] }()
            interventions = InterventionDecoder.decode(i, factors: factors?.map(\.0) ?? [], teams: teamNames, reader: &r)
            if let list = interventions, Set(list.map(\.name)).count != list.count {
                r.fail(i, "interventions", "expected each intervention name once")
                interventions = nil
            }
        }

        // The declared workforce's teams, which practice models and costs name.
        let teamList: [WorkforceParameters.Team] = { if case .some(.some(let w)) = workforce { return w.teams }; return [] }()
        let practice = PracticeModelDecoder(factors: factors?.map(\.0) ?? [], teams: teamList)
            .decode(directWork: top["direct_work"], models: top["practice_models"], wider: top["wider_effects"], reader: &r)

        var providers: PlacementProviders?? = .some(nil), costs: CostParameters?? = .some(nil)
        if let practice {
            let decoder = CostDecoder(teams: teamList, practice: practice)
            if let n = top["placements"] { providers = decoder.placements(n, reader: &r).map { .some($0) } }
            if let n = top["costs"], case .some(let declared) = providers {
                costs = decoder.costs(n, providers: declared ?? .byType, reader: &r).map { .some($0) }
            }
        }

        // What can be simulated: the busiest year's new referrals (scale, trend and year factors
        // included) and unaccompanied arrivals within ScenarioLimits.maxReferralsPerYear.
        if let fresh, let trend, let scale, let start, let measure, let factors = yearFactors, let node = top["referrals"] {
            let years = Double(max(measure, stability ?? measure) + (followUp ?? 0) - start.0)
            // A demand projection's growth, its trend taken four standard errors above the estimate.
            var projected = 1.0
            if case .some(.some(let d)) = demand {
                var high = d.referralRate
                high.trend.estimate += 4 * high.trend.standardError
                projected = max(1, d.factors(trend: high.trend.estimate, through: max(measure, stability ?? measure) + (followUp ?? 0)).values.max() ?? 1)
            }
            let busiest = fresh * scale * max(1, factors.values.max() ?? 1) * pow(max(1, 1 + trend), years) * projected
            if !(busiest <= ScenarioLimits.maxReferralsPerYear) {
                r.fail(node, "referrals", "expected at most \(ScenarioNumber.format(ScenarioLimits.maxReferralsPerYear)) new referrals in a year "
                       + "(per_year or rate_per_10000_children x child_population / 10,000, x scale, x the largest by_year factor, grown by trend_per_year over the run), "
                       + "got \(busiest.isFinite ? ScenarioNumber.format(busiest.rounded()) : "more than can be counted")")
            }
        }

        guard let name, let seed, let replications, let generator, let scale, let leaveAt, let start, let measure, let stability,
              let fresh, let trend, let amplitude, let peak, let siblings, let spread, let age, let factors, let previousPlan,
              let doorDays, let nfa, let notInNeed, let slots, let assessmentDays, let afterAssessment,
              let s47Days, let conference, let plan, let cinClose, let cinS47, let cinCare, let cpDays, let afterCP,
              let legal, let exitRoutes, let exitDays, let placements, let moveMean, let frailty, let moveShape, let moveByType, let moveByAge,
              let adoptionDays,
              let parentsShare, let parentsDays, let homeClose, let reentryP, let reentryDays, let rereferral, let rereferralDays,
              let initial, let workforce, let interventions, let practice, let providers, let costs, let nfaAssessed, let further,
              let followUp, let yearFactors, let unaccompanied, let timeByAge, let stepUpByAge, let resumeAfterSection47, let demand, let unborn, let careByYear
        else { return nil }
        // Day 0 is the start of 1 April, the day after the stock date (31 March).
        var parameters = PathwayParameters(
            startYear: start.0, startMonth: 4, startDay: 1, measureYearEnding: measure, stabilityYearEnding: stability, scale: scale,
            freshReferralsPerYear: fresh, trendPerYear: trend, seasonalAmplitude: amplitude, seasonalPeakDay: peak,
            siblingGroupSizes: siblings, siblingAgeSpreadYears: spread, referralAge: age, previousPlanProbability: previousPlan,
            factors: factors.map { ($0.0, $0.1) },
            frontDoorDays: doorDays, noFurtherAction: nfa, assessedNotInNeed: notInNeed,
            assessmentSlots: slots, assessmentWorkingDays: assessmentDays, afterAssessment: afterAssessment,
            section47WorkingDays: s47Days, conferenceShare: conference, planAfterConference: plan,
            cinCloseDays: cinClose, cinSection47Days: cinS47, cinCareDays: cinCare,
            cpDays: cpDays, afterCP: afterCP.map { ($0.0, $0.1) },
            legalRoutes: legal.map { ($0.0, $0.1) }, exitRoutes: exitRoutes, exitDays: exitDays, placements: placements,
            placementMoveMeanDays: moveMean, placementFrailtyShape: frailty, placementMoveShape: moveShape,
            placementMoveByType: moveByType, placementMoveByAge: moveByAge, placedForAdoptionDays: adoptionDays,
            withParentsShare: parentsShare, withParentsDays: parentsDays,
            returnedHomeCloseDays: homeClose, reentryProbability: reentryP, reentryDays: reentryDays,
            reReferralProbability: rereferral, reReferralDays: rereferralDays, leaveAtYears: leaveAt, initial: initial,
            workforce: workforce)
        parameters.interventions = interventions
        parameters.nfaAfterAssessment = nfaAssessed ?? 0
        parameters.furtherAssessmentsPerYear = further ?? 0
        parameters.followUpYears = followUp
        parameters.referralYearFactors = yearFactors
        parameters.demand = demand
        parameters.unaccompanied = unaccompanied
        parameters.careTimeByAge = timeByAge
        parameters.careByYear = careByYear
        parameters.cinSection47ByAge = stepUpByAge
        parameters.cinResumeAfterSection47 = resumeAfterSection47
        parameters.unborn = unborn
        parameters.practice = practice
        parameters.providers = providers
        parameters.costs = costs
        let calendar = SimulationCalendar(year: start.0, month: 4, day: 1)
        let horizon = parameters.horizon(calendar)
        return Scenario(name: name, description: description, seed: UInt64(seed), replications: replications, generator: generator,
                        horizon: horizon, warmup: calendar.endOfMarch(measure - 1), model: .pathway(parameters), resolved: tree, file: file)
    }
}
