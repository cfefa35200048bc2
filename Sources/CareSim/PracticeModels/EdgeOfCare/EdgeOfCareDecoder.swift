import CareSimEngine

// An edge-of-care service: `rsw_units.clinician:` and `no_wrong_door.outreach:` (EdgeOfCareService).
extension PracticeModelDecoder {
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
}
