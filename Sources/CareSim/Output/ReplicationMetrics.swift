/// `metrics.csv` (shard directories only), tidy: `replication,metric,value`: every summary metric
/// of every replication, replication by replication, the value empty where a replication has
/// none (a share of nothing). `caresim merge` recomputes `summary.csv` from these, so values are
/// written exactly (the shortest text that reads back as the same Double, and -0.0 as such).
public enum ReplicationMetrics {
    public static let fileName = "metrics.csv"
    public static let header = ["replication", "metric", "value"]

    /// Metric names in summary order, and for each replication (in order) its value of each.
    public struct Values: Sendable {
        public var metrics: [String]
        public var firstReplication: Int
        /// values[i][m]: replication firstReplication + i, metric m.
        public var values: [[Double?]]

        /// What `Metrics.perReplication` gives for these replications: each metric with the
        /// values of the replications that have one, in replication order.
        public var rows: [(metric: String, values: [Double])] {
            metrics.indices.map { m in (metrics[m], values.compactMap { $0[m] }) }
        }
    }

    /// Each replication's metrics, computed from that replication alone. Merging relies on every
    /// metric being a function of one replication: this checks it against the metrics of all
    /// the result's replications together, and stops rather than write a shard that would not
    /// merge into the unsharded run's summary.
    public static func values(_ result: ExperimentResult) -> Values {
        let count = result.runs.count
        var metrics: [String] = []
        var values: [[Double?]] = []
        for i in 0..<count {
            var one = result
            one.runs = result.runs.only(i)
            let rows = Metrics.perReplication(one)
            if i == 0 { metrics = rows.map(\.metric) }
            precondition(rows.map(\.metric) == metrics, "replication \(result.firstReplication + i) has other metrics than replication \(result.firstReplication)")
            precondition(rows.allSatisfy { $0.values.count <= 1 }, "a metric gives more than one value for one replication")
            values.append(rows.map(\.values.first))
        }
        let v = Values(metrics: metrics, firstReplication: result.firstReplication, values: values)
        let together = Metrics.perReplication(result)
        precondition(together.map(\.metric) == metrics
                     && zip(together, v.rows).allSatisfy { $0.values.map(format) == $1.values.map(format) },
                     "summary metrics are not each a function of one replication: shards would not merge exactly")
        return v
    }

    public static func table(_ v: Values) -> CSVTable {
        var table = CSVTable(header: header)
        for (i, row) in v.values.enumerated() {
            for (m, value) in row.enumerated() {
                table.append([String(v.firstReplication + i), v.metrics[m], value.map(format) ?? ""])
            }
        }
        return table
    }

    /// Reads a shard's `metrics.csv`, which must hold replications `expected`, each with the
    /// same metrics in the same order.
    public static func read(text: String, file: String, expected: Range<Int>) throws(DataError) -> Values {
        let table = try DataTable(text: text, file: file)
        guard table.header == header else {
            throw DataError(file: file, line: 1, field: "", "expected the header \(header.joined(separator: ",")), got \(table.header.joined(separator: ","))")
        }
        var metrics: [String] = []
        var values: [[Double?]] = []
        var replication = expected.lowerBound - 1
        for (i, row) in table.rows.enumerated() {
            guard let r = Int(row[0]) else {
                throw DataError(file: file, line: table.lines[i], field: "replication", "expected a replication number, got '\(row[0])'")
            }
            if r != replication {
                guard r == replication + 1, expected.contains(r) else {
                    throw DataError(file: file, line: table.lines[i], field: "replication",
                                    "expected replication \(replication + 1 < expected.upperBound ? String(replication + 1) : "none") (the shard holds \(expected.lowerBound) to \(expected.upperBound - 1), in order), got \(r)")
                }
                if r > expected.lowerBound, values.last!.count != metrics.count {
                    throw DataError(file: file, line: table.lines[i], field: "metric",
                                    "expected \(metrics.count) metrics for replication \(replication) as for \(expected.lowerBound), got \(values.last!.count)")
                }
                replication = r
                values.append([])
            }
            let m = values[values.count - 1].count
            if r == expected.lowerBound {
                metrics.append(row[1])
            } else if m >= metrics.count || metrics[m] != row[1] {
                throw DataError(file: file, line: table.lines[i], field: "metric",
                                "expected \(m < metrics.count ? "'\(metrics[m])'" : "no more metrics") for replication \(r) as for \(expected.lowerBound), got '\(row[1])'")
            }
            if row[2].isEmpty {
                values[values.count - 1].append(nil)
            } else if let x = Double(row[2]), x.isFinite {
                values[values.count - 1].append(x)
            } else {
                throw DataError(file: file, line: table.lines[i], field: "value", "expected a finite number or nothing, got '\(row[2])'")
            }
        }
        guard replication == expected.upperBound - 1, values.last?.count == metrics.count else {
            throw DataError(file: file, line: table.rows.count + 1, field: "replication",
                            "expected every metric of replications \(expected.lowerBound) to \(expected.upperBound - 1), but the file ends early")
        }
        return Values(metrics: metrics, firstReplication: expected.lowerBound, values: values)
    }

    /// Exact: ScenarioNumber.format reads back as the same Double except for the sign of zero.
    static func format(_ x: Double) -> String {
        x == 0 && x.sign == .minus ? "-0.0" : ScenarioNumber.format(x)
    }
}
