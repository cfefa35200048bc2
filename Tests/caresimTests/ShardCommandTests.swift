import Foundation
import Testing

/// `caresim run --shard K/N` and `caresim merge` as a user runs them.
@Suite("caresim run --shard and caresim merge")
struct ShardCommandTests {
    static let england = CLITests.root.appendingPathComponent("scenarios/england-2014-15.yaml").path
    static let small = ["--set", "scale=0.01", "--replications", "4", "--quiet"]

    /// runtime.threads and runtime.wall_time_seconds blanked: the only fields allowed to differ.
    static func normalised(_ manifest: String) -> String {
        manifest.replacingOccurrences(of: #"\n    "threads": \d+,"#, with: "\n    \"threads\": _,", options: .regularExpression)
            .replacingOccurrences(of: #"\n    "wall_time_seconds": [0-9.e-]+,"#, with: "\n    \"wall_time_seconds\": _,", options: .regularExpression)
    }

    @Test("Two shards merged equal one run, every file byte for byte")
    func shardsMergeToTheRun() throws {
        let dir = CLITests.temporary()
        let whole = dir.appendingPathComponent("whole"), merged = dir.appendingPathComponent("merged")
        #expect(try CLITests.caresim(["run", Self.england, "--out", whole.path] + Self.small).status == 0)
        var shards: [String] = []
        for k in 1...2 {
            let out = dir.appendingPathComponent("shard-\(k)").path
            let r = try CLITests.caresim(["run", Self.england, "--shard", "\(k)/2", "--out", out, "--set", "scale=0.01", "--replications", "4"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("shard \(k)/2 (replications \(2 * k - 2) to \(2 * k - 1) of 4)"), "\(r.stdout)")
            shards.append(out)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: shards[0]).sorted()
                == ["caseloads.csv", "costs.csv", "flows.csv", "manifest.json", "metrics.csv", "stocks.csv", "summary.csv", "year_values.csv", "years.csv"])
        let r = try CLITests.caresim(["merge", shards[1], shards[0], "--out", merged.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("2 shards, 4 replications merged"), "\(r.stdout)")
        let names = try FileManager.default.contentsOfDirectory(atPath: whole.path).sorted()
        #expect(try FileManager.default.contentsOfDirectory(atPath: merged.path).sorted() == names)
        for name in names {
            let a = try String(contentsOf: whole.appendingPathComponent(name), encoding: .utf8)
            let b = try String(contentsOf: merged.appendingPathComponent(name), encoding: .utf8)
            if name == "manifest.json" {
                #expect(Self.normalised(a) == Self.normalised(b))
                #expect(Self.normalised(a) != a, "the normalisation should blank the runtime fields")
            } else {
                #expect(a == b, "\(name) differs")
            }
        }
    }

    @Test("A bad --shard is refused with what was expected, and writes nothing", arguments: [
        ("0/3", "between 1 and 3"), ("4/3", "between 1 and 3"), ("1/0", "count N >= 1"), ("x", "expected K/N"),
    ])
    func badShard(value: String, message: String) throws {
        let out = CLITests.temporary().appendingPathComponent("out")
        let r = try CLITests.caresim(["run", CLITests.rn1, "--shard", value, "--out", out.path] + CLITests.quick)
        #expect(r.status != 0)
        #expect(r.stderr.contains("--shard") && r.stderr.contains(message), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("More shards than replications is refused")
    func tooManyShards() throws {
        let out = CLITests.temporary().appendingPathComponent("out")
        let r = try CLITests.caresim(["run", CLITests.rn1, "--shard", "4/4", "--out", out.path] + CLITests.quick)
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: --shard 4/4: 4 shards need at least 4 replications, the run has 3"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("merge refuses an incomplete set, exits 1 and writes nothing")
    func mergeRefuses() throws {
        let dir = CLITests.temporary()
        let shard = dir.appendingPathComponent("s1").path, out = dir.appendingPathComponent("merged").path
        #expect(try CLITests.caresim(["run", CLITests.rn1, "--shard", "1/3", "--out", shard] + CLITests.quick).status == 0)
        let r = try CLITests.caresim(["merge", shard, "--out", out])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: shards 2/3, 3/3 missing: the run has 3 shards, given 1 (\(shard) is 1/3)"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
        let none = try CLITests.caresim(["merge", "--out", out])
        #expect(none.status != 0)
    }
}
