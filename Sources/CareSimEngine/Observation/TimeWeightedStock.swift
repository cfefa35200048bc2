/// A level that changes at event times, with its exact integral over time, so a time average
/// over any window is (integral(end) - integral(start)) / (end - start).
public struct TimeWeightedStock: Sendable {
    public private(set) var level: Int = 0
    private var lastTime: Double = 0
    private var area: Double = 0

    public init() {}

    public mutating func add(_ delta: Int, at time: Double) {
        advance(to: time)
        levelStorage += delta
    }

    var levelStorage: Int {
        get { level }
        set { level = newValue }
    }

    mutating func advance(to time: Double) {
        area += Double(level) * (time - lastTime)
        lastTime = time
    }

    /// The integral of the level from time 0 to `time` (not before the last change).
    public func integral(at time: Double) -> Double {
        area + Double(level) * (time - lastTime)
    }
}
