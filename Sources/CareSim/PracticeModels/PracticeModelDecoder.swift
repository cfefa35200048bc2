import CareSimEngine

/// Decodes a pathway scenario's `direct_work:`, `practice_models:` and `wider_effects:` blocks.
struct PracticeModelDecoder {
    let factors: [String]
    let teams: [WorkforceParameters.Team]

    /// Decodes the three blocks (each may be absent); nil when any is invalid.
    func decode(directWork dw: ScenarioNode?, models pm: ScenarioNode?, wider we: ScenarioNode?, reader r: inout FieldReader) -> PracticeModels? {
        var out = PracticeModels()
        let before = r.issues.count
        if let dw, let f = r.fields(dw, "direct_work", required: ["hours_per_fte_week", "reference_hours", "elasticity"]) {
            let hours = f["hours_per_fte_week"].flatMap { r.double($0, "direct_work.hours_per_fte_week", "hours a week > 0", { $0 > 0 }) }
            let reference = f["reference_hours"].flatMap { r.double($0, "direct_work.reference_hours", "hours per case a week > 0", { $0 > 0 }) }
            let elasticity = f["elasticity"].flatMap { r.distribution($0, "direct_work.elasticity") }
            if let hours, let reference, let elasticity {
                out.directWork = DirectWork(hoursPerFTEWeek: hours, referenceHours: reference, elasticity: elasticity)
            }
        }
        if let pm, let f = r.fields(pm, "practice_models", optional: ["rsw_units", "family_safeguarding", "no_wrong_door"]) {
            if let n = f["rsw_units"] { out.rswUnits = rsw(n, &r) }
            if let n = f["family_safeguarding"] { out.familySafeguarding = familySafeguarding(n, &r) }
            if let n = f["no_wrong_door"] { out.noWrongDoor = noWrongDoor(n, &r) }
            if out.rswUnits != nil || out.familySafeguarding != nil || out.noWrongDoor != nil, out.directWork == nil {
                r.fail(pm, "practice_models", "expected a direct_work: block too: practice models act through workers' direct time")
            }
        }
        if let we, let f = r.fields(we, "wider_effects", optional: ["police_callouts", "adult_admissions", "missing_episodes"]) {
            func events(_ key: String) -> WiderEffects.FamilyEvents? {
                let p = "wider_effects." + key
                guard let n = f[key], let g = r.fields(n, p, required: ["factors", "per_family_year", "after_change"]) else { return nil }
                let fs = g["factors"].flatMap { factorList($0, p + ".factors", &r) }
                let rate = g["per_family_year"].flatMap { r.double($0, p + ".per_family_year", "events per family-year >= 0", { $0 >= 0 }) }
                let after = g["after_change"].flatMap { r.distribution($0, p + ".after_change") }
                guard let fs, let rate, let after else { return nil }
                return .init(factors: fs, perFamilyYear: rate, afterChange: after)
            }
            var wider = WiderEffects(police: events("police_callouts"), admissions: events("adult_admissions"))
            let p = "wider_effects.missing_episodes"
            if let n = f["missing_episodes"], let g = r.fields(n, p, required: ["ages", "residential_per_year", "other_per_year"]) {
                let ages = g["ages"].flatMap { ageRange($0, p + ".ages", &r) }
                let a = g["residential_per_year"].flatMap { r.double($0, p + ".residential_per_year", "episodes per child-year >= 0", { $0 >= 0 }) }
                let b = g["other_per_year"].flatMap { r.double($0, p + ".other_per_year", "episodes per child-year >= 0", { $0 >= 0 }) }
                if let ages, let a, let b { wider.missing = .init(minAge: ages.0, maxAge: ages.1, residentialPerYear: a, otherPerYear: b) }
            }
            out.wider = wider
        }
        return r.issues.count == before ? out : nil
    }

    // MARK: Models

    func rsw(_ node: ScenarioNode, _ r: inout FieldReader) -> RSWUnits? {
        let p = "practice_models.rsw_units"
        guard let f = r.fields(node, p, required: ["teams", "composition", "coordinator_recording_cut", "case_discussion_hours", "clinician"]) else {
            return nil
        }
        let teamIndices = f["teams"].flatMap { teamList($0, p + ".teams", &r) }
        if let teamIndices, let n = f["teams"] {
            for t in teamIndices where teams[t].allocation != .unit {
                r.fail(n, p + ".teams", "expected teams with allocation: unit (a shared caseload), but '\(teams[t].name)' is \(teams[t].allocation.rawValue)")
            }
        }
        var composition: [(String, Double)] = []
        for e in f["composition"].map({ r.namedEntries($0, p + ".composition", what: "roles") }) ?? [] {
            if let x = r.double(e.value, "\(p).composition.\(e.key)", "an FTE >= 0", { $0 >= 0 }) { composition.append((e.key, x)) }
        }
        let cut = f["coordinator_recording_cut"].flatMap { r.distribution($0, p + ".coordinator_recording_cut") }
        let discussion = f["case_discussion_hours"].flatMap { r.double($0, p + ".case_discussion_hours", "hours a week >= 0", { $0 >= 0 }) }
        let clinician = f["clinician"].flatMap { edgeOfCare($0, p + ".clinician", &r) }
        if composition.isEmpty, let n = f["composition"] { r.fail(n, p + ".composition", "expected the FTE of at least one role") }
        guard let teamIndices, let cut, let discussion, let clinician, !composition.isEmpty else { return nil }
        return RSWUnits(teams: teamIndices, composition: composition, coordinatorRecordingCut: cut, caseDiscussionHours: discussion,
                        clinician: clinician)
    }

