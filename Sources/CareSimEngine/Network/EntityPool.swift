/// Identities for entities in the system, recycled when they leave, so memory follows the
/// number of entities present at once rather than the number ever created.
///
/// Per-entity values live in manually grown buffers: the replication reads and writes them on
/// every event, and arrays would pay a uniqueness check on each write.
public final class EntityPool {
    /// Slots ever handed out (ids are 0..<slots).
    public private(set) var slots = 0
    public private(set) var live = 0
    public private(set) var peakLive = 0
    let historyStations: Int
    private var capacity = 0
    private var free: [Int32] = []
    // Per slot.
    private var enteredAt = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    private var arrivedAt = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    private var bornAt = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    private var tokens = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    private var choices = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    private var stations = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    /// lastEntries[slot * historyStations + station]: when the entity last arrived at each
    /// station (-infinity: never), kept while the entity is in the system.
    private var lastEntries = UnsafeMutablePointer<Double>.allocate(capacity: 1)

    /// `historyStations`: the number of stations whose visits are remembered per entity (0: none).
    public init(historyStations: Int = 0) {
        self.historyStations = historyStations
    }

    deinit {
        enteredAt.deallocate(); arrivedAt.deallocate(); bornAt.deallocate()
        tokens.deallocate(); choices.deallocate(); stations.deallocate(); lastEntries.deallocate()
    }

    /// When each entity (by id) entered the system.
    public var entered: [Double] { Array(UnsafeBufferPointer(start: enteredAt, count: slots)) }

    public func create(at time: Double) -> Int32 {
        live += 1
        if live > peakLive { peakLive = live }
        let id: Int32
        if let recycled = free.popLast() {
            id = recycled
            tokens[Int(id)] &+= 1
        } else {
            if slots == capacity { grow() }
            id = Int32(slots)
            slots += 1
            tokens[Int(id)] = 0
        }
        let i = Int(id)
        enteredAt[i] = time
        arrivedAt[i] = time
        bornAt[i] = .nan
        choices[i] = 0
        stations[i] = -1
        if historyStations > 0 {
            (lastEntries + i * historyStations).update(repeating: -.infinity, count: historyStations)
        }
        return id
    }

    public func release(_ id: Int32) {
        tokens[Int(id)] &+= 1
        live -= 1
        free.append(id)
    }

    /// Records an arrival at `station` and returns the time of the entity's previous arrival
    /// there (-infinity if none or if history is off).
    public func recordEntry(_ id: Int32, station: Int, at time: Double) -> Double {
        arrivedAt[Int(id)] = time
        stations[Int(id)] = Int32(station)
        guard historyStations > 0 else { return -.infinity }
        let i = Int(id) * historyStations + station
        let previous = lastEntries[i]
        lastEntries[i] = time
        return previous
    }

    /// When the entity arrived at the station it is at (queue included).
    public func arrivedAtStation(_ id: Int32) -> Double { arrivedAt[Int(id)] }
    /// The station the entity is at (-1 before its first arrival).
    public func station(_ id: Int32) -> Int { Int(stations[Int(id)]) }
    /// Birth time in simulation days (may be negative); NaN when the entity has no age.
    public func born(_ id: Int32) -> Double { bornAt[Int(id)] }
    public func setBorn(_ id: Int32, _ time: Double) { bornAt[Int(id)] = time }
    /// Changes whenever the entity leaves or its id is recycled, so stale events can be recognised.
    public func token(_ id: Int32) -> Int32 { tokens[Int(id)] }
    /// The competing destination chosen for the pending completion.
    public func choice(_ id: Int32) -> Int { Int(choices[Int(id)]) }
    public func setChoice(_ id: Int32, _ choice: Int) { choices[Int(id)] = Int32(choice) }

    private func grow() {
        let newCapacity = max(1024, capacity * 2)
        func moved<T>(_ old: UnsafeMutablePointer<T>, _ perSlot: Int = 1) -> UnsafeMutablePointer<T> {
            let new = UnsafeMutablePointer<T>.allocate(capacity: max(1, newCapacity * perSlot))
            new.moveInitialize(from: old, count: slots * perSlot)
            old.deallocate()
            return new
        }
        enteredAt = moved(enteredAt); arrivedAt = moved(arrivedAt); bornAt = moved(bornAt)
        tokens = moved(tokens); choices = moved(choices); stations = moved(stations)
        lastEntries = moved(lastEntries, historyStations)
        capacity = newCapacity
    }
}
