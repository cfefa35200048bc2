import CareSimEngine

/// `years.csv` (pathway runs): `measure,year_ending,mean,lower_95,upper_95,range_lower_95,
/// range_lower_50,range_upper_50,range_upper_95,n,published`, every headline measure
/// (PathwayYears.Measure, named as in `summary.csv`) for every year to 31 March of the run: flows
/// over each year wholly inside the run, stocks at each 31 March after the start. `mean` is over
/// replications of the count divided by the scale (England-sized, as `summary.csv`),
/// `lower_95,upper_95` its Student-t 95% interval as `summary.csv` computes it (empty with one
/// replication). The `range_` columns are the spread of single runs, not of the mean: the 2.5%,
/// 25%, 75% and 97.5% quantiles (type 7, Quantile) of the replications' values, where one year's
/// outcome falls in 95% and 50% of runs, with the uncertainty each replication draws (demand
/// trends, practice-model effects) included; empty with one replication. `n` is the
/// replications. `published` is the published figure for the scenario's `initial.area` in that
/// year (PublishedYears), empty where none is published, suppressed or in `data/`, or without an
/// `initial:` block. Years before the run with a published figure are listed first, with the
/// model's columns empty and n 0: the history the report's fan charts draw. The measured year's
/// `mean,lower_95,upper_95,n` equal `summary.csv`'s row of the same metric.
///
/// A shard also writes `year_values.csv` (`replication,measure,year_ending,value`, each
/// replication's value exactly), from which `caresim merge` recomputes `years.csv`.
public enum YearsTable {
    public static let fileName = "years.csv"
    public static let valuesFileName = "year_values.csv"
    public static let header = ["measure", "year_ending", "mean", "lower_95", "upper_95",
                                "range_lower_95", "range_lower_50", "range_upper_50", "range_upper_95", "n", "published"]
    /// The header before the range columns (caresim report still reads such files).
    public static let legacyHeader = ["measure", "year_ending", "mean", "lower_95", "upper_95", "n", "published"]
    /// The probabilities of the range columns, in their order.
    public static let rangeProbabilities = [0.025, 0.25, 0.75, 0.975]
    public static let valuesHeader = ["replication", "measure", "year_ending", "value"]

    /// A cell of the table: a measure in a year ending 31 March.
    public struct Cell: Sendable, Hashable {
        public var measure: String
        public var year: Int
    }

    /// The cells one replication counted, in file order, and its value of each (count / scale,
    /// computed as `summary.csv`'s counts are).
    public static func values(_ r: PathwayResult, _ p: PathwayParameters) -> (cells: [Cell], values: [Double]) {
        let k = 1 / p.scale
        return (r.years.cells.map { Cell(measure: $0.measure.name, year: $0.year) }, r.years.counts.map { Double($0) * k })
    }

    /// The published figure of each cell, and the published years before `cells`' first of each
    /// measure (with nil: the model's columns are empty there). Without `initial:`, none.
    public static func published(_ p: PathwayParameters, cells: [Cell]) -> [(cell: Cell, published: Double?, modelled: Bool)] {
        guard let initial = p.initial else { return cells.map { ($0, nil, true) } }
        var reader = PublishedYears(area: initial.area, dataDirectory: initial.dataDirectory)
        let dataYears = PublishedYears.years(dataDirectory: initial.dataDirectory)
        var out: [(cell: Cell, published: Double?, modelled: Bool)] = []
        for m in PathwayYears.Measure.allCases {
            let mine = cells.filter { $0.measure == m.name }
            let first = mine.map(\.year).min() ?? Int.max
            for y in dataYears where y < first {
                if let f = reader.figure(m, year: y) { out.append((Cell(measure: m.name, year: y), f.value, false)) }
            }
            for c in mine { out.append((c, reader.figure(m, year: c.year)?.value, true)) }
        }
        return out
    }

    /// The table from each replication's values of `cells` (in replication order).
    public static func make(rows: [(cell: Cell, published: Double?, modelled: Bool)], cells: [Cell], replications: [[Double]]) -> CSVTable {
        var table = CSVTable(header: header)
        let index = Dictionary(uniqueKeysWithValues: cells.enumerated().map { ($1, $0) })
        for row in rows {
            let published = row.published.map(ScenarioNumber.format) ?? ""
            guard row.modelled, let i = index[row.cell], !replications.isEmpty else {
                table.append([row.cell.measure, String(row.cell.year), "", "", ""] + rangeProbabilities.map { _ in "" } + ["0", published])
                continue
            }
            let values = replications.map { $0[i] }
            let s = SummaryStatistic(values)
            let range = values.count > 1 ? Quantile.type7(of: values, rangeProbabilities).map(ScenarioNumber.format) : rangeProbabilities.map { _ in "" }
            table.append([row.cell.measure, String(row.cell.year), ScenarioNumber.format(s.mean), s.ci95Low.csv, s.ci95High.csv] + range
                         + [String(s.n), published])
        }
        return table
    }

    /// A whole result's table (nil for a network scenario).
    public static func make(_ result: ExperimentResult) -> CSVTable? {
        guard case .pathway(let p, let runs) = result.byModel, let first = runs.first else { return nil }
        let cells = values(first, p).cells
        return make(rows: published(p, cells: cells), cells: cells, replications: runs.map { values($0, p).values })
    }

    /// A shard's `year_values.csv` rows for replications counted from `first`.
    public static func valuesTable(cells: [Cell], replications: [[Double]], first: Int) -> CSVTable {
        var table = CSVTable(header: valuesHeader)
        for (r, values) in replications.enumerated() {
            for (c, v) in zip(cells, values) {
                table.append([String(first + r), c.measure, String(c.year), ReplicationMetrics.format(v)])
            }
        }
        return table
    }
}
