/// Receives what happens in a network replication. Observers record; they never steer.
/// Observers are classes: the replication holds one and the caller reads it afterwards.
public protocol NetworkObserver: AnyObject {
    /// An entity joined `station` (in service or queued) from `origin` (a source index, a
    /// station index offset by the number of sources, or -1 for the initial population).
    /// `previousEntry` is when it last joined this station (-infinity: never, or no history).
    func entered(station: Int, from origin: Int, at time: Double, previousEntry: Double)
    /// An entity started service at `station` after waiting `wait` days.
    func started(station: Int, waited wait: Double, at time: Double)
    /// An entity joined `station` and started service at once (no wait): `entered` then
    /// `started` with no wait, in one call (an arrival at a free or unlimited station, the
    /// commonest event, so an observer may record it more cheaply).
    func enteredAndStarted(station: Int, from origin: Int, at time: Double, previousEntry: Double)
    /// An entity finished at `station`, having stayed `stay` days (waiting included; NaN when
    /// the plan does not record stays), and went to `destination`.
    func left(station: Int, to destination: NetworkSpec.Destination, at time: Double, stayed stay: Double)
    /// A waiting entity left `station`'s queue without being served (it reached the age limit).
    func abandoned(station: Int, to destination: NetworkSpec.Destination, at time: Double, stayed stay: Double)
    /// A scheduled observation instant (stock sample, warm-up end) has come.
    func observe(_ instant: ObservationInstant, at time: Double)
}

extension NetworkObserver {
    public func enteredAndStarted(station: Int, from origin: Int, at time: Double, previousEntry: Double) {
        entered(station: station, from: origin, at: time, previousEntry: previousEntry)
        started(station: station, waited: 0, at: time)
    }
}

public enum ObservationInstant: Sendable {
    case stockSample
    case warmupEnd
}
