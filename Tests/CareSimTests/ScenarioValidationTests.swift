import Foundation
import Testing
@testable import CareSim

// Scenario validation: every class of mistake is reported with its file, line, column (where it
// means something), dotted field path and a message saying what was expected.
//
// Most tests edit one line of `base` (below) so that the line and column of the problem are
// easy to check by eye. Lines and columns are 1-based, as printed by `caresim validate`.

/// A fresh temporary directory of scenario files, removed when the value goes away.
private final class ScenarioDirectory {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("caresim-scenario-tests-\(UUID().uuidString)", isDirectory: true)

    init() throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `text` to `name` in the directory and returns the file's path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// A small valid scenario. Line numbers, for reading the tests:
///  1 name        5 arrivals       9 stages          13 duration (assessment)
///  2 time        6   referrals   10   assessment    14 next (assessment)
///  3   horizon   7     to        11     servers     15   support
///  4   warmup    8     rate      12     queue       16 duration, 17 next (support)
private let base = """
    name: test
    time:
      horizon: 100
      warmup: 10
    arrivals:
      referrals:
        to: assessment
        rate: 2
    stages:
      assessment:
        servers: 3
        queue: fifo
        duration: {distribution: exponential, mean: 20}
        next: {support: 0.6, exit: 0.4}
      support:
        duration: {distribution: exponential, mean: 100}
        next: {exit: 1}

    """

/// `base` with each `(old, new)` replacement made; a replacement whose `old` is not found fails
/// the test (so a typo in a test cannot make it pass vacuously).
private func edited(_ edits: (String, String)..., in text: String = base,
                    sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
    var text = text
    for (old, new) in edits {
        guard let range = text.range(of: old) else {
            Issue.record("test setup: '\(old)' is not in the scenario text", sourceLocation: sourceLocation)
            continue
        }
        text.replaceSubrange(range, with: new)
    }
    return text
}

/// The problems `Scenario.load` reports; records a failure when the scenario loads.
private func problems(_ file: String, overrides: [Override] = [],
                      sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [ScenarioIssue] {
    do {
        let scenario = try Scenario.load(file: file, overrides: overrides)
        Issue.record("expected \(file) to be rejected, but it loaded as '\(scenario.name)'", sourceLocation: sourceLocation)
        return []
    } catch {
        return error.issues
    }
}

/// Writes `text` to a fresh file and returns the problems loading it reports.
private func problems(in text: String, overrides: [Override] = [],
                      sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> (file: String, issues: [ScenarioIssue]) {
    let dir = try ScenarioDirectory()
    let file = try dir.write("scenario.yaml", text)
    return (file, problems(file, overrides: overrides, sourceLocation: sourceLocation))
}

/// Checks that `issues` holds exactly one problem at `path`, at `line` (and `column`, when
/// given) of `file` (when given), whose message contains every one of `phrases`.
@discardableResult
private func expectIssue(_ issues: [ScenarioIssue], path: String, line: Int, column: Int? = nil, file: String? = nil,
                         _ phrases: String..., sourceLocation: Testing.SourceLocation = #_sourceLocation) -> ScenarioIssue? {
    let matching = issues.filter { $0.path == path }
    guard matching.count == 1, let issue = matching.first else {
        Issue.record("expected one problem at '\(path)', got \(matching.count) among:\n\(issues.map(\.description).joined(separator: "\n"))",
                     sourceLocation: sourceLocation)
        return nil
    }
    #expect(issue.location.line == line, "line of \(issue)", sourceLocation: sourceLocation)
    if let column {
        #expect(issue.location.column == column, "column of \(issue)", sourceLocation: sourceLocation)
    }
    if let file {
        #expect(issue.location.file == file, "file of \(issue)", sourceLocation: sourceLocation)
    }
    for phrase in phrases {
        #expect(issue.message.contains(phrase), "'\(phrase)' in the message of \(issue)", sourceLocation: sourceLocation)
    }
    return issue
}

/// The repository's scenarios directory, found from this source file.
private let scenariosDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("scenarios")

@Suite("Scenario validation")
struct ScenarioValidationTests {
    // MARK: - Valid scenarios

    @Test func baseScenarioIsValid() throws {
        let dir = try ScenarioDirectory()
        let scenario = try Scenario.load(file: try dir.write("base.yaml", base))
        #expect(scenario.name == "test")
        #expect(scenario.network!.stages.map(\.name) == ["assessment", "support"])
        #expect(scenario.network!.stages[0].servers == 3)
        #expect(scenario.network!.stages[1].servers == nil)
        #expect(scenario.warmup == 10)
        #expect(scenario.replications == 10)  // the default
        #expect(scenario.network!.exits == ["exit"])
    }

    @Test func referenceScenarioLoads() throws {
        let file = scenariosDirectory.appendingPathComponent("reference/rn1.yaml").path
        let scenario = try Scenario.load(file: file)
        #expect(scenario.name == "RN-1 reference network")
        #expect(scenario.seed == 20150331)
        #expect(scenario.replications == 20)
        #expect(scenario.horizon == 7300)
        #expect(scenario.warmup == 3650)
        #expect(scenario.network!.stages.count == 7)
        #expect(scenario.network!.stages.first { $0.name == "front_door" }?.servers == nil)
        #expect(scenario.network!.stages.first { $0.name == "assessment" }?.servers == 260)
        #expect(scenario.network!.arrivals.map(\.stage) == ["front_door"])
        let mean = try #require(scenario.network!.arrivals.first?.interarrival.mean)
        #expect(abs(mean - 1 / 11.5) < 1e-12)
        #expect(scenario.network!.stockInterval == 30)
        #expect(scenario.network!.flowPeriod == 365)
    }

    @Test func overrideChangesAValue() throws {
        let file = scenariosDirectory.appendingPathComponent("reference/rn1.yaml").path
        let overrides = [try Override(parsing: "stages.assessment.servers=300"), try Override(parsing: "replications=3")]
        let scenario = try Scenario.load(file: file, overrides: overrides)
        #expect(scenario.network!.stages.first { $0.name == "assessment" }?.servers == 300)
        #expect(scenario.replications == 3)
        #expect(try Scenario.load(file: file).contentHash != scenario.contentHash)
    }

    @Test func extendsMergesOntoTheParent() throws {
        let file = scenariosDirectory.appendingPathComponent("reference/rn1-england.yaml").path
        let scenario = try Scenario.load(file: file)
        #expect(scenario.name == "RN-1 reference network, England scale")
        #expect(scenario.replications == 4)  // the child's own value
        #expect(scenario.seed == 20150331)  // from the parent
        #expect(scenario.network!.stages.first { $0.name == "assessment" }?.servers == 39520)
        #expect(scenario.network!.arrivals.first?.stage == "front_door")  // kept from the parent
        let mean = try #require(scenario.network!.arrivals.first?.interarrival.mean)
        #expect(abs(mean - 1 / 1748.0) < 1e-12)
    }

    @Test func everyScenarioFileLoads() throws {
        let enumerator = try #require(FileManager.default.enumerator(at: scenariosDirectory, includingPropertiesForKeys: nil))
        let files = enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == "yaml" }.map(\.path).sorted()
        #expect(files.count >= 2, "scenario files under \(scenariosDirectory.path)")
        for file in files {
            do {
                _ = try Scenario.load(file: file)
            } catch {
                Issue.record("\(file) does not load:\n\(error)")
            }
        }
    }

    // MARK: - Unknown and missing fields

    @Test func unknownTopLevelField() throws {
        let (_, issues) = try problems(in: base + "seeed: 3\n")
        #expect(issues.count == 1)
        let issue = expectIssue(issues, path: "seeed", line: 18, column: 1, "unknown field 'seeed'", "expected one of", "(did you mean 'seed'?)")
        // The list of expected fields should name each field once, and mention `extends`.
        let list = issue?.message.components(separatedBy: "expected one of ").last?.components(separatedBy: " (did").first ?? ""
        let names = list.components(separatedBy: ", ")
        #expect(names.count == Set(names).count, "no repeated names in '\(list)'")
    }

    @Test func unknownNestedField() throws {
        let (_, nested) = try problems(in: edited(("    servers: 3\n", "    severs: 3\n    servers: 3\n")))
        #expect(nested.count == 1)
        expectIssue(nested, path: "stages.assessment.severs", line: 11, column: 5,
                    "unknown field 'severs'", "expected one of servers, queue, duration, next, next_by_age, competing", "(did you mean 'servers'?)")

        let (_, inTime) = try problems(in: edited(("  warmup: 10", "  warmpu: 10")))
        #expect(inTime.count == 1)
        expectIssue(inTime, path: "time.warmpu", line: 4, column: 3, "unknown field 'warmpu'", "(did you mean 'warmup'?)")

        let (_, inDistribution) = try problems(in: edited(("mean: 20}", "maen: 20}")))
        expectIssue(inDistribution, path: "stages.assessment.duration.maen", line: 13, column: 43,
                    "unknown field 'maen'", "(did you mean 'mean'?)")
        expectIssue(inDistribution, path: "stages.assessment.duration.mean", line: 13, "missing required field 'mean'")
    }

    @Test func missingRequiredField() throws {
        let (_, noTime) = try problems(in: edited(("time:\n  horizon: 100\n  warmup: 10\n", "")))
        #expect(noTime.count == 1)
        expectIssue(noTime, path: "time", line: 1, column: 1, "missing required field 'time'")

        let (_, noHorizon) = try problems(in: edited(("  horizon: 100\n", "")))
        #expect(noHorizon.count == 1)
        expectIssue(noHorizon, path: "time.horizon", line: 3, column: 3, "missing required field 'horizon'")

        let (_, noTo) = try problems(in: edited(("    to: assessment\n", "")))
        #expect(noTo.count == 1)
        expectIssue(noTo, path: "arrivals.referrals.to", line: 7, column: 5, "missing required field 'to'")

        let (_, noParameter) = try problems(in: edited(("{distribution: exponential, mean: 100}", "{distribution: gamma, shape: 2}")))
        #expect(noParameter.count == 1)
        expectIssue(noParameter, path: "stages.support.duration.scale", line: 16, column: 15, "missing required field 'scale'")
    }

    // MARK: - Wrong values

    @Test func textWhereANumberIsExpected() throws {
        let (_, issues) = try problems(in: edited(("rate: 2", "rate: two")))
        #expect(issues.count == 1)
        expectIssue(issues, path: "arrivals.referrals.rate", line: 8, column: 11, "expected an arrival rate per day > 0", "got 'two'")

        // A quoted number is text, not a number.
        let (_, quoted) = try problems(in: edited(("horizon: 100", "horizon: \"100\"")))
        #expect(quoted.count == 1)
        expectIssue(quoted, path: "time.horizon", line: 3, column: 12, "expected a number of days > 0")
    }

    @Test func negativeRate() throws {
        let (_, issues) = try problems(in: edited(("rate: 2", "rate: -2")))
        #expect(issues.count == 1)
        expectIssue(issues, path: "arrivals.referrals.rate", line: 8, column: 11, "expected an arrival rate per day > 0", "got -2")
    }

    @Test(arguments: ["0", "-5"])
    func nonPositiveDurationMean(mean: String) throws {
        let (_, issues) = try problems(in: edited(("mean: 20}", "mean: \(mean)}")))
        #expect(issues.count == 1)
        // Reported at the `mean` value itself, quoting the text as written.
        expectIssue(issues, path: "stages.assessment.duration.mean", line: 13, column: 49,
                    "expected a number > 0", "got \(mean)")
    }

    @Test func probabilitiesThatDoNotSumToOne() throws {
        let (_, issues) = try problems(in: edited(("{support: 0.6, exit: 0.4}", "{support: 0.5, exit: 0.4}")))
        #expect(issues.count == 1)
        expectIssue(issues, path: "stages.assessment.next", line: 14, column: 11, "expected probabilities that sum to 1", "got 0.9")

        // 0.6 + 0.3 is 0.8999999999999999 in binary floating point; the message should not show that.
        let (_, noisy) = try problems(in: edited(("{support: 0.6, exit: 0.4}", "{support: 0.6, exit: 0.3}")))
        let issue = expectIssue(noisy, path: "stages.assessment.next", line: 14, column: 11, "expected probabilities that sum to 1")
        #expect(issue?.message.hasSuffix("got 0.9") == true, "\(issue?.message ?? "")")
    }

    @Test func probabilityAboveOne() throws {
        let (_, issues) = try problems(in: edited(("{support: 0.6, exit: 0.4}", "{support: 1.5, exit: 0.4}")))
        #expect(issues.count == 1)  // no "sum to 1" problem on top
        expectIssue(issues, path: "stages.assessment.next.support", line: 14, column: 21,
                    "expected a probability between 0 and 1", "got 1.5")
    }

    @Test func routingToAnUnknownStage() throws {
        let (_, issues) = try problems(in: edited(("{support: 0.6, exit: 0.4}", "{suport: 0.6, exit: 0.4}")))
        #expect(issues.count == 1)
        expectIssue(issues, path: "stages.assessment.next.suport", line: 14, column: 12,
                    "expected a stage or an exit (assessment, support, exit)", "got 'suport'", "(did you mean 'support'?)")

        let (_, competing) = try problems(in: edited(
            ("    duration: {distribution: exponential, mean: 100}\n    next: {exit: 1}",
             "    competing: {exot: {distribution: exponential, mean: 100}}")))
        #expect(competing.count == 1)
        expectIssue(competing, path: "stages.support.competing.exot", line: 16, column: 17,
                    "expected a stage or an exit", "got 'exot'", "(did you mean 'exit'?)")
    }

    @Test func arrivalToAnUnknownStage() throws {
        let (_, issues) = try problems(in: edited(("to: assessment", "to: asessment")))
        #expect(issues.count == 1)
        expectIssue(issues, path: "arrivals.referrals.to", line: 7, column: 9,
                    "expected one of the stages (assessment, support)", "got 'asessment'", "(did you mean 'assessment'?)")
    }

    @Test(arguments: [("0", "got 0"), ("-1", "got -1"), ("2.5", "got '2.5'"), ("many", "got 'many'")])
    func invalidServers(value: String, got: String) throws {
        let (_, issues) = try problems(in: edited(("servers: 3", "servers: \(value)")))
        #expect(issues.count == 1)
        expectIssue(issues, path: "stages.assessment.servers", line: 11, column: 14,
                    "expected a whole number of servers >= 1, or unlimited", got)
    }

    @Test func queueOnAnUnlimitedStage() throws {
        let (_, issues) = try problems(in: edited(("servers: 3", "servers: unlimited")))
        #expect(issues.count == 1)
        expectIssue(issues, path: "stages.assessment.queue", line: 12, column: 12, "expected no queue on an unlimited stage")

        // No `servers` at all means unlimited too.
        let (_, implicit) = try problems(in: edited(("    servers: 3\n", "")))
        #expect(implicit.count == 1)
        expectIssue(implicit, path: "stages.assessment.queue", line: 11, column: 12, "expected no queue on an unlimited stage")
    }

    @Test func bothDurationAndCompeting() throws {
        let (_, issues) = try problems(in: base + "    competing: {exit: {distribution: exponential, mean: 5}}\n")
        #expect(issues.count == 1)
        expectIssue(issues, path: "stages.support", line: 16, column: 5, "expected either competing, or duration with next, not both")
    }

    @Test func durationWithoutNext() throws {
        let (_, issues) = try problems(in: edited(("    next: {exit: 1}\n", "")))
        #expect(issues.count == 1)
        expectIssue(issues, path: "stages.support.next", line: 16, column: 5, "missing required field 'next'")
    }

    @Test(arguments: [("100", "got 100"), ("150", "got 150")])
    func warmupNotShorterThanHorizon(warmup: String, got: String) throws {
        let (_, issues) = try problems(in: edited(("warmup: 10", "warmup: \(warmup)")))
        #expect(issues.count == 1)
        expectIssue(issues, path: "time.warmup", line: 4, column: 11,
                    "expected a warm-up shorter than the horizon (100 days)", got)
    }

    @Test func replicationsZero() throws {
        let (_, issues) = try problems(in: base + "replications: 0\n")
        #expect(issues.count == 1)
        expectIssue(issues, path: "replications", line: 18, column: 15, "expected a whole number from 1 to 100000", "got 0")
    }

    @Test func unknownGenerator() throws {
        let (_, issues) = try problems(in: base + "generator: mt1993\n")
        #expect(issues.count == 1)
        expectIssue(issues, path: "generator", line: 18, column: 12,
                    "expected one of mt19937, ranlxd2, taus2, gfsr4", "got 'mt1993'", "(did you mean 'mt19937'?)")
    }

    @Test func unknownDistributionKind() throws {
        let (_, issues) = try problems(in: edited(("distribution: exponential, mean: 20", "distribution: exponentail, mean: 20")))
        #expect(issues.count == 1)
        expectIssue(issues, path: "stages.assessment.duration.distribution", line: 13, column: 30,
                    "expected one of exponential, gamma, lognormal, weibull, beta, uniform, constant, empirical",
                    "got 'exponentail'", "(did you mean 'exponential'?)")
    }

    @Test func empiricalBandsNotSummingToOne() throws {
        let bands = "{distribution: empirical, bands: [{lower: 0, upper: 90, probability: 0.5}, {lower: 90, upper: 365, probability: 0.4}]}"
        let (_, issues) = try problems(in: edited(("{distribution: exponential, mean: 100}", bands)))
        #expect(issues.count == 1)
        expectIssue(issues, path: "stages.support.duration", line: 16, column: 15,
                    "expected valid empirical parameters", "band probabilities summing to 1", "got 0.9")
    }

    // MARK: - YAML problems and files

    @Test func duplicateKey() throws {
        let (file, issues) = try problems(in: edited(("    servers: 3\n", "    servers: 3\n    servers: 4\n")))
        #expect(issues.count == 1)
        let issue = try #require(issues.first)
        #expect(issue.location.file == file)
        #expect(issue.message.contains("'servers'"))
        #expect(issue.location.line == 11 || issue.location.line == 12, "line of \(issue)")
        #expect(!issue.message.contains("\n"), "a one-line message, got \(issue.message)")
    }

    @Test func invalidYAMLSyntax() throws {
        let (file, issues) = try problems(in: edited(("  warmup: 10", "   warmup: 10")))
        #expect(issues.count == 1)
        expectIssue(issues, path: "", line: 4, column: 10, file: file, "expected valid YAML", "mapping values are not allowed")
    }

    @Test(arguments: ["", "# nothing but a comment\n"])
    func emptyFile(text: String) throws {
        let (file, issues) = try problems(in: text)
        #expect(issues.count == 1)
        expectIssue(issues, path: "", line: 1, column: 1, file: file, "the file is empty")
    }

    @Test func topLevelNotAMapping() throws {
        let (_, issues) = try problems(in: "- name: test\n")
        #expect(issues.count == 1)
        expectIssue(issues, path: "", line: 1, column: 1, "expected a mapping of scenario fields at the top level, got a list")
    }

    @Test func missingFile() throws {
        let dir = try ScenarioDirectory()
        let file = dir.path("nowhere.yaml")
        let issues = problems(file)
        #expect(issues.count == 1)
        let issue = try #require(issues.first)
        #expect(issue.location.file == file)
        #expect(issue.path == "")
        #expect(issue.message.contains("expected an existing scenario file"))
        #expect(issue.message.contains("nowhere.yaml does not exist"))
    }

    // MARK: - extends

    @Test func extendsAMissingFile() throws {
        let dir = try ScenarioDirectory()
        let child = try dir.write("child.yaml", "extends: nowhere.yaml\nname: child\n")
        let issues = problems(child)
        #expect(issues.count == 1)
        expectIssue(issues, path: "extends", line: 1, column: 10, file: child, "expected an existing scenario file", "nowhere.yaml does not exist")
    }

    @Test func extendsCycle() throws {
        let dir = try ScenarioDirectory()
        let a = try dir.write("a.yaml", "extends: b.yaml\nname: a\n")
        try dir.write("b.yaml", "extends: a.yaml\nname: b\n")
        let issues = problems(a)
        #expect(issues.count == 1)
        // Reported at the `extends:` line that closes the cycle (in b.yaml), naming the chain.
        let issue = expectIssue(issues, path: "extends", line: 1, column: 10, "expected a chain of scenarios without cycles",
                                "a.yaml -> ", "b.yaml -> ")
        #expect(issue?.location.file.hasSuffix("b.yaml") == true)

        let selfish = try dir.write("self.yaml", "extends: self.yaml\n")
        let selfIssues = problems(selfish)
        #expect(selfIssues.count == 1)
        expectIssue(selfIssues, path: "extends", line: 1, column: 10, "without cycles", "self.yaml -> ")
    }

    @Test func errorInTheParentFileNamesTheParent() throws {
        let dir = try ScenarioDirectory()
        let parent = try dir.write("parent.yaml", edited(("servers: 3", "servers: 0")))
        let child = try dir.write("child.yaml", "extends: parent.yaml\nname: child\nreplications: 0\n")
        let issues = problems(child)
        #expect(issues.count == 2)
        let inParent = expectIssue(issues, path: "stages.assessment.servers", line: 11, column: 14,
                                   "expected a whole number of servers >= 1, or unlimited", "got 0")
        #expect(inParent?.location.file.hasSuffix("/parent.yaml") == true, "the parent file, got \(inParent?.location.file ?? "")")
        #expect(URL(fileURLWithPath: inParent?.location.file ?? "").standardizedFileURL.path
                == URL(fileURLWithPath: parent).standardizedFileURL.path)
        expectIssue(issues, path: "replications", line: 3, column: 15, file: child, "expected a whole number from 1 to 100000")

        // Two levels up: the grandparent's line is reported.
        try dir.write("grandchild.yaml", "extends: child.yaml\nreplications: 5\n")
        let deep = problems(dir.path("grandchild.yaml"))
        #expect(deep.count == 1)
        let fromGrandparent = expectIssue(deep, path: "stages.assessment.servers", line: 11, column: 14, "got 0")
        #expect(fromGrandparent?.location.file.hasSuffix("/parent.yaml") == true)
    }

    // MARK: - --set overrides

    @Test func overrideSyntaxErrors() {
        for (text, phrase) in [("servers", "expected --set PATH=VALUE"), ("=3", "expected --set PATH=VALUE"),
                               ("stages..servers=3", "expected a dotted path without empty parts")] {
            #expect {
                _ = try Override(parsing: text)
            } throws: { error in
                guard let error = error as? ScenarioError, let issue = error.issues.first else { return false }
                return error.issues.count == 1 && issue.message.contains(phrase) && issue.location.file == "--set"
            }
        }
        let quoted = try? Override(parsing: "name=\"42\"")
        #expect(quoted?.path == ["name"])
        #expect(quoted?.value == "42")
        #expect(quoted?.quoted == true)
    }

