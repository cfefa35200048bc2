import Foundation
import Testing
@testable import CareSim

/// Sharded runs (`caresim run --shard K/N`) merged (`caresim merge`) give the unsharded run's
/// files byte for byte; merge refuses shards that do not make one run.
@Suite("Shards and merge")
struct ShardTests {
    /// The manifest with the two run-dependent fields (runtime.threads and
    /// runtime.wall_time_seconds) blanked: everything else, events included, must match.
    static func normalised(_ manifest: String) -> String {
        manifest.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("    \"threads\": ") ? "    \"threads\": _" : line.hasPrefix("    \"wall_time_seconds\": ") ? "    \"wall_time_seconds\": _" : String(line)
        }.joined(separator: "\n")
    }

    static func load(_ file: String, _ sets: [String]) throws -> Scenario {
        try Scenario.load(file: TestSupport.scenario(file), overrides: TestSupport.overrides(sets))
    }

    /// Writes the unsharded run and each of `count` shards (run with `threads`) under a new
    /// directory; returns the unsharded files and the shard directories.
    static func runs(_ s: Scenario, replications: Int, shards count: Int, threads: Int = 2) throws -> (whole: [String: String], shards: [String]) {
        let dir = TestSupport.temporaryDirectory()
        let whole = Experiment(scenario: s, replications: replications, threads: threads).run()
        var shards: [String] = []
        for k in 1...count {
            var e = Experiment(scenario: s, replications: replications, threads: k % 2 + 1)
            e.shard = try Shard(index: k, count: count)
            let path = dir.appendingPathComponent("shard-\(k)").path
            try RunOutput.write(e.run(), to: path)
            shards.append(path)
        }
        return (Dictionary(uniqueKeysWithValues: RunOutput.files(whole).map { ($0.name, $0.contents) }), shards)
    }

    static func expectSame(_ merged: [(name: String, contents: String)], _ whole: [String: String]) {
        #expect(merged.map(\.name).sorted() == whole.keys.sorted())
        for (name, contents) in merged {
            if name == "manifest.json" {
                #expect(normalised(contents) == normalised(whole[name]!), "manifest.json differs beyond threads and wall time")
            } else {
                #expect(contents == whole[name], "\(name) differs from the unsharded run's")
                #expect(contents.split(separator: "\n").count > 2, "\(name) is suspiciously small")
            }
        }
    }

    @Test("Shard K of N runs a contiguous block; the blocks cover every replication once")
    func assignment() throws {
        for total in [1, 2, 5, 7, 16, 101] {
            for n in 1...min(total, 9) {
                let blocks = try (1...n).map { try Shard(index: $0, count: n).replications(of: total) }
                #expect(blocks.first!.lowerBound == 0 && blocks.last!.upperBound == total)
                #expect(zip(blocks, blocks.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
                #expect(blocks.allSatisfy { !$0.isEmpty && $0.count >= total / n && $0.count <= total / n + 1 })
            }
        }
        #expect(try Shard(index: 2, count: 3).replications(of: 5) == 1..<3)
    }

    @Test("K/N is parsed, and bad values are refused with what was expected", arguments: [
        ("0/3", "between 1 and 3"), ("4/3", "between 1 and 3"), ("1/0", "count N >= 1"), ("x", "expected K/N"),
        ("1/", "expected K/N"), ("1/2/3", "expected K/N"), ("-1/3", "between 1 and 3"),
    ])
    func parsing(text: String, message: String) throws {
        #expect(try Shard(parsing: "2/8") == Shard(index: 2, count: 8))
        do {
            _ = try Shard(parsing: text)
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.description.contains(message), "\(error)")
        }
        #expect(throws: Shard.ParseError.self) { try Shard(index: 1, count: 4).check(total: 3) }
    }

    @Test("A shard's replications draw exactly the unsharded run's numbers, under their global indices")
    func sameStreams() throws {
        let s = try Self.load("england-2014-15.yaml", ["scale=0.01"])
        let whole = Experiment(scenario: s, replications: 3, threads: 2).run()
        var e = Experiment(scenario: s, replications: 3, threads: 1)
        e.shard = try Shard(index: 2, count: 2)
        let shard = e.run()
        #expect(shard.firstReplication == 1 && shard.pathway.count == 2)
        let a = StocksTable.make(whole).text.split(separator: "\n").filter { !$0.hasPrefix("0,") }
        let b = StocksTable.make(shard).text.split(separator: "\n")
        #expect(a == b)
        #expect(a.count > 100)
    }

    @Test("Pathway shards (workforce, costs; uneven blocks; 1 or 2 threads) merge into the unsharded files byte for byte")
    func pathwayMerge() throws {
        let s = try Self.load("england-2014-15.yaml", ["scale=0.01"])
        let (whole, shards) = try Self.runs(s, replications: 5, shards: 3)
        #expect(whole["caseloads.csv"] != nil && whole["costs.csv"] != nil, "the scenario should exercise every file")
        // Given in any order.
        let merged = try Merge.merge([shards[2], shards[0], shards[1]])
        Self.expectSame(merged.files, whole)
        #expect(merged.replications == 5 && merged.shards == 3)
    }

    @Test("Practice-model shards (effects drawn per replication, several teams) merge byte for byte")
    func practiceMerge() throws {
        let s = try Self.load("hertfordshire-family-safeguarding.yaml", ["scale=0.5"])
        let (whole, shards) = try Self.runs(s, replications: 4, shards: 2)
        #expect(whole["summary.csv"]!.contains("\neffect."), "the scenario should draw effect sizes")
        Self.expectSame(try Merge.merge(shards).files, whole)
    }

    @Test("Network shards merge byte for byte, and one shard of one is the run itself")
    func networkMerge() throws {
        let s = try Self.load("reference/rn1.yaml", ["time.horizon=800", "time.warmup=200"])
        let (whole, shards) = try Self.runs(s, replications: 4, shards: 4)
        Self.expectSame(try Merge.merge(shards).files, whole)
        let (one, single) = try Self.runs(s, replications: 3, shards: 1)
        Self.expectSame(try Merge.merge(single).files, one)
    }

    @Test("metrics.csv reads back every value exactly, empty where a replication has none")
    func metricsRoundTrip() throws {
        let v = ReplicationMetrics.Values(metrics: ["a", "b,c", "d"], firstReplication: 4,
                                          values: [[0.1 + 0.2, nil, -0.0], [1e-300, 123456789012345680, .pi]])  // the nearest Double to 123456789012345678
        let text = ReplicationMetrics.table(v).text
        let back = try ReplicationMetrics.read(text: text, file: "m.csv", expected: 4..<6)
        #expect(back.metrics == v.metrics)
        #expect(back.values.flatMap { $0 }.map { $0?.bitPattern } == v.values.flatMap { $0 }.map { $0?.bitPattern })
        #expect(throws: DataError.self) { try ReplicationMetrics.read(text: text, file: "m.csv", expected: 4..<7) }
        #expect(throws: DataError.self) { try ReplicationMetrics.read(text: text, file: "m.csv", expected: 3..<6) }
    }

    // MARK: refusals

    static func rn1Shards(_ sets: [String] = [], seed: UInt64? = nil, replications: Int = 4, count: Int = 2) throws -> [String] {
        let s = try load("reference/rn1.yaml", ["time.horizon=400", "time.warmup=100"] + sets)
        let dir = TestSupport.temporaryDirectory()
        return try (1...count).map { k in
            var e = Experiment(scenario: s, replications: replications, seed: seed, threads: 1)
            e.shard = try Shard(index: k, count: count)
            let path = dir.appendingPathComponent("shard-\(k)").path
            try RunOutput.write(e.run(), to: path)
            return path
        }
    }

    static func refusal(_ directories: [String]) -> String {
        do {
            _ = try Merge.merge(directories)
            return "merged"
        } catch {
            return error.description
        }
    }

    @Test("Merge refuses shards of different runs, naming the directory and the field")
    func refusesDifferentRuns() throws {
        let a = try Self.rn1Shards()
        let seed = try Self.rn1Shards(seed: 7)
        var m = Self.refusal([a[0], seed[1]])
        #expect(m.contains("\(seed[1])/manifest.json: seed: 7, but \(a[0]) has "), "\(m)")
        m = Self.refusal([a[0], try Self.rn1Shards(replications: 5)[1]])
        #expect(m.contains("/manifest.json: replications: 5, but"), "\(m)")
        m = Self.refusal([a[0], try Self.rn1Shards(["stages.cin.duration.mean=40"])[1]])
        #expect(m.contains("/manifest.json: scenario_hash: "), "\(m)")
        m = Self.refusal([a[0], try Self.rn1Shards(count: 3)[1]])
        #expect(m.contains("/manifest.json: shard.count: 3, but"), "\(m)")
        // Another caresim version.
        let manifest = a[1] + "/manifest.json"
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        try text.replacingOccurrences(of: "\"caresim_version\": \"\(CareSimVersion.string)\"", with: "\"caresim_version\": \"0.0.1\"")
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        m = Self.refusal(a)
        #expect(m.contains("\(a[1])/manifest.json: caresim_version: \"0.0.1\", but"), "\(m)")
        m = Self.refusal([a[1], a[0]])
        #expect(m.contains("caresim_version: the shards were written by caresim 0.0.1"), "\(m)")
    }

    @Test("Merge refuses a missing, repeated or non-shard directory and damaged shard files")
    func refusesIncompleteSets() throws {
        let a = try Self.rn1Shards(count: 3)
        var m = Self.refusal([a[0], a[2]])
        #expect(m.contains("shard 2/3 missing"), "\(m)")
        m = Self.refusal([a[0], a[1], a[1], a[2]])
        #expect(m.contains("are both shard 2/3"), "\(m)")
        #expect(Self.refusal([]).contains("expected at least one shard directory"))

        // An unsharded run's directory.
        let whole = TestSupport.temporaryDirectory().appendingPathComponent("whole").path
        try RunOutput.write(Experiment(scenario: try Self.load("reference/rn1.yaml", ["time.horizon=400", "time.warmup=100"]), replications: 4, threads: 1).run(), to: whole)
        m = Self.refusal([whole])
        #expect(m.contains("\(whole)/manifest.json: files: expected metrics.csv among the files of a shard"), "\(m)")
        m = Self.refusal([a[0], a[1], "/nonexistent/shard"])
        #expect(m.contains("/nonexistent/shard/manifest.json: expected a manifest written by caresim run --shard, but it does not exist"), "\(m)")

        // A shard's rows under the wrong replication, a truncated metrics.csv, a missing file.
        let stocks = a[2] + "/stocks.csv"
        let original = try String(contentsOfFile: stocks, encoding: .utf8)
        #expect(original.contains("\n3,"))
        try original.replacingOccurrences(of: "\n3,", with: "\n0,").write(toFile: stocks, atomically: true, encoding: .utf8)
        m = Self.refusal(a)
        #expect(m.contains("\(stocks): line "), "\(m)")
        #expect(m.contains("replication: expected"), "\(m)")
        try original.write(toFile: stocks, atomically: true, encoding: .utf8)
        let metrics = a[2] + "/metrics.csv"
        let lines = try String(contentsOfFile: metrics, encoding: .utf8).split(separator: "\n")
        try (lines.dropLast(3).joined(separator: "\n") + "\n").write(toFile: metrics, atomically: true, encoding: .utf8)
        m = Self.refusal(a)
        #expect(m.contains("\(metrics):") && m.contains("ends early"), "\(m)")
        try FileManager.default.removeItem(atPath: metrics)
        m = Self.refusal(a)
        #expect(m.contains("\(metrics): expected the file listed in its manifest.json, but it does not exist"), "\(m)")
    }

    @Test("Merge writes nothing on an error and never over a shard directory")
    func writesAtomically() throws {
        let a = try Self.rn1Shards()
        let parent = URL(fileURLWithPath: a[0]).deletingLastPathComponent().path
        do {
            _ = try Merge.write(a, to: parent)
            Issue.record("merged over the shards' parent")
        } catch {
            #expect(error.description.contains("would replace the shard"), "\(error)")
        }
        #expect(FileManager.default.fileExists(atPath: a[0] + "/metrics.csv"))
        let out = TestSupport.temporaryDirectory().appendingPathComponent("merged").path
        #expect(throws: Merge.MergeError.self) { try Merge.write([a[0]], to: out) }
        #expect(!FileManager.default.fileExists(atPath: out), "a failed merge left output")
        _ = try Merge.write(a, to: out)
        #expect(FileManager.default.fileExists(atPath: out + "/summary.csv"))
        #expect(!FileManager.default.fileExists(atPath: out + "/metrics.csv"))
    }
}
