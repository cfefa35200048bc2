/// The future-event list, ordered by (time, sequence number): events at equal times run in the
/// order they were scheduled, so a run is deterministic. Events are small values kept in
/// reused arrays: no allocation per event once the arrays have grown.
///
/// It is a radix heap (Ahuja, Mehlhorn, Orlin and Tarjan 1990) over the bit pattern of the event
/// time, with hexadecimal digits rather than bits. It relies on simulation time never running
/// backwards: every pending key is at least the last key taken. A key whose highest digit
/// differing from the last key is digit d, where the key's digit is v, is in bucket
/// 1 + 16d + v; bucket 0 holds keys equal to the last key, in scheduling order. Buckets are in
/// key order, so the lowest non-empty bucket holds the next events; redistributing it moves
/// each event to a lower digit, so an event moves at most 16 times and typically two or three
/// (with binary digits it moved about log2 of the pending count, some ten times at a local
/// authority's scale, and the moves were a quarter of run time). Taking the next event
/// scans only the lowest non-empty bucket, sequentially, which is far kinder to the cache than
/// sifting through a binary heap: a heap's sift-down was 56-59% of run time at England scale
/// (about a million pending events) in perf profiles of rn1-england.yaml, with both
/// swift-collections' `Heap` and a 4-ary heap.
///
/// Scheduling an event earlier than the last key taken (possible only after a peek past the
/// point where a run stopped) re-buckets everything once; it is correct, just not fast.
///
/// Not copyable: a copy would share the buckets and the two would corrupt each other.
public struct EventList: ~Copyable {
    let buckets = RadixBuckets()
    /// Events in bucket 0 before `head` have been taken.
    var head = 0
    var last: UInt64 = 0
    var nextSequence: UInt64 = 0
    public private(set) var count = 0

    public init() {}

    public var isEmpty: Bool { count == 0 }

    /// How many events the list's storage holds room for (what its memory follows).
    public var capacity: Int { buckets.allocatedBlocks * RadixBuckets.blockSize }

    /// Non-negative doubles order like their bit patterns.
    static func key(_ time: Double) -> UInt64 {
        precondition(time >= 0, "event times must be >= 0, got \(time)")
        return (time + 0.0).bitPattern // + 0.0 turns -0.0 into 0.0
    }

    static func bucket(_ key: UInt64, last: UInt64) -> Int {
        if key == last { return 0 }
        let shift = (63 - (key ^ last).leadingZeroBitCount) & ~3
        return 1 + shift * 4 + Int((key >> UInt64(shift)) & 15)
    }

    public mutating func schedule(_ event: Event) {
        var e = event
        e.sequence = nextSequence
        nextSequence &+= 1
        let k = Self.key(e.time)
        if k < last { rebucket(below: k) }
        buckets.append(e, to: Self.bucket(k, last: last))
        count += 1
    }

    /// The time of the next event, if any (prepares it to be taken).
    public mutating func nextTime() -> Double? {
        guard prepare() else { return nil }
        return buckets.zero[head].time
    }

    /// The entity of the event due next, as things stand: what a model may prefetch while it
    /// handles the event just taken (events it schedules meanwhile may come first). Found
    /// without reordering anything: the next in the bucket being taken, or the earliest of the
    /// lowest non-empty bucket (each bucket keeps its earliest event's entity). Nil when no
    /// event is pending.
    public var likelyNextEntity: Int32? {
        if head < buckets.counts[0] { return buckets.zero[head].entity }
        guard count > 0 else { return nil }
        return buckets.minimumEntity[buckets.lowestOccupied()]
    }

    public mutating func popNext() -> Event? {
        guard prepare() else { return nil }
        let e = buckets.zero[head]
        head += 1
        count -= 1
        if head == buckets.counts[0] {
            buckets.counts[0] = 0
            head = 0
        }
        return e
    }

