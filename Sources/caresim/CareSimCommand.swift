import ArgumentParser
import CareSim

@main
struct CareSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "caresim",
        abstract: "A discrete-event simulator of children's social care in England.",
        version: CareSimVersion.string,
        subcommands: [Validate.self, Run.self, Compare.self, Check.self, Baseline.self, ScenarioCommand.self, BacktestCommand.self, Merge.self, ReportCommand.self, Serve.self]
    )
}
