/// The clock and the event loop. A model schedules events and handles them as they fall due;
/// the simulator only keeps time. Time is in days and never runs backwards.
/// Not copyable, like the event list it owns.
public struct Simulator: ~Copyable {
    public private(set) var now: Double = 0
    public private(set) var eventsHandled: Int = 0
    var events: EventList

    public init() {
        events = EventList()
    }

    public var pendingEvents: Int { events.count }

    /// The entity of the event due after the one just taken by `next(until:)`, as things stand
    /// (events scheduled meanwhile may come first; -1 for an event with no entity). For
    /// prefetching, never for logic.
    public var upcomingEntity: Int32? { events.likelyNextEntity }

    /// Schedules `event` at its own time, which must not be in the past.
    public mutating func schedule(_ event: Event) {
        precondition(event.time >= now, "cannot schedule an event at \(event.time) before now (\(now))")
        events.schedule(event)
    }

    /// Schedules an event `delay` days from now.
    public mutating func schedule(after delay: Double, kind: Int32, target: Int32 = 0, entity: Int32 = -1, tag: Int32 = -1) {
        schedule(Event(time: now + delay, kind: kind, target: target, entity: entity, tag: tag))
    }

    /// Takes the next event due at or before `horizon`, advancing the clock to it; when the next
    /// event is later (or there is none) the clock stops at `horizon` and nil is returned.
    public mutating func next(until horizon: Double) -> Event? {
        guard let t = events.nextTime(), t <= horizon else {
            if now < horizon { now = horizon }
            return nil
        }
        let e = events.popNext()!
        now = e.time
        eventsHandled += 1
        return e
    }

    /// Runs `handle` on every event due up to `horizon`, in (time, sequence) order.
    public mutating func run(until horizon: Double, _ handle: (inout Simulator, Event) -> Void) {
        while let e = next(until: horizon) {
            handle(&self, e)
        }
    }
}
