import Foundation

/// A value shared by threads, read and written under a lock (a process-wide memo: the studio
/// serves requests on several threads, a fit's rounds run on one).
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock(); defer { lock.unlock() }
        return try body(&value)
    }
}
