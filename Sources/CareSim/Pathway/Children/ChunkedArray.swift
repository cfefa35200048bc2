import CareSimEngine

/// An array of plain values in fixed chunks of 16,384 that never move: growing adds a chunk
/// instead of copying everything into a buffer twice the size, so the peak memory of a run is
/// the children open at once, not twice that at the moment the array doubles. Elements are
/// reached in place (`children[i].field += 1` writes into the chunk).
final class ChunkedArray<Element: BitwiseCopyable>: RandomAccessCollection {
    static var shift: Int { 14 }
    static var chunkSize: Int { 1 << shift }

    private var chunks: UnsafeMutablePointer<UnsafeMutablePointer<Element>>
    private var chunkCapacity = 16
    private var chunkCount = 0
    private(set) var count = 0

    init() {
        chunks = .allocate(capacity: chunkCapacity)
    }

    deinit {
        for c in 0..<chunkCount { chunks[c].deallocate() }
        chunks.deallocate()
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(i: Int) -> Element {
        @inline(__always)
        unsafeAddress {
            precondition(i >= 0 && i < count, "index \(i) out of 0..<\(count)")
            return UnsafePointer(chunks[i >> Self.shift] + (i & (Self.chunkSize - 1)))
        }
        @inline(__always)
        unsafeMutableAddress {
            precondition(i >= 0 && i < count, "index \(i) out of 0..<\(count)")
            return chunks[i >> Self.shift] + (i & (Self.chunkSize - 1))
        }
    }

    /// Starts loading element `i` into the cache, every 64-byte line of it (a hint; nothing when
    /// `i` is out of range).
    @inline(__always)
    func prefetch(_ i: Int) {
        guard i >= 0, i < count else { return }
        let start = UnsafeRawPointer(chunks[i >> Self.shift] + (i & (Self.chunkSize - 1)))
        var offset = 0
        repeat {
            CareSimEngine.prefetch(start + offset)
            offset += 64
        } while offset < MemoryLayout<Element>.stride
        // The last byte: a record need not start on a line.
        CareSimEngine.prefetch(start + (MemoryLayout<Element>.stride - 1))
    }

    func append(_ e: Element) {
        if count == chunkCount << Self.shift {
            if chunkCount == chunkCapacity {
                // Only the table of chunk pointers is copied (8 bytes a chunk).
                let grown = UnsafeMutablePointer<UnsafeMutablePointer<Element>>.allocate(capacity: chunkCapacity * 2)
                grown.moveInitialize(from: chunks, count: chunkCount)
                chunks.deallocate()
                chunks = grown
                chunkCapacity *= 2
            }
            chunks[chunkCount] = .allocate(capacity: Self.chunkSize)
            chunkCount += 1
        }
        (chunks[count >> Self.shift] + (count & (Self.chunkSize - 1))).initialize(to: e)
        count += 1
    }
}

// The public enums a child's record holds (plain values, but public types are not inferred to be).
extension CaseState: BitwiseCopyable {}
extension PlacementType: BitwiseCopyable {}
extension CareExit: BitwiseCopyable {}
extension AfterAssessment: BitwiseCopyable {}
