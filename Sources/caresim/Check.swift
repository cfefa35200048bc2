import ArgumentParser
import CareSim
import Foundation

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario and compare its metrics with calibration targets.",
        discussion: """
        TARGETS is a CSV with columns metric,value,tolerance,tolerance_kind (and optionally unit, \
        period, source), as in calibration/england-2014-15.csv. A target passes when the mean over \
        replications is within its tolerance (relative: tolerance x |value|; absolute: tolerance). \
        Prints metric, target, simulated mean, 95% interval, tolerance and pass or fail; exits 1 if \
        any target fails or the scenario does not produce its metric. With --out, also writes the \
        run's files and check.csv there. --drift (pathway scenarios) also runs the scenario with \
        its inputs held constant (--hold) for five years after the measured year and reports the \
        no-change drift of each headline flow and stock (the fifth projected year against the \
        first, a rate a year); it fails beyond 1% a year either way (drift.csv with --out).
        """
    )

    @OptionGroup var scenario: ScenarioOptions

    @Option(help: "The calibration targets (CSV).")
    var targets: String

    @OptionGroup var options: RunOptions

    @Option(help: "Also write the run's files and check.csv to this directory.")
    var out: String?

    @Flag(help: "Also measure the no-change drift: the scenario held (--hold) for five years after the measured year; fails beyond 1% a year.")
    var drift = false

    func run() throws {
        let s = try scenario.load()
        let targetList: [CalibrationTarget]
        do {
            targetList = try CalibrationTargets.load(file: targets)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        if drift, s.pathway == nil {
            printError("error: --drift needs a pathway scenario (model: pathway); \(scenario.file) is a network scenario")
            throw ExitCode(1)
        }
        let experiment = options.experiment(s)
        let check: CalibrationCheck
        var noChange: NoChangeDrift?
        do {
            let staged = try out.map { d throws(ResultsDirectory.WriteError) in try StagedResults(directory: d) }  // refused before anything runs
            let bar = ProgressBar.make(total: experiment.replications, label: s.name, quiet: options.quiet)
            let extra = staged == nil ? [] : ["check.csv"] + (drift ? ["drift.csv"] : [])
            let result = try experiment.run(streamingTo: staged, extraFiles: extra, progress: bar?.update)
            bar?.finish()
            check = CalibrationCheck(metrics: result.metrics, targets: targetList)
            if drift, var p = s.pathway {
                p.followUpYears = max(p.followUpYears, NoChangeDrift.years)
                var held = s
                held.pathway = p
                var e = options.experiment(held)
                e.hold = true
                let heldBar = ProgressBar.make(total: e.replications, label: "\(s.name), held", quiet: options.quiet)
                let heldResult = e.run(progress: heldBar?.update)
                heldBar?.finish()
                noChange = NoChangeDrift(heldResult.pathway, p)
            }
            if let staged {
                try staged.write(check.table.text, to: "check.csv")
                if let noChange { try staged.write(noChange.table.text, to: "drift.csv") }
                try staged.commit()
                if let note = staged.leftBehind { printError("warning: \(note)") }
            }
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        if !options.quiet {
            print("\(s.name) against \(targets): \(experiment.replications) replications")
        }
        print(check.report)
        if let noChange { print("\n" + noChange.report) }
        if !check.passed || noChange?.passed == false { throw ExitCode(1) }
    }
}
