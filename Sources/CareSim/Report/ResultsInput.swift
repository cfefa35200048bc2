import Foundation

/// A CareSim results directory read for a report: a run (`caresim run`: summary.csv,
/// stocks.csv, flows.csv, manifest.json, optionally caseloads.csv, costs.csv and years.csv) or a comparison
/// (`caresim compare`: comparison.csv, base_summary.csv, alternative_summary.csv, manifest.json,
/// optionally savings.csv and sensitivity.csv). Required files missing is an error naming the directory and the
/// file; optional ones missing leave their part nil, and the report says it is not available.
public struct ResultsInput: Sendable {
    public enum Kind: Sendable, Equatable { case run, comparison }

    public var directory: String
    public var kind: Kind
    public var manifest: ManifestInfo
    // A run.
    public var summary: [MetricSummary] = []
    public var stocks: StockBands?
    public var flows: FlowVolumes?
    public var caseloads: CaseloadBands?
    public var costs: CostBreakdown?
    public var years: YearRows?
    // A comparison.
    public var comparison: [MetricDifference] = []
    public var baseSummary: [MetricSummary] = []
    public var alternativeSummary: [MetricSummary] = []
    public var savings: SavingsRows?
    /// Each arm's tables in a comparison (`base_stocks.csv`, ...), where the directory has them.
    public struct ArmTables: Sendable {
        public var stocks: StockBands?
        public var flows: FlowVolumes?
        public var caseloads: CaseloadBands?
        public var costs: CostBreakdown?
        public var years: YearRows?
    }
    public var armTables: [ArmTables] = []
    public var sensitivity: SensitivityRows?

    public static let runFiles = ["summary.csv", "stocks.csv", "flows.csv"]
    public static let comparisonFiles = ["comparison.csv", "base_summary.csv", "alternative_summary.csv"]

    public init(directory: String) throws(ReportError) {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDir) else {
            throw ReportError("\(directory): expected a CareSim results directory (from caresim run or caresim compare), but it does not exist")
        }
        guard isDir.boolValue else {
            throw ReportError("\(directory): expected a CareSim results directory (from caresim run or caresim compare), but it is a file")
        }
        func path(_ name: String) -> String { URL(fileURLWithPath: directory).appendingPathComponent(name).path }
        func exists(_ name: String) -> Bool { fm.fileExists(atPath: path(name)) }
        self.directory = directory
        let isComparison = exists("comparison.csv")
        kind = isComparison ? .comparison : .run
        let required = ["manifest.json"] + (isComparison ? Self.comparisonFiles : Self.runFiles)
        if let missing = required.first(where: { !exists($0) }) {
            let what = isComparison ? "a caresim compare directory needs " + Self.comparisonFiles.joined(separator: ", ")
                : "a caresim run directory needs " + Self.runFiles.joined(separator: ", ")
            throw ReportError("\(directory): not a CareSim results directory: \(path(missing)) is missing (\(what) and manifest.json)")
        }
        manifest = try ManifestInfo(file: path("manifest.json"))
        if isComparison {
            guard manifest.arms.count == 2 else {
                throw ReportError("\(path("manifest.json")): expected base and alternative (a caresim compare manifest) beside comparison.csv")
            }
            comparison = try SummaryRows.readComparison(path("comparison.csv"))
            baseSummary = try SummaryRows.read(path("base_summary.csv"))
            alternativeSummary = try SummaryRows.read(path("alternative_summary.csv"))
            savings = exists("savings.csv") ? try SavingsRows(file: path("savings.csv")) : nil
            for prefix in ["base_", "alternative_"] {
                func file(_ name: String) -> String? { exists(prefix + name) ? path(prefix + name) : nil }
                armTables.append(ArmTables(stocks: try file("stocks.csv").map { (f: String) throws(ReportError) in try StockBands(file: f) },
                                           flows: try file("flows.csv").map { (f: String) throws(ReportError) in try FlowVolumes(file: f) },
                                           caseloads: try file("caseloads.csv").map { (f: String) throws(ReportError) in try CaseloadBands(file: f) },
                                           costs: try file("costs.csv").map { (f: String) throws(ReportError) in try CostBreakdown(file: f) },
                                           years: try file(YearsTable.fileName).map { (f: String) throws(ReportError) in try YearRows(file: f) }))
            }
            sensitivity = exists(Sensitivity.fileName) ? try SensitivityRows(file: path(Sensitivity.fileName)) : nil
        } else {
            summary = try SummaryRows.read(path("summary.csv"))
            stocks = try StockBands(file: path("stocks.csv"))
            flows = try FlowVolumes(file: path("flows.csv"))
            caseloads = exists("caseloads.csv") ? try CaseloadBands(file: path("caseloads.csv")) : nil
            costs = exists("costs.csv") ? try CostBreakdown(file: path("costs.csv")) : nil
            years = exists(YearsTable.fileName) ? try YearRows(file: path(YearsTable.fileName)) : nil
        }
    }

    /// A run's metric by name.
    public func metric(_ name: String) -> MetricSummary? { summary.first { $0.metric == name } }
}
