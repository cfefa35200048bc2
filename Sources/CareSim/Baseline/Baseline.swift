import Foundation

/// `caresim baseline`: a warm-started pathway scenario for one local authority, or for England
/// from its own National rows, from its figures in `data/` for the year ending 31 March `year`
/// (2013 to 2015; 2012 has no warm start, `BaselineSources.warmStartYear`), extending the England
/// scenario, and optionally its own calibration targets; or (`targetsOnly`) the targets alone,
/// for any year ending 31 March 2012 to 2015. Nothing published for a later year is read. Nothing
/// is written unless everything could be derived, the scenario validates and the targets parse;
/// each file is written to a temporary name beside it and renamed into place.
public enum Baseline {
    public struct Request: Sendable {
        public var authority: String
        public var year: Int = 2015
        public var out: String
        public var targets: String?
        public var base: String = "scenarios/england-2014-15.yaml"
        public var data: String = "data"
        /// The England targets whose metrics and tolerances the area's follow; nil: the year's own,
        /// `calibration/england-YYYY-YY.csv` (`defaultEnglandTargets`), so nothing of a later year is read.
        public var englandTargets: String?
        public var seed: UInt64 = 20_150_331
        public var replications: Int = 10
        /// Refine the derived parameters by simulation against the LA's own figures (`LocalFit`).
        public var fit = true
        public var fitOptions = LocalFit.Options()
        /// The scenario's scale (the fit runs at it); nil: 1 for an LA, `englandScale` for England.
        public var scale: Double?
        /// Write the targets alone (no scenario): for any of `BaselineSources.years`, and for
        /// England (`authority` "England") as well as an LA.
        public var targetsOnly = false
        /// The command line, recorded in the file's first comment.
        public var command: String = ""
        /// Write a `demand:` section (DemandHistory) projecting the referral rate and conversions
        /// with `projection`; the child population listed up to `populationThrough` (nil: every
        /// year of the ONS extracts; a back-test gives its cut-off year).
        public var demand = true
        public var projection = DemandProjection.default
        public var populationThrough: Int?
        /// Whose series the trends are estimated from (an LA's own, or England's).
        public var trends: DemandHistory.TrendSource = Demand.defaultTrends
        /// Fit the stocks in balance (`balancedTargets`): each stock's target in the fit is its
        /// published level at the warm start, within 3%, instead of at the year's end. Only with
        /// the warm start at the measured year's start (`stocksAt` = `year - 1`).
        public var balance = false
        /// The 31 March of the warm start: nil for the default (`BaselineSources.warmStartYear`:
        /// two years before the measured year, a run-in year between); `year - 1` starts at the
        /// measured year's start, as a projection from published stocks does (`Backtest.JumpOff`).
        public var stocksAt: Int?

        public init(authority: String, out: String) {
            self.authority = authority
            self.out = out
        }

        public var isEngland: Bool { AreaLookup.englandNames.contains(AreaLookup.normalise(authority)) }

        /// The England targets file read: the one given, or the year's own.
        public var englandTargetsFile: String { englandTargets ?? Baseline.defaultEnglandTargets(year: year) }
    }

    /// England's own scenario is written (and fitted) at a tenth of England: England 2012-13 builds
    /// and fits in 9 s on two cores at this scale, 89 s at full size, with the same target missed;
    /// a tenth of England's counts is still large against its tolerances.
    public static let englandScale = 0.1

    /// The England targets of the year: `calibration/england-2014-15.csv` for 2015.
    public static func defaultEnglandTargets(year: Int) -> String { "calibration/england-\(BaselineSources.span(year)).csv" }

