import ArgumentParser
import CareSim
import Foundation

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run two pathway scenarios as pairs under common random numbers and report the paired differences.",
        discussion: """
        Replication r of BASE and of ALT use the same seed: the same families arrive at the same \
        times, and every child draws each kind of decision from its own stream, so the arms differ \
        only where their models differ. comparison.csv gives, per metric, each arm's mean, the \
        paired difference ALT - BASE with its 95% interval, and the variance reduction against \
        independent seeds, (Var(BASE) + Var(ALT)) / Var(ALT - BASE), measured from the runs. \
        --cohort served adds cohort.* metrics: the children ALT's practice model or interventions \
        served for the first time in the measured year, followed in both arms from the day they \
        joined to the end of the run; with calendar.follow_up_years >= 1, also for exactly a year \
        after joining (cohort.first_year.*, and cohort.at_home.* for those served while not in \
        care).

        The arms should differ only in what is tested: the practice_models and interventions \
        blocks and costs.practice_models. compare lists every field that differs and refuses \
        arms that differ anywhere else (say a wider_effects or direct_work block in one arm \
        only), unless --allow-other-differences is given; the manifest records the differences \
        either way. A practice model or intervention under test with no cost gives a gross \
        saving: what the change saves before paying for it, with no return per pound or \
        break-even year.
        """
    )

    @Argument(help: "The base scenario (the counterfactual).")
    var base: String

    @Argument(help: "The alternative scenario (the practice model).")
    var alternative: String

    @Option(name: .customLong("set"), parsing: .singleValue,
            help: ArgumentHelp("Override one value in both scenarios by its dotted path. Repeatable.", valueName: "path=value"))
    var overrides: [String] = []

    @Option(name: .customLong("set-base"), parsing: .singleValue,
            help: ArgumentHelp("Override one value in BASE only (after --set). Repeatable.", valueName: "path=value"))
    var baseOverrides: [String] = []

    @Option(name: .customLong("set-alternative"), parsing: .singleValue,
            help: ArgumentHelp("Override one value in ALT only (after --set), e.g. a practice model's parameter. Repeatable.", valueName: "path=value"))
    var alternativeOverrides: [String] = []

    @Option(help: "Which children the cohort.* metrics follow: all (none) or served.")
    var cohort: PairedExperiment.Cohort = .all

    @Flag(help: "Run ALT with another seed (no common random numbers), to measure what pairing buys; not with --cohort served.")
    var independentSeeds = false

    @Flag(help: "Compare arms that differ outside the practice-model and intervention blocks (recorded in the manifest).")
    var allowOtherDifferences = false

    @OptionGroup var options: RunOptions

    func validate() throws {
        if independentSeeds, cohort == .served { throw ValidationError("--cohort served needs common random numbers: drop --independent-seeds") }
    }

    @Option(help: "Output directory (default: results/compare-<base>-vs-<alternative>).")
    var out: String?

    func run() throws {
        let b = try loadScenario(base, overrides: [("--set", overrides), ("--set-base", baseOverrides)])
        let a = try loadScenario(alternative, overrides: [("--set", overrides), ("--set-alternative", alternativeOverrides)])
        var paired: PairedExperiment
        do {
            paired = try PairedExperiment(base: b, alternative: a, replications: options.replications, seed: options.seed,
                                          threads: options.threads, cohort: cohort)
            paired.independentSeeds = independentSeeds
            paired.centralEffects = options.centralEffects
            paired.hold = options.hold
            paired.otherDifferencesAllowed = allowOtherDifferences
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        let others = paired.differences.others
        if !others.isEmpty, !allowOtherDifferences {
            printError("error: \(alternative) and \(base) differ outside the practice-model and intervention blocks, "
                       + "so the comparison would not measure the change alone:\n"
                       + others.prefix(20).map { "  " + ArmDifferences.describe($0) }.joined(separator: "\n")
                       + (others.count > 20 ? "\n  ... and \(others.count - 20) more" : "")
                       + "\nalign the arms (one extending the other with only practice_models:, interventions: and "
                       + "costs.practice_models:), or pass --allow-other-differences if these differences are meant")
            throw ExitCode(1)
        }
        func stem(_ f: String) -> String { URL(fileURLWithPath: f).deletingPathExtension().lastPathComponent }
        let directory = out ?? "results/compare-\(stem(base))-vs-\(stem(alternative))"
        let savings: Savings?
        let result: PairedResult
        do {
            let staged = try StagedResults(directory: directory)  // refused before anything runs
            if !options.quiet {
                let tested = paired.differences.differences.filter(\.tested)
                print("arms differ in \(tested.count) tested field\(tested.count == 1 ? "" : "s")"
                      + (others.isEmpty ? "" : " and \(others.count) other\(others.count == 1 ? "" : "s") (allowed)")
                      + (tested.isEmpty ? "" : ": " + Set(tested.map { Self.block($0.path) }).sorted().joined(separator: ", ")))
                if tested.isEmpty, others.isEmpty { printError("warning: the arms' resolved scenarios are identical: every difference will be zero") }
            }
            let bar = ProgressBar.make(total: paired.replications, label: "\(b.name) vs \(a.name)", quiet: options.quiet)
            result = paired.run(progress: bar?.update)
            bar?.finish()
            savings = try ComparisonOutput.write(result, into: staged)
            try staged.commit()
            if let note = staged.leftBehind { printError("warning: \(note)") }
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        if !options.quiet {
            print("\(b.name) vs \(a.name): \(paired.replications) pairs in \(String(format: "%.2f", result.wallTime)) s on \(paired.threads) threads")
            print("results in \(directory)/ (\(ComparisonOutput.names(result).joined(separator: ", ")))")
            if let savings, let total = savings.rows.last {
                let m = total.discounted
                // Rounded to meaningful digits (£2.08m); savings.csv keeps full precision.
                let figures = ReportFormat.money(m.mean) + " (95% CI " + ReportFormat.interval(m.ci95Low, m.ci95High, .money) + ")"
                if savings.isGross {
                    print("gross saving (discounted, all costed years): \(figures); gross, intervention cost not given for "
                          + savings.uncosted.joined(separator: ", ") + ": no return per pound or break-even year")
                } else {
                    print("saving (discounted, all costed years, net of the intervention's cost): " + figures
                          + (savings.returnPerPound.map { String(format: "; return per pound spent %.2f", $0.mean) } ?? "")
                          + "; break-even year " + (savings.breakEvenYear.map(String.init) ?? "none"))
                }
            }
        }
    }
}

extension Compare {
    /// The block a tested field belongs to: `practice_models.family_safeguarding`, `interventions[0]`, ...
    static func block(_ path: String) -> String {
        for prefix in ["costs.practice_models.", "costs.staff[", "workforce.teams[", "interventions[", "practice_models."] where path.hasPrefix(prefix) {
            let rest = path.dropFirst(prefix.count)
            let end = prefix.hasSuffix("[") ? rest.firstIndex(of: "]").map { rest.index(after: $0) } : rest.firstIndex { $0 == "." || $0 == "[" }
            return prefix + rest[..<(end ?? rest.endIndex)]
        }
        return path
    }
}

extension PairedExperiment.Cohort: ExpressibleByArgument {}
