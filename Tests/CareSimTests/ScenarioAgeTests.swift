import CareSimEngine
import Foundation
import Testing
@testable import CareSim

/// Ages in scenarios: `age:` on arrivals, `next_by_age:` on stages, `ageing:` at the top level.
@Suite("Ages in scenarios")
struct ScenarioAgeTests {
    static let valid = """
        name: ages
        seed: 3
        time: {horizon: 6000, warmup: 1000}
        exits: [aged_out]
        ageing: {leave_at: 18, exit: aged_out}
        arrivals:
          referrals:
            to: assessment
            rate: 5
            age: {distribution: uniform, min: 0, max: 18}
        stages:
          assessment:
            duration: {distribution: exponential, mean: 20}
            next_by_age:
              - {below: 10, next: {care: 0.5, exit: 0.5}}
              - {next: {care: 0.1, exit: 0.9}}
          care:
            duration: {distribution: exponential, mean: 2000}
            next: {exit: 1}
        """

    static func issues(_ text: String) -> [ScenarioIssue] {
        do {
            _ = try Scenario.load(file: TestSupport.write(text))
            return []
        } catch { return error.issues }
    }

    @Test func runsAndAgesOut() throws {
        let scenario = try Scenario.load(file: TestSupport.write(Self.valid))
        #expect(scenario.network!.ageing?.leaveAtYears == 18)
        let result = Experiment(scenario: scenario, replications: 4, threads: 2).run()
        let rep = result.replications[0]
        let care = rep.flowOrigins.firstIndex(of: "care")!, aged = rep.flowDestinations.firstIndex(of: "aged_out")!
        let agedOut = (0..<rep.flowPeriods).reduce(0) { $0 + rep.flow(period: $1, origin: care, destination: aged) }
        #expect(agedOut > 0, "children in care reach 18")
        // Younger children (half the arrivals) enter care five times as often as older ones:
        // care entries / assessments = (0.5 x 10/18 + 0.1 x 8/18), ages at leaving assessment.
        let metrics = Dictionary(uniqueKeysWithValues: Metrics.perReplication(result).map { ($0.metric, $0.values) })
        let share = SummaryStatistic(metrics["arrival_rate.care"]!).mean / SummaryStatistic(metrics["arrival_rate.assessment"]!).mean
        #expect(abs(share - (0.5 * 10 / 18 + 0.1 * 8 / 18)) < 0.02, "care share \(share)")
    }

    @Test func bandErrors() throws {
        let noBelow = Self.issues(Self.valid.replacingOccurrences(of: "- {below: 10, next:", with: "- {next:"))
        #expect(noBelow.contains { $0.path == "stages.assessment.next_by_age.0.below" && $0.message.contains("only the last band may omit it") })
        let belowOnLast = Self.issues(Self.valid.replacingOccurrences(of: "- {next: {care: 0.1", with: "- {below: 20, next: {care: 0.1"))
        #expect(belowOnLast.contains { $0.path == "stages.assessment.next_by_age.1.below" && $0.message.contains("no 'below' on the last band") })
        let both = Self.issues(Self.valid.replacingOccurrences(of: "    next_by_age:", with: "    next: {exit: 1}\n    next_by_age:"))
        #expect(both.contains { $0.path == "stages.assessment" && $0.message == "expected either next or next_by_age, not both" })
        let badSum = Self.issues(Self.valid.replacingOccurrences(of: "{care: 0.5, exit: 0.5}", with: "{care: 0.5, exit: 0.6}"))
        #expect(badSum.contains { $0.path == "stages.assessment.next_by_age.0.next" && $0.message.contains("sum to 1, got 1.1") })
    }

    @Test func ageingErrors() throws {
        let undeclared = Self.issues(Self.valid.replacingOccurrences(of: "exits: [aged_out]\n", with: ""))
        let issue = try #require(undeclared.first { $0.path == "ageing.exit" })
        #expect(issue.message == "expected one of the exits (exit), got 'aged_out'; declare it under exits")
        #expect(issue.location.line == 4)
        let negative = Self.issues(Self.valid.replacingOccurrences(of: "leave_at: 18", with: "leave_at: -1"))
        #expect(negative.contains { $0.path == "ageing.leave_at" && $0.message == "expected an age in years > 0, got -1" })
        let badAge = Self.issues(Self.valid.replacingOccurrences(of: "age: {distribution: uniform, min: 0, max: 18}", with: "age: {distribution: uniform, min: 0}"))
        #expect(badAge.contains { $0.path == "arrivals.referrals.age.max" })
    }
}