    /// The single problem `Override.apply` reports for `text`.
    private func applyProblem(_ text: String, index: Int = 1) throws -> ScenarioIssue? {
        let dir = try ScenarioDirectory()
        let tree = try ScenarioLoader.load(file: try dir.write("base.yaml", base))
        let overrides = try (1..<index).map { _ in try Override(parsing: "seed=1") } + [try Override(parsing: text)]
        do {
            _ = try Override.apply(overrides, to: tree)
            Issue.record("expected --set \(text) to be rejected")
            return nil
        } catch {
            #expect(error.issues.count == 1)
            return error.issues.first
        }
    }

    @Test func overrideOfAnUnknownPath() throws {
        let issue = try #require(try applyProblem("stages.nowhere.servers=3"))
        #expect(issue.location == .commandLine(1))
        #expect(issue.location.description == "--set #1")
        #expect(issue.path == "stages.nowhere")
        #expect(issue.message.contains("expected one of the existing fields under 'stages' (assessment, support), got 'nowhere'"))

        let second = try #require(try applyProblem("time.horizon.days=3", index: 2))
        #expect(second.location.description == "--set #2")
        #expect(second.path == "time.horizon")
        #expect(second.message.contains("has no field 'days'"))
    }

    @Test func overrideReplacingAMapping() throws {
        let issue = try #require(try applyProblem("stages.assessment=3"))
        #expect(issue.location.description == "--set #1")
        #expect(issue.path == "stages.assessment")
        #expect(issue.message.contains("--set replaces a single value, but stages.assessment is a mapping"))
    }

