import CareSimEngine
import Foundation

/// `caresim backtest`: a baseline built from the published data up to the year ending 31 March
/// `fitThrough` only (`caresim baseline --year`, and its `demand:` from the series up to that
/// year), projected `horizon` years, and each headline measure scored against what was published
/// later: absolute percentage error per year and measure, for the model and for the naive
/// forecasts (persistence, linear trend). The model's value is the mean over replications of the
/// central projection (trends at their estimates, no yearly shocks); its
/// 95% range is the 2.5th to 97.5th percentile of the replications (where a single year's
/// outcome may fall, the trend's uncertainty included), and `inside_95` says whether the
/// published value fell in it.
public enum Backtest {
    /// The measures scored (PathwayYears names): the headline flows and stocks.
    public static let measures: [PathwayYears.Measure] = [.referrals, .assessmentsCompleted, .section47, .cpStarted, .cpOpen, .cinOpen,
                                                          .lookedAfterOpen, .lookedAfterStarted]
    public static let header = ["area", "fit_through", "year_ending", "horizon", "measure", "published", "model", "model_lower_95", "model_upper_95",
                                "inside_95", "persistence", "linear_trend", "model_error_pct", "persistence_error_pct", "linear_trend_error_pct",
                                "model_beats_persistence", "model_beats_linear_trend"]

    public struct Request: Sendable {
        public var authority: String
        public var fitThrough: Int
        public var horizon = 2
        public var data = "data"
        public var base = "scenarios/england-2014-15.yaml"
        /// England's targets whose tolerances the area's follow; nil: the fit year's own
        /// (`Baseline.defaultEnglandTargets`), as the targets are that year's.
        public var englandTargets: String?
        public var seed: UInt64 = 20_150_331
        public var replications = 10
        public var projection = DemandProjection.default
        public var trends = Demand.defaultTrends
        /// Fit the stocks in balance (Baseline.Request.balance; with `jumpOff` published only).
        public var balance = false
        public var fit = true
        public var fitOptions = LocalFit.Options()
        public var threads: Int?
        public var command = ""
        /// Where the projection starts (JumpOff).
        public var jumpOff = JumpOff.published
        /// The user's overrides of the projection run ("path=value", as `caresim run --set`),
        /// applied after the jump-off's own; the fit does not see them.
        public var overrides: [String] = []

        public init(authority: String, fitThrough: Int) {
            self.authority = authority
            self.fitThrough = fitThrough
        }
    }

    /// Where the projection starts.
    /// - `published`: from the published stocks at 31 March of the fit year (the jump-off of a
    ///   population projection): the fitted parameters, a warm start read from that year's tables,
    ///   and the first projected year measured. The fit's in-sample misses of the stocks do not
    ///   carry into the projection, only its flows and times do.
    /// - `fitted`: the fitted baseline runs on from its own warm start (two years or one before the
    ///   fit year) through the fit year into the projection, its stocks at the fit year's end the model's.
    public enum JumpOff: String, Sendable, CaseIterable {
        case published, fitted
    }

    /// The overrides that restart a baseline fitted to the year ending 31 March `fitThrough` from
    /// the published stocks at its end, measured over the next year and `horizon - 1` more.
    public static func jumpOffOverrides(fitThrough y: Int, horizon: Int) -> [String] {
        ["calendar.stocks_at=\(y)-03-31", "initial.year=\(y)", "calendar.measure_year_ending=\(y + 1)",
         "calendar.stability_year_ending=\(y + 1)", "calendar.follow_up_years=\(max(0, horizon - 1))"]
    }

    public struct Row: Sendable {
        public var measure: String
        public var year: Int
        public var horizon: Int
        public var published: Double?
        public var model: Double
        public var low: Double
        public var high: Double
        public var persistence: Double?
        public var trend: Double?

        static func error(_ forecast: Double?, _ published: Double?) -> Double? {
            guard let f = forecast, let p = published, p > 0 else { return nil }
            return abs(f - p) / p * 100
        }
        public var modelError: Double? { Self.error(model, published) }
        public var persistenceError: Double? { Self.error(persistence, published) }
        public var trendError: Double? { Self.error(trend, published) }
        public var inside: Bool? { published.map { $0 >= low && $0 <= high } }
    }

