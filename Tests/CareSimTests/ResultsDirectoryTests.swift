import Foundation
import Testing
@testable import CareSim
@testable import CareSimEngine

/// `--out` never loses a user's files: CareSim replaces only a directory it wrote, swaps the new
/// results in whole, refuses a second writer, and cleans up after killed processes.
@Suite("Results directories")
struct ResultsDirectoryTests {
    static let files: [(name: String, contents: String)] = [("summary.csv", "metric,mean\nx,1\n"), ("manifest.json", manifest(["summary.csv"]))]

    static func manifest(_ files: [String]) -> String {
        "{\n  \"caresim_version\": \"0.1.0\",\n  \"files\": [" + files.map { "\"\($0)\"" }.joined(separator: ", ") + "]\n}\n"
    }

    static func entries(_ dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
    }

    static func refusal(_ body: () throws -> Void) -> String? {
        do { try body() } catch { return "\(error)" }
        return nil
    }

    @Test("A directory holding a file or folder CareSim did not write is refused, and nothing in it is touched")
    func refusesForeignDirectories() throws {
        let parent = TestSupport.temporaryDirectory()
        let mine = parent.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)
        try "precious".write(to: mine.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let message = Self.refusal { try ResultsDirectory.write(Self.files, to: mine.path) }
        #expect(message?.contains("mine") == true)
        #expect(message?.contains("notes.txt") == true)
        #expect(Self.entries(mine) == ["notes.txt"])
        #expect(try String(contentsOf: mine.appendingPathComponent("notes.txt"), encoding: .utf8) == "precious")
        #expect(Self.entries(parent) == ["mine"], "no staging or lock left beside it")

        // A CareSim results directory with a file added by the user is not CareSim's any more.
        let results = parent.appendingPathComponent("results")
        try ResultsDirectory.write(Self.files, to: results.path)
        try "mine".write(to: results.appendingPathComponent("analysis.R"), atomically: true, encoding: .utf8)
        #expect(Self.refusal { try ResultsDirectory.write(Self.files, to: results.path) }?.contains("analysis.R") == true)
        #expect(Self.entries(results) == ["analysis.R", "manifest.json", "summary.csv"])
        try FileManager.default.removeItem(at: results.appendingPathComponent("analysis.R"))
        // ... nor is one holding a folder, or a file the manifest does not list.
        try FileManager.default.createDirectory(at: results.appendingPathComponent("plots"), withIntermediateDirectories: false)
        #expect(Self.refusal { try ResultsDirectory.write(Self.files, to: results.path) }?.contains("plots/") == true)
        try FileManager.default.removeItem(at: results.appendingPathComponent("plots"))
        try "x".write(to: results.appendingPathComponent("stocks.csv"), atomically: true, encoding: .utf8)
        #expect(Self.refusal { try ResultsDirectory.write(Self.files, to: results.path) }?.contains("stocks.csv") == true)
        // A file, or a symbolic link, in the target's place.
        let file = parent.appendingPathComponent("file")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        #expect(Self.refusal { try ResultsDirectory.write(Self.files, to: file.path) }?.contains("not a directory") == true)
        let link = parent.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: mine)
        #expect(Self.refusal { try ResultsDirectory.write(Self.files, to: link.path) }?.contains("symbolic link") == true)
        #expect(Self.entries(mine) == ["notes.txt"])
    }

    @Test("An empty name, the current, parent or root directory is refused", arguments: ["", " ", ".", "..", "./", "a/..", "/", "results/."])
    func refusesCurrentAndParent(_ out: String) {
        let message = Self.refusal { _ = try StagedResults(directory: out) }
        #expect(message?.contains("--out") == true, "got \(message ?? "no error")")
    }

    @Test("A CareSim results directory, an empty directory or a new name is replaced whole; caresim report's page goes with it")
    func replacesCareSimResults() throws {
        let parent = TestSupport.temporaryDirectory()
        let out = parent.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
        try ResultsDirectory.write(Self.files, to: out.path)  // an empty directory
        #expect(Self.entries(out) == ["manifest.json", "summary.csv"])
        try "<html>\(ResultsDirectory.reportMarker)0.1.0\">".write(to: out.appendingPathComponent("report.html"), atomically: true, encoding: .utf8)
        try ResultsDirectory.write([("flows.csv", "a\n"), ("manifest.json", Self.manifest(["flows.csv"]))], to: out.path)
        #expect(Self.entries(out) == ["flows.csv", "manifest.json"])
        #expect(Self.entries(parent) == ["out"])
        // A page that is not caresim report's is the user's.
        try "<html>my notes</html>".write(to: out.appendingPathComponent("notes.html"), atomically: true, encoding: .utf8)
        #expect(Self.refusal { try ResultsDirectory.write(Self.files, to: out.path) }?.contains("notes.html") == true)
    }

    @Test("A second writer of the same directory is refused while the first holds it; the lock goes with the first")
    func secondWriterRefused() throws {
        let out = TestSupport.temporaryDirectory().appendingPathComponent("out").path
        let first = try StagedResults(directory: out)
        let message = Self.refusal { _ = try StagedResults(directory: out) }
        #expect(message?.contains("another caresim process is writing it") == true, "got \(message ?? "no error")")
        try first.write("metric\n", to: "summary.csv")
        try first.write(Self.manifest(["summary.csv"]), to: "manifest.json")
        try first.commit()
        let second = try StagedResults(directory: out)  // free again
        second.discard()
        #expect(Self.entries(URL(fileURLWithPath: out).deletingLastPathComponent()) == ["out"])
    }

    @Test("Dropped without commit, a staged directory leaves nothing behind and the old results stand")
    func dropLeavesNothing() throws {
        let parent = TestSupport.temporaryDirectory()
        let out = parent.appendingPathComponent("out")
        try ResultsDirectory.write(Self.files, to: out.path)
        do {
            let staged = try StagedResults(directory: out.path)
            try staged.write("half", to: "stocks.csv")
        }
        #expect(Self.entries(parent) == ["out"])
        #expect(Self.entries(out) == ["manifest.json", "summary.csv"])
    }

    @Test("Staging directories of processes no longer running are removed by the next write; a running one's are kept")
    func staleStagingRemoved() throws {
        let parent = TestSupport.temporaryDirectory()
        let fm = FileManager.default
        // A PID that is not running: a child process that has exited.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try p.run()
        p.waitUntilExit()
        let dead = parent.appendingPathComponent(".out.partial-\(p.processIdentifier)")
        let alive = parent.appendingPathComponent(".out.partial-1")  // init is always running
        let other = parent.appendingPathComponent(".other.partial-\(p.processIdentifier)")
        for d in [dead, alive, other] {
            try fm.createDirectory(at: d, withIntermediateDirectories: false)
            try "half".write(to: d.appendingPathComponent("stocks.csv"), atomically: true, encoding: .utf8)
        }
        try ResultsDirectory.write(Self.files, to: parent.appendingPathComponent("out").path)
        #expect(Self.entries(parent) == [".other.partial-\(p.processIdentifier)", ".out.partial-1", "out"])
        // A stale staging directory that holds a user's file keeps it.
        try "keep".write(to: other.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        try ResultsDirectory.write(Self.files, to: parent.appendingPathComponent("other").path)
        #expect(Self.entries(other) == ["notes.txt"])
    }

    @Test("Two directories are exchanged in one step")
    func exchange() throws {
        try #require(DirectorySwap.available, "renameat2 is missing from this C library")
        let parent = TestSupport.temporaryDirectory()
        let a = parent.appendingPathComponent("a"), b = parent.appendingPathComponent("b")
        for (d, mark) in [(a, "A"), (b, "B")] {
            try FileManager.default.createDirectory(at: d, withIntermediateDirectories: false)
            try mark.write(to: d.appendingPathComponent("mark"), atomically: true, encoding: .utf8)
        }
        #expect(DirectorySwap.exchange(a.path, b.path))
        #expect(try String(contentsOf: a.appendingPathComponent("mark"), encoding: .utf8) == "B")
        #expect(try String(contentsOf: b.appendingPathComponent("mark"), encoding: .utf8) == "A")
    }

    @Test("A single file (caresim report's page) replaces only a page caresim report wrote")
    func singleFile() throws {
        let dir = TestSupport.temporaryDirectory()
        let page = dir.appendingPathComponent("report.html").path
        try ResultsDirectory.writeFile("<html>\(ResultsDirectory.reportMarker)x\">1", to: page, replaceable: ResultsDirectory.isReport)
        try ResultsDirectory.writeFile("<html>\(ResultsDirectory.reportMarker)x\">2", to: page, replaceable: ResultsDirectory.isReport)
        #expect(try String(contentsOfFile: page, encoding: .utf8).hasSuffix("2"))
        let mine = dir.appendingPathComponent("mine.html").path
        try "my page".write(toFile: mine, atomically: true, encoding: .utf8)
        #expect(Self.refusal { try ResultsDirectory.writeFile("x", to: mine, what: "report", replaceable: ResultsDirectory.isReport) }?
            .contains("CareSim did not write") == true)
        #expect(try String(contentsOfFile: mine, encoding: .utf8) == "my page")
        #expect(Self.refusal { try ResultsDirectory.writeFile("x", to: dir.path, replaceable: ResultsDirectory.isReport) }?
            .contains("is a directory") == true)
    }
}

