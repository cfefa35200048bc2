/// One share of a run's replications (`caresim run --shard K/N`), so a run can be split over
/// machines and put back together with `caresim merge`.
///
/// Shard K of N (K from 1) runs the contiguous block of replications
/// [floor((K-1) R / N), floor(K R / N)) of a run of R. Contiguous blocks keep each shard's
/// rows in the order the unsharded run writes them, so merging is concatenation in shard order;
/// their sizes differ by at most one. Replication r keeps its global index r, and with it its
/// streams (seeded from master seed, r and the stream's name), so a shard draws exactly the
/// numbers the unsharded run draws for those replications.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 1-based.
    public let index: Int
    public let count: Int

    public struct ParseError: Error, CustomStringConvertible {
        public var description: String
    }

    public init(index: Int, count: Int) throws(ParseError) {
        guard count >= 1 else { throw ParseError(description: "expected a shard count N >= 1 in K/N, got \(index)/\(count)") }
        guard (1...count).contains(index) else {
            throw ParseError(description: "expected a shard K between 1 and \(count) in K/N, got \(index)/\(count)")
        }
        self.index = index
        self.count = count
    }

    /// "K/N", e.g. "2/8".
    public init(parsing text: String) throws(ParseError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            throw ParseError(description: "expected K/N with whole numbers 1 <= K <= N (e.g. 2/8), got '\(text)'")
        }
        try self.init(index: k, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    /// The global replication indices this shard runs, out of `total`.
    public func replications(of total: Int) -> Range<Int> {
        (index - 1) * total / count..<index * total / count
    }

    /// Every shard must run at least one replication, so a shard is always a run of its own.
    public func check(total: Int) throws(ParseError) {
        guard count <= total else {
            throw ParseError(description: "\(count) shards need at least \(count) replications, the run has \(total)")
        }
    }
}
