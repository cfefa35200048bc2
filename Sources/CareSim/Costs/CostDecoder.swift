import CareSimEngine

/// Decodes a pathway scenario's `placements:` (providers and their capacity) and `costs:`
/// blocks, both optional, reporting every problem with file, line, field and what was expected.
struct CostDecoder {
    let teams: [WorkforceParameters.Team]
    let practice: PracticeModels

    /// The providers (nil when absent or invalid: see `r.issues`).
    func placements(_ node: ScenarioNode, reader r: inout FieldReader) -> PlacementProviders? {
        let before = r.issues.count
        guard let f = r.fields(node, "placements", required: ["providers"]) else { return nil }
        guard case .sequence(let items, _)? = f["providers"], !items.isEmpty else {
            if let n = f["providers"] { r.fail(n, "placements.providers", "expected a list of providers, each with name, type and share") }
            return nil
        }
        let types = PlacementType.allCases.filter { $0 != .hubBed }.map(\.rawValue)
        var declared: [PlacementProviders.Provider] = []
        var fallbackNames: [[(String, ScenarioNode)]] = []
        for (i, item) in items.enumerated() {
            let p = "placements.providers.\(i)"
            guard let g = r.fields(item, p, required: ["name", "type", "share"], optional: ["capacity", "out_of_area", "fallback"]) else { continue }
            var name = g["name"].flatMap { r.string($0, p + ".name") }
            if let n = name, let node = g["name"] {
                if !FieldReader.isValidName(n) {
                    r.fail(node, p + ".name", "expected a name of letters, digits and underscores starting with a letter, got '\(n)'")
                    name = nil
                } else if PlacementType(rawValue: n) != nil {
                    r.fail(node, p + ".name", "expected a provider name that is not a placement type (\(types.joined(separator: ", "))), got '\(n)'")
                    name = nil
                } else if declared.contains(where: { $0.name == n }) {
                    r.fail(node, p + ".name", "expected each provider name once, got '\(n)' again")
                    name = nil
                }
            }
            let type = g["type"].flatMap { r.choice($0, p + ".type", types.map { ($0, PlacementType(rawValue: $0)!) }) }
            let share = g["share"].flatMap { r.double($0, p + ".share", "a share between 0 and 1", { $0 >= 0 && $0 <= 1 }) }
            var capacity: Int?? = .some(nil)
            if let c = g["capacity"] { capacity = r.limit(c, p + ".capacity", "a whole number of children >= 0, or unlimited", minimum: 0) }
            let away = g["out_of_area"].map { r.double($0, p + ".out_of_area", "a probability between 0 and 1", { $0 >= 0 && $0 <= 1 }) } ?? 0
            var fallback: [(String, ScenarioNode)] = []
            if let fb = g["fallback"] {
                if case .sequence(let names, _) = fb {
                    for (k, n) in names.enumerated() { if let s = r.string(n, "\(p).fallback.\(k)") { fallback.append((s, n)) } }
                } else {
                    r.fail(fb, p + ".fallback", "expected a list of provider names, tried in order when this provider is full")
                }
            }
            guard let name, let type, let share, let capacity, let away else { continue }
            declared.append(.init(name: name, type: type, share: share, capacity: capacity, outOfArea: away, fallback: []))
            fallbackNames.append(fallback)
        }
        guard r.issues.count == before else { return nil }
        for type in PlacementType.allCases {
            let total = declared.filter { $0.type == type }.reduce(0) { $0 + $1.share }
            if declared.contains(where: { $0.type == type }), abs(total - 1) > 1e-6, let n = f["providers"] {
                r.fail(n, "placements.providers", "expected the shares of \(type.rawValue)'s providers to sum to 1, got \(ScenarioNumber.format((total * 1e6).rounded() / 1e6))")
            }
        }
        for (i, names) in fallbackNames.enumerated() {
            for (k, (name, node)) in names.enumerated() {
                let path = "placements.providers.\(i).fallback.\(k)"
                guard let j = declared.firstIndex(where: { $0.name == name }) else {
                    r.fail(node, path, "expected a declared provider (\(declared.map(\.name).joined(separator: ", "))), got '\(name)'")
                    continue
                }
                if j == i || declared[i].fallback.contains(j) {
                    r.fail(node, path, "expected another provider than '\(declared[i].name)' and those already listed, got '\(name)'")
                } else if declared[j].type != declared[i].type {
                    r.fail(node, path, "expected a provider of the same type (\(declared[i].type.rawValue)): the placement type is the model's, got '\(name)' (\(declared[j].type.rawValue))")
                } else {
                    declared[i].fallback.append(j)
                }
            }
        }
        return r.issues.count == before ? PlacementProviders(declared: declared) : nil
    }

