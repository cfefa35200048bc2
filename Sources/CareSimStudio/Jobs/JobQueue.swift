import CareSimEngine
import Foundation

/// The studio's bounded job queue: at most `workers` jobs run at once (each using every core
/// for its replications), at most `capacity` wait; a job beyond that is refused (HTTP 429) rather
/// than queued without bound. Jobs run on threads of their own, outside the server's event
/// loops, and go on when the page that started them is closed. A waiting job can be removed; a
/// running one is cancelled between replications (its `Cancellation`).
public actor JobQueue {
    public struct Limits: Sendable {
        public var workers: Int
        public var capacity: Int
        public init(workers: Int = 1, capacity: Int = 64) {
            self.workers = max(1, workers)
            self.capacity = max(0, capacity)
        }
    }

    /// What a job is about, for cancelling and for the queue's page.
    public enum Key: Hashable, Sendable, CustomStringConvertible {
        case scenario(Int64), run(Int64), baseline(Int64)
        public var description: String {
            switch self {
            case .scenario(let id): return "scenario \(id)"
            case .run(let id): return "run \(id)"
            case .baseline(let id): return "baseline \(id)"
            }
        }
    }

    public struct Full: Error, CustomStringConvertible {
        public var capacity: Int
        public var description: String {
            "the studio's queue is full (\(capacity) jobs waiting); try again when some have finished"
        }
    }

    /// The work: runs on its own thread; checks the cancellation between replications.
    public typealias Work = @Sendable (Cancellation) -> Void

    private struct Job {
        var key: Key
        var cancellation: Cancellation
        var work: Work
    }

    public let limits: Limits
    private var waiting: [Job] = []
    private var running: [Key: Cancellation] = [:]
    private var idle: [CheckedContinuation<Void, Never>] = []

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Queues a job; throws `Full` when `capacity` jobs already wait.
    public func submit(_ key: Key, _ work: @escaping Work) throws(Full) {
        if running.count >= limits.workers, waiting.count >= limits.capacity { throw Full(capacity: limits.capacity) }
        waiting.append(Job(key: key, cancellation: Cancellation(), work: work))
        startMore()
    }

    public enum CancelOutcome: Sendable, Equatable { case removed, stopping, notFound }

    /// Removes a waiting job, or asks a running one to stop after its current replications.
    public func cancel(_ key: Key) -> CancelOutcome {
        if let i = waiting.firstIndex(where: { $0.key == key }) {
            waiting.remove(at: i)
            return .removed
        }
        if let c = running[key] {
            c.cancel()
            return .stopping
        }
        return .notFound
    }

    public var waitingCount: Int { waiting.count }
    public var runningCount: Int { running.count }

    /// Where a job is: 0 running, k > 0 the k-th waiting, nil when not in the queue.
    public func position(_ key: Key) -> Int? {
        if running[key] != nil { return 0 }
        return waiting.firstIndex { $0.key == key }.map { $0 + 1 }
    }

    /// Returns when nothing runs and nothing waits (tests, shutdown).
    public func drained() async {
        if waiting.isEmpty, running.isEmpty { return }
        await withCheckedContinuation { idle.append($0) }
    }

    private func startMore() {
        while running.count < limits.workers, !waiting.isEmpty {
            let job = waiting.removeFirst()
            running[job.key] = job.cancellation
            Task { await self.execute(job) }
        }
        if waiting.isEmpty, running.isEmpty {
            let waiters = idle
            idle = []
            for w in waiters { w.resume() }
        }
    }

    private func execute(_ job: Job) async {
        let work = job.work, cancellation = job.cancellation
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            // A thread of its own: the replications block (they use every core), and must not hold
            // one of the cooperative pool's few threads, which serve the pages meanwhile.
            let thread = Thread {
                work(cancellation)
                done.resume()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        running[job.key] = nil
        startMore()
    }
}
