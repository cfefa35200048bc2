import CareSimEngine

// `direct_work:` (DirectWork).
extension PracticeModelDecoder {
    func directWork(_ node: ScenarioNode, _ r: inout FieldReader) -> DirectWork? {
        guard let f = r.fields(node, "direct_work", required: ["hours_per_fte_week", "reference_hours", "elasticity"]) else { return nil }
        let hours = f["hours_per_fte_week"].flatMap { r.double($0, "direct_work.hours_per_fte_week", "hours a week > 0", { $0 > 0 }) }
        let reference = f["reference_hours"].flatMap { r.double($0, "direct_work.reference_hours", "hours per case a week > 0", { $0 > 0 }) }
        let elasticity = f["elasticity"].flatMap { r.distribution($0, "direct_work.elasticity") }
        guard let hours, let reference, let elasticity else { return nil }
        return DirectWork(hoursPerFTEWeek: hours, referenceHours: reference, elasticity: elasticity)
    }
}