    public struct Outcome: Sendable {
        public var authority: LocalAuthority
        public var fitThrough: Int
        public var rows: [Row]
        public var scenario: String
        public var targets: String?
        public var fitMisses: [Int]
        public var notes: [String]
        public var files: [(name: String, contents: String)]
        /// The overrides the projection ran the baseline with.
        public var projectionOverrides: [String] = []
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Builds, runs and scores; the files (the baseline, its targets, the projection's run files
    /// and `backtest.csv`) are returned for the caller to write.
    public static func run(_ r: Request, workDirectory: String, progress: (@Sendable (Int) -> Void)? = nil) throws(Failure) -> Outcome {
        var build = Baseline.Request(authority: r.authority, out: (workDirectory as NSString).appendingPathComponent("baseline.yaml"))
        build.year = r.fitThrough
        build.data = r.data
        build.base = r.base
        build.seed = r.seed
        build.replications = r.replications
        build.fit = r.fit
        build.fitOptions = r.fitOptions
        build.targets = (workDirectory as NSString).appendingPathComponent("targets.csv")
        build.command = r.command.isEmpty ? "caresim backtest --la \(r.authority) --fit-through \(r.fitThrough)" : r.command
        build.englandTargets = r.englandTargets
        // The demand projection from the series up to the cut-off, the population held after it.
        build.projection = r.projection
        build.trends = r.trends
        build.populationThrough = r.fitThrough
        // A projection from published stocks is fitted as it runs: from published stocks at the
        // start of the fit year, with no run-in year, so the warm start's own first year is in
        // the fit and the jump-off's first year is like it.
        if r.jumpOff == .published {
            build.stocksAt = r.fitThrough - 1
            build.balance = r.balance
        }
        let built: Baseline.Output
        do { built = try Baseline.build(build) } catch { throw Failure(description: error.description) }
        let area = built.authority.tableArea
        let text = built.scenario
        let path = build.out
        let scenario: Scenario
        let own = r.jumpOff == .published ? jumpOffOverrides(fitThrough: r.fitThrough, horizon: r.horizon) : ["calendar.follow_up_years=\(r.horizon)"]
        let sets = own + r.overrides
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            // Errors name the user's overrides as `--set #k`, counted among theirs alone.
            scenario = try Scenario.load(file: path, overrides: try Override.parsing([("the back-test's --set", own), ("--set", r.overrides)]))
        } catch let e as ScenarioError {
            throw Failure(description: "the back-test's baseline does not validate\(r.overrides.isEmpty ? "" : " with the --set given"):\n\(e.description)")
        } catch {
            throw Failure(description: "cannot write the back-test's baseline in \(workDirectory): \(ResultsDirectory.describe(error))")
        }
        guard let p = scenario.pathway else { throw Failure(description: "\(path): expected a pathway scenario") }
        let experiment = Experiment(scenario: scenario, replications: r.replications, seed: r.seed, threads: r.threads)
        let result = experiment.run(progress: progress)
        // The point forecast is the central projection's mean (the trends at their estimates, no
        // yearly shocks): the mean over a few replications with their own draws carries the draws'
        // noise (a volatility of 0.3 a year moves the mean of 8 by about 10%). The draws give the range.
        let central = Experiment(scenario: scenario, replications: r.replications, seed: r.seed, threads: r.threads, centralEffects: true).run()
        let rows = score(result.pathway, p, area: area, data: r.data, fitThrough: r.fitThrough, horizon: r.horizon, central: central.pathway)
        var outcome = Outcome(authority: built.authority, fitThrough: r.fitThrough, rows: rows, scenario: text, targets: built.targets,
                              fitMisses: built.fitMisses, notes: built.notes.map(\.description), files: [],
                              projectionOverrides: sets)
        var files = RunOutput.files(result).filter { $0.name != "manifest.json" }
        files.insert(("baseline.yaml", text), at: 0)
        if let t = built.targets { files.insert(("targets.csv", t), at: 1) }
        files.append(("backtest.csv", table(outcome).text))
        let names = files.map(\.name)
        files.append(("manifest.json", Manifest.make(experiment: experiment, files: names, wallTime: result.wallTime, events: result.totalEvents)))
        outcome.files = files
        return outcome
    }

    /// The rows: each measure in each projected year, with the published figures of `area` and
    /// the naive forecasts from the years up to `fitThrough`.
    /// The model's figure is the mean of `central` (when given, else of `runs`); its range the
    /// 2.5th to 97.5th percentiles of `runs`.
    public static func score(_ runs: [PathwayResult], _ p: PathwayParameters, area: String, data: String, fitThrough: Int, horizon: Int,
                             central: [PathwayResult]? = nil) -> [Row] {
        guard let first = runs.first else { return [] }
        let cells = YearsTable.values(first, p).cells
        let values = runs.map { YearsTable.values($0, p).values }
        let centralValues = (central ?? runs).map { YearsTable.values($0, p).values }
        var reader = PublishedYears(area: area, dataDirectory: data)
        var rows: [Row] = []
        for m in measures {
            var history: [Int: Double] = [:]
            for y in (fitThrough - 2)...fitThrough { if let f = reader.figure(m, year: y) { history[y] = f.value } }
            for h in 1...max(1, horizon) {
                let year = fitThrough + h
                guard let i = cells.firstIndex(of: YearsTable.Cell(measure: m.name, year: year)) else { continue }
                let sample = values.map { $0[i] }.sorted()
                let mean = centralValues.reduce(0) { $0 + $1[i] } / Double(centralValues.count)
                rows.append(Row(measure: m.name, year: year, horizon: h, published: reader.figure(m, year: year)?.value, model: mean,
                                low: Quantile.type7(sample, 0.025), high: Quantile.type7(sample, 0.975),
                                persistence: NaiveForecast.persistence.forecast(history, last: fitThrough, horizon: h),
                                trend: NaiveForecast.linearTrend.forecast(history, last: fitThrough, horizon: h)))
            }
        }
        return rows
    }

