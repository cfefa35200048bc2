import Foundation
import CareSimEngine

/// What the alternative saves against the base, per costed financial year and in total, from
/// paired replications (both arms need `costs:`). A saving is base cost - alternative cost, so
/// it is net of the alternative's intervention and practice-model costs; each comes with the
/// Student-t 95% interval of its paired values.
///
/// - children's services: placements, case-holding staff, interventions and practice models;
/// - wider: police call-outs and adult emergency admissions (`costs.wider`);
/// - total and discounted total (Green Book discounting as the scenario says, year 1 undiscounted);
/// - the cumulative discounted saving, and the share of replications that have broken even by
///   each year (cumulative discounted saving >= 0);
/// - the extra intervention cost, and the return per pound spent: (discounted saving + discounted
///   extra intervention cost) / discounted extra intervention cost, the gross saving each pound buys.
public struct Savings: Sendable {
    public struct Row: Sendable {
        /// "y1", "y2", ... or "total".
        public var period: String
        public var childrenServices: SummaryStatistic
        public var wider: SummaryStatistic
        public var total: SummaryStatistic
        public var discounted: SummaryStatistic
        public var cumulativeDiscounted: SummaryStatistic
        public var interventionCost: SummaryStatistic
        public var brokenEvenShare: Double
    }

    public var rows: [Row]
    /// nil when the alternative costs no more in interventions than the base, or the saving is gross.
    public var returnPerPound: SummaryStatistic?
    /// The first costed year whose mean cumulative discounted saving is >= 0 (nil: none, or gross).
    public var breakEvenYear: Int?
    /// The practice models and interventions under test that have no cost in the alternative
    /// (`Savings.uncosted`). When any has none, the saving is gross (what the change saves
    /// before paying for it): no return per pound or break-even year is given.
    public var uncosted: [String]
    public var isGross: Bool { !uncosted.isEmpty }

    /// The practice models and interventions the alternative tests (in it, and not the same in
    /// the base) that are given no cost: a practice model without a `costs.practice_models`
    /// entry or with nothing but zeros in it, an intervention without a cost above zero.
    public static func uncosted(base: Scenario, alternative: Scenario) -> [String] {
        guard let a = alternative.pathway else { return [] }
        func same(_ path: [String]) -> Bool {
            func node(_ s: Scenario) -> ScenarioNode? { path.reduce(Optional(s.resolved)) { $0?[$1] } }
            return node(base).map { CanonicalJSON.encode($0) } == node(alternative).map { CanonicalJSON.encode($0) }
        }
        var missing: [String] = []
        let models: [(String, Bool)] = [("rsw_units", a.practice.rswUnits != nil), ("family_safeguarding", a.practice.familySafeguarding != nil),
                                        ("no_wrong_door", a.practice.noWrongDoor != nil)]
        for (name, present) in models where present && !same(["practice_models", name]) {
            let c = a.costs?.practice[name]
            if !(c.map { $0.setup > 0 || $0.perYear > 0 || $0.perPost.values.contains { $0 > 0 } } ?? false) {
                missing.append("practice model " + name)
            }
        }
        let baseInterventions = base.resolved["interventions"]
        for (i, v) in a.interventions.enumerated() where v.costPerChild <= 0 && v.setupCost <= 0 {
            let inBase: Bool
            if case .sequence(let items, _)? = baseInterventions, let node = alternative.resolved["interventions"].flatMap({ n -> ScenarioNode? in
                if case .sequence(let xs, _) = n, i < xs.count { return xs[i] }
                return nil
            }) {
                let json = CanonicalJSON.encode(node)
                inBase = items.contains { CanonicalJSON.encode($0) == json }
            } else {
                inBase = false
            }
            if !inBase { missing.append("intervention " + v.name) }
        }
        return missing
    }

    /// Whether both arms have costs (otherwise there is nothing to save).
    public static func applies(_ result: PairedResult) -> Bool {
        result.base.experiment.scenario.pathway?.costs != nil && result.alternative.experiment.scenario.pathway?.costs != nil
    }

