import CareSimEngine
import Foundation
import Testing
@testable import CareSim

/// The generic `interventions:` block: eligibility, capacity, effects on named mechanisms,
/// effects sampled once per replication, and the served cohort's outputs.
@Suite("Interventions")
struct InterventionTests {
    static let data = TestSupport.root.appendingPathComponent("data").path

    /// The England baseline (or `base`, a text of it) with `block` appended (an `interventions:` list).
    static func scenario(_ block: String, _ sets: [String] = ["scale=0.05"], base: String? = nil) throws -> Scenario {
        let text = try (base ?? String(contentsOfFile: TestSupport.scenario("england-2014-15.yaml"), encoding: .utf8)) + "\n" + block
        let file = TestSupport.write(text, name: "england.yaml")
        return try Scenario.load(file: file, overrides: TestSupport.overrides(["initial.data=\(data)"] + sets))
    }

    static func run(_ s: Scenario, replications: Int = 2) -> ExperimentResult {
        Experiment(scenario: s, replications: replications, seed: 31, threads: 2).run()
    }

    static func metric(_ r: ExperimentResult, _ name: String) -> Double {
        let v = Metrics.perReplication(r).first { $0.metric == name }!.values
        return v.reduce(0, +) / Double(v.count)
    }

    @Test("halving CP plan length for everyone on a plan roughly halves the plans open")
    func planLength() throws {
        let base = Self.run(try Self.scenario(""))
        let half = Self.run(try Self.scenario("""
            interventions:
              - name: shorter_plans
                eligible: {stages: [cp]}
                effects: {cp_days: {distribution: constant, value: 0.5}}
            """))
        let ratio = Self.metric(half, "cp_plans_open") / Self.metric(base, "cp_plans_open")
        // Plans started in the measured year are half as long; the warm-started ones are not,
        // and shorter plans step down and restart more often: well below 0.75, above 0.35.
        #expect(ratio < 0.75 && ratio > 0.35, "ratio \(ratio)")
        #expect(Self.metric(half, "intervention.shorter_plans.cp_plans_started") > 0)
    }

    /// Without babies referred before birth (`referrals.unborn`, `initial.unborn`): a care entry
    /// decided for an unborn child waits for the birth on a CIN plan and then goes from CIN into
    /// care whatever the CIN plan's hazard (Stages/UnbornChildren.swift), about a sixth of the
    /// England scenario's entries from CIN.
    @Test("a relative hazard of 0 on care from CIN stops the served cohort entering care from CIN")
    func noCareFromCIN() throws {
        let england = try PathwayTests.englandText(without: "unborn")
        let s = try Self.scenario("""
            interventions:
              - name: edge_of_care
                eligible: {stages: [cin]}
                effects: {cin_care: {distribution: constant, value: 0.000001}}
            """, base: england)
        let rep = try TestSupport.replication(s, master: 4)
        let result = rep.run()
        let cinToCare = result.flows.total(from: .state(.cin), to: .state(.care))
        let base = try TestSupport.replication(try Self.scenario("", base: england), master: 4).run()
        let baseCinToCare = base.flows.total(from: .state(.cin), to: .state(.care))
        #expect(baseCinToCare > 100)
        #expect(Double(cinToCare) < 0.02 * Double(baseCinToCare), "\(cinToCare) against \(baseCinToCare)")
    }

    @Test("capacity limits the children served at once, and only eligible children are served")
    func capacityAndEligibility() throws {
        let s = try Self.scenario("""
            interventions:
              - name: adolescents
                eligible: {stages: [cin, cp], ages: [12, 18], factors: [domestic_violence]}
                capacity: 400
                effects: {cin_step_up: {distribution: constant, value: 0.8}}
            """)
        let rep = try TestSupport.replication(s, master: 6)
        _ = rep.run()
        let served = rep.liveChildren.filter { $0.served != 0 }
        #expect(!served.isEmpty)
        #expect(served.count <= rep.interventions.capacities[0])
        #expect(rep.interventions.servedNow[0] == served.count)
        #expect(rep.interventions.capacities[0] == 20)  // 400 x scale 0.05
        let dv = s.pathway!.factors.firstIndex { $0.name == "domestic_violence" }!
        #expect(served.allSatisfy { $0.factors & (1 << UInt32(dv)) != 0 })
        #expect(served.allSatisfy { $0.age(at: rep.horizon) >= 12 })
    }

