import Foundation

/// Runs independent replications on up to `threads` threads and returns their results in
/// replication order, so the output does not depend on the number of threads or on timing.
public enum ReplicationRunner {
    public static func map<Result: Sendable>(
        _ replications: [Int], threads: Int, progress: (@Sendable (Int) -> Void)? = nil,
        _ body: @escaping @Sendable (Int) -> Result
    ) -> [Result] {
        let box = ResultBox<Result>(count: replications.count)
        let workers = max(1, min(threads, replications.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let slot = box.claim() {
                let r = body(replications[slot])
                let done = box.store(r, at: slot)
                progress?(done)
            }
        }
        return box.results()
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

    func results() -> [Result] { slots.map { $0! } }
}