    @Test func overrideWithAnInvalidValue() throws {
        let dir = try ScenarioDirectory()
        let file = try dir.write("base.yaml", base)
        let issues = problems(file, overrides: [try Override(parsing: "stages.assessment.servers=0")])
        #expect(issues.count == 1)
        let issue = expectIssue(issues, path: "stages.assessment.servers", line: 1, file: "--set",
                                "expected a whole number of servers >= 1, or unlimited", "got 0")
        #expect(issue?.location.description == "--set #1")

        // The second override is the bad one; a new field is checked like any other.
        let more = problems(file, overrides: [try Override(parsing: "seed=5"), try Override(parsing: "replications=none"),
                                              try Override(parsing: "seeed=5")])
        #expect(more.count == 2)
        let replications = expectIssue(more, path: "replications", line: 2, "expected a whole number from 1 to 100000", "got 'none'")
        #expect(replications?.location.description == "--set #2")
        let unknown = expectIssue(more, path: "seeed", line: 3, "unknown field 'seeed'", "(did you mean 'seed'?)")
        #expect(unknown?.location.description == "--set #3")
    }

    // MARK: - Several problems

    @Test func severalProblemsAreReportedTogether() throws {
        let text = edited(("horizon: 100", "horizon: -1"), ("rate: 2", "rate: 0"), ("servers: 3", "servers: 0"),
                          ("{support: 0.6, exit: 0.4}", "{suport: 0.6, exit: 0.4}"), ("{exit: 1}", "{exit: 0.5}"))
            + "generator: mt1993\nseeed: 1\n"
        let (file, issues) = try problems(in: text)
        #expect(issues.count == 7, "\(issues.map(\.description))")
        expectIssue(issues, path: "time.horizon", line: 3, column: 12, file: file, "expected a number of days > 0", "got -1")
        expectIssue(issues, path: "arrivals.referrals.rate", line: 8, column: 11, file: file, "got 0")
        expectIssue(issues, path: "stages.assessment.servers", line: 11, column: 14, file: file, "got 0")
        expectIssue(issues, path: "stages.assessment.next.suport", line: 14, column: 12, file: file, "did you mean 'support'?")
        expectIssue(issues, path: "stages.support.next", line: 17, column: 11, file: file, "expected probabilities that sum to 1", "got 0.5")
        expectIssue(issues, path: "generator", line: 18, column: 12, file: file, "did you mean 'mt19937'?")
        expectIssue(issues, path: "seeed", line: 19, column: 1, file: file, "unknown field 'seeed'")
        // The error's description lists every problem and counts them.
        #expect(ScenarioError(issues).description.hasSuffix("7 problems found"))
    }
}