    func familySafeguarding(_ node: ScenarioNode, _ r: inout FieldReader) -> FamilySafeguarding? {
        let p = "practice_models.family_safeguarding"
        let keys = ["engagement", "plan_if_engaged", "change", "change_days", "risk_after_change", "reunification", "work_days", "recording_multiplier"]
        guard let f = r.fields(node, p, required: ["teams", "stages", "specialists"] + keys) else { return nil }
        let teamIndices = f["teams"].flatMap { teamList($0, p + ".teams", &r) }
        var stages: Set<CaseState>?
        let allowed = InterventionDecoder.stageNames.filter { [.section47, .cin, .cp, .care].contains($0.1) }
        if let n = f["stages"], let listed = InterventionDecoder.stages(n, p + ".stages", allowed: allowed, example: "[cp, looked_after]", reader: &r) {
            if listed.set.count == listed.listed {
                stages = listed.set
            } else {
                r.fail(n, p + ".stages", "expected each stage once")
            }
        }
        var specialists: [FamilySafeguarding.Specialist] = []
        var ok = true
        if case .sequence(let items, _)? = f["specialists"], !items.isEmpty {
            for (i, item) in items.enumerated() {
                let q = "\(p).specialists.\(i)"
                guard let g = r.fields(item, q, required: ["role", "factors", "posts", "cases_each"]) else { ok = false; continue }
                let role = g["role"].flatMap { r.string($0, q + ".role") }
                let fs = g["factors"].flatMap { factorList($0, q + ".factors", &r) }
                let posts = g["posts"].flatMap { r.int($0, q + ".posts", "a whole number of posts >= 1", { $0 >= 1 }) }
                let each = g["cases_each"].flatMap { r.int($0, q + ".cases_each", "a whole number of cases >= 1", { $0 >= 1 }) }
                if let role, let fs, let posts, let each { specialists.append(.init(role: role, factors: fs, posts: posts, casesEach: each)) } else { ok = false }
            }
        } else if let n = f["specialists"] {
            r.fail(n, p + ".specialists", "expected a list of adult specialists, each with role, factors, posts and cases_each")
            ok = false
        }
        let d = keys.map { k in f[k].flatMap { r.distribution($0, "\(p).\(k)") } }
        guard ok, let teamIndices, let stages, d.allSatisfy({ $0 != nil }) else { return nil }
        return FamilySafeguarding(teams: teamIndices, stages: stages, specialists: specialists, engagement: d[0]!, planIfEngaged: d[1]!,
                                  change: d[2]!, changeDays: d[3]!, riskAfterChange: d[4]!, reunification: d[5]!, workDays: d[6]!,
                                  recordingMultiplier: d[7]!)
    }

    func noWrongDoor(_ node: ScenarioNode, _ r: inout FieldReader) -> NoWrongDoor? {
        let p = "practice_models.no_wrong_door"
        guard let f = r.fields(node, p, required: ["outreach", "hub_beds", "stay_days", "step_to_family", "key_worker_moves", "key_worker_missing"])
        else { return nil }
        let outreach = f["outreach"].flatMap { edgeOfCare($0, p + ".outreach", &r) }
        let beds = f["hub_beds"].flatMap { r.int($0, p + ".hub_beds", "a whole number of beds >= 0", { $0 >= 0 }) }
        let d = ["stay_days", "step_to_family", "key_worker_moves", "key_worker_missing"].map { k in f[k].flatMap { r.distribution($0, "\(p).\(k)") } }
        guard let outreach, let beds, d.allSatisfy({ $0 != nil }) else { return nil }
        return NoWrongDoor(outreach: outreach, hubBeds: beds, stayDays: d[0]!, stepToFamily: d[1]!, keyWorkerMoves: d[2]!, keyWorkerMissing: d[3]!)
    }

    func edgeOfCare(_ node: ScenarioNode, _ p: String, _ r: inout FieldReader) -> EdgeOfCareService? {
        guard let f = r.fields(node, p, required: ["ages", "places", "work_days", "hours_per_week", "resolve_per_hour"]) else { return nil }
        let ages = f["ages"].flatMap { ageRange($0, p + ".ages", &r) }
        let places = f["places"].flatMap { r.int($0, p + ".places", "a whole number of families >= 1", { $0 >= 1 }) }
        let days = f["work_days"].flatMap { r.distribution($0, p + ".work_days") }
        let hours = f["hours_per_week"].flatMap { r.double($0, p + ".hours_per_week", "hours a week > 0", { $0 > 0 }) }
        let rate = f["resolve_per_hour"].flatMap { r.distribution($0, p + ".resolve_per_hour") }
        guard let ages, let places, let days, let hours, let rate else { return nil }
        return EdgeOfCareService(minAge: ages.0, maxAge: ages.1, places: places, workDays: days, hoursPerWeek: hours, resolvePerHour: rate)
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