    /// The unit costs (nil when invalid: see `r.issues`). `providers` names what `costs.placements` may price.
    func costs(_ node: ScenarioNode, providers: PlacementProviders, reader r: inout FieldReader) -> CostParameters? {
        let before = r.issues.count
        guard let f = r.fields(node, "costs", optional: ["price_year", "base_year", "inflation", "discount_rate", "years",
                                                         "placements", "staff", "practice_models", "wider"]) else { return nil }
        func year(_ key: String) -> Int? {
            f[key].flatMap { r.int($0, "costs." + key, "a year (the financial year ending 31 March)", { $0 > 1900 && $0 < 2200 }) }
        }
        let priceYear = year("price_year") ?? CostDefaults.priceYear
        let baseYear = year("base_year") ?? priceYear
        var inflation: [Int: Double] = [:]
        if let n = f["inflation"] {
            if case .mapping(let entries, _) = n, !entries.isEmpty {
                for e in entries {
                    let p = "costs.inflation.\(e.key)"
                    guard let y = Int(e.key), y > 1900, y < 2200 else {
                        r.fail(e.keyLocation, p, "expected a year (the financial year ending 31 March), got '\(e.key)'")
                        continue
                    }
                    if let v = r.double(e.value, p, "a price index > 0", { $0 > 0 }) { inflation[y] = v }
                }
            } else {
                r.fail(n, "costs.inflation", "expected a price index by year, such as {2015: 100, 2016: 101.2}")
            }
        }
        if baseYear != priceYear {
            for y in [priceYear, baseYear] where inflation[y] == nil {
                r.fail(f["inflation"] ?? node, "costs.inflation", "expected an index for \(y): base_year (\(baseYear)) differs from price_year (\(priceYear))")
            }
        }
        let rate = f["discount_rate"].map { r.double($0, "costs.discount_rate", "a rate a year between 0 and 1", { $0 >= 0 && $0 < 1 }) } ?? CostDefaults.discountRate
        let years = f["years"].map { r.int($0, "costs.years", "a whole number of years from 1 to 50", { $0 >= 1 && $0 <= 50 }) } ?? 1

        var weekly: [String: Double] = [:]
        if let n = f["placements"] {
            let names = providers.providers.map(\.name)
            let allowed = names + PlacementType.allCases.map(\.rawValue).filter { !names.contains($0) }
            for e in r.namedEntries(n, "costs.placements", what: "weekly costs") {
                let p = "costs.placements.\(e.key)"
                guard allowed.contains(e.key) else {
                    r.fail(e.keyLocation, p, "expected a provider or placement type (\(allowed.joined(separator: ", "))), got '\(e.key)'\(r.suggestion(e.key, allowed))")
                    continue
                }
                if let v = r.double(e.value, p, "a weekly cost per child >= 0", { $0 >= 0 }) { weekly[e.key] = v }
            }
        }

        var staff: [String: CostParameters.Staff] = [:]
        if let n = f["staff"] {
            if case .sequence(let items, _) = n {
                for (i, item) in items.enumerated() {
                    let p = "costs.staff.\(i)"
                    guard let g = r.fields(item, p, required: ["role", "salary", "on_costs", "agency_premium"]) else { continue }
                    let role = g["role"].flatMap { r.string($0, p + ".role") }
                    let salary = g["salary"].flatMap { r.double($0, p + ".salary", "a salary a year >= 0", { $0 >= 0 }) }
                    let on = g["on_costs"].flatMap { r.double($0, p + ".on_costs", "a share of salary >= 0", { $0 >= 0 }) }
                    let premium = g["agency_premium"].flatMap { r.double($0, p + ".agency_premium", "a share >= 0 above a permanent worker's cost", { $0 >= 0 }) }
                    if let role, staff[role] != nil, let node = g["role"] { r.fail(node, p + ".role", "expected each role once, got '\(role)' again") }
                    if let role, let salary, let on, let premium { staff[role] = .init(salary: salary, onCosts: on, agencyPremium: premium) }
                }
            } else {
                r.fail(n, "costs.staff", "expected a list of roles, each {role, salary, on_costs, agency_premium}")
            }
        }
        for team in teams where staff[team.role] == nil && r.issues.count == before {
            r.fail(f["staff"] ?? node, "costs.staff", "expected a cost for the workforce's role '\(team.role)' (team \(team.name))")
        }

        var practiceCosts: [String: CostParameters.Practice] = [:]
        if let n = f["practice_models"], let g = r.fields(n, "costs.practice_models", optional: ["rsw_units", "family_safeguarding", "no_wrong_door"]) {
            if let x = g["rsw_units"] { practiceCosts["rsw_units"] = model(x, "costs.practice_models.rsw_units", present: practice.rswUnits != nil, roles: [], &r) }
            if let x = g["family_safeguarding"] {
                practiceCosts["family_safeguarding"] = model(x, "costs.practice_models.family_safeguarding", present: practice.familySafeguarding != nil,
                                                             roles: practice.familySafeguarding?.specialists.map(\.role) ?? [], &r)
            }
            if let x = g["no_wrong_door"] { practiceCosts["no_wrong_door"] = model(x, "costs.practice_models.no_wrong_door", present: practice.noWrongDoor != nil, roles: [], &r) }
        }

        var police: Double?, admission: Double?
        if let n = f["wider"], let g = r.fields(n, "costs.wider", optional: ["police_callout", "adult_admission"]) {
            police = g["police_callout"].flatMap { r.double($0, "costs.wider.police_callout", "a cost per call-out >= 0", { $0 >= 0 }) }
            admission = g["adult_admission"].flatMap { r.double($0, "costs.wider.adult_admission", "a cost per admission >= 0", { $0 >= 0 }) }
        }
        guard r.issues.count == before, let rate, let years else { return nil }
        return CostParameters(priceYear: priceYear, baseYear: baseYear, inflation: inflation, discountRate: rate, years: years, weekly: weekly,
                              staff: staff, practice: practiceCosts, policeCallout: police, adultAdmission: admission)
    }

