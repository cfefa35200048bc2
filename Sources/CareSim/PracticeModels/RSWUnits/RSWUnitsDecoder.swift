import CareSimEngine

// `practice_models.rsw_units:` (RSWUnits).
extension PracticeModelDecoder {
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
}
