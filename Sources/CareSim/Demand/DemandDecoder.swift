import Foundation

/// Decodes `demand:` (Demand). Every problem names its field.
enum DemandDecoder {
    static func decode(_ node: ScenarioNode, startYear: Int?, reader r: inout FieldReader) -> Demand? {
        guard let f = r.fields(node, "demand", required: ["from_year", "child_population", "referral_rate"], optional: ["conversions", "capacity"]) else { return nil }
        let from = f["from_year"].flatMap {
            r.int($0, "demand.from_year", "a year ending 31 March no earlier than the warm start\(startYear.map { " (\($0))" } ?? "")", { $0 >= (startYear ?? 1901) })
        }
        var population: [Int: Double]? = [:]
        if let n = f["child_population"] {
            if case .sequence(let items, _) = n, !items.isEmpty {
                for (i, item) in items.enumerated() {
                    let path = "demand.child_population.\(i)"
                    guard let h = r.fields(item, path, required: ["year_ending", "children"]) else { population = nil; continue }
                    let year = h["year_ending"].flatMap { r.int($0, path + ".year_ending", "a calendar year (the year ending 31 March)", { $0 > 1900 }) }
                    let children = h["children"].flatMap { r.double($0, path + ".children", "a number of children > 0", { $0 > 0 && $0.isFinite }) }
                    if let year, population?[year] != nil, let yn = h["year_ending"] {
                        r.fail(yn, path + ".year_ending", "expected each year once, got \(year) again")
                        population = nil
                    } else if let year, let children { population?[year] = children } else { population = nil }
                }
            } else {
                r.fail(n, "demand.child_population", "expected a list such as [{year_ending: 2015, children: 11591700}]")
                population = nil
            }
        }
        if let from, let p = population, p[from] == nil, let n = f["child_population"] {
            r.fail(n, "demand.child_population", "expected the population of from_year (\(from)), the year the projection starts from; got years \(p.keys.sorted().map(String.init).joined(separator: ", "))")
            population = nil
        }
        let rate = f["referral_rate"].flatMap { projection($0, "demand.referral_rate", reader: &r) }
        var conversions: [Demand.Conversion: RateProjection]? = [:]
        if let n = f["conversions"] {
            let names = Demand.Conversion.allCases.map(\.rawValue)
            if let g = r.fields(n, "demand.conversions", optional: names) {
                for c in Demand.Conversion.allCases {
                    guard let node = g[c.rawValue] else { continue }
                    if let p = projection(node, "demand.conversions.\(c.rawValue)", reader: &r, conversion: true, from: from) { conversions?[c] = p } else { conversions = nil }
                }
            } else { conversions = nil }
        }
        let follows = f["capacity"].map { r.choice($0, "demand.capacity", [("fixed", false), ("follows", true)]) } ?? false
        guard let from, let population, let rate, let conversions, let follows else { return nil }
        var d = Demand(fromYear: from, childPopulation: population, referralRate: rate, conversions: conversions)
        d.capacityFollows = follows
        return d
    }

    /// `{projection: constant|linear|damped, trend_per_year: {estimate, standard_error}, damping}`,
    /// and for a conversion `by_year` factors for years before `from` (from_year).
    static func projection(_ n: ScenarioNode, _ path: String, reader r: inout FieldReader, conversion: Bool = false, from: Int? = nil) -> RateProjection? {
        let optional = ["damping", "volatility_per_year"] + (conversion ? ["by_year"] : [])
        guard let g = r.fields(n, path, required: ["projection", "trend_per_year"], optional: optional) else { return nil }
        var byYear: [Int: Double]? = [:]
        if let b = g["by_year"] {
            byYear = r.byYear(b, path + ".by_year")
            if let years = byYear, let from, let late = years.keys.sorted().first(where: { $0 >= from }) {
                r.fail(b, path + ".by_year", "expected years before from_year (\(from)), whose rates the published series give; got \(late) (later years are projected)")
                byYear = nil
            }
        }
        let method = g["projection"].flatMap { r.choice($0, path + ".projection", RateProjection.Method.allCases.map { ($0.rawValue, $0) }) }
        var trend: RateProjection.Trend?
        if let t = g["trend_per_year"], let h = r.fields(t, path + ".trend_per_year", required: ["estimate", "standard_error"]) {
            let e = h["estimate"].flatMap { r.double($0, path + ".trend_per_year.estimate", "a growth rate a year between -0.5 and 1", { $0 >= RateProjection.Trend.smallest && $0 <= RateProjection.Trend.largest }) }
            let s = h["standard_error"].flatMap { r.double($0, path + ".trend_per_year.standard_error", "a standard error from 0 to 1", { $0 >= 0 && $0 <= 1 }) }
            if let e, let s { trend = .init(estimate: e, standardError: s) }
        }
        // `damping: null` (or --set ...damping=null) is no damping. So is a damping inherited from
        // another file than the one (or the --set) that made the projection constant or linear:
        // a scenario that sets a method other than damped drops the parent's damping with it.
        var dampingNode = g["damping"].flatMap { $0.isNull ? nil : $0 }
        if let d = dampingNode, let p = g["projection"], method != .damped, d.location.file != p.location.file { dampingNode = nil }
        let damping = dampingNode.map { r.double($0, path + ".damping", "a damping factor between 0 and 1", { $0 >= 0 && $0 <= 1 }) } ?? DemandProjection.defaultDamping
        if let method, method != .damped, let d = dampingNode {
            r.fail(d, path + ".damping", "expected damping only with projection: damped, got projection: \(method.rawValue)")
            return nil
        }
        let volatility = g["volatility_per_year"].map { r.double($0, path + ".volatility_per_year", "a standard deviation of the log change a year from 0 to 1", { $0 >= 0 && $0 <= 1 }) } ?? 0
        guard let method, let trend, let damping, let volatility, let byYear else { return nil }
        return RateProjection(method: method, trend: trend, damping: damping, volatility: volatility, byYear: byYear)
    }
}
