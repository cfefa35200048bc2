import CareSimEngine
import Foundation
import Testing
@testable import CareSimStudio

@Suite struct JobQueueTests {
    /// A job that waits until released, recording that it ran.
    final class Gate: @unchecked Sendable {
        let lock = NSCondition()
        var open = false
        var ran: [Int] = []
        var sawCancel: [Int] = []
        func release() { lock.lock(); open = true; lock.broadcast(); lock.unlock() }
        func work(_ i: Int) -> JobQueue.Work {
            { c in
                self.lock.lock()
                while !self.open, !c.isCancelled { _ = self.lock.wait(until: Date().addingTimeInterval(0.01)) }
                self.ran.append(i)
                if c.isCancelled { self.sawCancel.append(i) }
                self.lock.unlock()
            }
        }
    }

    @Test func boundOrderAndCancel() async throws {
        let q = JobQueue(limits: .init(workers: 1, capacity: 2))
        let g = Gate()
        try await q.submit(.run(1), g.work(1))
        try await q.submit(.run(2), g.work(2))
        try await q.submit(.run(3), g.work(3))
        await #expect(throws: JobQueue.Full.self) { try await q.submit(.run(4), g.work(4)) }
        #expect(await q.position(.run(1)) == 0)
        #expect(await q.position(.run(3)) == 2)
        #expect(await q.position(.run(9)) == nil)
        #expect(await q.cancel(.run(2)) == .removed)
        #expect(await q.cancel(.run(1)) == .stopping)
        #expect(await q.cancel(.run(9)) == .notFound)
        g.release()
        await q.drained()
        #expect(g.ran == [1, 3], "the removed job never ran; the others in order")
        #expect(g.sawCancel == [1], "the running job saw its cancellation")
        let waiting = await q.waitingCount, running = await q.runningCount
        #expect(waiting == 0 && running == 0)
    }

    @Test func workersRunTogether() async throws {
        let q = JobQueue(limits: .init(workers: 2, capacity: 0))
        let g = Gate()
        try await q.submit(.run(1), g.work(1))
        try await q.submit(.run(2), g.work(2))
        #expect(await q.runningCount == 2)
        await #expect(throws: JobQueue.Full.self) { try await q.submit(.run(3), g.work(3)) }
        g.release()
        await q.drained()
        #expect(Set(g.ran) == [1, 2])
    }
}

@Suite struct EffectSizeTests {
    @Test func rangesRefitTheSameFamily() throws {
        let ln = Distribution.lognormal(mu: -0.9163, sigma: 0.15).withRange95(low: 0.3, high: 0.6)!
        let r = try #require(ln.range95)
        #expect(abs(r.low - 0.3) < 1e-9 && abs(r.high - 0.6) < 1e-9, "lognormal: exact")
        let u = Distribution.uniform(min: 0, max: 1).withRange95(low: 2, high: 4)!
        #expect(u == .uniform(min: 2, max: 4) || abs(u.range95!.low - 2.05) < 1e-9)
        let b = try #require(Distribution.beta(a: 14, b: 6).withRange95(low: 0.5, high: 0.9))
        #expect(abs(b.mean - 0.7) < 1e-12, "beta: the mean at the midpoint")
        let g = try #require(Distribution.gamma(shape: 4, scale: 20).withRange95(low: 40, high: 140))
        #expect(abs(g.mean - 90) < 1e-9)
        #expect(Distribution.beta(a: 2, b: 2).withRange95(low: -0.1, high: 0.5) == nil)
        #expect(Distribution.lognormal(mu: 0, sigma: 1).withRange95(low: 0, high: 1) == nil)
        #expect(Distribution.gamma(shape: 1, scale: 1).withRange95(low: 3, high: 2) == nil)
    }

    @Test func findsDistributionsWithTheirGrades() {
        let yaml = """
        name: x
        practice_models:
          family_safeguarding:
            engagement:                    # grade: assumed. P(a parent engages)
              distribution: beta
              a: 14
              b: 6
            plan_if_engaged:               # grade: evaluation (CP plans down 30%)
              distribution: lognormal      # relative probability
              mu: -0.9163
              sigma: 0.15
        interventions:
          - name: fgc
            effect: {distribution: beta, a: 2, b: 3}
        direct_work:
          elasticity: {distribution: lognormal, mu: 0, sigma: 1}
        """
        let found = EffectSize.find(yaml: yaml)
        #expect(found.map(\.path) == ["practice_models.family_safeguarding.engagement", "practice_models.family_safeguarding.plan_if_engaged", "interventions[0].effect"])
        #expect(found[0].grade == "assumed" && found[1].grade == "evaluation")
        #expect(found[1].comment.contains("relative probability"), "comments on every line of the field")
        #expect(found[0].editable && !found[2].editable)
    }

    @Test func editsWriteAScenarioExtendingTheModel() {
        var e = ScenarioEdits()
        e.set("practice_models.x.engagement", distribution: .beta(a: 2.5, b: 7))
        e.setCost(key: "x", "setup", 1000)
        let text = e.yaml(extending: "x.yaml", name: "A \"quoted\" name")
        #expect(text.contains("extends: x.yaml\nname: \"A \\\"quoted\\\" name\"\n"))
        #expect(text.contains("practice_models:\n  x:\n    engagement: {distribution: beta, a: 2.5, b: 7}\n"))
        #expect(text.contains("costs:\n  practice_models:\n    x:\n      setup: 1000\n"))
        let back = ScenarioEdits(e.list)
        #expect(back.distributions["practice_models.x.engagement"] == .beta(a: 2.5, b: 7))
        #expect(back.cost("costs.practice_models.x.setup") == 1000)
    }
}
