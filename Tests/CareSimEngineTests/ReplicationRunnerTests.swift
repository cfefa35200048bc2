import CareSimEngine
import Foundation
import Testing

struct RunOutput: Equatable, Sendable {
    var replication: Int
    var value: Double
}

/// A per-replication computation whose answer depends only on the replication index.
@Sendable func work(_ replication: Int) -> RunOutput {
    let s = RandomStream(master: 555, replication: replication, name: "runner")
    // Uneven durations so that replications finish out of order on several threads.
    usleep(UInt32(((replication * 7919) % 13) * 300))
    let value = (0..<1000).reduce(0.0) { acc, _ in acc + s.exponential(mean: Double(replication + 1)) }
    return RunOutput(replication: replication, value: value)
}

final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int] = []
    func record(_ v: Int) { lock.lock(); values.append(v); lock.unlock() }
    var recorded: [Int] { lock.lock(); defer { lock.unlock() }; return values }
}

@Suite("ReplicationRunner")
struct ReplicationRunnerTests {
    static let replications = [11, 3, 24, 0, 17, 8, 5, 19, 2, 30, 14, 6, 9, 1, 22, 4]

    @Test("results come back in replication order, identical for any thread count", arguments: [1, 2, 4])
    func order(_ threads: Int) {
        let log = ProgressLog()
        let results = ReplicationRunner.map(Self.replications, threads: threads, progress: { log.record($0) }, work)
        #expect(results.map(\.replication) == Self.replications)
        let serial = Self.replications.map(work)
        #expect(results == serial)
        // Progress reports each completion once, counting 1...n.
        #expect(log.recorded.sorted() == Array(1...Self.replications.count))
    }

    @Test("thread counts agree with each other")
    func threadCountsAgree() {
        let one = ReplicationRunner.map(Self.replications, threads: 1, work)
        let two = ReplicationRunner.map(Self.replications, threads: 2, work)
        let four = ReplicationRunner.map(Self.replications, threads: 4, work)
        #expect(one == two)
        #expect(one == four)
        #expect(Set(one.map(\.value)).count == one.count, "distinct replications give distinct values")
    }

    @Test func edgeCases() {
        #expect(ReplicationRunner.map([], threads: 4, work).isEmpty)
        // More threads than replications, and a nonsensical thread count, still work.
        #expect(ReplicationRunner.map([7, 2], threads: 64, work) == [work(7), work(2)])
        #expect(ReplicationRunner.map([7, 2], threads: 0, work) == [work(7), work(2)])
        #expect(ReplicationRunner.availableCores >= 1)
    }
}