/// A run streams its rows to the staging files as replications finish: the files are the ones
/// the whole result makes, to the byte, whatever the threads, and memory does not hold them all.
@Suite("Streamed runs")
struct StreamedRunTests {
    static func streamed(_ e: Experiment) throws -> [String: String] {
        let out = TestSupport.temporaryDirectory().appendingPathComponent("out")
        let staged = try StagedResults(directory: out.path)
        _ = try e.run(streamingTo: staged)
        try staged.commit()
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: out.path) {
            files[name] = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
        }
        return files
    }

    static func expectSame(_ e: Experiment) throws {
        let whole = Dictionary(uniqueKeysWithValues: RunOutput.files(e.run()).map { ($0.name, $0.contents) })
        for threads in [1, 2] {
            var t = e
            t.threads = threads
            let streamed = try streamed(t)
            #expect(streamed.keys.sorted() == whole.keys.sorted())
            for (name, text) in whole where name != "manifest.json" {
                #expect(streamed[name] == text, "\(name) differs with \(threads) threads")
            }
            #expect(streamed["manifest.json"].map(ShardTests.normalised) == ShardTests.normalised(whole["manifest.json"]!))
        }
    }

    @Test("RN-1: streamed files equal the in-memory ones byte for byte, on one thread or two")
    func network() throws {
        try Self.expectSame(Experiment(scenario: TestSupport.load("reference/rn1.yaml", ["time.horizon=900", "time.warmup=300"]), replications: 7))
    }

    @Test("Pathway with workforce, costs and a practice model; and a shard: streamed equals in memory")
    func pathway() throws {
        let s = try TestSupport.load("hertfordshire-family-safeguarding.yaml", ["scale=0.2"])
        try Self.expectSame(Experiment(scenario: s, replications: 3))
        var shard = Experiment(scenario: s, replications: 5)
        shard.shard = try Shard(index: 2, count: 2)
        try Self.expectSame(shard)
    }

    @Test("check without --out: the summary is the in-memory one, nothing is written")
    func summaryOnly() throws {
        let e = Experiment(scenario: try TestSupport.load("reference/rn1.yaml", ["time.horizon=900", "time.warmup=300"]), replications: 4)
        let summary = try e.run(streamingTo: nil)
        #expect(SummaryTable.make(statistics: summary.metrics).text == SummaryTable.make(e.run()).text)
        #expect(summary.totalEvents == e.run().totalEvents)
    }

    @Test("Results reach the consumer in replication order, at most `window` ahead of the slowest, whatever finishes first")
    func orderedDelivery() throws {
        final class Seen: @unchecked Sendable {
            let lock = NSLock()
            var started: [Int] = []
            var consumed = -1
            var maxAhead = 0
            func start(_ r: Int) {
                lock.lock()
                started.append(r)
                maxAhead = max(maxAhead, r - consumed - 1)
                lock.unlock()
            }
        }
        let seen = Seen()
        var order: [Int] = []
        try ReplicationRunner.forEachInOrder(Array(0..<40), threads: 4, window: 3, { r in
            seen.start(r)
            usleep(UInt32((r * 7919) % 5) * 1000)  // finish out of order
            return r * r
        }, consume: { (r: Int, value: Int) throws(CancellationError) in
            #expect(value == r * r)
            order.append(r)
            seen.lock.lock()
            seen.consumed = r
            seen.lock.unlock()
        })
        #expect(order == Array(0..<40))
        #expect(seen.maxAhead < 3 + 1, "a replication started \(seen.maxAhead) ahead of the last consumed")
    }

    @Test("A consumer's error stops new replications and is rethrown")
    func consumerError() {
        struct Full: Error {}
        let started = ManagedCounter()
        #expect(throws: Full.self) {
            try ReplicationRunner.forEachInOrder(Array(0..<100), threads: 2, window: 2, { r in started.increment(); return r },
                                                 consume: { (r: Int, _: Int) throws(Full) in if r == 3 { throw Full() } })
        }
        #expect(started.value < 10)
    }
}

final class ManagedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func increment() { lock.lock(); n += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return n }
}