    public static func table(_ o: Outcome) -> CSVTable {
        var t = CSVTable(header: header)
        func n(_ x: Double?) -> String { x.map { ScenarioNumber.format(($0 * 100).rounded() / 100) } ?? "" }
        func b(_ x: Bool?) -> String { x.map { $0 ? "true" : "false" } ?? "" }
        for r in o.rows {
            let beatsP = r.modelError.flatMap { m in r.persistenceError.map { m <= $0 } }
            let beatsT = r.modelError.flatMap { m in r.trendError.map { m <= $0 } }
            t.append([o.authority.name, String(o.fitThrough), String(r.year), String(r.horizon), r.measure, n(r.published), n(r.model), n(r.low), n(r.high),
                      b(r.inside), n(r.persistence), n(r.trend), n(r.modelError), n(r.persistenceError), n(r.trendError), b(beatsP), b(beatsT)])
        }
        return t
    }

    /// The printed table and its summary.
    public static func report(_ o: Outcome) -> String {
        func pct(_ x: Double?) -> String { x.map { String(format: "%.1f%%", $0) } ?? "-" }
        func count(_ x: Double?) -> String { x.map { ScenarioNumber.format($0.rounded()) } ?? "-" }
        func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
            let fill = String(repeating: " ", count: max(0, width - text.count))
            return left ? text + fill : fill + text
        }
        func row(_ cells: [String]) -> String {
            zip(cells, [(24, true), (5, false), (10, false), (10, false), (20, false), (9, false), (9, false), (9, false)])
                .map { pad($0, $1.0, left: $1.1) }.joined(separator: " ")
        }
        let years = o.rows.map(\.year)
        var lines = ["\(o.authority.name): fitted through the year ending 31 March \(o.fitThrough), projected \(years.min().map(String.init) ?? "-") to \(years.max().map(String.init) ?? "-")"
                     + (o.projectionOverrides.contains { $0.hasPrefix("calendar.stocks_at=") } ? " from the published stocks at 31 March \(o.fitThrough)" : " from the fitted baseline's own warm start"),
                     "the projection: caresim run baseline.yaml " + o.projectionOverrides.map { "--set " + $0 }.joined(separator: " "),
                     "absolute % error against the published figure (* marks the smallest of the three)",
                     row(["measure", "year", "published", "model", "model 95% range", "model", "persist", "trend"])]
        for r in o.rows {
            let best = [r.modelError, r.persistenceError, r.trendError].compactMap { $0 }.min()
            func mark(_ e: Double?) -> String { pct(e) + (e != nil && e == best ? "*" : " ") }
            lines.append(row([r.measure, String(r.year), count(r.published), count(r.model), "\(count(r.low))-\(count(r.high))",
                              mark(r.modelError), mark(r.persistenceError), mark(r.trendError)]))
        }
        let s = Summary(o.rows)
        lines.append("")
        lines.append(s.text)
        return lines.joined(separator: "\n")
    }

    /// Counts over scored cells: how often the model is at least as close as each naive forecast,
    /// and the median absolute errors.
    public struct Summary: Sendable {
        public var cells: Int
        public var beatsPersistence: Int
        public var beatsTrend: Int
        public var trendCells: Int
        public var inside: Int
        public var medianModel: Double?
        public var medianPersistence: Double?
        public var medianTrend: Double?

        public init(_ rows: [Row]) {
            let scored = rows.filter { $0.modelError != nil && $0.persistenceError != nil }
            cells = scored.count
            beatsPersistence = scored.filter { $0.modelError! <= $0.persistenceError! }.count
            let withTrend = scored.filter { $0.trendError != nil }
            trendCells = withTrend.count
            beatsTrend = withTrend.filter { $0.modelError! <= $0.trendError! }.count
            inside = scored.filter { $0.inside == true }.count
            // The type-7 median: the middle value, or the mean of the middle two.
            func median(_ xs: [Double]) -> Double? { xs.isEmpty ? nil : Quantile.type7(xs.sorted(), 0.5) }
            medianModel = median(scored.map { $0.modelError! })
            medianPersistence = median(scored.map { $0.persistenceError! })
            medianTrend = median(withTrend.map { $0.trendError! })
        }

        public var text: String {
            func pct(_ x: Double?) -> String { x.map { String(format: "%.1f%%", $0) } ?? "-" }
            guard cells > 0 else { return "no projected year has a published figure in data/: nothing to score" }
            return "model at least as close as persistence in \(beatsPersistence) of \(cells) cells, as the linear trend in \(beatsTrend) of \(trendCells); "
                + "published value inside the model's 95% range in \(inside) of \(cells)\n"
                + "median absolute error: model \(pct(medianModel)), persistence \(pct(medianPersistence)), linear trend \(pct(medianTrend))"
        }
    }
}
