import CareSimEngine

// `wider_effects:` (WiderEffects).
extension PracticeModelDecoder {
    func widerEffects(_ node: ScenarioNode, _ r: inout FieldReader) -> WiderEffects? {
        guard let f = r.fields(node, "wider_effects", optional: ["police_callouts", "adult_admissions", "missing_episodes"]) else { return nil }
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
        return wider
    }
}