    public struct Output: Sendable {
        public var authority: LocalAuthority
        public var scenario: String
        public var targets: String?
        /// Fallbacks for suppressed or unavailable cells (scenario fields).
        public var notes: [BaselineNote]
        /// Warm-start cells suppressed for this LA.
        public var warmStartSuppressed: [String]
        /// Target metrics skipped, and why.
        public var skippedTargets: [BaselineNote]
        public var targetCount: Int
        /// Targets missed by the derived parameters and after each round of the fit (empty when not fitted).
        public var fitMisses: [Int] = []
        public var fitKept = 0
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func build(_ r: Request) throws(Failure) -> Output {
        do {
            let sources = try BaselineSources.load(dataDirectory: r.data, year: r.year)
            if r.targetsOnly { return try targetsAlone(r, sources) }
            // The warm start: two years before the measured year where data/ has those stocks, else one.
            let start: Int
            var laterStart: String?
            if let s = r.stocksAt, s != r.year - 1 && s != r.year - 2 {
                throw Failure(description: "the warm start of a baseline measured over the year ending 31 March \(r.year) is 31 March \(r.year - 2) or \(r.year - 1), got \(s)")
            }
            do {
                if let s = r.stocksAt {
                    _ = try PublishedStocks.load(dataDirectory: r.data, area: "England", year: s)
                    start = s
                } else {
                    start = try BaselineSources.warmStartYear(dataDirectory: r.data, year: r.year)
                }
            } catch {
                throw Failure(description: "no scenario can be derived for the year ending 31 March \(r.year): \(error.message); "
                              + "scenarios are derived for the years whose stocks are in data/ (2013, 2014, 2015 in the repository's), "
                              + "the targets alone for \(BaselineSources.years.map(String.init).joined(separator: ", ")) (--targets-only --targets FILE)")
            }
            if start == r.year - 1 {
                do { _ = try PublishedStocks.load(dataDirectory: r.data, area: "England", year: start - 1) } catch {
                    laterStart = "\((error.file as NSString).lastPathComponent): \(error.field.isEmpty ? "" : error.field + ": ")\(error.message)"
                }
            }
            let england = r.isEngland
            let la = england ? LocalAuthority.england : try sources.localAuthority(r.authority)
            let figures = england ? try LocalFigures(englandOf: sources) : try LocalFigures(authority: la, sources: sources)
            let base: Scenario
            do { base = try Scenario.load(file: r.base) } catch {
                throw Failure(description: "the base scenario \(r.base) (--base) is not usable:\n\(error.description)")
            }
            guard let p = base.pathway else { throw Failure(description: "\(r.base): expected a pathway scenario (model: pathway) to extend") }
            let tree = base.resolved
            let rate: Double
            if case .scalar(let text, _, _)? = tree["referrals"]?["rate_per_10000_children"], let x = Double(text) {
                rate = x
            } else {
                rate = p.freshReferralsPerYear / (try figures.england(sources.census, BaselineYear.populationColumn(sources.census, year: r.year))) * 10_000
            }
            var teams: [ScenarioNode] = []
            if case .sequence(let items, _)? = tree["workforce"]?["teams"] { teams = items }
            var parameters = try LocalParameters.derive(figures, base: p, baseRatePer10000: rate, teamPosts: p.workforce?.teams.map(\.posts) ?? [],
                                                        stocksAt: start)
            // The run-in year's conferences, for the fit to move by the CP plans open at the start of
            // the measured year (written in the demand section's conference, so only with one).
            if r.demand, parameters.year.runIn != nil { parameters.runInConference = Annotated(value: 1, comment: "") }
            let stocks: PublishedStocks
            // Back-calculated from the census of the year after the warm start where none to it has
            // the LA's row: that year is at most the fit year, so nothing after the cut-off is read.
            do { stocks = try PublishedStocks.load(dataDirectory: r.data, area: la.tableArea, year: start, backCalculate: start + 1 <= r.year) } catch {
                throw Failure(description: "\(la.name) (\(la.code)) cannot be warm-started from its stocks at 31 March \(start): \(error)")
            }
            // Placements at the warm start are drawn by age, so the placement columns are not read.
            let placementColumns = Set(PublishedStocks.placementTypes.map { "CLA_\($0.1)" })
            let warmSuppressed = stocks.suppressed.filter { cell in !placementColumns.contains { cell.hasSuffix(": " + $0) } }
            let folder = (r.out as NSString).deletingLastPathComponent
            let dir = folder.isEmpty ? "." : folder
            var scenario = BaselineScenario(
                authority: la, parameters: parameters, extends: RelativePath.from(directory: dir, to: r.base),
                dataPath: RelativePath.from(directory: dir, to: r.data), seed: r.seed, replications: r.replications, teams: teams,
                warmStartSuppressed: warmSuppressed, command: r.command.isEmpty ? "caresim baseline --la \(la.tableArea) --year \(r.year)" : r.command)
            scenario.scale = r.scale ?? (england ? englandScale : 1)
            scenario.laterStart = laterStart
            scenario.backCalculatedFrom = stocks.censusBackCalculatedFrom
            let area = la.tableArea
            scenario.consistency = LocalConsistency(area: area, year: r.year, dataDirectory: r.data)
            if r.demand {
                let history = DemandHistory.load(area: area, code: la.code, dataDirectory: r.data, through: r.year, populationThrough: r.populationThrough ?? .max)
                let pooled = r.trends == .england && !england
                    ? DemandHistory.load(area: "England", code: LocalAuthority.england.code, dataDirectory: r.data, through: r.year, populationThrough: r.year) : nil
                scenario.demand = .init(history: history, projection: r.projection, pooled: pooled)
            }
            let englandTargets = try loadEnglandTargets(r)
            let (targets, skipped) = try LocalTargets.derive(figures, england: englandTargets)
            let published = Dictionary(targets.map { ($0.metric, $0.value) }, uniquingKeysWith: { a, _ in a })
            if let a = published["assessments_completed"], let refs = published["referrals"], let nfa = published["referral_nfa_share"], refs > 0 {
                scenario.consistency?.assessments = LocalConsistency.Assessments(year: r.year, assessments: a, referrals: refs, noFurtherActionShare: nfa)
            }
            if let c = published["initial_cp_conferences"], let plans = published["cp_plans_started"] {
                scenario.consistency?.conferences = LocalConsistency.Conferences(year: r.year, conferences: c, plansStarted: plans)
            }
            let targetsText = LocalTargets.csv(targets)
            var output = Output(authority: la, scenario: scenario.text, targets: r.targets == nil ? nil : targetsText, notes: parameters.notes,
                                warmStartSuppressed: warmSuppressed, skippedTargets: r.targets == nil ? [] : skipped,
                                targetCount: r.targets == nil ? 0 : targets.count)
            if r.fit {
                // The targets as written (tolerances rounded up), so the fit judges by what `check` will.
                var parsed = try CalibrationTargets.parse(DataTable(text: targetsText, file: "\(la.name) targets"))
                let balanced = r.balance && start == r.year - 1
                if balanced { parsed = balancedTargets(parsed, stocks) }
                // Conferences fewer than the plans started are not fitted to (the plans started set them).
                if scenario.consistency?.conferenceContradiction != nil { parsed.removeAll { $0.metric == "initial_cp_conferences" } }
                let o = r.fitOptions
                // Its own seed, so that `caresim check` at the scenario's seed is not judged on the draws fitted to.
                let fitSeed = r.seed &+ 1
                // A round whose scenario is the last round's, word for word, runs the same draws to
                // the same metrics: they are reused (a fit whose step moved nothing repeats itself
                // to its last round; Swindon's last four rounds were one).
                var last: (text: String, metrics: [String: Double])?
                let (fitted, report) = try LocalFit.fit(parameters, targets: parsed, options: o) { (p: LocalParameters) throws(Failure) in
                    var s = scenario
                    s.parameters = p
                    let text = s.text
                    if let last, last.text == text { return last.metrics }
                    let metrics = try simulate(text, in: dir, replications: o.replications, seed: fitSeed)
                    last = (text, metrics)
                    return metrics
                }
                scenario.parameters = fitted
                scenario.fit = [
                    "Fitted: the values marked \"refined by simulation\" were moved towards \(england ? "England's" : "this LA's") own \(BaselineSources.span(r.year)) figures (its targets) by",
                    "rounds of simulation (\(o.replications) replications, seed \(fitSeed)\(scenario.scale < 1 ? ", at the scenario's scale" : "")), each parameter by the ratio of target to simulated",
                    "for the metric it drives (LocalFit in Sources/CareSim/Baseline). Targets missed, derived values then each round:",
                    "  " + report.missesByRound.map(String.init).joined(separator: ", ") + " of \(parsed.count); round \(report.kept) kept."
                        + " `caresim baseline --no-fit` writes the derived values alone.",
                ]
                if balanced {
                    scenario.fit?.append("Balanced (--balance): children in need, CP plans and children looked after at 31 March \(r.year) were fitted to their")
                    scenario.fit?.append("published levels at 31 March \(start) within 3%, not to the targets file's (Baseline.balancedTargets).")
                }
                output.scenario = scenario.text
                output.fitMisses = report.missesByRound
                output.fitKept = report.kept
            }
            return output
        } catch let e as Failure {
            throw e
        } catch let e as DataError {
            throw Failure(description: e.description)
        } catch {
            throw Failure(description: "\(error)")
        }
    }

