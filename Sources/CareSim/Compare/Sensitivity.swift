import Foundation

/// What each headline outcome of a paired comparison is most sensitive to, measured from the
/// replications: effect sizes are drawn once per replication, so each replication is one point
/// of a probabilistic sensitivity analysis. `sensitivity.csv` holds, for each outcome's paired
/// difference and each drawn input that varies, the partial rank correlation coefficient (PRCC).
///
/// - Inputs: the alternative's drawn effect sizes (`effect.*`, `intervention.<name>.effect.*`
///   rows of its summary), and the base's drawn ones that the alternative does not report with
///   the same values (named `base:<metric>`). An input with one value only (a point effect, or
///   `--central-effects`) is left out.
/// - Outcomes: the paired difference alternative - base per replication of `cp_plans_open`,
///   `children_in_need_open`, `looked_after_open`, `cp_plans_started` and `looked_after_started`,
///   and, when both arms have costs, `saving.total.discounted` (base - alternative, as
///   savings.csv gives it). An outcome whose difference does not vary is left out, and so is
///   one whose ranks the inputs' ranks determine exactly (the correlation matrix is singular).
/// - PRCC: inputs and outcome are replaced by their ranks (ties share the mean rank); the PRCC
///   of input j is the correlation of the residuals of rank(x_j) and rank(y) after linear
///   regression on the ranks of the other inputs, computed from the inverse P of the ranks'
///   correlation matrix as -P[j,y] / sqrt(P[j,j] P[y,y]). It measures the monotone association
///   of the outcome with the input with the other inputs held fixed (-1 to 1).
/// - Interval: Fisher z on the partial correlation, atanh(r) +- 1.96 / sqrt(n - 3 - (k - 1)) with
///   k inputs (k - 1 controlled for), back-transformed; an approximation, good for moderate n.
/// - Written only when at least one input varies and n - 2 - k >= 1 (so with the three
///   replications of a quick check and a model that draws six effects, no file is written).
public struct Sensitivity: Sendable {
    public struct Row: Sendable, Equatable {
        public var outcome: String
        public var input: String
        public var prcc: Double
        public var low: Double
        public var high: Double
        public var n: Int
    }

    public static let fileName = "sensitivity.csv"
    public static let outcomes = ["cp_plans_open", "children_in_need_open", "looked_after_open", "cp_plans_started", "looked_after_started"]
    public static let savingOutcome = "saving.total.discounted"

    /// Per outcome in `outcomes` order, inputs by |PRCC| descending (ties by name).
    public var rows: [Row]

    /// nil when nothing can be measured (no varying input, too few replications).
    public init?(_ result: PairedResult) {
        let b = Metrics.perReplication(result.base), a = Metrics.perReplication(result.alternative)
        let n = result.experiment.replications
        let bd = Dictionary(b.map { ($0.metric, $0.values) }, uniquingKeysWith: { x, _ in x })
        let ad = Dictionary(a.map { ($0.metric, $0.values) }, uniquingKeysWith: { x, _ in x })
        func drawn(_ m: String) -> Bool { m.hasPrefix("effect.") || (m.hasPrefix("intervention.") && m.contains(".effect.")) }
        var inputs: [(String, [Double])] = a.filter { drawn($0.metric) }.map { ($0.metric, $0.values) }
        for x in b where drawn(x.metric) && ad[x.metric] != x.values { inputs.append(("base:" + x.metric, x.values)) }
        var outcomes: [(String, [Double])] = []
        for o in Self.outcomes {
            if let x = ad[o], let y = bd[o], x.count == n, y.count == n { outcomes.append((o, zip(x, y).map { $0 - $1 })) }
        }
        if Savings.applies(result), let x = ad["cost.total.discounted"], let y = bd["cost.total.discounted"], x.count == n, y.count == n {
            outcomes.append((Self.savingOutcome, zip(y, x).map { $0 - $1 }))
        }
        guard let rows = Self.rows(inputs: inputs, outcomes: outcomes), !rows.isEmpty else { return nil }
        self.rows = rows
    }

