import HeapModule

/// The future-event list: a heap ordered by (time, sequence number), so events at equal times
/// run in the order they were scheduled and a run is deterministic.
public struct EventList {
    var heap: Heap<Event>
    var nextSequence: UInt64 = 0

    public init(capacity: Int = 1024) {
        heap = Heap(minimumCapacity: capacity)
    }

    public var count: Int { heap.count }
    public var isEmpty: Bool { heap.isEmpty }

    /// The time of the next event, if any.
    public var nextTime: Double? { heap.min?.time }

    public mutating func schedule(_ event: Event) {
        var e = event
        e.sequence = nextSequence
        nextSequence &+= 1
        heap.insert(e)
    }

    public mutating func popNext() -> Event? {
        heap.popMin()
    }
}
