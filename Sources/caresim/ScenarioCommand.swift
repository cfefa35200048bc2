import ArgumentParser
import CareSim
import Foundation

struct ScenarioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario",
        abstract: "Write an LA's baseline and the same LA with a practice model (or intervention), ready for caresim compare.",
        discussion: """
        Writes a new directory --out holding: <la>-<year>.yaml, the LA's baseline exactly as caresim \
        baseline writes it (fitted by simulation unless --no-fit), and targets.csv, its own published \
        figures of the year; baseline.yaml, the counterpart, extending it with only what both arms need \
        for the model to act (the direct-work link; missing episodes for No Wrong Door; the case-holding \
        team split by locality with --coverage or --localities); and <model>.yaml, extending \
        baseline.yaml with only the practice model and its cost. Compare them with caresim compare \
        DIR/baseline.yaml DIR/<model>.yaml. The model's effect sizes are its published evidence's, each \
        with its source and evidence grade (evaluation, council figures, secondary summary, assumed); \
        its posts, hub beds and places are those of its site (Hertfordshire, North Yorkshire, Hackney, \
        Leeds) scaled to the LA by a published measure of the year, written beside each value. A model \
        without a published cost (No Wrong Door, RSW units, Family Group Conferences) is written \
        without one, so the comparison reports a gross saving. --intervention FILE writes the \
        alternative from a file holding an interventions: list instead. The directory must not exist \
        or be empty: caresim scenario never replaces scenarios, which you may have edited.
        """ + "\n\n" + DataOptions.discussion
    )

    @Option(name: .customLong("la"), help: "The local authority: its ONS code or name (caresim baseline --list).")
    var authority: String

    @Option(help: "The practice model: \(PracticeModelChoice.allCases.map(\.rawValue).joined(separator: ", ")).")
    var model: String?

    @Option(help: "A YAML file with an interventions: list, as the alternative instead of --model.")
    var intervention: String?

    @Option(help: "Share of the LA's families (localities) the model covers, above 0 and at most 1 (team-based models).")
    var coverage: Double?

    @Option(help: "The localities the model covers, K of N (K/N): the same as --coverage K/N, with the teams named by locality.")
    var localities: String?

    @Option(help: "The year ending 31 March measured (2013 to 2015).")
    var year: Int = 2015

    @Option(help: "The directory to write (new or empty).")
    var out: String

    @OptionGroup var dataOptions: DataOptions

    @Option(help: "Master seed written into the scenarios.")
    var seed: UInt64 = 20_150_331

    @Option(help: "Replications written into the scenarios.")
    var replications: Int = 20

    @OptionGroup var fitOptions: FitOptions

    func validate() throws {
        if (model == nil) == (intervention == nil) { throw ValidationError("give exactly one of --model MODEL and --intervention FILE") }
        if let model, PracticeModelChoice(rawValue: model) == nil {
            throw ValidationError("--model: expected one of \(PracticeModelChoice.allCases.map(\.rawValue).joined(separator: ", ")), got '\(model)'")
        }
        if coverage != nil, localities != nil { throw ValidationError("give --coverage or --localities, not both") }
        if let coverage, !(coverage > 0 && coverage <= 1) { throw ValidationError("--coverage: expected a share above 0 and at most 1, got \(coverage)") }
        if let localities, Self.parseLocalities(localities) == nil {
            throw ValidationError("--localities: expected K/N with whole numbers 1 <= K <= N, got '\(localities)'")
        }
        guard BaselineSources.years.contains(year), year >= 2013 else {
            throw ValidationError("--year: expected a year ending 31 March from 2013 to 2015, got \(year)")
        }
        if replications < 1 { throw ValidationError("--replications must be at least 1, got \(replications)") }
    }

    static func parseLocalities(_ text: String) -> (k: Int, n: Int)? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), k >= 1, k <= n else { return nil }
        return (k, n)
    }

    func run() throws {
        var b = CareSim.Baseline.Request(authority: authority, out: "")
        b.year = year
        let paths = try dataOptions.paths(year: year, needs: [.data, .base, .englandTargets])
        if let base = paths.base { b.base = base }
        if let data = paths.data { b.data = data }
        b.englandTargets = paths.englandTargets
        b.seed = seed
        b.replications = replications
        b.fit = !fitOptions.noFit
        b.fitOptions = fitOptions.options
        b.command = (["caresim"] + CommandLine.arguments.dropFirst().map { $0.contains(" ") ? "'\($0)'" : $0 }).joined(separator: " ")
        var r = ModelScenario.Request(baseline: b, out: out)
        r.model = model.flatMap(PracticeModelChoice.init(rawValue:))
        r.intervention = intervention
        if let l = localities.flatMap(Self.parseLocalities) {
            r.localities = l
            r.coverage = Double(l.k) / Double(l.n)
        } else if let coverage {
            r.coverage = coverage
        }
        // A new or empty directory only: never replace scenarios the user may have edited.
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: out, isDirectory: &isDirectory) {
            let entries = isDirectory.boolValue ? ((try? fm.contentsOfDirectory(atPath: out)) ?? ["?"]) : ["?"]
            if !isDirectory.boolValue || !entries.isEmpty {
                printError("error: --out \(out): " + (isDirectory.boolValue ? "the directory exists and is not empty" : "it exists and is not a directory")
                           + "; caresim scenario writes a new directory and never replaces scenarios (you may have edited them): "
                           + "choose another --out, or move \(out) away (nothing written)")
                throw ExitCode(1)
            }
        }
        do {
            let staged = try StagedResults(directory: out)
            let output = try ModelScenario.build(r)
            for n in output.baseline.notes { printError("note: \(n.field): \(n.text)") }
            for f in output.files { try staged.write(f.text, to: f.name) }
            // Every scenario must load from where it is written, the alternative through the counterpart.
            for f in output.files where f.name.hasSuffix(".yaml") {
                do { _ = try CareSim.Scenario.load(file: (staged.stagingDirectory as NSString).appendingPathComponent(f.name)) } catch {
                    printError("error: the written \(f.name) does not validate (nothing written):\n\(error.description)")
                    throw ExitCode(1)
                }
            }
            try staged.commit()
            let la = output.baseline.authority
            print("wrote \(out)/: \(output.files.map(\.name).joined(separator: ", ")) for \(la.name) (\(la.code))")
            if !output.baseline.fitMisses.isEmpty {
                print("baseline fitted by simulation: targets missed \(output.baseline.fitMisses.map(String.init).joined(separator: " -> "))")
            }
            print("next: caresim compare \(out)/baseline.yaml \(out)/\(output.alternativeName) --out \(out)/results")
        } catch let e as ExitCode {
            throw e
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }
}
