import CareSimEngine
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
        #expect(!Metrics.perReplication(plain).contains { $0.metric.hasPrefix("mean_stay.") }, "stays are off by default")
    }
}

/// Visit history: repeat and re-entry shares against exact answers.
@Suite("Re-entry metrics")
struct ReentryTests {
    /// A -> B -> back to A with probability p: every return to A is a repeat, so the repeat
    /// share is p; it is a re-entry within w days when the time A + B (a sum of two
    /// exponentials) is at most w.
    @Test func loopAgainstTheory() throws {
        let (ma, mb, p, w) = (10.0, 30.0, 0.4, 25.0)
        let file = TestSupport.write("""
            name: loop
            seed: 11
            time: {horizon: 30000, warmup: 2000}
            arrivals:
              new: {to: a, rate: 2}
            stages:
              a:
                duration: {distribution: exponential, mean: \(ma)}
                next: {b: 1}
              b:
                duration: {distribution: exponential, mean: \(mb)}
                next: {a: \(p), exit: \(1 - p)}
            outputs: {reentry_window: \(w)}
            """)
        let result = Experiment(scenario: try Scenario.load(file: file), replications: 10).run()
        let metrics = Dictionary(uniqueKeysWithValues: Metrics.perReplication(result).map { ($0.metric, $0.values) })
        let cdf = 1 - (ma * exp(-w / ma) - mb * exp(-w / mb)) / (ma - mb)
        for (metric, exact) in [("repeat_share.a", p), ("reentry_share.a", p * cdf), ("repeat_share.b", 0.4), ("reentry_share.b", 0.4 * cdf)] {
            // b's previous entry is one loop earlier too: B -> A -> B takes B + A, the same sum.
            let s = SummaryStatistic(try #require(metrics[metric]))
            let half = try #require(s.halfWidth(confidence: 1 - 0.05 / 4))
            #expect(abs(s.mean - exact) <= half, "\(metric): \(s.mean) ± \(half), exact \(exact)")
        }
    }

    /// In RN-1 only re-referrals reach the front door a second time: the repeat share there is
    /// the re-referral flow over all arrivals, 0.22 x rate(closed) / rate(front door).
    @Test func rn1ReReferrals() throws {
        let file = TestSupport.write("""
            extends: \(TestSupport.scenario("reference/rn1.yaml"))
            time: {horizon: 10950, warmup: 7300}
            outputs: {reentry_window: 365}
            """)
        let scenario = try Scenario.load(file: file)
        let theory = try ReferenceNetworkTests.theory(scenario)
        let exact = 0.22 * theory.rates["closed"]! / theory.rates["front_door"]!
        let result = Experiment(scenario: scenario, replications: 20).run()
        let metrics = Dictionary(uniqueKeysWithValues: Metrics.perReplication(result).map { ($0.metric, $0.values) })
        let s = SummaryStatistic(try #require(metrics["repeat_share.front_door"]))
        #expect(abs(s.mean - exact) <= s.halfWidth(confidence: 0.99)!, "\(s.mean) vs \(exact)")
        let within = SummaryStatistic(try #require(metrics["reentry_share.front_door"]))
        #expect(within.mean < s.mean && within.mean > 0)
    }
}

/// `metrics:` names metrics after others, scaled.
@Suite("Metric aliases")
struct MetricAliasTests {
    static func scenario(_ metrics: String) -> String {
        TestSupport.write("""
            extends: \(TestSupport.scenario("reference/rn1.yaml"))
            time: {horizon: 600, warmup: 100}
            metrics:
            \(metrics)
            """)
    }

    @Test func aliasesScaleTheirSource() throws {
        let s = try Scenario.load(file: Self.scenario("  care_entries: {from: arrival_rate.care, scale: 365}\n  care_stock: {from: mean_stock.care}"))
        let rows = Metrics.perReplication(Experiment(scenario: s, replications: 3, threads: 1).run())
        let by = Dictionary(uniqueKeysWithValues: rows.map { ($0.metric, $0.values) })
        #expect(by["care_entries"] == by["arrival_rate.care"]!.map { $0 * 365 })
        #expect(by["care_stock"] == by["mean_stock.care"])
        #expect(rows.suffix(2).map(\.metric) == ["care_entries", "care_stock"], "aliases come last")
    }

    @Test func unknownSourceIsLocated() throws {
        do {
            _ = try Scenario.load(file: Self.scenario("  care_entries: {from: arrival_rate.kare, scale: 365}"))
            Issue.record("no error for an unknown metric")
        } catch {
            let issue = try #require(error.issues.first)
            #expect(issue.path == "metrics.care_entries.from")
            #expect(issue.location.line == 4)
            #expect(issue.message.hasPrefix("expected a metric this scenario produces, got 'arrival_rate.kare'"))
            #expect(issue.message.contains("arrival_rate.care"))
        }
    }

    /// Alias names are plain names (no dots), so they can never shadow a metric, all of whose
    /// names have a dot.
    @Test func aliasNamesArePlain() throws {
        do {
            _ = try Scenario.load(file: Self.scenario("  \"mean_stock.care\": {from: mean_stock.cin}"))
            Issue.record("no error for a dotted alias name")
        } catch {
            let issue = try #require(error.issues.first)
            #expect(issue.path == "metrics.mean_stock.care")
            #expect(issue.message.hasPrefix("expected a name of letters, digits and underscores"))
        }
    }
}
