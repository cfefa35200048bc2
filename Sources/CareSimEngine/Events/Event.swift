/// A scheduled event: a small value, so the event list is a flat array with no allocation per
/// event. The engine does not interpret `kind`, `target`, `entity` or `tag`: the model that
/// schedules an event decides what they mean.
public struct Event: Sendable {
    /// Simulation time in days.
    public var time: Double
    /// Scheduling order, the tie-breaker for equal times (assigned by the event list).
    public var sequence: UInt64
    public var kind: Int32
    public var target: Int32
    public var entity: Int32
    public var tag: Int32

    public init(time: Double, kind: Int32, target: Int32 = 0, entity: Int32 = -1, tag: Int32 = -1) {
        self.time = time
        self.sequence = 0
        self.kind = kind
        self.target = target
        self.entity = entity
        self.tag = tag
    }
}

extension Event: Comparable {
    /// Earlier time first; at equal times, the event scheduled first.
    public static func < (lhs: Event, rhs: Event) -> Bool {
        lhs.time < rhs.time || (lhs.time == rhs.time && lhs.sequence < rhs.sequence)
    }

    public static func == (lhs: Event, rhs: Event) -> Bool {
        lhs.time == rhs.time && lhs.sequence == rhs.sequence
    }
}
