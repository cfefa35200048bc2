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
            + (Sensitivity(result) != nil ? [Sensitivity.fileName] : []) + ["manifest.json"]
    }

    public static func table(_ result: PairedResult) -> CSVTable {
        var table = CSVTable(header: ["metric", "base_mean", "alternative_mean", "difference", "ci95_low", "ci95_high",
                                      "relative_difference", "variance_reduction", "n"])
        for d in result.differences {
            table.append([d.metric, d.base.map { ScenarioNumber.format($0.mean) } ?? "", d.alternative.map { ScenarioNumber.format($0.mean) } ?? "",
                          d.difference.map { ScenarioNumber.format($0.mean) } ?? "", d.difference?.ci95Low.csv ?? "",
                          d.difference?.ci95High.csv ?? "", d.relative.csv, d.varianceReduction.csv, String(d.difference?.n ?? 0)])
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
        if let sensitivity = Sensitivity(result) { files.append((Sensitivity.fileName, sensitivity.table.text)) }
        files.append(("manifest.json", manifest(result)))
        for file in files { try staged.write(file.1, to: file.0) }
        return savings
    }
}
