import CareSimEngine
import Foundation
import Testing
@testable import CareSim

/// `initial:`: children present at time 0, with ages and time already spent.
@Suite("Warm start")
struct WarmStartTests {
    static func load(_ text: String) throws(ScenarioError) -> Scenario { try Scenario.load(file: TestSupport.write(text)) }

    /// An M/M/infinity stage started at its steady-state mean has no warm-up deficit; started
    /// empty, its average over [0, T] is lower by the factor 1 - (m/T)(1 - e^(-T/m)).
    @Test func steadyStateFromTheStart() throws {
        let base = """
            name: warm
            seed: 4
            time: {horizon: 300}
            arrivals:
              referrals: {to: open, rate: 2}
            stages:
              open:
                duration: {distribution: exponential, mean: 100}
                next: {exit: 1}
            """
        let warm = try Self.load(base + "\ninitial:\n  open: {count: 200}\n")
        let cold = try Self.load(base)
        func mean(_ s: Scenario) -> SummaryStatistic {
            SummaryStatistic(Metrics.perReplication(Experiment(scenario: s, replications: 30).run()).first { $0.metric == "mean_stock.open" }!.values)
        }
        let w = mean(warm), c = mean(cold)
        #expect(abs(w.mean - 200) <= w.halfWidth(confidence: 0.999)!, "warm start: \(w.mean)")
        let coldExact = 200 * (1 - (100.0 / 300) * (1 - exp(-3)))
        #expect(abs(c.mean - coldExact) <= c.halfWidth(confidence: 0.999)!, "cold start: \(c.mean) vs \(coldExact)")
    }

    /// Constant 10-day stays with 4 days already spent all end at day 6; the stock sample at
    /// time 0 shows the initial count; ages are set (an age limit takes the over-age out at once).
    @Test func elapsedTimeAndAges() throws {
        let s = try Self.load("""
            name: warm
            time: {horizon: 12}
            exits: [aged_out]
            ageing: {leave_at: 18, exit: aged_out}
            arrivals:
              trickle: {to: open, rate: 0.000001}
            stages:
              open:
                duration: {distribution: constant, value: 10}
                next: {exit: 1}
            initial:
              open: {count: 50, elapsed: {distribution: constant, value: 4}, age: {distribution: uniform, min: 10, max: 20}}
            outputs: {stock_interval: 1}
            """)
        let result = Experiment(scenario: s, replications: 1, threads: 1).run()
        let rep = result.replications[0]
        let stock = Dictionary(uniqueKeysWithValues: rep.samples.map { ($0.time, $0.inSystem[0]) })
        let agedOut = (0..<rep.flowPeriods).reduce(0) { $0 + rep.flow(period: $1, origin: 1, destination: rep.flowDestinations.firstIndex(of: "aged_out")!) }
        // Those over 18 at time 0 leave at once (expected 10 of 50); the rest stay until day 6.
        #expect(stock[0]! == 50 - agedOut)
        #expect(agedOut > 0 && agedOut < 25)
        #expect(stock[5]! == 50 - agedOut)
        #expect(stock[7]! == 0)
        // Initial children are stock, not arrivals: no flow into the stage from anywhere.
        let into = (0..<rep.flowPeriods).reduce(0) { $0 + rep.flow(period: $1, origin: 0, destination: 0) }
        #expect(into == 0)
    }

    @Test func errorsAreLocated() {
        func issues(_ initial: String) -> [ScenarioIssue] {
            do {
                _ = try Self.load("""
                    extends: \(TestSupport.scenario("reference/rn1.yaml"))
                    initial:
                    \(initial)
                    """)
                return []
            } catch { return error.issues }
        }
        let unknown = issues("  carre: {count: 5}")
        #expect(unknown.first?.path == "initial.carre")
        #expect(unknown.first?.message.contains("(did you mean 'care'?)") == true)
        #expect(unknown.first?.location.line == 3)
        let negative = issues("  care: {count: -5}")
        #expect(negative.first?.path == "initial.care.count")
        #expect(negative.first?.message == "expected a whole number of children >= 0, got -5")
    }
}
