import CareSimEngine
import Foundation
import Testing
@testable import CareSim

@Suite("Calibration targets and checks")
struct CalibrationTests {
    static let header = "metric,value,unit,tolerance,tolerance_kind,period,source\n"

    static func parse(_ rows: String) throws(DataError) -> [CalibrationTarget] {
        try CalibrationTargets.parse(try DataTable(text: header + rows, file: "targets.csv"))
    }

    @Test func englandTargetsLoad() throws {
        let targets = try CalibrationTargets.load(file: TestSupport.root.appendingPathComponent("calibration/england-2014-15.csv").path)
        #expect(targets.count == 50)
        let referrals = try #require(targets.first { $0.metric == "referrals" })
        #expect(referrals.value == 635_600 && referrals.kind == .relative && referrals.tolerance == 0.03)
        #expect(referrals.accepts(635_600 * 1.029) && !referrals.accepts(635_600 * 1.031))
        let nfa = try #require(targets.first { $0.metric == "referral_nfa_share" })
        #expect(nfa.kind == .absolute && nfa.accepts(0.138 + 0.0149) && !nfa.accepts(0.138 - 0.0151))
    }

    @Test func badTargetsAreLocated() {
        func message(_ rows: String) -> String {
            do {
                _ = try Self.parse(rows)
                return "no error"
            } catch { return error.description }
        }
        #expect(message("a,1,u,0.1,percent,p,s\n") == "targets.csv:2: tolerance_kind: expected relative or absolute, got 'percent'")
        #expect(message("a,1,u,0.1,relative,p,s\nb,2,u,-1,absolute,p,s\n") == "targets.csv:3: tolerance: expected a tolerance >= 0")
        #expect(message("a,1,u,0.1,relative,p,s\na,2,u,0.1,absolute,p,s\n") == "targets.csv:3: metric: expected each metric once, but 'a' is also on line 2")
        #expect(message("a,x,u,0.1,relative,p,s\n") == "targets.csv:2: value: expected the published figure, got a suppressed or missing cell")
        #expect(message("a,ten,u,0.1,relative,p,s\n").hasPrefix("targets.csv:2: value: expected a number"))
        do {
            _ = try CalibrationTargets.parse(try DataTable(text: "metric,value\na,1\n", file: "t.csv"))
            Issue.record("no error for missing tolerance columns")
        } catch {
            #expect(error.description == "t.csv:1: tolerance: expected a column 'tolerance', but the header has no such column")
        }
    }

    /// rn1-targets.csv holds the exact steady state of rn1.yaml; recompute it from the
    /// scenario so the file cannot drift from the scenario.
    @Test func rn1TargetsAreTheTheory() throws {
        let scenario = try Scenario.load(file: TestSupport.scenario("reference/rn1.yaml"))
        let theory = try ReferenceNetworkTests.theory(scenario)
        let targets = try CalibrationTargets.load(file: TestSupport.scenario("reference/rn1-targets.csv"))
        var expected: [String: Double] = [:]
        for (stage, v) in theory.stocks { expected["mean_stock.\(stage)"] = v }
        for (stage, v) in theory.rates { expected["arrival_rate.\(stage)"] = v }
        for (stage, v) in theory.waits { expected["mean_wait.\(stage)"] = v }
        let assessment = try #require(scenario.network!.stages.first { $0.name == "assessment" })
        expected["utilisation.assessment"] = theory.rates["assessment"]! * 20 / Double(assessment.servers!)
        #expect(Set(targets.map(\.metric)) == Set(expected.keys))
        for t in targets {
            let e = try #require(expected[t.metric])
            #expect(abs(t.value - e) <= 1e-8 * abs(e), "\(t.metric): file \(t.value), theory \(e)")
        }
    }

    @Test func checkPassesFailsAndReportsMissing() throws {
        let scenario = try Scenario.load(file: TestSupport.scenario("reference/rn1.yaml"),
                                         overrides: TestSupport.overrides(["time.horizon=1200", "time.warmup=400"]))
        let result = Experiment(scenario: scenario, replications: 4, threads: 2).run()
        let mean = SummaryStatistic(Metrics.perReplication(result).first { $0.metric == "mean_stock.front_door" }!.values).mean
        let targets = try Self.parse("""
            mean_stock.front_door,\(mean * 1.04),u,0.05,relative,p,s
            arrival_rate.front_door,\(mean),u,0.001,absolute,p,s
            referrals,635600,u,0.03,relative,p,s

            """)
        let check = CalibrationCheck(result: result, targets: targets)
        #expect(check.rows.map(\.passed) == [true, false, false])
        #expect(check.rows[2].simulated == nil)
        #expect(!check.passed && check.failures == 2)
        #expect(check.report.contains("MISSING"))
        #expect(check.report.hasSuffix("1 of 3 targets met; 2 not met"))
        let csv = check.table.text.split(separator: "\n")
        #expect(csv[0] == "metric,target,simulated_mean,ci95_low,ci95_high,n,tolerance,tolerance_kind,allowed_difference,result")
        #expect(csv[1].hasSuffix(",pass") && csv[2].hasSuffix(",fail") && csv[3].hasSuffix(",missing"))
    }
}
