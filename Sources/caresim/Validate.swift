import ArgumentParser
import CareSim

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a scenario file and report every problem with its file, line, column and field.",
        discussion: "Exits 0 when the scenario is valid, 1 when it is not. Writes nothing."
    )

    @OptionGroup var scenario: ScenarioOptions

    func run() throws {
        let s = try scenario.load()
        switch s.model {
        case .pathway(let p):
            let start = p.initial.map { "warm-started from \($0.area)'s stocks at 31 March \($0.year)" } ?? "starting empty on \(p.startYear)-04-01"
            print("ok: \(scenario.file) (\(s.name)): pathway model, \(start), measured over the year to 31 March \(p.measureYearEnding), scale \(ScenarioNumber.format(p.scale)), \(s.replications) replications, seed \(s.seed)")
        case .network(let n):
            print("ok: \(scenario.file) (\(s.name)): \(n.stages.count) stages, \(n.arrivals.count) arrival streams, horizon \(ScenarioNumber.format(s.horizon)) days, warm-up \(ScenarioNumber.format(s.warmup)) days, \(s.replications) replications, seed \(s.seed)")
        }
    }
}
