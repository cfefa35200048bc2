import Foundation
import Testing
@testable import CareSim

/// What `compare` finds different between its arms (ArmDifferences), and when a saving is gross
/// (Savings.uncosted).
@Suite("arm differences and gross savings")
struct ArmDifferencesTests {
    static func node(_ yaml: String) throws -> ScenarioNode {
        try ScenarioLoader.parse(text: yaml, file: "test.yaml")
    }

    @Test("identical trees differ nowhere; labels are not differences; values are compared as values")
    func identical() throws {
        let a = try Self.node("name: A\ndescription: x\nscale: 0.5\nrates: {a: 1, b: [1, 2]}\n")
        let b = try Self.node("name: B\nscale: 0.50\nrates: {b: [1, 2], a: 1.0}\n")
        #expect(ArmDifferences(base: a, alternative: a).differences.isEmpty)
        // Key order and number spelling do not matter; the names do not count.
        let d = ArmDifferences(base: a, alternative: b).differences
        #expect(d.isEmpty, "\(d)")
    }

    @Test("a practice model and its costs are tested; anything else is another difference, named by its path")
    func testedAndOthers() throws {
        let base = try Self.node("""
            scale: 1
            direct_work: {elasticity: 0.5}
            costs: {years: 5, practice_models: {}}
            """)
        let alt = try Self.node("""
            scale: 1
            practice_models: {family_safeguarding: {teams: [t]}}
            wider_effects: {police_callouts: {per_family_year: 1.5}}
            costs: {years: 6, practice_models: {family_safeguarding: {setup: 1000}}}
            """)
        let d = ArmDifferences(base: base, alternative: alt)
        let paths = Dictionary(uniqueKeysWithValues: d.differences.map { ($0.path, $0) })
        #expect(Set(paths.keys) == ["direct_work", "costs.years", "costs.practice_models.family_safeguarding", "practice_models", "wider_effects"])
        #expect(Set(d.others.map(\.path)) == ["direct_work", "costs.years", "wider_effects"])
        #expect(paths["direct_work"]?.alternative == nil)
        #expect(paths["direct_work"]?.base == "{\"elasticity\":0.5}")
        #expect(paths["costs.years"]?.base == "5" && paths["costs.years"]?.alternative == "6")
        #expect(ArmDifferences.describe(paths["wider_effects"]!) == "wider_effects: only in the alternative")
        #expect(ArmDifferences.describe(paths["costs.years"]!) == "costs.years: 5 in the base, 6 in the alternative")
    }

    @Test("lists of named items are matched by name, not position")
    func namedLists() throws {
        let base = try Self.node("interventions: [{name: a, share: 0.5}, {name: b, share: 0.2}]\n")
        let alt = try Self.node("interventions: [{name: b, share: 0.3}, {name: a, share: 0.5}]\n")
        let d = ArmDifferences(base: base, alternative: alt).differences
        #expect(d.map(\.path) == ["interventions[name=b].share"])
        #expect(d.allSatisfy { $0.tested })
        // Unnamed lists are compared item by item; a length change is one difference.
        let x = try Self.node("bands: [1, 2, 3]\n"), y = try Self.node("bands: [1, 5, 3]\n"), z = try Self.node("bands: [1, 2]\n")
        #expect(ArmDifferences(base: x, alternative: y).differences.map(\.path) == ["bands[1]"])
        #expect(ArmDifferences(base: x, alternative: z).differences.map(\.path) == ["bands"])
    }