    /// The fit's targets with the stocks in balance: children in need, CP plans and children looked
    /// after at the year's end are fitted to their published levels at its start (the warm
    /// start's), within 3%, so that the fitted times hold each stock where its flows leave it and a
    /// projection from a later stock does not carry the year's own rise or fall on. The published
    /// year-on-year change of an LA's stock is close to uncorrelated from one year to the next
    /// (docs/forecasting.md), so the fitted year's change is treated as noise.
    static func balancedTargets(_ targets: [CalibrationTarget], _ stocks: PublishedStocks) -> [CalibrationTarget] {
        let start: [String: Double?] = ["children_in_need_open": stocks.childrenInNeed.number, "cp_plans_open": stocks.childProtectionPlans.number,
                                        "looked_after_open": stocks.lookedAfter.number]
        return targets.map { t in
            guard let v = start[t.metric] ?? nil, v > 0 else { return t }
            var b = t
            b.value = v
            b.kind = .relative
            b.tolerance = min(0.03, t.kind == .relative ? t.tolerance : t.tolerance / v)
            return b
        }
    }

    /// The England targets whose tolerances the area's follow, an error naming the option that sets them.
    static func loadEnglandTargets(_ r: Request) throws(Failure) -> [CalibrationTarget] {
        do { return try CalibrationTargets.load(file: r.englandTargetsFile) } catch {
            throw Failure(description: "the England targets \(r.englandTargetsFile) (--england-targets) are not usable: \(error)")
        }
    }