    @Test("effects are drawn once per replication from their distribution")
    func parameterUncertainty() throws {
        let s = try Self.scenario("""
            interventions:
              - name: uncertain
                eligible: {stages: [cp], share: 0.5}
                effects: {cp_days: {distribution: lognormal, mu: -0.35, sigma: 0.2}}
            """, ["scale=0.01"])
        let result = Self.run(s, replications: 24)
        let values = Metrics.perReplication(result).first { $0.metric == "intervention.uncertain.effect.cp_days" }!.values
        #expect(Set(values).count == 24)
        let mean = values.reduce(0, +) / 24
        let expected = exp(-0.35 + 0.02)  // lognormal mean exp(mu + sigma^2 / 2)
        let sd = expected * (exp(0.04) - 1).squareRoot()
        #expect(abs(mean - expected) < 4 * sd / 24.0.squareRoot())
    }

    @Test("the Family Group Conferences example validates and shortens plans")
    func familyGroupConferences() throws {
        let fgc = try Scenario.load(file: TestSupport.scenario("england-family-group-conferences.yaml"), overrides: TestSupport.overrides(["scale=0.05"]))
        #expect(fgc.pathway?.interventions.map(\.name) == ["family_group_conference"])
        let base = Self.run(try Scenario.load(file: TestSupport.scenario("england-2014-15.yaml"), overrides: TestSupport.overrides(["scale=0.05"])))
        let alt = Self.run(fgc)
        #expect(Self.metric(alt, "cp_plans_open") < Self.metric(base, "cp_plans_open"))
    }

    @Test("an unknown effect or factor is an error naming the field")
    func validation() {
        do {
            _ = try Self.scenario("""
                interventions:
                  - name: bad
                    eligible: {stages: [cp], factors: [gambling]}
                    effects: {cp_dayz: {distribution: constant, value: 1}}
                """)
            Issue.record("no error")
        } catch {
            let text = "\(error)"
            #expect(text.contains("interventions.0.effects.cp_dayz: expected one of cin_step_up"))
            #expect(text.contains("interventions.0.eligible.factors.0: expected one of the scenario's factors"))
        }
    }

    @Test("an intervention for a team's cases serves only children whose case that team holds")
    func teamEligibility() throws {
        var text = try String(contentsOfFile: TestSupport.scenario("england-2014-15.yaml"), encoding: .utf8)
        #expect(text.contains(TestSupport.standardTeam))
        text = text.replacingOccurrences(of: TestSupport.standardTeam, with: TestSupport.adolescentTeam + TestSupport.standardTeam)
        text += """

            interventions:
              - name: adolescent_model
                eligible: {stages: [assessment, cin, cp], teams: [adolescents]}
                effects: {cin_care: {distribution: constant, value: 0.5}}

            """
        let file = TestSupport.write(text, name: "england.yaml")
        let s = try Scenario.load(file: file, overrides: TestSupport.overrides(["initial.data=\(Self.data)", "scale=0.05"]))
        let rep = try TestSupport.replication(s, master: 8)
        _ = rep.run()
        let served = rep.liveChildren.filter { $0.served != 0 }
        #expect(!served.isEmpty)
        #expect(served.allSatisfy { rep.team(of: $0.id) == 0 })
        #expect(served.allSatisfy { $0.age(at: rep.horizon) >= 12 })
        do {
            _ = try Self.scenario("""
                interventions:
                  - name: bad
                    eligible: {stages: [cp], teams: [nobody]}
                    effects: {cp_days: {distribution: constant, value: 1}}
                """)
            Issue.record("no error for an unknown team")
        } catch {
            #expect("\(error)".contains("interventions.0.eligible.teams.0: expected one of the workforce's teams"))
        }
    }
}