    /// nil when either arm has no costs.
    public init?(_ result: PairedResult) {
        guard Self.applies(result), let bc = result.base.experiment.scenario.pathway?.costs else { return nil }
        let b = Dictionary(Metrics.perReplication(result.base).map { ($0.metric, $0.values) }, uniquingKeysWith: { x, _ in x })
        let a = Dictionary(Metrics.perReplication(result.alternative).map { ($0.metric, $0.values) }, uniquingKeysWith: { x, _ in x })
        let n = result.experiment.replications
        func values(_ d: [String: [Double]], _ name: String) -> [Double] {
            let v = d[name] ?? []
            return v.count == n ? v : Array(repeating: 0, count: n)
        }
        /// base - alternative, per replication.
        func saving(_ names: [String]) -> [Double] {
            (0..<n).map { r in names.reduce(0.0) { $0 + values(b, $1)[r] - values(a, $1)[r] } }
        }
        let years = bc.years
        var rows: [Row] = []
        var cumulative = Array(repeating: 0.0, count: n)
        var sums = (cs: [Double](repeating: 0, count: n), wider: [Double](repeating: 0, count: n), total: [Double](repeating: 0, count: n),
                    disc: [Double](repeating: 0, count: n), cost: [Double](repeating: 0, count: n), costDisc: [Double](repeating: 0, count: n))
        func add(_ x: inout [Double], _ y: [Double]) { for i in x.indices { x[i] += y[i] } }
        for k in 1...years {
            let y = ".y\(k)"
            let cs = saving(["cost.placements" + y, "cost.staff" + y, "cost.interventions" + y])
            let wider = saving(["cost.wider.police" + y, "cost.wider.nhs" + y])
            let total = saving(["cost.total" + y])
            let disc = saving(["cost.total.discounted" + y])
            let cost = saving(["cost.interventions" + y]).map { -$0 }
            let factor = 1 / pow(1 + bc.discountRate, Double(k - 1))
            add(&cumulative, disc)
            add(&sums.cs, cs); add(&sums.wider, wider); add(&sums.total, total); add(&sums.disc, disc)
            add(&sums.cost, cost); add(&sums.costDisc, cost.map { $0 * factor })
            rows.append(Row(period: "y\(k)", childrenServices: SummaryStatistic(cs), wider: SummaryStatistic(wider), total: SummaryStatistic(total),
                            discounted: SummaryStatistic(disc), cumulativeDiscounted: SummaryStatistic(cumulative),
                            interventionCost: SummaryStatistic(cost), brokenEvenShare: Double(cumulative.filter { $0 >= 0 }.count) / Double(n)))
        }
        rows.append(Row(period: "total", childrenServices: SummaryStatistic(sums.cs), wider: SummaryStatistic(sums.wider),
                        total: SummaryStatistic(sums.total), discounted: SummaryStatistic(sums.disc), cumulativeDiscounted: SummaryStatistic(cumulative),
                        interventionCost: SummaryStatistic(sums.cost), brokenEvenShare: Double(cumulative.filter { $0 >= 0 }.count) / Double(n)))
        self.rows = rows
        uncosted = Self.uncosted(base: result.experiment.base, alternative: result.experiment.alternative)
        guard uncosted.isEmpty else { return }
        let spent = sums.costDisc
        if spent.allSatisfy({ $0 > 0 }) {
            returnPerPound = SummaryStatistic((0..<n).map { (sums.disc[$0] + spent[$0]) / spent[$0] })
        }
        breakEvenYear = rows.dropLast().firstIndex { $0.cumulativeDiscounted.mean >= 0 }.map { $0 + 1 }
    }

    /// What the saving is net of, as `savings.csv`, the CLI and the report say it.
    public var basis: String { isGross ? "gross, intervention cost not given" : "net of the intervention's cost" }

    /// `savings.csv`: one row per measure and period with its mean and 95% interval, and the
    /// basis of the saving (`net`, or `gross` when an intervention under test has no cost; a
    /// gross saving has no `return_per_pound` or `break_even_year` row).
    public var table: CSVTable {
        var t = CSVTable(header: ["period", "measure", "mean", "ci95_low", "ci95_high", "n", "basis"])
        let basis = isGross ? "gross" : "net"
        func add(_ period: String, _ measure: String, _ s: SummaryStatistic) {
            t.append([period, measure, ScenarioNumber.format(s.mean), s.ci95Low.csv, s.ci95High.csv, String(s.n), basis])
        }
        for r in rows {
            add(r.period, "saving.children_services", r.childrenServices)
            add(r.period, "saving.wider", r.wider)
            add(r.period, "saving.total", r.total)
            add(r.period, "saving.total.discounted", r.discounted)
            add(r.period, "saving.cumulative.discounted", r.cumulativeDiscounted)
            add(r.period, "intervention_cost", r.interventionCost)
            if !isGross { t.append([r.period, "broken_even_share", ScenarioNumber.format(r.brokenEvenShare), "", "", String(r.total.n), basis]) }
        }
        if let rp = returnPerPound { add("total", "return_per_pound", rp) }
        if !isGross { t.append(["total", "break_even_year", breakEvenYear.map(String.init) ?? "", "", "", String(rows[0].total.n), basis]) }
        return t
    }
}
