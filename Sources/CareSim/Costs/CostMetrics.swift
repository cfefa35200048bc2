/// Summary metrics of costs and placement sufficiency (docs/reference/outputs.md#costs). Costs are
/// in base-year prices over the costed years, undiscounted unless the name says `discounted`;
/// `.y<k>` is costed year k (y1 the measured year). Sufficiency counts are over the costed years
/// too.
public enum CostMetrics {
    public static func rows(_ results: [PathwayResult], _ p: PathwayParameters) -> [(String, [Double])] {
        let measures = results.compactMap { $0.measures.costs }
        guard measures.count == results.count, !measures.isEmpty else { return [] }
        var rows: [(String, [Double])] = []
        let years = p.costs?.years ?? 1
        func costed(_ m: CostMeasures) -> Range<Int> { m.firstCosted..<min(m.years, m.firstCosted + years) }
        func count(_ name: String, _ v: (CostMeasures, Int) -> Int) {
            rows.append((name, measures.map { m in Double(costed(m).reduce(0) { $0 + v(m, $1) }) / p.scale }))
        }
        count("placements.started") { $0.started[$1] }
        count("placements.fallback") { $0.fallback[$1] }
        count("placements.emergency") { $0.emergency[$1] }
        count("placements.out_of_area_started") { $0.outOfAreaStarted[$1] }
        rows.append(("placements.out_of_area_share", measures.compactMap { m in
            let all = costed(m).reduce(0.0) { y, i in y + (0..<m.providerCount).reduce(0.0) { $0 + m.days(year: i, provider: $1) } }
            return all > 0 ? costed(m).reduce(0.0) { $0 + m.outOfAreaDays[$1] } / all : nil
        }))
        guard let c = p.costs else { return rows }

        let lines = measures.map { CostLines.lines($0, p) }
        func sum(_ name: String, discounted: Bool = false, _ keep: (CostLine) -> Bool) {
            rows.append((name, lines.map { $0.filter(keep).reduce(0) { $0 + (discounted ? $1.discounted : $1.cost) } }))
        }
        let groups = lines[0].reduce(into: [String]()) { if !$0.contains($1.group) { $0.append($1.group) } }
        let tops: [(String, (CostLine) -> Bool)] = [
            ("placements", { $0.line == "placements" }), ("staff", { $0.line == "staff" }),
            ("interventions", { $0.line == "interventions" }), ("wider.police", { $0.group == "wider.police" }),
            ("wider.nhs", { $0.group == "wider.nhs" }),
        ]
        for (name, keep) in tops { sum("cost." + name, keep) }
        for g in groups where !tops.contains(where: { $0.0 == g }) { sum("cost." + g) { $0.group == g } }
        for provider in (p.providers ?? .byType).providers where p.providers != nil {
            sum("cost.provider." + provider.name) { $0.line == "placements" && $0.item == provider.name }
        }
        sum("cost.staff.agency") { $0.line == "staff" && $0.item.hasSuffix(".agency") }
        sum("cost.children_services") { $0.line != "wider" }
        sum("cost.wider") { $0.line == "wider" }
        sum("cost.total") { _ in true }
        sum("cost.total.discounted", discounted: true) { _ in true }
        for year in 1...c.years {
            for (name, keep) in tops { sum("cost.\(name).y\(year)") { $0.year == year && keep($0) } }
            sum("cost.total.y\(year)") { $0.year == year }
            sum("cost.total.discounted.y\(year)", discounted: true) { $0.year == year }
        }
        rows.append(("cost.sufficiency_pressure", measures.map { m in (1...c.years).reduce(0) { $0 + CostLines.sufficiencyPressure(m, p, year: $1) } }))
        return rows
    }
}
