import ArgumentParser
import CareSim
import Foundation

struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Build a baseline from the data up to a year, project it and score it against what was published later.",
        discussion: """
        Builds the baseline of --la (a local authority, or England) from the published data up to \
        the year ending 31 March --fit-through only (as caresim baseline --year does, with the \
        demand: projection estimated from the series up to that year), projects it --horizon \
        years, and scores each headline measure (referrals, assessments, section 47 enquiries, CP \
        plans started and open, children in need and looked after at 31 March, care entries) \
        against the published figures: absolute % error per year and measure, for the model and \
        for two naive forecasts, persistence (the last published value) and the linear trend of \
        the last three. Prints the table and, with --out, writes backtest.csv, the baseline and \
        its targets, and the projection's run files there. With data/ as shipped: --fit-through \
        2013 --horizon 2, and --fit-through 2014 --horizon 1.
        """ + "\n\n" + DataOptions.discussion
    )

    @Option(name: .customLong("la"), help: "The local authority (ONS code or name), or England.")
    var authority: String

    @Option(name: .customLong("fit-through"), help: "The last year ending 31 March whose data the baseline may read.")
    var fitThrough: Int

    @Option(help: "Years projected after --fit-through.")
    var horizon: Int = 2

    @OptionGroup var projectionOptions: ProjectionOptions

    @Option(name: .customLong("jump-off"), help: ArgumentHelp(
        "Where the projection starts: published (the published stocks at 31 March of --fit-through, read afresh) or fitted (the fitted baseline runs on from its own warm start).",
        valueName: "published|fitted"))
    var jumpOff: CareSim.Backtest.JumpOff = .published

    @Flag(help: "Fit the stocks in balance: their levels at the start of the fit year, not its end (with --jump-off published).")
    var balance = false

    @Option(help: "Replications of the projection (and written into the baseline).")
    var replications: Int = 10

    @Option(help: "Master seed.")
    var seed: UInt64 = 20_150_331

    @OptionGroup var dataOptions: DataOptions

    @Option(help: "Write backtest.csv, the baseline, its targets and the run's files to this directory.")
    var out: String?

    @OptionGroup var fitOptions: FitOptions

    @Option(help: "Worker threads for the replications (default: one per core).")
    var threads: Int?

    @Option(name: .customLong("set"), parsing: .singleValue,
            help: ArgumentHelp("Override one value of the projection run by its dotted path, after the jump-off's own, e.g. --set demand.capacity=follows. The fit does not see it. Repeatable.",
                               valueName: "path=value"))
    var overrides: [String] = []

    @Flag(help: "No progress bar.")
    var quiet = false

    func validate() throws {
        guard BaselineSources.years.contains(fitThrough) else {
            throw ValidationError("--fit-through: expected a year ending 31 March whose census and looked-after tables are in data/: \(BaselineSources.years.map(String.init).joined(separator: ", ")); got \(fitThrough)")
        }
        guard (1...10).contains(horizon) else { throw ValidationError("--horizon: expected 1 to 10 years, got \(horizon)") }
        if replications < 2 { throw ValidationError("--replications must be at least 2 (the 95% range needs several), got \(replications)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
        for o in overrides {
            do { _ = try Override(parsing: o) } catch { throw ValidationError("--set \(o): \(error.description)") }
        }
        if balance, jumpOff == .fitted {
            throw ValidationError("--balance applies to --jump-off published only (the fit from the stocks at the start of the fit year); with --jump-off fitted it would change nothing. Drop one of them.")
        }
    }

    func run() throws {
        var request = CareSim.Backtest.Request(authority: authority, fitThrough: fitThrough)
        request.horizon = horizon
        request.projection = projectionOptions.demandProjection
        request.trends = projectionOptions.trendSource
        request.replications = replications
        request.seed = seed
        let paths = try dataOptions.paths(year: fitThrough, needs: Set(DataOptions.Need.allCases))
        request.data = paths.data!
        request.base = paths.base!
        request.englandTargets = paths.englandTargets
        request.fit = !fitOptions.noFit
        request.fitOptions = fitOptions.options
        request.threads = threads
        request.jumpOff = jumpOff
        request.balance = balance
        request.overrides = overrides
        request.command = (["caresim"] + CommandLine.arguments.dropFirst().map { $0.contains(" ") ? "'\($0)'" : $0 }).joined(separator: " ")
        do {
            let staged = try out.map { d throws(ResultsDirectory.WriteError) in try StagedResults(directory: d) }  // refused before anything runs
            let work: String
            var temporary: String?
            if let staged {
                work = staged.stagingDirectory
            } else {
                work = NSTemporaryDirectory() + "caresim-backtest-\(ProcessInfo.processInfo.processIdentifier)"
                try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
                temporary = work
            }
            defer { if let temporary { try? FileManager.default.removeItem(atPath: temporary) } }
            let bar = ProgressBar.make(total: replications, label: "\(authority) through \(fitThrough), projected", quiet: quiet)
            let outcome = try CareSim.Backtest.run(request, workDirectory: work, progress: bar?.update)
            bar?.finish()
            for n in outcome.notes { printError("note: \(n)") }
            if let staged {
                for f in outcome.files { try staged.write(f.contents, to: f.name) }
                try staged.commit()
                if let note = staged.leftBehind { printError("warning: \(note)") }
            }
            print(CareSim.Backtest.report(outcome))
            if let out { print("wrote \(out)/backtest.csv and the baseline, its targets and the projection's files") }
        } catch let e as CareSim.Backtest.Failure {
            printError("error: \(e.description)")
            throw ExitCode(1)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }
}
extension CareSim.Backtest.JumpOff: ExpressibleByArgument {}
