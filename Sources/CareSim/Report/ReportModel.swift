/// What a report shows, whatever it was made from: one arm for a run; base and alternative for
/// a comparison directory (paired differences, no time series) or for two run directories
/// (unpaired Welch differences, time series of both).
public struct ReportModel: Sendable {
    public struct Arm: Sendable {
        public var label: String
        public var colour: String
        public var directory: String
        public var scenario: ManifestInfo.Arm
        public var summary: [MetricSummary]
        public var stocks: StockBands?
        public var flows: FlowVolumes?
        public var caseloads: CaseloadBands?
        public var costs: CostBreakdown?
        public var years: YearRows?
        public var measureYearEnding: String?
        /// The scenario has practice models (they start at the measured year's start).
        public var practiceModels = false

        public func metric(_ name: String) -> MetricSummary? { summary.first { $0.metric == name } }
    }

    public enum Mode: Sendable, Equatable { case run, paired, unpaired }

    public var mode: Mode
    public var arms: [Arm]
    /// alternative - base, per metric (paired or Welch); empty for a single run.
    public var differences: [MetricDifference]
    /// Savings (base - alternative): savings.csv for a paired comparison; from the cost
    /// metrics' Welch differences for two runs.
    public var savings: SavingsRows?
    /// sensitivity.csv of a paired comparison (nil otherwise, or when it has none).
    public var sensitivity: SensitivityRows?
    public var manifests: [(label: String, directory: String, manifest: ManifestInfo)]

    public init(_ input: ResultsInput, compare other: ResultsInput? = nil) throws(ReportError) {
        func arm(_ i: ResultsInput, _ label: String, _ colour: Int) -> Arm {
            Arm(label: label, colour: SVG.colour(colour), directory: i.directory, scenario: i.manifest.arms[0], summary: i.summary,
                stocks: i.stocks, flows: i.flows, caseloads: i.caseloads, costs: i.costs, years: i.years,
                measureYearEnding: i.manifest.measureYearEnding, practiceModels: i.manifest.practiceModels)
        }
        switch (input.kind, other?.kind) {
        case (.run, nil):
            mode = .run
            arms = [arm(input, input.manifest.arms[0].name, 0)]
            differences = []
            manifests = [("", input.directory, input.manifest)]
        case (.comparison, nil):
            mode = .paired
            let m = input.manifest
            let t = input.armTables.count == 2 ? input.armTables : [ResultsInput.ArmTables(), ResultsInput.ArmTables()]
            arms = [Arm(label: "base: " + m.arms[0].name, colour: SVG.colour(0), directory: input.directory, scenario: m.arms[0],
                        summary: input.baseSummary, stocks: t[0].stocks, flows: t[0].flows, caseloads: t[0].caseloads, costs: t[0].costs,
                        years: t[0].years, measureYearEnding: m.measureYearEnding),
                    Arm(label: "alternative: " + m.arms[1].name, colour: SVG.colour(1), directory: input.directory, scenario: m.arms[1],
                        summary: input.alternativeSummary, stocks: t[1].stocks, flows: t[1].flows, caseloads: t[1].caseloads, costs: t[1].costs,
                        years: t[1].years, measureYearEnding: m.measureYearEnding, practiceModels: true)]
            differences = input.comparison
            savings = input.savings
            sensitivity = input.sensitivity
            manifests = [("", input.directory, m)]
        case (.run, .run?):
            let o = other!
            mode = .unpaired
            arms = [arm(input, "base: " + input.manifest.arms[0].name, 0), arm(o, "alternative: " + o.manifest.arms[0].name, 1)]
            differences = WelchDifference.all(base: input.summary, alternative: o.summary)
            savings = Self.unpairedSavings(differences)
            manifests = [("base", input.directory, input.manifest), ("alternative", o.directory, o.manifest)]
        case (.comparison, _?):
            throw ReportError("\(input.directory): is a caresim compare directory, which already holds both arms; "
                + "--compare takes two caresim run directories (RESULTS_DIR the base, OTHER_DIR the alternative)")
        case (.run, .comparison?):
            throw ReportError("\(other!.directory): --compare expected a caresim run directory, got a caresim compare directory; "
                + "report it on its own: caresim report \(other!.directory)")
        }
    }

    /// Savings from two runs' cost metrics: base - alternative, the negated Welch difference,
    /// per costed year (`cost.*.y<k>`) and in total.
    static func unpairedSavings(_ d: [MetricDifference]) -> SavingsRows? {
        let byName = Dictionary(d.map { ($0.metric, $0) }, uniquingKeysWith: { x, _ in x })
        guard byName["cost.total"]?.difference != nil else { return nil }
        var rows: [SavingsRows.Row] = []
        func add(_ period: String, _ measure: String, _ metric: String) {
            guard let x = byName[metric], let m = x.difference else { return }
            rows.append(.init(period: period, measure: measure, mean: -m, low: x.high.map { -$0 }, high: x.low.map { -$0 }))
        }
        var k = 1
        while byName["cost.total.y\(k)"] != nil {
            add("y\(k)", "saving.total", "cost.total.y\(k)")
            add("y\(k)", "saving.total.discounted", "cost.total.discounted.y\(k)")
            k += 1
        }
        add("total", "saving.children_services", "cost.children_services")
        add("total", "saving.wider", "cost.wider")
        add("total", "saving.total", "cost.total")
        add("total", "saving.total.discounted", "cost.total.discounted")
        return SavingsRows(rows: rows)
    }
}
