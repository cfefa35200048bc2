import CareSimEngine

// `practice_models.family_safeguarding:` (FamilySafeguarding).
extension PracticeModelDecoder {
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
}
