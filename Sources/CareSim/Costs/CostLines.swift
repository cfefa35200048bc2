/// One line of a replication's costs in one costed year.
public struct CostLine: Sendable, Equatable {
    /// Costed year, 1 for the measured year; and the year ending 31 March it is.
    public var year: Int
    public var yearEnding: Int
    /// placements, staff, interventions or wider.
    public var line: String
    /// What is costed: a provider, `<role>.<permanent|agency|vacant>`, `<intervention>.<part>`,
    /// `police_callouts` or `adult_admissions`.
    public var item: String
    /// The group its metric sums into: `placements.<type>`, `staff.<role>`, `interventions.<name>`,
    /// `wider.police`, `wider.nhs`.
    public var group: String
    /// Reported quantity (divided by the scale) and its unit.
    public var quantity: Double
    public var unit: String
    /// In base-year prices, undiscounted; and discounted to the first costed year.
    public var cost: Double
    public var discounted: Double
}

/// Turns what a replication measured into costs: quantity x unit cost x the price index factor,
/// discounted by (1 + r)^-(k - 1) in costed year k. Quantities are divided by the scale (posts
/// and fixed costs are not: they are stated at the scenario's real size).
public enum CostLines {
    public static func lines(_ m: CostMeasures, _ p: PathwayParameters) -> [CostLine] {
        guard let c = p.costs else { return [] }
        let providers = p.providers ?? .byType
        let k = 1 / p.scale, price = c.priceFactor
        var out: [CostLine] = []
        for year in 1...c.years {
            let y = m.firstCosted + year - 1
            guard y < m.years else { break }
            let discount = c.discountFactor(year: year)
            func add(_ line: String, _ item: String, _ group: String, _ quantity: Double, _ unit: String, _ cost: Double) {
                out.append(CostLine(year: year, yearEnding: m.firstYearEnding + y, line: line, item: item, group: group, quantity: quantity,
                                    unit: unit, cost: cost * price, discounted: cost * price * discount))
            }
            for (a, provider) in providers.providers.enumerated() {
                let days = m.days(year: y, provider: a) * k
                add("placements", provider.name, "placements." + provider.type.rawValue, days, "child_days", days / 7 * weekly(c, provider))
            }
            if let w = p.workforce, !m.staffDays.isEmpty {
                var byRole: [(String, [Double])] = []
                for (t, team) in w.teams.enumerated() {
                    let row = (0..<3).map { m.staffDays[y][t * 3 + $0] * k }
                    if let i = byRole.firstIndex(where: { $0.0 == team.role }) {
                        for s in 0..<3 { byRole[i].1[s] += row[s] }
                    } else {
                        byRole.append((team.role, row))
                    }
                }
                for (role, days) in byRole {
                    let s = c.staff[role]
                    let perYear = [s?.permanentPerYear ?? 0, s?.agencyPerYear ?? 0, 0]
                    for (i, status) in ["permanent", "agency", "vacant"].enumerated() {
                        add("staff", "\(role).\(status)", "staff." + role, days[i], "fte_days", days[i] / 365.25 * perYear[i])
                    }
                }
            }
            for (i, iv) in p.interventions.enumerated() {
                if year == 1 { add("interventions", iv.name + ".setup", "interventions." + iv.name, 1, "once", iv.setupCost) }
                let joined = Double(m.joined[y][i]) * k
                add("interventions", iv.name + ".children", "interventions." + iv.name, joined, "children", joined * iv.costPerChild)
            }
            for (model, posts) in practicePosts(p) {
                guard let pc = c.practice[model] else { continue }
                let g = "interventions." + model
                if year == 1 { add("interventions", model + ".setup", g, 1, "once", pc.setup) }
                add("interventions", model + ".per_year", g, 1, "years", pc.perYear)
                for (role, n) in posts {
                    add("interventions", "\(model).\(role)", g, Double(n), "post_years", Double(n) * (pc.perPost[role] ?? 0))
                }
            }
            if let unit = c.policeCallout, p.practice.wider?.police != nil {
                let n = Double(m.policeEvents[y]) * k
                add("wider", "police_callouts", "wider.police", n, "events", n * unit)
            }
            if let unit = c.adultAdmission, p.practice.wider?.admissions != nil {
                let n = Double(m.admissionEvents[y]) * k
                add("wider", "adult_admissions", "wider.nhs", n, "events", n * unit)
            }
        }
        return out
    }

    /// The weekly cost of a provider's placement: its own, else its type's in the scenario, else
    /// the type's default (CostDefaults).
    static func weekly(_ c: CostParameters, _ provider: PlacementProviders.Provider) -> Double {
        c.weekly[provider.name] ?? c.weekly[provider.type.rawValue] ?? CostDefaults.weekly(provider.type)
    }

    /// The practice models present, each with its posts by role (only Family Safeguarding's
    /// specialists are posts the model knows).
    static func practicePosts(_ p: PathwayParameters) -> [(String, [(String, Int)])] {
        var out: [(String, [(String, Int)])] = []
        if p.practice.rswUnits != nil { out.append(("rsw_units", [])) }
        if let fs = p.practice.familySafeguarding {
            var posts: [(String, Int)] = []
            for s in fs.specialists {
                if let i = posts.firstIndex(where: { $0.0 == s.role }) { posts[i].1 += s.posts } else { posts.append((s.role, s.posts)) }
            }
            out.append(("family_safeguarding", posts))
        }
        if p.practice.noWrongDoor != nil { out.append(("no_wrong_door", [])) }
        return out
    }

    /// Extra cost of placements not with their preferred provider because it was full: child-days
    /// x (weekly cost of the provider used - of the one preferred) / 7, in costed year `year`.
    public static func sufficiencyPressure(_ m: CostMeasures, _ p: PathwayParameters, year: Int) -> Double {
        guard let c = p.costs else { return 0 }
        let y = m.firstCosted + year - 1
        guard y < m.years else { return 0 }
        let providers = (p.providers ?? .byType).providers
        var total = 0.0
        for a in providers.indices {
            for b in providers.indices where a != b {
                let days = m.providerDays[y][a * m.providerCount + b]
                if days > 0 { total += days / 7 * (weekly(c, providers[a]) - weekly(c, providers[b])) }
            }
        }
        return total / p.scale * c.priceFactor
    }
}
