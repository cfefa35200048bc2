/// Identities for entities in the system, recycled when they leave, so memory follows the
/// number of entities present at once rather than the number ever created.
public struct EntityPool {
    public private(set) var entered: [Double] = []
    /// When each entity arrived at the station it is at (queue included).
    public private(set) var arrivedAtStation: [Double] = []
    /// With history: lastEntry[entity * stations + station], when the entity last arrived at
    /// each station (-infinity: never), kept while the entity is in the system.
    public private(set) var lastEntry: [Double] = []
    let historyStations: Int
    private var free: [Int32] = []
    public private(set) var live = 0
    public private(set) var peakLive = 0

    /// `historyStations`: the number of stations whose visits are remembered per entity (0: none).
    public init(historyStations: Int = 0) {
        self.historyStations = historyStations
    }

    public mutating func create(at time: Double) -> Int32 {
        live += 1
        if live > peakLive { peakLive = live }
        if let id = free.popLast() {
            entered[Int(id)] = time
            arrivedAtStation[Int(id)] = time
            if historyStations > 0 {
                let base = Int(id) * historyStations
                for s in 0..<historyStations { lastEntry[base + s] = -.infinity }
            }
            return id
        }
        entered.append(time)
        arrivedAtStation.append(time)
        if historyStations > 0 { lastEntry.append(contentsOf: repeatElement(-.infinity, count: historyStations)) }
        return Int32(entered.count - 1)
    }

    /// Records an arrival at `station` and returns the time of the entity's previous arrival
    /// there (-infinity if none or if history is off).
    public mutating func recordEntry(_ id: Int32, station: Int, at time: Double) -> Double {
        guard historyStations > 0 else { return -.infinity }
        let i = Int(id) * historyStations + station
        let previous = lastEntry[i]
        lastEntry[i] = time
        return previous
    }

    public mutating func arrived(_ id: Int32, at time: Double) {
        arrivedAtStation[Int(id)] = time
    }

    public mutating func release(_ id: Int32) {
        live -= 1
        free.append(id)
    }
}
