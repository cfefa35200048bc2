import Foundation

/// The files of a comparison directory: `comparison.csv` (one row per metric: both arms' means,
/// the paired difference alternative - base with its 95% interval, the relative difference and
/// the variance reduction), each arm's `summary.csv` as `base_summary.csv` and
/// `alternative_summary.csv`, `savings.csv` when both arms have costs (Savings),
/// `sensitivity.csv` when drawn effect sizes vary across enough replications (Sensitivity), and
/// `manifest.json`. Written atomically, like a run.
public enum ComparisonOutput {
    public static func names(_ result: PairedResult) -> [String] {
        ["comparison.csv", "base_summary.csv", "alternative_summary.csv"] + (Savings.applies(result) ? ["savings.csv"] : [])
            + ["replications.csv"] + armFileNames(result)
            + (Sensitivity(result) != nil ? [Sensitivity.fileName] : []) + ["manifest.json"]
    }

    /// The names `armFiles` gives, without rendering the tables: a run's data files (RunOutput.names
    /// less its summary and manifest) of each arm, prefixed.
    static func armFileNames(_ result: PairedResult) -> [String] {
        [("base_", result.base), ("alternative_", result.alternative)].flatMap { prefix, arm in
            RunOutput.names(arm).filter { $0 != "summary.csv" && $0 != "manifest.json" }.map { prefix + $0 }
        }
    }

    /// Each arm's tables as a run writes them (stocks, flows, caseloads, costs, years), named
    /// `base_<file>` and `alternative_<file>`.
    static func armFiles(_ result: PairedResult) -> [(name: String, contents: String)] {
        var files: [(name: String, contents: String)] = []
        for (prefix, arm) in [("base_", result.base), ("alternative_", result.alternative)] {
            var data = RunOutput.dataFiles(arm, metrics: nil)
            if let years = YearsTable.make(arm) { data.append((YearsTable.fileName, years.text)) }
            files += data.map { (prefix + $0.name, $0.contents) }
        }
        return files
    }

    /// `replications.csv`: every metric's value in every replication of each arm, tidy
    /// (`replication,arm,metric,value`): pair r is replication r of each arm.
    public static func replications(_ result: PairedResult) -> CSVTable {
        var t = CSVTable(header: ["replication", "arm", "metric", "value"])
        for (name, arm) in [("base", result.base), ("alternative", result.alternative)] {
            let rows = Metrics.perReplication(arm)
            let n = rows.map(\.values.count).max() ?? 0
            for r in 0..<n {
                for row in rows where r < row.values.count {
                    t.append([String(r + 1), name, row.metric, ScenarioNumber.format(row.values[r])])
                }
            }
        }
        return t
    }

    public static func table(_ result: PairedResult) -> CSVTable {
        var table = CSVTable(header: ["metric", "base_mean", "alternative_mean", "difference", "ci95_low", "ci95_high",
                                      "relative_difference", "variance_reduction", "n", "unit", "difference_unit"])
        for d in result.differences {
            table.append([d.metric, d.base.map { ScenarioNumber.format($0.mean) } ?? "", d.alternative.map { ScenarioNumber.format($0.mean) } ?? "",
                          d.difference.map { ScenarioNumber.format($0.mean) } ?? "", d.difference?.ci95Low.csv ?? "",
                          d.difference?.ci95High.csv ?? "", d.relative.csv, d.varianceReduction.csv, String(d.difference?.n ?? 0),
                          MetricUnit.of(d.metric), MetricUnit.ofDifference(d.metric)])
        }
        return table
    }

    public static func manifest(_ result: PairedResult) -> String {
        let e = result.experiment
        func arm(_ s: Scenario) -> String {
            "{\"name\": \(CanonicalJSON.string(s.name)), \"file\": \(CanonicalJSON.string(s.file)), \"hash\": \(CanonicalJSON.string(s.contentHash)), "
                + "\"generator\": \(CanonicalJSON.string(s.generator.rawValue))}"
        }
        var fields: [(String, String)] = [
            ("caresim_version", CanonicalJSON.string(CareSimVersion.string)),
            ("base", arm(e.base)),
            ("alternative", arm(e.alternative)),
            ("seed", String(e.seed)),
            ("measure_year_ending", e.base.pathway.map { String($0.measureYearEnding) } ?? "null"),
            ("replications", String(e.replications)),
            ("cohort", CanonicalJSON.string(e.cohort.rawValue)),
            ("effect_sizes", CanonicalJSON.string(e.centralEffects ? "central: distribution means" : "drawn once per replication")),
            ("independent_seeds", e.independentSeeds ? "true" : "false"),
            ("pairing", CanonicalJSON.string("common random numbers: both arms use the seed; each child draws each kind of decision from its own keyed stream")),
            ("arm_differences", e.differences.json(allowedOthers: e.otherDifferencesAllowed)),
            ("files", "[" + names(result).dropLast().map { "\"\($0)\"" }.joined(separator: ", ") + "]"),
            ("runtime", "{\"threads\": \(e.threads), \"wall_time_seconds\": \(ScenarioNumber.format((result.wallTime * 1000).rounded() / 1000))}"),
        ]
        if Savings.applies(result) {
            let uncosted = Savings.uncosted(base: e.base, alternative: e.alternative)
            let basis = uncosted.isEmpty ? "{\"basis\": \"net\"}"
                : "{\"basis\": \"gross\", \"reason\": \"intervention cost not given\", \"uncosted\": ["
                    + uncosted.map(CanonicalJSON.string).joined(separator: ", ") + "]}"
            fields.insert(("saving", basis), at: fields.count - 2)
        }
        if e.hold {
            fields.insert(("inputs", CanonicalJSON.string("held constant in both arms: no referral trend, seasonality or year factors")), at: fields.count - 2)
        }
        return "{\n" + fields.map { "  \"\($0.0)\": \($0.1)" }.joined(separator: ",\n") + "\n}\n"
    }

    /// Writes the directory; returns the savings it wrote (nil: no costs).
    @discardableResult
    public static func write(_ result: PairedResult, to directory: String) throws(ResultsDirectory.WriteError) -> Savings? {
        let staged = try StagedResults(directory: directory)
        let savings = try write(result, into: staged)
        try staged.commit()
        return savings
    }

    /// Writes the files into a staged directory opened before the run (the caller commits).
    @discardableResult
    public static func write(_ result: PairedResult, into staged: StagedResults) throws(ResultsDirectory.WriteError) -> Savings? {
        var files = [
            ("comparison.csv", table(result).text),
            ("base_summary.csv", SummaryTable.make(result.base).text),
            ("alternative_summary.csv", SummaryTable.make(result.alternative).text),
        ]
        let savings = Savings(result)
        if let savings { files.append(("savings.csv", savings.table.text)) }
        files.append(("replications.csv", replications(result).text))
        files += armFiles(result).map { ($0.name, $0.contents) }
        if let sensitivity = Sensitivity(result) { files.append((Sensitivity.fileName, sensitivity.table.text)) }
        files.append(("manifest.json", manifest(result)))
        for file in files { try staged.write(file.1, to: file.0) }
        return savings
    }
}
