/// Receives what happens in a network replication. Observers record; they never steer.
public protocol NetworkObserver {
    /// An entity joined `station` (in service or queued).
    mutating func entered(station: Int, from origin: Int, at time: Double)
    /// An entity started service at `station` after waiting `wait` days.
    mutating func started(station: Int, waited wait: Double, at time: Double)
    /// An entity finished at `station` and went to `destination`.
    mutating func left(station: Int, to destination: NetworkSpec.Destination, at time: Double)
    /// A scheduled observation instant (stock sample, warm-up end) has come.
    mutating func observe(_ instant: ObservationInstant, at time: Double)
}

public enum ObservationInstant: Sendable {
    case stockSample
    case warmupEnd
}
