import Foundation
import Testing

/// `caresim check --drift`: the no-change run (inputs held) five years past the measured year.
@Suite("caresim check --drift")
struct DriftCommandTests {
    static let root = CLITests.root.path

    /// drift.csv rows by measure: (first, last, drift a year, pass).
    static func drift(_ sets: [String]) throws -> (status: Int32, stdout: String, rows: [String: (Double, Double, Double, String)],
                                                   intervals: [String: (low: Double, high: Double)], beyond: Set<String>) {
        let dir = CLITests.temporary().appendingPathComponent("out")
        var args = ["check", root + "/scenarios/england-2014-15.yaml", "--targets", root + "/calibration/england-2014-15.csv",
                    "--drift", "--replications", "2", "--threads", "2", "--quiet", "--out", dir.path, "--set", "scale=0.05"]
        for s in sets { args += ["--set", s] }
        let outcome = try CLITests.caresim(args)
        let text = try String(contentsOf: dir.appendingPathComponent("drift.csv"), encoding: .utf8)
        var rows: [String: (Double, Double, Double, String)] = [:]
        var intervals: [String: (low: Double, high: Double)] = [:]
        var beyond: Set<String> = []
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            rows[f[0]] = (Double(f[2])!, Double(f[4])!, Double(f[5])!, f[7])
            if let low = Double(f[8]), let high = Double(f[9]) { intervals[f[0]] = (low, high) }
            if f[10] == "yes" { beyond.insert(f[0]) }
        }
        return (outcome.status, outcome.stdout, rows, intervals, beyond)
    }

    /// With the closed cases waiting for a re-referral built at the start, their number moves by
    /// well under 1% a year once the measured year is past; without them the pool is still filling
    /// (it starts at zero and levels off only after about five years) and drifts up by more.
    @Test("the closed-case pool holds still with the warm start's pool and drifts without it; drift.csv's arithmetic; exit status")
    func closedPoolDrift() throws {
        let with = try Self.drift([])
        let without = try Self.drift(["initial.closed_cases=false"])
        #expect(with.rows.count == 10 && without.rows.count == 10, "\(with.rows.keys.sorted())")
        let pool = try #require(with.rows["closed_awaiting_re_referral"]), empty = try #require(without.rows["closed_awaiting_re_referral"])
        #expect(pool.3 == "pass" && abs(pool.2) <= 0.01, "with the pool: \(pool)")
        #expect(empty.3 == "FAIL" && empty.2 > 0.01, "without the pool: \(empty)")
        #expect(empty.2 > pool.2 + 0.005)
        for (name, r) in with.rows {
            // The fifth projected year against the first: four years of growth.
            #expect(abs(r.2 - (pow(r.1 / r.0, 0.25) - 1)) < 2e-4, "\(name): \(r)")
            #expect((r.3 == "pass") == (abs(r.2) <= 0.01), "\(name)")
        }
        // Each 95% interval is around the replications' mean drift, which for these counts is
        // within 0.2 points of the drift of the means that drift.csv reports.
        for (name, r) in with.intervals {
            #expect(r.low <= r.high && r.low - 0.002 <= with.rows[name]!.2 && with.rows[name]!.2 <= r.high + 0.002, "\(name): \(r)")
        }
        // "Beyond at 95%" only where the whole interval is beyond the limit.
        for run in [with, without] {
            for (name, r) in run.intervals {
                #expect(run.beyond.contains(name) == (r.low > 0.01 || r.high < -0.01), "\(name): \(r)")
            }
        }
        #expect(with.stdout.contains("beyond it at 95% confidence"))
        // A drift beyond the limit fails the check (the targets may fail it too at this scale).
        if with.rows.values.contains(where: { $0.3 == "FAIL" }) { #expect(with.status == 1) }
        #expect(with.stdout.contains("No-change drift (inputs held), year ending 2016 to 2020"))
    }

    @Test func driftNeedsAPathwayScenario() throws {
        let outcome = try CLITests.caresim(["check", Self.root + "/scenarios/reference/rn1.yaml", "--targets",
                                            Self.root + "/scenarios/reference/rn1-targets.csv", "--drift", "--quiet"])
        #expect(outcome.status == 1 && outcome.stderr.contains("--drift needs a pathway scenario"), "\(outcome.stderr)")
    }
}
