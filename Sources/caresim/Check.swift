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
        run's files and check.csv there.
        """
    )

    @OptionGroup var scenario: ScenarioOptions

    @Option(help: "The calibration targets (CSV).")
    var targets: String

    @OptionGroup var options: RunOptions

    @Option(help: "Also write the run's files and check.csv to this directory.")
    var out: String?

    func run() throws {
        let s = try scenario.load()
        let targetList: [CalibrationTarget]
        do {
            targetList = try CalibrationTargets.load(file: targets)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        let experiment = options.experiment(s)
        let check: CalibrationCheck
        do {
            let staged = try out.map { d throws(ResultsDirectory.WriteError) in try StagedResults(directory: d) }  // refused before anything runs
            let bar = ProgressBar.make(total: experiment.replications, label: s.name, quiet: options.quiet)
            let result = try experiment.run(streamingTo: staged, extraFiles: staged == nil ? [] : ["check.csv"], progress: bar?.update)
            bar?.finish()
            check = CalibrationCheck(metrics: result.metrics, targets: targetList)
            if let staged {
                try staged.write(check.table.text, to: "check.csv")
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
        if !check.passed { throw ExitCode(1) }
    }
}