    /// One practice model's costs; `roles` are the posts it may price (`per_post`).
    func model(_ node: ScenarioNode, _ p: String, present: Bool, roles: [String], _ r: inout FieldReader) -> CostParameters.Practice? {
        guard present else {
            r.fail(node, p, "expected the scenario's practice_models to have this model: there is nothing to cost")
            return nil
        }
        guard let f = r.fields(node, p, optional: ["setup", "per_year", "per_post"]) else { return nil }
        let setup = f["setup"].map { r.double($0, p + ".setup", "a one-off cost >= 0", { $0 >= 0 }) } ?? 0
        let perYear = f["per_year"].map { r.double($0, p + ".per_year", "a cost a year >= 0", { $0 >= 0 }) } ?? 0
        var perPost: [String: Double] = [:]
        if let n = f["per_post"] {
            for e in r.namedEntries(n, p + ".per_post", what: "roles") {
                guard roles.contains(e.key) else {
                    r.fail(e.keyLocation, "\(p).per_post.\(e.key)",
                           roles.isEmpty ? "expected no posts: this model declares none" : "expected one of the model's roles (\(roles.joined(separator: ", "))), got '\(e.key)'")
                    continue
                }
                if let v = r.double(e.value, "\(p).per_post.\(e.key)", "a cost per post a year >= 0", { $0 >= 0 }) { perPost[e.key] = v }
            }
        }
        guard let setup, let perYear else { return nil }
        return .init(setup: setup, perYear: perYear, perPost: perPost)
    }
}
