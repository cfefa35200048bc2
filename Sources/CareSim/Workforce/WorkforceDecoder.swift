import CareSimEngine

/// Decodes a pathway scenario's `workforce:` block.
enum WorkforceDecoder {
    static func decode(_ node: ScenarioNode, factors: [String], reader r: inout FieldReader) -> WorkforceParameters? {
        guard let f = r.fields(node, "workforce", required: ["teams", "turnover"]) else { return nil }
        var teams: [WorkforceParameters.Team] = []
        var ok = true
        if let t = f["teams"] {
            if case .sequence(let items, _) = t, !items.isEmpty {
                for (i, item) in items.enumerated() {
                    let p = "workforce.teams.\(i)"
                    guard let g = r.fields(item, p, required: ["name", "allocation", "role", "posts", "fte", "caseload_limit", "time"],
                                           optional: ["serves"]) else { ok = false; continue }
                    var serves: WorkforceParameters.Cohort?? = .some(nil)
                    if let c = g["serves"], let h = r.fields(c, p + ".serves", optional: ["ages", "factors", "localities"]) {
                        var lo = 0.0, hi = 18.0, mask: [Int] = [], places = 0.0..<1.0
                        if let a = h["ages"] {
                            if case .sequence(let v, _) = a, v.count == 2,
                               let x = r.double(v[0], p + ".serves.ages.0", "an age in years >= 0", { $0 >= 0 }),
                               let y = r.double(v[1], p + ".serves.ages.1", "an age in years above the first", { $0 > x }) {
                                lo = x
                                hi = y
                            } else {
                                r.fail(a, p + ".serves.ages", "expected [from, to) in years, such as [12, 18]")
                                serves = nil
                            }
                        }
                        if case .sequence(let v, _)? = h["factors"] {
                            for (k, n) in v.enumerated() {
                                guard let text = r.string(n, "\(p).serves.factors.\(k)") else { serves = nil; continue }
                                if let index = factors.firstIndex(of: text) { mask.append(index) } else {
                                    r.fail(n, "\(p).serves.factors.\(k)", "expected one of the scenario's factors (\(factors.joined(separator: ", "))), got '\(text)'")
                                    serves = nil
                                }
                            }
                        } else if let n = h["factors"] {
                            r.fail(n, p + ".serves.factors", "expected a list of factor names")
                            serves = nil
                        }
                        if let a = h["localities"] {
                            if case .sequence(let v, _) = a, v.count == 2,
                               let x = r.double(v[0], p + ".serves.localities.0", "a share of localities from 0 to 1", { $0 >= 0 && $0 < 1 }),
                               let y = r.double(v[1], p + ".serves.localities.1", "a share of localities above the first and at most 1", { $0 > x && $0 <= 1 }) {
                                places = x..<y
                            } else {
                                if case .sequence(let v, _) = a, v.count == 2 {} else {
                                    r.fail(a, p + ".serves.localities", "expected [from, to) as shares of the LA's localities, such as [0, 0.4]")
                                }
                                serves = nil
                            }
                        }
                        if serves != nil { serves = .some(.init(minAge: lo, maxAge: hi, factors: mask, localities: places)) }
                    } else if g["serves"] != nil { serves = nil }
                    let name = g["name"].flatMap { r.string($0, p + ".name") }
                    let allocation = g["allocation"].flatMap { r.choice($0, p + ".allocation", WorkforceParameters.Allocation.allCases.map { ($0.rawValue, $0) }) }
                    let role = g["role"].flatMap { r.string($0, p + ".role") }
                    let posts = g["posts"].flatMap { r.int($0, p + ".posts", "a whole number of posts from 1 to \(ScenarioLimits.maxCapacity)", { (1...ScenarioLimits.maxCapacity).contains($0) }) }
                    let fte = g["fte"].flatMap { r.double($0, p + ".fte", "case-holding FTE per post > 0", { $0 > 0 }) }
                    let limit = g["caseload_limit"].flatMap { r.int($0, p + ".caseload_limit", "a whole number of cases from 1 to \(ScenarioLimits.maxCapacity)", { (1...ScenarioLimits.maxCapacity).contains($0) }) }
                    var time: WorkforceParameters.TimeBudget?
                    if let tb = g["time"], let h = r.fields(tb, p + ".time", required: ["direct", "recording", "travel"]) {
                        let shares = ["direct", "recording", "travel"].map { k in
                            h[k].flatMap { r.double($0, "\(p).time.\(k)", "a share between 0 and 1", { $0 >= 0 && $0 <= 1 }) }
                        }
                        if shares.allSatisfy({ $0 != nil }) {
                            let v = shares.map { $0! }
                            if abs(v.reduce(0, +) - 1) > 1e-6 {
                                r.fail(tb, p + ".time", "expected shares of time that sum to 1, got \(ScenarioNumber.format(v.reduce(0, +)))")
                            } else {
                                time = .init(direct: v[0], recording: v[1], travel: v[2])
                            }
                        }
                    }
                    if let name, let allocation, let role, let posts, let fte, let limit, let time, let serves {
                        teams.append(.init(name: name, serves: serves, allocation: allocation, role: role, posts: posts, fte: fte,
                                           caseloadLimit: limit, time: time))
                    } else { ok = false }
                }
            } else {
                r.fail(t, "workforce.teams", "expected a list of teams")
                ok = false
            }
        }
        var leave: Double?, agencyShare: Double?, agencyDays: Distribution?, vacancyDays: Distribution?
        if let t = f["turnover"], let g = r.fields(t, "workforce.turnover", required: ["leave_per_year", "agency_share", "agency_days", "vacancy_days"]) {
            leave = g["leave_per_year"].flatMap { r.double($0, "workforce.turnover.leave_per_year", "a hazard per worker-year >= 0", { $0 >= 0 }) }
            agencyShare = g["agency_share"].flatMap { r.double($0, "workforce.turnover.agency_share", "a probability between 0 and 1", { $0 >= 0 && $0 <= 1 }) }
            agencyDays = g["agency_days"].flatMap { r.distribution($0, "workforce.turnover.agency_days") }
            vacancyDays = g["vacancy_days"].flatMap { r.distribution($0, "workforce.turnover.vacancy_days") }
        }
        if ok, Set(teams.map(\.name)).count != teams.count, let t = f["teams"] {
            r.fail(t, "workforce.teams", "expected each team name once")
            ok = false
        }
        guard ok, !teams.isEmpty, let leave, let agencyShare, let agencyDays, let vacancyDays else { return nil }
        return WorkforceParameters(teams: teams, leavePerYear: leave, agencyShare: agencyShare, agencyDays: agencyDays, vacancyDays: vacancyDays)
    }
}
