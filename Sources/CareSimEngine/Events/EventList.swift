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
        return buckets.events[0]![head].time
    }

    /// The entity of the event due next, as things stand: what a model may prefetch while it
    /// handles the event just taken (events it schedules meanwhile may come first). Found
    /// without reordering anything: the next in the bucket being taken, or the earliest of the
    /// lowest non-empty bucket (each bucket keeps its earliest event's entity). Nil when no
    /// event is pending.
    public var likelyNextEntity: Int32? {
        if head < buckets.counts[0] { return buckets.events[0]![head].entity }
        guard count > 0 else { return nil }
        return buckets.minimumEntity[buckets.lowestOccupied()]
    }

    public mutating func popNext() -> Event? {
        guard prepare() else { return nil }
        let e = buckets.events[0]![head]
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
        let moving = buckets.events[i]!
        let n = buckets.counts[i]
        let newLast = buckets.minimum[i]
        last = newLast
        // Every event goes to a bucket below i, so bucket i can be read while the others fill.
        for j in 0..<n {
            let e = moving[j]
            buckets.append(e, to: Self.bucket(e.time.bitPattern, last: newLast))
        }
        buckets.counts[i] = 0
        buckets.minimum[i] = .max
        buckets.clearOccupied(i)
        buckets.shrink(i)
        // Equal times that came from a higher bucket arrived in arbitrary order.
        if buckets.counts[0] > 1 {
            var tied = UnsafeMutableBufferPointer(start: buckets.events[0], count: buckets.counts[0])
            tied.sort { $0.sequence < $1.sequence }
        }
        return true
    }

    mutating func rebucket(below key: UInt64) {
        var all: [Event] = []
        all.reserveCapacity(count)
        for b in 0..<RadixBuckets.count {
            let from = b == 0 ? head : 0
            for j in from..<max(from, buckets.counts[b]) { all.append(buckets.events[b]![j]) }
            buckets.counts[b] = 0
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

/// The radix heap's 257 buckets as manually managed arrays of events, so that moving events
/// between them costs no reference counting or uniqueness checks.
final class RadixBuckets {
    static let count = 257
    let events = UnsafeMutablePointer<UnsafeMutablePointer<Event>?>.allocate(capacity: count)
    let counts = UnsafeMutablePointer<Int>.allocate(capacity: count)
    let capacities = UnsafeMutablePointer<Int>.allocate(capacity: count)
    /// The smallest key in each bucket, kept on append so a redistribution needs one pass.
    let minimum = UnsafeMutablePointer<UInt64>.allocate(capacity: count)
    /// The entity of the event holding each bucket's smallest key (the first scheduled of equal keys).
    let minimumEntity = UnsafeMutablePointer<Int32>.allocate(capacity: count)
    /// Bit (b - 1) % 64 of word (b - 1) / 64 is set when bucket b (1...256) is non-empty;
    /// bucket 0 is tracked by its count.
    let occupied = UnsafeMutablePointer<UInt64>.allocate(capacity: 4)

    init() {
        events.initialize(repeating: nil, count: Self.count)
        counts.initialize(repeating: 0, count: Self.count)
        capacities.initialize(repeating: 0, count: Self.count)
        minimum.initialize(repeating: .max, count: Self.count)
        minimumEntity.initialize(repeating: -1, count: Self.count)
        occupied.initialize(repeating: 0, count: 4)
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

    deinit {
        for b in 0..<Self.count { events[b]?.deallocate() }
        events.deallocate()
        counts.deallocate()
        capacities.deallocate()
        minimum.deallocate()
        minimumEntity.deallocate()
        occupied.deallocate()
    }

    func append(_ e: Event, to b: Int) {
        let n = counts[b]
        if n == capacities[b] { grow(b) }
        events[b]![n] = e
        counts[b] = n + 1
        let k = e.time.bitPattern
        if k < minimum[b] {
            minimum[b] = k
            minimumEntity[b] = e.entity
        }
        if b > 0 { occupied[(b - 1) >> 6] |= 1 << UInt64((b - 1) & 63) }
    }

    /// Frees an emptied bucket's storage when it is large, so total storage stays near the
    /// number of pending events rather than the sum of every bucket's largest size.
    func shrink(_ b: Int) {
        guard capacities[b] > 4096, counts[b] == 0 else { return }
        events[b]?.deallocate()
        events[b] = nil
        capacities[b] = 0
    }

    func grow(_ b: Int) {
        let capacity = max(64, capacities[b] * 2)
        let storage = UnsafeMutablePointer<Event>.allocate(capacity: capacity)
        if let old = events[b] {
            storage.moveInitialize(from: old, count: counts[b])
            old.deallocate()
        }
        events[b] = storage
        capacities[b] = capacity
    }
}