    /// Makes bucket 0 hold the next events; false when there are none.
    mutating func prepare() -> Bool {
        if head < buckets.counts[0] { return true }
        guard count > 0 else { return false }
        // The lowest non-empty bucket above 0, from the occupancy mask.
        let i = buckets.lowestOccupied()
        let newLast = buckets.minimum[i]
        last = newLast
        // Every event goes to a bucket below i, so bucket i can be read while the others fill;
        // each of its blocks returns to the pool once read, so the moved events are stored
        // about once, not twice, at any moment.
        buckets.drain(i) { e in
            buckets.append(e, to: Self.bucket(e.time.bitPattern, last: newLast))
        }
        buckets.minimum[i] = .max
        buckets.clearOccupied(i)
        // Equal times that came from a higher bucket arrived in arbitrary order.
        if buckets.counts[0] > 1 {
            var tied = UnsafeMutableBufferPointer(start: buckets.zero, count: buckets.counts[0])
            tied.sort { $0.sequence < $1.sequence }
        }
        return true
    }

    mutating func rebucket(below key: UInt64) {
        var all: [Event] = []
        all.reserveCapacity(count)
        for b in 0..<RadixBuckets.count {
            let from = b == 0 ? head : 0
            for j in from..<max(from, buckets.counts[b]) { all.append(buckets.event(j, in: b)) }
            buckets.empty(b)
            buckets.minimum[b] = .max
        }
        buckets.clearAllOccupied()
        head = 0
        last = key
        for e in all.sorted(by: { $0.sequence < $1.sequence }) {
            buckets.append(e, to: Self.bucket(e.time.bitPattern, last: last))
        }
    }
}

/// The radix heap's 257 buckets, manually managed so that moving events between them costs no
/// reference counting or uniqueness checks. Bucket 0 (the events due next, taken one by one) is
/// one array that keeps its size. Every other bucket is a list of fixed blocks of events drawn
/// from one pool: it grows by a block, never by copying itself into storage twice its size, and
/// an emptied bucket's blocks after its first go back to the pool. So the storage follows the
/// events pending (plus at most one part-filled block a bucket), not the largest size each
/// bucket ever reached: with buckets that doubled, the ten-year England run held storage for
/// 2.0 million events at a peak of 0.69 million pending.
final class RadixBuckets {
    static let count = 257
    /// Events a block holds (8 KiB of 32-byte events).
    static let blockShift = 8
    static let blockSize = 1 << blockShift
    /// blocks[b][k]: bucket b's k-th block; bucket b holds counts[b] events in its first blocks.
    let blocks = UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<Event>>?>.allocate(capacity: count)
    let blockCapacity = UnsafeMutablePointer<Int>.allocate(capacity: count)
    let counts = UnsafeMutablePointer<Int>.allocate(capacity: count)
    /// Where bucket b's next event goes, and the end of that block (equal: a block is needed).
    let tail = UnsafeMutablePointer<UnsafeMutablePointer<Event>?>.allocate(capacity: count)
    let tailEnd = UnsafeMutablePointer<UnsafeMutablePointer<Event>?>.allocate(capacity: count)
    /// The smallest key in each bucket, kept on append so a redistribution needs one pass.
    let minimum = UnsafeMutablePointer<UInt64>.allocate(capacity: count)
    /// The entity of the event holding each bucket's smallest key (the first scheduled of equal keys).
    let minimumEntity = UnsafeMutablePointer<Int32>.allocate(capacity: count)
    /// Bit (b - 1) % 64 of word (b - 1) / 64 is set when bucket b (1...256) is non-empty;
    /// bucket 0 is tracked by its count.
    let occupied = UnsafeMutablePointer<UInt64>.allocate(capacity: 4)
    /// Bucket 0's events (counts[0] of them) and its capacity.
    private(set) var zero: UnsafeMutablePointer<Event> = .allocate(capacity: 64)
    private var zeroCapacity = 64
    /// Blocks not in any bucket, ready for reuse.
    var pool: [UnsafeMutablePointer<Event>] = []
    /// Blocks allocated, in buckets or in the pool.
    private(set) var allocatedBlocks = 0

    init() {
        blocks.initialize(repeating: nil, count: Self.count)
        blockCapacity.initialize(repeating: 0, count: Self.count)
        counts.initialize(repeating: 0, count: Self.count)
        tail.initialize(repeating: nil, count: Self.count)
        tailEnd.initialize(repeating: nil, count: Self.count)
        minimum.initialize(repeating: .max, count: Self.count)
        minimumEntity.initialize(repeating: -1, count: Self.count)
        occupied.initialize(repeating: 0, count: 4)
    }

