import Foundation

/// What a process has already made of a file (a parsed table, a parsed scenario), by path, each
/// with the bytes it was made from: a file whose bytes changed is read again, so the cache never
/// returns what a file no longer says. A baseline's fit decodes its scenario every round, and each
/// decode parsed the England scenario and the census and looked-after tables again (about a
/// third of a small LA's fit). At most `limit` files are kept (the studio reads users' files too);
/// past that the cache starts afresh.
final class FileCache<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var kept: [String: (bytes: Data, value: Value)] = [:]
    let limit: Int

    init(limit: Int = 64) { self.limit = limit }

    /// The value made from `bytes` of `path`, if it is kept.
    func value(_ path: String, _ bytes: Data) -> Value? {
        lock.lock(); defer { lock.unlock() }
        guard let k = kept[path], k.bytes == bytes else { return nil }
        return k.value
    }

    func keep(_ path: String, _ bytes: Data, _ value: Value) {
        lock.lock(); defer { lock.unlock() }
        if kept.count >= limit, kept[path] == nil { kept.removeAll() }
        kept[path] = (bytes, value)
    }
}
