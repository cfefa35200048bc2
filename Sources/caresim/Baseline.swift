import ArgumentParser
import CareSim
import Foundation

struct Baseline: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a warm-started baseline scenario (and calibration targets) for one local authority or England.",
        discussion: """
        The scenario extends the England scenario (--base) and overrides only what is local, from the \
        LA's rows of the children in need census and the looked-after tables of the year ending 31 March \
        --year under --data (2015: the 2014-15 census and the 2015 tables), each value commented with its \
        source. It is warm-started from the published stocks two years before (31 March 2013 for 2015, 2012 \
        for 2014) with a run-in year at the LA's own referrals, or one year before when data/ cannot give \
        those stocks (2013: from 31 March 2012, as the 2010-11 census has no durations of the CP plans open \
        at 31 March 2011); 2012 has no warm start. Nothing published after --year is read. Suppressed (x) \
        or unavailable (..) cells fall back to England's value, and so do figures the year's census does \
        not publish (before 2014-15: the single assessment's timescales and not-in-need share, and the \
        factors at assessment): each fallback is printed on stderr and written as a comment. --la England \
        writes England's own scenario for the year from its national rows (at --scale 0.1 unless given). \
        --targets also writes the area's own figures of the year as a targets file for caresim check, with \
        tolerances widened for an LA's small counts (following --england-targets, by default the year's \
        calibration/england-YYYY-YY.csv). The derived values are then refined by a few rounds of \
        simulation towards those figures, on seed --seed + 1 (--no-fit skips this; the header says what \
        moved and how many targets each round missed). Nothing is written unless the scenario validates. \
        --list prints every LA with its code and the files it cannot be matched in. --targets-only writes \
        the targets alone, of an LA or of England, for any year ending 31 March 2012 to 2015; a metric the \
        year's data do not publish, or publish under another definition, is skipped with a note.
        """ + "\n\n" + DataOptions.discussion
    )

    @Option(name: .customLong("la"), help: "The local authority: its ONS code (E10000015) or name (Hertfordshire); England for England's own.")
    var authority: String?

    @Option(help: "The year ending 31 March measured: 2013 to 2015 for a scenario; 2012 to 2015 with --targets-only.")
    var year: Int = 2015

    @Option(help: "The scenario file to write, e.g. scenarios/la/hertfordshire-2014-15.yaml.")
    var out: String?

    @Option(help: "Also write the LA's calibration targets (CSV) here.")
    var targets: String?

    @OptionGroup var dataOptions: DataOptions

    @Option(help: "Master seed written into the scenario.")
    var seed: UInt64 = 20_150_331

    @Option(help: "Replications written into the scenario.")
    var replications: Int = 10

    @OptionGroup var projectionOptions: ProjectionOptions

    @Option(name: .customLong("population-through"), help: "List the ONS child population in demand: up to this year ending 31 March only (later years held at it); default every year the extracts hold. A back-test gives its cut-off year.")
    var populationThrough: Int?

    @Flag(name: .customLong("no-demand"), help: "Write no demand: section (new referrals and conversions then stay at the year's rates).")
    var noDemand = false

    @Option(help: "The scenario's scale, at which it is fitted and run (default: 1 for an LA, \(ScenarioNumber.format(CareSim.Baseline.englandScale)) for England).")
    var scale: Double?

    @OptionGroup var fitOptions: FitOptions

    @Flag(name: .customLong("targets-only"), help: "Write only the targets (--targets FILE), of an LA or of England (--la England), for --year 2012 to 2015.")
    var targetsOnly = false

    @Flag(help: "List every local authority with its code, and those that cannot be matched across the files.")
    var list = false

    func validate() throws {
        guard BaselineSources.years.contains(year) else {
            throw ValidationError("--year: expected a year ending 31 March for which data/ has the children in need census and the looked-after tables, one of \(BaselineSources.years.map(String.init).joined(separator: ", ")); got \(year)")
        }
        if list { return }
        guard authority != nil else { throw ValidationError("--la NAME_OR_CODE is required (or --list)") }
        if targetsOnly {
            guard targets != nil else { throw ValidationError("--targets-only needs --targets FILE") }
            guard out == nil else { throw ValidationError("--targets-only writes no scenario: leave out --out") }
            return
        }
        guard out != nil else { throw ValidationError("--out FILE is required (or --targets-only with --targets FILE)") }
        if replications < 1 { throw ValidationError("--replications must be at least 1, got \(replications)") }
        if let scale, !(scale > 0 && scale <= 1) { throw ValidationError("--scale must be above 0 and at most 1, got \(scale)") }
    }

    func run() throws {
        if list { return try listAuthorities() }
        var request = CareSim.Baseline.Request(authority: authority!, out: out ?? "")
        request.targetsOnly = targetsOnly
        request.year = year
        request.targets = targets
        let paths = try dataOptions.paths(year: year, needs: targetsOnly ? [.data, .englandTargets] : [.data, .base, .englandTargets])
        if let base = paths.base { request.base = base }
        if let data = paths.data { request.data = data }
        request.englandTargets = paths.englandTargets
        request.seed = seed
        request.replications = replications
        request.fit = !fitOptions.noFit
        request.fitOptions = fitOptions.options
        request.scale = scale
        request.demand = !noDemand
        request.populationThrough = populationThrough
        request.projection = projectionOptions.demandProjection
        request.trends = projectionOptions.trendSource
        request.command = (["caresim"] + CommandLine.arguments.dropFirst().map { $0.contains(" ") ? "'\($0)'" : $0 }).joined(separator: " ")
        do {
            let output = try CareSim.Baseline.build(request)
            for n in output.notes { printError("note: \(n.field): \(n.text)") }
            for s in output.warmStartSuppressed {
                printError("note: initial (warm start): \(s) for this LA: \(BaselineScenario.warmStartFallback(s))")
            }
            for n in output.skippedTargets { printError("note: target \(n.field) skipped: \(n.text)") }
            try CareSim.Baseline.write(output, request)
            if !targetsOnly { print("wrote \(request.out): \(output.authority.name) (\(output.authority.code)), \(output.notes.count + output.warmStartSuppressed.count) fallbacks for suppressed or unavailable cells") }
            if !output.fitMisses.isEmpty {
                print("fitted by simulation: targets missed \(output.fitMisses.map(String.init).joined(separator: " -> ")) (round \(output.fitKept) kept)")
            }
            if let t = targets {
                print("wrote \(t): \(output.targetCount) targets, \(output.skippedTargets.count) skipped")
            }
        } catch {
            printError("error: \(error.description)")
            throw ExitCode(1)
        }
    }

    func listAuthorities() throws {
        let data = try dataOptions.paths(year: year, needs: [.data]).data
        do {
            let sources = try BaselineSources.load(dataDirectory: data!, year: year)
            let all = try sources.catalogue()
            for (la, missing) in all {
                print("\(la.code)  \(la.name)" + (missing.isEmpty ? "" : "  [not matched in: \(missing.joined(separator: "; "))]"))
            }
            let unmatched = all.filter { !$0.missingFrom.isEmpty }
            print("\(all.count) local authorities; \(unmatched.count) not matched by code in every file: \(unmatched.map { "\($0.authority.name) (\($0.authority.code))" }.joined(separator: ", "))")
            let population = (try? BaselineYear.populationColumn(sources.census, year: year)).map { "\(sources.census.label) \($0)" } ?? "the census's population"
            print("(ONS extracts use April 2021 codes: an LA missing there uses \(population), which is published for all; an LA missing from a looked-after table cannot be built.)")
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }
}