    init(rows: [Row]) { self.rows = rows }

    /// The PRCC rows of outcomes against inputs (each a value per replication); nil when no input
    /// varies or there are too few replications for an interval.
    public static func rows(inputs all: [(String, [Double])], outcomes: [(String, [Double])]) -> [Row]? {
        guard let n = all.first?.1.count ?? outcomes.first?.1.count else { return nil }
        let inputs = all.filter { $0.1.count == n && Set($0.1).count > 1 }
        let k = inputs.count
        guard k >= 1, n - 2 - k >= 1 else { return nil }
        let x = inputs.map { ranks($0.1) }
        var rows: [Row] = []
        for (name, y) in outcomes where y.count == n && Set(y).count > 1 {
            guard let r = prcc(x, ranks(y)) else { continue }
            let se = 1 / Double(n - 2 - k).squareRoot()
            var out: [Row] = []
            for (j, input) in inputs.enumerated() {
                let z = atanh(max(-0.999999999, min(0.999999999, r[j])))
                out.append(Row(outcome: name, input: input.0, prcc: r[j], low: tanh(z - 1.959963984540054 * se),
                               high: tanh(z + 1.959963984540054 * se), n: n))
            }
            rows += out.sorted { abs($0.prcc) != abs($1.prcc) ? abs($0.prcc) > abs($1.prcc) : $0.input < $1.input }
        }
        return rows
    }

    /// Ranks 1...n, ties sharing their mean rank.
    public static func ranks(_ v: [Double]) -> [Double] {
        let order = v.indices.sorted { v[$0] < v[$1] }
        var r = [Double](repeating: 0, count: v.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, v[order[j + 1]] == v[order[i]] { j += 1 }
            let mean = Double(i + j) / 2 + 1
            for t in i...j { r[order[t]] = mean }
            i = j + 1
        }
        return r
    }

    /// The partial correlation of y with each column of x given the other columns, from the
    /// inverse of the correlation matrix of [x..., y]; nil when it is singular (collinear inputs).
    static func prcc(_ x: [[Double]], _ y: [Double]) -> [Double]? {
        let cols = x + [y]
        let m = cols.count, n = Double(y.count)
        let centred = cols.map { c -> [Double] in
            let mean = c.reduce(0, +) / n
            let d = c.map { $0 - mean }
            let norm = d.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return d.map { $0 / norm }
        }
        var c = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        for i in 0..<m { for j in 0..<m { c[i][j] = zip(centred[i], centred[j]).reduce(0) { $0 + $1.0 * $1.1 } } }
        guard let p = invert(c) else { return nil }
        let yi = m - 1
        return (0..<yi).map { j in max(-1, min(1, -p[j][yi] / (p[j][j] * p[yi][yi]).squareRoot())) }
    }

    /// Gauss-Jordan inversion with partial pivoting; nil when (nearly) singular.
    static func invert(_ a: [[Double]]) -> [[Double]]? {
        let m = a.count
        var w = a.enumerated().map { i, row in row + (0..<m).map { $0 == i ? 1.0 : 0.0 } }
        for col in 0..<m {
            guard let piv = (col..<m).max(by: { abs(w[$0][col]) < abs(w[$1][col]) }), abs(w[piv][col]) > 1e-10 else { return nil }
            w.swapAt(col, piv)
            let d = w[col][col]
            w[col] = w[col].map { $0 / d }
            for r in 0..<m where r != col {
                let f = w[r][col]
                if f != 0 { w[r] = zip(w[r], w[col]).map { $0 - f * $1 } }
            }
        }
        return w.map { Array($0[m...]) }
    }

    /// `sensitivity.csv`: outcome, input, prcc, ci95_low, ci95_high, n.
    public var table: CSVTable {
        var t = CSVTable(header: ["outcome", "input", "prcc", "ci95_low", "ci95_high", "n"])
        for r in rows {
            t.append([r.outcome, r.input, ScenarioNumber.format(r.prcc), ScenarioNumber.format(r.low), ScenarioNumber.format(r.high), String(r.n)])
        }
        return t
    }
}
