import ArgumentParser
import CareSim

/// Options shared by the commands that run replications.
struct RunOptions: ParsableArguments {
    @Option(help: "Number of replications (default: the scenario's).")
    var replications: Int?

    @Option(help: "Master seed (default: the scenario's).")
    var seed: UInt64?

    @Option(help: "Threads for replications (default: all cores).")
    var threads: Int?

    @Flag(help: "Print nothing but errors and results (no progress bar; the bar only shows when standard error is a terminal).")
    var quiet = false

    @Flag(help: "Effect sizes at their distributions' means instead of drawn once per replication (no parameter uncertainty).")
    var centralEffects = false

    @Flag(help: "Hold every input that changes with time constant (no referral trend, seasonality or year factors): the no-change run.")
    var hold = false

    func validate() throws {
        if let replications, replications < 1 { throw ValidationError("--replications must be at least 1, got \(replications)") }
        if let replications, replications > ScenarioLimits.maxReplications {
            throw ValidationError("--replications must be at most \(ScenarioLimits.maxReplications), got \(replications)")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    func experiment(_ scenario: Scenario) -> Experiment {
        var e = Experiment(scenario: scenario, replications: replications, seed: seed, threads: threads, centralEffects: centralEffects)
        e.hold = hold
        return e
    }
}
