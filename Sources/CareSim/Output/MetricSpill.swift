import CareSimEngine
import Foundation

/// Every replication's summary metrics, kept in a scratch file instead of memory while a run
/// streams its results: one record of `width` values per replication, in replication order
/// (a presence byte and the Double's bits each). `statistics` reads it twice, as
/// SummaryStatistic's two passes do, so `summary.csv` is the same to the byte as when every
/// value was held, and memory does not grow with the number of replications.
final class MetricSpill {
    let path: String
    let width: Int
    private(set) var count = 0
    private let handle: FileHandle
    private let removeOnDrop: Bool
    private static let recordBytes = 9

    /// `path` nil: a file in the system's temporary directory, removed when dropped.
    init(width: Int, path: String?) throws(ResultsDirectory.WriteError) {
        self.width = width
        removeOnDrop = path == nil
        self.path = path ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("caresim-metrics-\(getpid())-\(UUID().uuidString)").path
        guard FileManager.default.createFile(atPath: self.path, contents: nil), let h = FileHandle(forUpdatingAtPath: self.path) else {
            throw ResultsDirectory.WriteError(description: "cannot create the scratch file \(self.path): \(String(cString: strerror(errno)))")
        }
        handle = h
    }

    deinit {
        try? handle.close()
        if removeOnDrop { try? FileManager.default.removeItem(atPath: path) }
    }

    func append(_ values: [Double?]) throws(ResultsDirectory.WriteError) {
        precondition(values.count == width, "a replication has \(values.count) metrics, the first had \(width)")
        var bytes = [UInt8](repeating: 0, count: width * Self.recordBytes)
        for (i, v) in values.enumerated() {
            let o = i * Self.recordBytes
            guard let v else { continue }
            bytes[o] = 1
            var bits = v.bitPattern.littleEndian
            withUnsafeBytes(of: &bits) { for k in 0..<8 { bytes[o + 1 + k] = $0[k] } }
        }
        do {
            try handle.write(contentsOf: bytes)
        } catch {
            throw ResultsDirectory.WriteError(description: "cannot write the scratch file \(path): \(ResultsDirectory.describe(error))")
        }
        count += 1
    }

    /// Each metric's statistic over the replications that have a value (nil: none has).
    func statistics() throws(ResultsDirectory.WriteError) -> [SummaryStatistic?] {
        var sums = [Double](repeating: 0, count: width), n = [Int](repeating: 0, count: width)
        try pass { i, v in
            sums[i] += v
            n[i] += 1
        }
        let means = (0..<width).map { n[$0] > 0 ? sums[$0] / Double(n[$0]) : 0 }
        var ss = [Double](repeating: 0, count: width)
        if n.contains(where: { $0 > 1 }) {
            try pass { i, v in ss[i] += (v - means[i]) * (v - means[i]) }
        }
        return (0..<width).map { n[$0] > 0 ? SummaryStatistic(mean: means[$0], sumOfSquares: ss[$0], n: n[$0]) : nil }
    }

    /// Every present value with its metric's index, replication by replication.
    private func pass(_ visit: (Int, Double) -> Void) throws(ResultsDirectory.WriteError) {
        let record = width * Self.recordBytes
        guard record > 0 else { return }
        do {
            try handle.synchronize()
            try handle.seek(toOffset: 0)
            var left = count
            while left > 0 {
                let take = min(left, max(1, (1 << 20) / record))
                guard let data = try handle.read(upToCount: take * record), data.count == take * record else {
                    throw ResultsDirectory.WriteError(description: "the scratch file \(path) is shorter than written")
                }
                data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                    for r in 0..<take {
                        for i in 0..<width {
                            let o = r * record + i * Self.recordBytes
                            guard raw[o] as UInt8 == 1 else { continue }
                            var bits: UInt64 = 0
                            for k in 0..<8 { bits |= UInt64(raw[o + 1 + k] as UInt8) << (8 * UInt64(k)) }
                            visit(i, Double(bitPattern: bits))
                        }
                    }
                }
                left -= take
            }
            try handle.seekToEnd()
        } catch let error as ResultsDirectory.WriteError {
            throw error
        } catch {
            throw ResultsDirectory.WriteError(description: "cannot read the scratch file \(path): \(ResultsDirectory.describe(error))")
        }
    }
}
