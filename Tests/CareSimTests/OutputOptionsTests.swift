import Foundation
import Testing
@testable import CareSim

/// `outputs:` options: duration bands are validated and produce stay metrics.
@Suite("Output options")
struct OutputOptionsTests {
    static func issues(_ outputs: String) -> [ScenarioIssue] {
        let file = TestSupport.write("""
            extends: \(TestSupport.scenario("reference/rn1.yaml"))
            outputs: \(outputs)
            """)
        do {
            _ = try Scenario.load(file: file)
            return []
        } catch {
            return error.issues
        }
    }

    @Test func bandsMustIncrease() throws {
        let issues = Self.issues("{duration_bands: [91, 182, 150]}")
        #expect(issues.count == 1)
        let issue = try #require(issues.first)
        #expect(issue.path == "outputs.duration_bands.2")
        #expect(issue.message == "expected a number of days greater than 182, got 150")
        #expect(issue.location.line == 2)
    }

    @Test func bandsMustBeAList() throws {
        let issue = try #require(Self.issues("{duration_bands: 91}").first)
        #expect(issue.path == "outputs.duration_bands")
        #expect(issue.message.hasPrefix("expected a list of increasing band edges in days"))
        #expect(Self.issues("{duration_bands: [0, 10]}").first?.message == "expected a number of days greater than 0, got 0")
    }

    @Test func metricsFollowTheBands() throws {
        let file = TestSupport.write("""
            extends: \(TestSupport.scenario("reference/rn1.yaml"))
            time: {horizon: 400, warmup: 100}
            outputs: {duration_bands: [30, 90]}
            """)
        let result = Experiment(scenario: try Scenario.load(file: file), replications: 2, threads: 1).run()
        let names = Metrics.perReplication(result).map(\.metric)
        #expect(names.contains("mean_stay.cin"))
        #expect(names.filter { $0.hasPrefix("stay_share.cin.") } == ["stay_share.cin.0-30", "stay_share.cin.30-90", "stay_share.cin.90+"])
        // Without bands, no share metrics.
        let plain = Experiment(scenario: try Scenario.load(file: TestSupport.scenario("reference/rn1.yaml"),
                                                           overrides: TestSupport.overrides(["time.horizon=300", "time.warmup=100"])),
                               replications: 1, threads: 1).run()
        #expect(!Metrics.perReplication(plain).contains { $0.metric.hasPrefix("stay_share.") })
    }
}
