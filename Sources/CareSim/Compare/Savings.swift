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
    /// nil when the alternative costs no more in interventions than the base.
    public var returnPerPound: SummaryStatistic?
    /// The first costed year whose mean cumulative discounted saving is >= 0 (nil: none).
    public var breakEvenYear: Int?

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
        let spent = sums.costDisc
        if spent.allSatisfy({ $0 > 0 }) {
            returnPerPound = SummaryStatistic((0..<n).map { (sums.disc[$0] + spent[$0]) / spent[$0] })
        }
        breakEvenYear = rows.dropLast().firstIndex { $0.cumulativeDiscounted.mean >= 0 }.map { $0 + 1 }
    }

    /// `savings.csv`: one row per measure and period with its mean and 95% interval.
    public var table: CSVTable {
        var t = CSVTable(header: ["period", "measure", "mean", "ci95_low", "ci95_high", "n"])
        func add(_ period: String, _ measure: String, _ s: SummaryStatistic) {
            t.append([period, measure, ScenarioNumber.format(s.mean), s.ci95Low.csv, s.ci95High.csv, String(s.n)])
        }
        for r in rows {
            add(r.period, "saving.children_services", r.childrenServices)
            add(r.period, "saving.wider", r.wider)
            add(r.period, "saving.total", r.total)
            add(r.period, "saving.total.discounted", r.discounted)
            add(r.period, "saving.cumulative.discounted", r.cumulativeDiscounted)
            add(r.period, "intervention_cost", r.interventionCost)
            t.append([r.period, "broken_even_share", ScenarioNumber.format(r.brokenEvenShare), "", "", String(r.total.n)])
        }
        if let rp = returnPerPound { add("total", "return_per_pound", rp) }
        t.append(["total", "break_even_year", breakEvenYear.map(String.init) ?? "", "", "", String(rows[0].total.n)])
        return t
    }
}