    /// The targets alone, of an LA or of England (its National rows, England's tolerances).
    static func targetsAlone(_ r: Request, _ sources: BaselineSources) throws -> Output {
        let figures = r.isEngland
            ? try LocalFigures(englandOf: sources)
            : try LocalFigures(authority: try sources.localAuthority(r.authority), sources: sources)
        let england = try loadEnglandTargets(r)
        let (targets, skipped) = try LocalTargets.derive(figures, england: england)
        return Output(authority: figures.authority, scenario: "", targets: LocalTargets.csv(targets), notes: [], warmStartSuppressed: [],
                      skippedTargets: skipped, targetCount: targets.count)
    }

    /// The mean of each metric over a run of `text` as a scenario file in `directory` (so its
    /// relative paths resolve), written to a temporary name there and removed after.
    static func simulate(_ text: String, in directory: String, replications: Int, seed: UInt64) throws(Failure) -> [String: Double] {
        let fm = FileManager.default
        let path = (directory as NSString).appendingPathComponent(".caresim-fit-\(ProcessInfo.processInfo.processIdentifier).yaml")
        defer { try? fm.removeItem(atPath: path) }
        let scenario: Scenario
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw Failure(description: "cannot write a trial scenario in \(directory) for the fit: \(ResultsDirectory.describe(error))")
        }
        do { scenario = try Scenario.load(file: path) } catch {
            throw Failure(description: "a trial scenario of the fit does not validate:\n\(error.description)")
        }
        let result = Experiment(scenario: scenario, replications: replications, seed: seed).run()
        return Dictionary(uniqueKeysWithValues: Metrics.perReplication(result).compactMap { m in
            m.values.isEmpty ? nil : (m.metric, m.values.reduce(0, +) / Double(m.values.count))
        })
    }

