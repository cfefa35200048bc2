import CareSimEngine

/// Decodes a pathway scenario's `direct_work:`, `practice_models:` and `wider_effects:` blocks.
struct PracticeModelDecoder {
    let factors: [String]
    let teams: [WorkforceParameters.Team]

    /// Decodes the three blocks (each may be absent); nil when any is invalid.
    func decode(directWork dw: ScenarioNode?, models pm: ScenarioNode?, wider we: ScenarioNode?, reader r: inout FieldReader) -> PracticeModels? {
        var out = PracticeModels()
        let before = r.issues.count
        if let dw { out.directWork = directWork(dw, &r) }
        if let pm, let f = r.fields(pm, "practice_models", optional: ["rsw_units", "family_safeguarding", "no_wrong_door"]) {
            if let n = f["rsw_units"] { out.rswUnits = rsw(n, &r) }
            if let n = f["family_safeguarding"] { out.familySafeguarding = familySafeguarding(n, &r) }
            if let n = f["no_wrong_door"] { out.noWrongDoor = noWrongDoor(n, &r) }
            if out.rswUnits != nil || out.familySafeguarding != nil || out.noWrongDoor != nil, out.directWork == nil {
                r.fail(pm, "practice_models", "expected a direct_work: block too: practice models act through workers' direct time")
            }
        }
        if let we { out.wider = widerEffects(we, &r) }
        return r.issues.count == before ? out : nil
    }

    // MARK: Names

    func ageRange(_ node: ScenarioNode, _ p: String, _ r: inout FieldReader) -> (Double, Double)? {
        if case .sequence(let v, _) = node, v.count == 2,
           let lo = r.double(v[0], p + ".0", "an age in years >= 0", { $0 >= 0 }),
           let hi = r.double(v[1], p + ".1", "an age in years above the first", { $0 > lo }) {
            return (lo, hi)
        }
        r.fail(node, p, "expected [from, to) in years, such as [12, 18]")
        return nil
    }

    func teamList(_ node: ScenarioNode, _ p: String, _ r: inout FieldReader) -> [Int]? {
        indexList(node, p, &r, of: "workforce team names", names: teams.map(\.name)) { text in
            teams.isEmpty ? "expected a workforce: block declaring the team '\(text)'"
                : "expected one of the workforce's teams (\(teams.map(\.name).joined(separator: ", "))), got '\(text)'"
        }
    }

    func factorList(_ node: ScenarioNode, _ p: String, _ r: inout FieldReader) -> [Int]? {
        indexList(node, p, &r, of: "factor names", names: factors) { text in
            "expected one of the scenario's factors (\(factors.joined(separator: ", "))), got '\(text)'"
        }
    }

    /// A non-empty list of names, each one of `names`: their indices.
    private func indexList(_ node: ScenarioNode, _ p: String, _ r: inout FieldReader, of what: String, names: [String],
                           unknown: (String) -> String) -> [Int]? {
        guard case .sequence(let v, _) = node, !v.isEmpty else {
            r.fail(node, p, "expected a list of \(what)")
            return nil
        }
        var out: [Int] = []
        for (k, n) in v.enumerated() {
            guard let text = r.string(n, "\(p).\(k)") else { return nil }
            guard let index = names.firstIndex(of: text) else {
                r.fail(n, "\(p).\(k)", unknown(text))
                return nil
            }
            out.append(index)
        }
        return out
    }
}