    @Test("a practice model's own teams, the teams they replace and their staff costs are tested; other workforce changes are not")
    func modelTeams() throws {
        let base = try Self.node("""
            workforce: {teams: [{name: cin, role: social_worker, posts: 173}, {name: leaving_care, role: pa, posts: 10}]}
            costs: {staff: [{role: social_worker, salary: 32000}, {role: pa, salary: 25000}]}
            """)
        let alt = try Self.node("""
            workforce: {teams: [{name: units, role: unit, posts: 58}, {name: leaving_care, role: pa, posts: 12}]}
            practice_models: {rsw_units: {teams: [units]}}
            costs: {staff: [{role: social_worker, salary: 32000}, {role: pa, salary: 26000}, {role: unit, salary: 32000}]}
            """)
        let d = ArmDifferences(base: base, alternative: alt)
        #expect(Set(d.differences.filter(\.tested).map(\.path))
                == ["workforce.teams[name=cin]", "workforce.teams[name=units]", "practice_models", "costs.staff[role=unit]"])
        #expect(Set(d.others.map(\.path)) == ["workforce.teams[name=leaving_care].posts", "costs.staff[role=pa].salary"])
    }

    @Test("the shipped practice-model pairs differ only in what they test")
    func shippedPairs() throws {
        for (b, a) in [("hertfordshire-family-safeguarding-counterpart.yaml", "hertfordshire-family-safeguarding.yaml"),
                       ("hertfordshire-fs-four-localities-counterpart.yaml", "hertfordshire-fs-four-localities.yaml"),
                       ("north-yorkshire-no-wrong-door-counterpart.yaml", "north-yorkshire-no-wrong-door.yaml"),
                       ("rsw-units-counterpart.yaml", "rsw-units.yaml"),
                       ("england-2014-15.yaml", "england-family-group-conferences.yaml")] {
            let d = ArmDifferences(base: try TestSupport.load(b).resolved, alternative: try TestSupport.load(a).resolved)
            #expect(d.others.isEmpty, "\(a): \(d.others.map { ArmDifferences.describe($0) })")
            #expect(!d.differences.isEmpty, "\(a)")
        }
        // The counterpart against the LA baseline it extends: not a practice-model pair.
        let d = ArmDifferences(base: try TestSupport.load("la/hertfordshire-2014-15.yaml").resolved,
                               alternative: try TestSupport.load("hertfordshire-family-safeguarding.yaml").resolved)
        #expect(d.others.contains { $0.path == "wider_effects" }, "\(d.others.map(\.path))")
        #expect(d.others.contains { $0.path == "direct_work" }, "\(d.others.map(\.path))")
    }

    @Test("a saving is gross when a practice model or intervention under test has no cost")
    func uncosted() throws {
        let fsBase = try TestSupport.load("hertfordshire-family-safeguarding-counterpart.yaml")
        let fs = try TestSupport.load("hertfordshire-family-safeguarding.yaml")
        #expect(Savings.uncosted(base: fsBase, alternative: fs).isEmpty)
        let dir = TestSupport.temporaryDirectory()
        let noCost = TestSupport.write("extends: \(TestSupport.scenario("hertfordshire-family-safeguarding.yaml"))\ncosts: {practice_models: null}\n",
                                       in: dir)
        let noCostScenario = try Scenario.load(file: noCost)
        #expect(Savings.uncosted(base: fsBase, alternative: noCostScenario) == ["practice model family_safeguarding"])
        let zero = TestSupport.write("""
            extends: \(TestSupport.scenario("hertfordshire-family-safeguarding.yaml"))
            costs: {practice_models: {family_safeguarding: {setup: 0, per_post: {domestic_abuse_worker: 0, mental_health_practitioner: 0, substance_misuse_worker: 0}}}}
            """, name: "zero.yaml", in: dir)
        let zeroScenario = try Scenario.load(file: zero)
        #expect(Savings.uncosted(base: fsBase, alternative: zeroScenario) == ["practice model family_safeguarding"])
        // The same model in both arms is not under test.
        #expect(Savings.uncosted(base: noCostScenario, alternative: noCostScenario).isEmpty)
        let nwdBase = try TestSupport.load("north-yorkshire-no-wrong-door-counterpart.yaml"), nwd = try TestSupport.load("north-yorkshire-no-wrong-door.yaml")
        #expect(Savings.uncosted(base: nwdBase, alternative: nwd) == ["practice model no_wrong_door"])
        let england = try TestSupport.load("england-2014-15.yaml"), fgc = try TestSupport.load("england-family-group-conferences.yaml")
        #expect(Savings.uncosted(base: england, alternative: fgc) == ["intervention family_group_conference"])
        let fgcCosted = try TestSupport.load("england-family-group-conferences.yaml", ["interventions.0.cost.per_child=600"])
        #expect(fgcCosted.pathway?.interventions.first?.costPerChild == 600)
        #expect(Savings.uncosted(base: england, alternative: fgcCosted).isEmpty)
    }
}