    deinit {
        for b in 0..<Self.count {
            // Blocks in use, and the first, which a bucket keeps once it has one.
            let used = b == 0 || tail[b] == nil ? 0 : max(1, (counts[b] + Self.blockSize - 1) >> Self.blockShift)
            for k in 0..<used { blocks[b]![k].deallocate() }
            blocks[b]?.deallocate()
        }
        for block in pool { block.deallocate() }
        zero.deallocate()
        blocks.deallocate()
        blockCapacity.deallocate()
        counts.deallocate()
        tail.deallocate()
        tailEnd.deallocate()
        minimum.deallocate()
        minimumEntity.deallocate()
        occupied.deallocate()
    }

    /// Event `j` of bucket `b`.
    @inline(__always)
    func event(_ j: Int, in b: Int) -> Event {
        b == 0 ? zero[j] : blocks[b]![j >> Self.blockShift][j & (Self.blockSize - 1)]
    }

    /// The lowest non-empty bucket above 0 (there must be one).
    func lowestOccupied() -> Int {
        var w = 0
        while occupied[w] == 0 { w += 1 }
        return 1 + w * 64 + occupied[w].trailingZeroBitCount
    }

    func clearOccupied(_ b: Int) {
        occupied[(b - 1) >> 6] &= ~(1 << UInt64((b - 1) & 63))
    }

    func clearAllOccupied() {
        occupied.update(repeating: 0, count: 4)
    }

    @inline(__always)
    func append(_ e: Event, to b: Int) {
        if b == 0 {
            let n = counts[0]
            if n == zeroCapacity { growZero() }
            (zero + n).initialize(to: e)
            counts[0] = n + 1
            return
        }
        if tail[b] == tailEnd[b] { addBlock(to: b, index: counts[b] >> Self.blockShift) }
        tail[b]!.initialize(to: e)
        tail[b]! += 1
        counts[b] += 1
        let k = e.time.bitPattern
        if k < minimum[b] {
            minimum[b] = k
            minimumEntity[b] = e.entity
        }
        occupied[(b - 1) >> 6] |= 1 << UInt64((b - 1) & 63)
    }

    func growZero() {
        let grown = UnsafeMutablePointer<Event>.allocate(capacity: zeroCapacity * 2)
        grown.moveInitialize(from: zero, count: counts[0])
        zero.deallocate()
        zero = grown
        zeroCapacity *= 2
    }

    /// Gives bucket `b` its block number `index` (from the pool when it has one).
    func addBlock(to b: Int, index: Int) {
        if index == blockCapacity[b] {
            let capacity = max(8, blockCapacity[b] * 2)
            let table = UnsafeMutablePointer<UnsafeMutablePointer<Event>>.allocate(capacity: capacity)
            if let old = blocks[b] {
                table.moveInitialize(from: old, count: index)
                old.deallocate()
            }
            blocks[b] = table
            blockCapacity[b] = capacity
        }
        let block: UnsafeMutablePointer<Event>
        if let reused = pool.popLast() {
            block = reused
        } else {
            block = .allocate(capacity: Self.blockSize)
            allocatedBlocks += 1
        }
        blocks[b]![index] = block
        tail[b] = block
        tailEnd[b] = block + Self.blockSize
    }

    /// Leaves bucket `b` empty: its blocks after the first go back to the pool; the first stays,
    /// so a bucket that empties and refills often (most do) takes nothing from the pool.
    func empty(_ b: Int) {
        let used = b == 0 ? 0 : (counts[b] + Self.blockSize - 1) >> Self.blockShift
        counts[b] = 0
        guard used > 0 else { return }
        for k in 1..<used { pool.append(blocks[b]![k]) }
        tail[b] = blocks[b]![0]
        tailEnd[b] = blocks[b]![0] + Self.blockSize
    }

    /// Passes every event of bucket `b` (above 0) to `body` in order, returning each block after
    /// the first to the pool once it has been read, and leaves the bucket empty (its first block
    /// kept, as `empty` does). `body` must not append to `b`.
    @inline(__always)
    func drain(_ b: Int, _ body: (Event) -> Void) {
        let n = counts[b]
        counts[b] = 0
        var j = 0
        var k = 0
        while j < n {
            let block = blocks[b]![k]
            let end = min(n, j + Self.blockSize)
            for i in 0..<(end - j) { body(block[i]) }
            if k > 0 { pool.append(block) }
            j = end
            k += 1
        }
        tail[b] = blocks[b]![0]
        tailEnd[b] = blocks[b]![0] + Self.blockSize
    }
}
