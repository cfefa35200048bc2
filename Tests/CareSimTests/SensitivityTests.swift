import CareSimEngine
import Foundation
import Testing
@testable import CareSim

/// Sensitivity: partial rank correlation coefficients of each outcome's paired difference with
/// the effect sizes drawn per replication (`sensitivity.csv`).
@Suite("Sensitivity")
struct SensitivityTests {
    @Test("ranks share ties")
    func ranks() {
        #expect(Sensitivity.ranks([3, 1, 2, 2]) == [4, 1, 2.5, 2.5])
    }

    @Test("a known strong effect is recovered; an irrelevant input's interval covers zero")
    func synthetic() throws {
        let stream = RandomStream(name: "sensitivity.test", seed: 20)
        let n = 60
        let x1 = (0..<n).map { _ in stream.uniform() }, x2 = (0..<n).map { _ in stream.uniform() }
        // A third input with a weaker, negative effect.
        let x3 = (0..<n).map { _ in stream.uniform() }
        let y = (0..<n).map { 3 * x1[$0] - 1 * x3[$0] + 0.3 * (stream.uniform() - 0.5) }
        let rows = try #require(Sensitivity.rows(inputs: [("x1", x1), ("x2", x2), ("x3", x3)], outcomes: [("y", y)]))
        #expect(rows.map(\.input) == ["x1", "x3", "x2"])
        let r1 = rows[0], r2 = rows[2], r3 = rows[1]
        #expect(r1.prcc > 0.9 && r1.low > 0 && r1.low < r1.prcc && r1.prcc < r1.high)
        #expect(r3.prcc < -0.5 && r3.high < 0)
        #expect(r2.low < 0 && r2.high > 0)
        #expect(rows.allSatisfy { $0.n == n && $0.outcome == "y" })
        // A monotone but non-linear effect is as strong in ranks.
        let curved = x1.map { exp(8 * $0) + 10 * (stream.uniform() - 0.5) }
        let rows2 = try #require(Sensitivity.rows(inputs: [("x1", x1), ("x2", x2)], outcomes: [("y", curved)]))
        let top = try #require(rows2.first)
        #expect(top.input == "x1" && top.prcc > 0.95, "\(top)")
    }

    @Test("nothing is measured without a varying input or with too few replications")
    func nothingToMeasure() {
        let y: [Double] = [2, 1, 3, 5, 4, 6]
        #expect(Sensitivity.rows(inputs: [("x", Array(repeating: 0.5, count: 6))], outcomes: [("y", y)]) == nil)
        let x = [("a", [1.0, 2, 3, 4, 5, 6]), ("b", [2.0, 1, 4, 3, 6, 5]), ("c", [6.0, 1, 5, 2, 4, 3]), ("d", [1.0, 3, 5, 2, 4, 6])]
        #expect(Sensitivity.rows(inputs: x, outcomes: [("y", y)]) == nil)  // n - 2 - k = 0
        #expect(Sensitivity.rows(inputs: Array(x.prefix(3)), outcomes: [("y", y)])?.count == 3)
        // An outcome that does not vary has no rows.
        #expect(Sensitivity.rows(inputs: Array(x.prefix(1)), outcomes: [("y", Array(repeating: 1, count: 6))]) == [])
    }

    @Test("the summary reads an evidence grade from a scenario comment")
    func grades() {
        #expect(SummarySection.grade("grade: evaluation to council figures, fitted: P(change)") == "evaluation to council figures")
        #expect(SummarySection.grade("grade: assumed. P(a parent engages)") == "assumed")
        #expect(SummarySection.grade("Hertfordshire evaluation 2017") == nil)
    }

    /// Family Safeguarding moves families off child protection plans through engaged families,
    /// who are put on a plan with probability fs.plan_if_engaged: the more families engage
    /// (fs.engagement) the fewer plans start, the higher plan_if_engaged the more. Across
    /// replications these two draws must explain the CP-plan difference, with those signs.
    @Test("Hertfordshire Family Safeguarding: the CP-plan difference is driven by a Family Safeguarding effect")
    func hertfordshire() throws {
        let sets = ["scale=0.3"]
        let r = try PairedExperiment(base: try TestSupport.load("hertfordshire-family-safeguarding-counterpart.yaml", sets),
                                     alternative: try TestSupport.load("hertfordshire-family-safeguarding.yaml", sets),
                                     replications: 40, seed: 20, threads: 2).run()
        let s = try #require(Sensitivity(r))
        let cp = s.rows.filter { $0.outcome == "cp_plans_started" }
        let top = try #require(cp.first)
        #expect(["effect.fs.plan_if_engaged", "effect.fs.engagement"].contains(top.input), "\(top)")
        let engagement = try #require(cp.first { $0.input == "effect.fs.engagement" })
        let plan = try #require(cp.first { $0.input == "effect.fs.plan_if_engaged" })
        #expect(engagement.prcc < 0 && engagement.high < 0, "\(engagement)")
        #expect(plan.prcc > 0 && plan.low > 0, "\(plan)")
        // Written with the comparison, and drawn by the report as a tornado per outcome.
        let dir = TestSupport.temporaryDirectory().appendingPathComponent("compare").path
        try ComparisonOutput.write(r, to: dir)
        let read = try SensitivityRows(file: dir + "/" + Sensitivity.fileName)
        #expect(read.rows.count == s.rows.count && read.strongest("cp_plans_started")?.input == top.input)
        let html = try Report.make(results: dir)
        #expect(html.contains("<section id=\"sensitivity\"><h2>What the result is most sensitive to</h2>"))
        #expect(html.contains("id=\"chart-sensitivity-0\""))
        #expect(html.contains(SensitivityRows.label(top.input)))
        // The report opens with the summary: the saving, the children's outcomes with their
        // intervals, and what the CP-plan difference is most sensitive to.
        let first = try #require(html.range(of: "<section id=\""))
        #expect(html[first.lowerBound...].hasPrefix("<section id=\"summary\"><h2>Summary</h2>"))
        let end = try #require(html.range(of: "</section>", range: first.upperBound..<html.endIndex))
        let summary = String(html[first.lowerBound..<end.lowerBound])
        let savings = try #require(Savings(r))
        let saving = try #require(savings.rows.last?.discounted)
        #expect(summary.contains(savings.isGross ? "Gross saving" : "Net saving"))
        #expect(summary.contains(ReportFormat.value(saving.mean, .money) + "</strong> (95% interval "
            + ReportFormat.interval(saving.ci95Low, saving.ci95High, .money)))
        for metric in ["cp_plans_open", "looked_after_open", "cp_plans_started"] {
            let d = try #require(r.differences.first { $0.metric == metric }?.difference)
            #expect(summary.contains(ReportFormat.label(metric)), "\(metric)")
            #expect(summary.contains(ReportFormat.interval(d.ci95Low, d.ci95High, .number)), "\(metric)")
        }
        #expect(summary.contains("cp plans started: <strong>\(SensitivityRows.label(top.input))</strong>"))
    }
}
