/// Identities for entities in the system, recycled when they leave, so memory follows the
/// number of entities present at once rather than the number ever created.
public struct EntityPool {
    public private(set) var entered: [Double] = []
    /// When each entity arrived at the station it is at (queue included).
    public private(set) var arrivedAtStation: [Double] = []
    private var free: [Int32] = []
    public private(set) var live = 0
    public private(set) var peakLive = 0

    public init() {}

    public mutating func create(at time: Double) -> Int32 {
        live += 1
        if live > peakLive { peakLive = live }
        if let id = free.popLast() {
            entered[Int(id)] = time
            arrivedAtStation[Int(id)] = time
            return id
        }
        entered.append(time)
        arrivedAtStation.append(time)
        return Int32(entered.count - 1)
    }

    public mutating func arrived(_ id: Int32, at time: Double) {
        arrivedAtStation[Int(id)] = time
    }

    public mutating func release(_ id: Int32) {
        live -= 1
        free.append(id)
    }
}
