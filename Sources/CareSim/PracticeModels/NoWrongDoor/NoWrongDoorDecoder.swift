import CareSimEngine

// `practice_models.no_wrong_door:` (NoWrongDoor).
extension PracticeModelDecoder {
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
}
