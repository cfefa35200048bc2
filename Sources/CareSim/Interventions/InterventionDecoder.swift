import CareSimEngine

/// Decodes a pathway scenario's `interventions:` list.
enum InterventionDecoder {
    static let stageNames: [(String, CaseState)] = [("assessment", .assessment), ("section47", .section47), ("cin", .cin), ("cp", .cp),
                                                    ("looked_after", .care), ("returned_home", .returnedHome)]

    /// The stages a list names (each one of `allowed`; unknown names are reported) and how many
    /// entries it has; nil, reported, when it is not a non-empty list.
    static func stages(_ node: ScenarioNode, _ path: String, allowed: [(String, CaseState)], example: String = "[cp]",
                       reader r: inout FieldReader) -> (set: Set<CaseState>, listed: Int)? {
        guard case .sequence(let names, _) = node, !names.isEmpty else {
            r.fail(node, path, "expected a list of stages such as \(example)")
            return nil
        }
        var set = Set<CaseState>()
        for (k, n) in names.enumerated() {
            guard let text = r.string(n, "\(path).\(k)") else { continue }
            if let s = allowed.first(where: { $0.0 == text })?.1 { set.insert(s) } else {
                r.fail(n, "\(path).\(k)", "expected one of \(allowed.map(\.0).joined(separator: ", ")), got '\(text)'")
            }
        }
        return (set, names.count)
    }

    static func decode(_ node: ScenarioNode, factors: [String], teams: [String], reader r: inout FieldReader) -> [InterventionParameters]? {
        guard case .sequence(let items, _) = node, !items.isEmpty, items.count <= 8 else {
            r.fail(node, "interventions", "expected a list of one to eight interventions")
            return nil
        }
        var out: [InterventionParameters] = []
        var ok = true
        for (i, item) in items.enumerated() {
            let p = "interventions.\(i)"
            guard let f = r.fields(item, p, required: ["name", "eligible", "effects"], optional: ["capacity", "cost"]) else { ok = false; continue }
            let name = f["name"].flatMap { r.string($0, p + ".name") }
            if let name, !FieldReader.isValidName(name), let n = f["name"] {
                r.fail(n, p + ".name", "expected a name of letters, digits and underscores starting with a letter, got '\(name)'")
                ok = false
            }
            var stages: Set<CaseState>? , minAge: Double? = 0, maxAge: Double? = 18, mask: [Int]? = [], share: Double? = 1
            var teamIndices: [Int]? = []
            if let e = f["eligible"], let g = r.fields(e, p + ".eligible", required: ["stages"], optional: ["ages", "factors", "teams", "share"]) {
                if case .sequence(let v, _)? = g["teams"] {
                    for (k, n) in v.enumerated() {
                        guard let text = r.string(n, "\(p).eligible.teams.\(k)") else { teamIndices = nil; continue }
                        if let index = teams.firstIndex(of: text) { teamIndices?.append(index) } else {
                            r.fail(n, "\(p).eligible.teams.\(k)", teams.isEmpty ? "expected a workforce: block declaring the team '\(text)'"
                                   : "expected one of the workforce's teams (\(teams.joined(separator: ", "))), got '\(text)'")
                            teamIndices = nil
                        }
                    }
                } else if let n = g["teams"] {
                    r.fail(n, p + ".eligible.teams", "expected a list of team names")
                    teamIndices = nil
                }
                if let n = g["stages"], let listed = Self.stages(n, p + ".eligible.stages", allowed: stageNames, reader: &r) {
                    stages = listed.set.isEmpty ? nil : listed.set
                }
                if let a = g["ages"] {
                    if case .sequence(let v, _) = a, v.count == 2,
                       let lo = r.double(v[0], p + ".eligible.ages.0", "an age in years >= 0", { $0 >= 0 }),
                       let hi = r.double(v[1], p + ".eligible.ages.1", "an age in years above the first", { $0 > lo }) {
                        minAge = lo
                        maxAge = hi
                    } else {
                        r.fail(a, p + ".eligible.ages", "expected [from, to) in years, such as [12, 18]")
                        minAge = nil
                    }
                }
                if case .sequence(let v, _)? = g["factors"] {
                    mask = []
                    for (k, n) in v.enumerated() {
                        guard let text = r.string(n, "\(p).eligible.factors.\(k)") else { mask = nil; continue }
                        if let index = factors.firstIndex(of: text) { mask?.append(index) } else {
                            r.fail(n, "\(p).eligible.factors.\(k)", "expected one of the scenario's factors (\(factors.joined(separator: ", "))), got '\(text)'")
                            mask = nil
                        }
                    }
                } else if let n = g["factors"] {
                    r.fail(n, p + ".eligible.factors", "expected a list of factor names")
                    mask = nil
                }
                share = g["share"].map { r.double($0, p + ".eligible.share", "a probability between 0 and 1", { $0 >= 0 && $0 <= 1 }) } ?? 1
            }
            let capacity: Int?? = f["capacity"].map { r.int($0, p + ".capacity", "a whole number of children >= 1", { $0 >= 1 }) } ?? .some(nil)
            var perChild: Double? = 0, setup: Double? = 0
            if let c = f["cost"], let g = r.fields(c, p + ".cost", optional: ["per_child", "setup"]) {
                perChild = g["per_child"].map { r.double($0, p + ".cost.per_child", "a cost >= 0", { $0 >= 0 }) } ?? 0
                setup = g["setup"].map { r.double($0, p + ".cost.setup", "a cost >= 0", { $0 >= 0 }) } ?? 0
            }
            var effects: [(InterventionParameters.Effect, Distribution)] = []
            let names = InterventionParameters.Effect.allCases.map(\.rawValue)
            for e in f["effects"].map({ r.namedEntries($0, p + ".effects", what: "effects") }) ?? [] {
                let path = "\(p).effects.\(e.key)"
                guard let effect = InterventionParameters.Effect(rawValue: e.key) else {
                    r.fail(e.keyLocation, path, "expected one of \(names.joined(separator: ", ")), got '\(e.key)'\(r.suggestion(e.key, names))")
                    ok = false
                    continue
                }
                if let d = r.distribution(e.value, path) { effects.append((effect, d)) } else { ok = false }
            }
            guard ok, let name, let stages, let minAge, let maxAge, let mask, let teamIndices, let share, let capacity, let perChild, let setup
            else { ok = false; continue }
            out.append(InterventionParameters(name: name, stages: stages, minAge: minAge, maxAge: maxAge, factors: mask, teams: teamIndices,
                                              share: share, capacity: capacity, costPerChild: perChild, setupCost: setup, effects: effects))
        }
        return ok ? out : nil
    }
}
