import Foundation

/// Runs independent replications on up to `threads` threads and returns their results in
/// replication order, so the output does not depend on the number of threads or on timing.
public enum ReplicationRunner {
    public static func map<Result: Sendable>(
        _ replications: [Int], threads: Int, progress: (@Sendable (Int) -> Void)? = nil,
        _ body: @escaping @Sendable (Int) -> Result
    ) -> [Result] {
        try! map(replications, threads: threads, progress: progress, cancellation: nil, body)
    }

    /// `map`, stopped between replications once `cancellation` is cancelled (replications
    /// already started finish; their results are dropped): throws `Cancelled` then.
    public static func map<Result: Sendable>(
        _ replications: [Int], threads: Int, progress: (@Sendable (Int) -> Void)? = nil,
        cancellation: Cancellation?, _ body: @escaping @Sendable (Int) -> Result
    ) throws(Cancelled) -> [Result] {
        let box = ResultBox<Result>(count: replications.count)
        let workers = max(1, min(threads, replications.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while cancellation?.isCancelled != true, let slot = box.claim() {
                let r = body(replications[slot])
                let done = box.store(r, at: slot)
                progress?(done)
            }
        }
        guard let results = box.complete() else { throw Cancelled() }
        return results
    }

    /// The number of cores, the default for `--threads`.
    public static var availableCores: Int { ProcessInfo.processInfo.activeProcessorCount }
}

private final class ResultBox<Result>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result?]
    private var next = 0
    private var done = 0

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < slots.count else { return nil }
        next += 1
        return next - 1
    }

    func store(_ r: Result, at i: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        slots[i] = r
        done += 1
        return done
    }

    /// Every result, or nil when some replication did not run (cancelled).
    func complete() -> [Result]? {
        var out: [Result] = []
        out.reserveCapacity(slots.count)
        for s in slots {
            guard let s else { return nil }
            out.append(s)
        }
        return out
    }
}

extension ReplicationRunner {
    /// Runs `body` for each replication on up to `threads` threads and hands each result to
    /// `consume` in replication order, one at a time, as soon as it and every earlier one are
    /// done. At most `window` results wait for an earlier one to finish (workers do not start a
    /// replication further ahead), so memory does not grow with the number of replications.
    /// The first error `consume` throws stops new replications from starting and is rethrown.
    public static func forEachInOrder<Result: Sendable, Failure: Error>(
        _ replications: [Int], threads: Int, window: Int? = nil, progress: (@Sendable (Int) -> Void)? = nil,
        _ body: @escaping @Sendable (Int) -> Result,
        consume: @escaping (Int, Result) throws(Failure) -> Void
    ) throws(Failure) {
        let workers = max(1, min(threads, replications.count))
        let pipe = OrderedPipe<Result, Failure>(count: replications.count, window: window ?? max(4, 2 * workers), consume: consume)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let slot = pipe.claim() {
                let r = body(replications[slot])
                if let done = pipe.deliver(r, at: slot, replication: replications[slot]) { progress?(done) }
            }
        }
        if let error = pipe.error { throw error }
    }
}

/// Hands results to a consumer in slot order: whichever worker delivers the next slot drains
/// every consecutive result that is ready, outside the claim lock but one drainer at a time.
private final class OrderedPipe<Result, Failure: Error>: @unchecked Sendable {
    private let condition = NSCondition()
    private var ready: [Int: (Int, Result)] = [:]
    private var next = 0
    private var nextToConsume = 0
    private var done = 0
    private var draining = false
    private let count: Int
    private let window: Int
    private let consume: (Int, Result) throws(Failure) -> Void
    private(set) var error: Failure?

    init(count: Int, window: Int, consume: @escaping (Int, Result) throws(Failure) -> Void) {
        self.count = count
        self.window = max(1, window)
        self.consume = consume
    }

    func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while error == nil, next < count, next >= nextToConsume + window { condition.wait() }
        guard error == nil, next < count else { return nil }
        next += 1
        return next - 1
    }

    /// Stores a result; returns the number done, for progress.
    func deliver(_ r: Result, at slot: Int, replication: Int) -> Int? {
        condition.lock()
        ready[slot] = (replication, r)
        done += 1
        let finished = done
        guard !draining else {
            condition.unlock()
            return finished
        }
        draining = true
        while error == nil, let (rep, result) = ready.removeValue(forKey: nextToConsume) {
            condition.unlock()
            var failure: Failure?
            do { try consume(rep, result) } catch { failure = error }
            condition.lock()
            if let failure { error = failure }
            nextToConsume += 1
            condition.broadcast()
        }
        draining = false
        condition.unlock()
        return finished
    }
}

/// A flag another thread sets to stop a run between replications (the studio's Cancel button).
public final class Cancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    public init() {}

    public func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }

    public var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }
}

/// A run stopped by its `Cancellation` before every replication ran.
public struct Cancelled: Error, Sendable, CustomStringConvertible {
    public init() {}
    public var description: String { "cancelled before every replication ran" }
}