    /// A scenario caresim baseline wrote: its first line says so (BaselineScenario's header).
    static func isBaselineScenario(_ path: String) -> Bool {
        firstLine(path).map { $0.hasPrefix("# ") && $0.contains(" baseline, written by CareSim ") } ?? false
    }

    /// Targets caresim baseline wrote: LocalTargets' header, and every row's source citing the
    /// repository's data for one authority ("data/... (NAME CODE)").
    static func isBaselineTargets(_ path: String) -> Bool {
        guard firstLine(path) == "metric,value,unit,tolerance,tolerance_kind,period,source",
              let text = try? String(contentsOfFile: path, encoding: .utf8) else { return false }
        let rows = text.split(separator: "\n").dropFirst()
        return !rows.isEmpty && rows.allSatisfy { $0.contains("data/") && ($0.hasSuffix(")") || $0.hasSuffix(")\"")) }
    }

    static func firstLine(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 4096) else { return nil }
        return String(decoding: head, as: UTF8.self).split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
    }

    /// Writes the scenario (and targets) atomically, after checking that the scenario loads and
    /// validates from where it is written and that the targets parse. On any error nothing is left.
    public static func write(_ o: Output, _ r: Request) throws(Failure) {
        let fm = FileManager.default
        let pid = ProcessInfo.processInfo.processIdentifier
        func staging(_ path: String) -> String {
            let folder = (path as NSString).deletingLastPathComponent
            return ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).partial-\(pid)")
        }
        var written: [(temp: String, final: String)] = []
        func cleanUp() { for w in written { try? fm.removeItem(atPath: w.temp) } }
        // Never replace a file CareSim did not write (nothing is written then).
        let scenario: [(String, String, (String) -> Bool)] = r.targetsOnly ? [] : [(r.out, "--out", isBaselineScenario)]
        for (path, option, ours) in scenario + (r.targets.map { [($0, "--targets", isBaselineTargets)] } ?? []) {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                throw Failure(description: "\(option) \(path): expected a file name, but it is a directory (nothing written)")
            }
            if !ours(path) {
                throw Failure(description: "\(option) \(path): the file exists and was not written by caresim baseline"
                              + " (CareSim replaces only its own baselines; move it or choose another name; nothing written)")
            }
        }
        do {
            for (path, text) in (r.targetsOnly ? [] : [(r.out, o.scenario)]) + (r.targets.map { [($0, o.targets ?? "")] } ?? []) {
                let folder = (path as NSString).deletingLastPathComponent
                if !folder.isEmpty { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true) }
                let temp = staging(path)
                try Data(text.utf8).write(to: URL(fileURLWithPath: temp))
                written.append((temp, path))
            }
        } catch {
            cleanUp()
            throw Failure(description: "cannot write \(r.targetsOnly ? r.targets ?? "" : r.out): \(ResultsDirectory.describe(error))")
        }
        if !r.targetsOnly {
            do {
                _ = try Scenario.load(file: written[0].temp)
            } catch {
                cleanUp()
                throw Failure(description: "the written scenario does not validate (nothing written):\n\(error.description)")
            }
        }
        if let targets = written.last, r.targets != nil {
            do { _ = try CalibrationTargets.load(file: targets.temp) } catch {
                cleanUp()
                throw Failure(description: "the written targets do not parse (nothing written): \(error)")
            }
        }
        for w in written where Foundation.rename(w.temp, w.final) != 0 {
            cleanUp()
            throw Failure(description: "cannot move \(w.temp) to \(w.final): \(String(cString: strerror(errno)))")
        }
    }
}
