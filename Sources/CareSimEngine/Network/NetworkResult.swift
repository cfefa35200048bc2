/// What one replication of a network produced.
public struct NetworkResult: Sendable {
    public struct StationStatistics: Sendable {
        public var name: String
        public var servers: Int?
        /// Time-averaged number present (queued or in service) over [warm-up, horizon].
        public var meanInSystem: Double
        /// Time-averaged number waiting for a server.
        public var meanQueued: Double
        /// Time-averaged number in service (busy servers).
        public var meanBusy: Double
        /// Mean wait of entities that started service in the window; nil if none did.
        public var meanWait: Double?
        public var serviceStarts: Int
        /// Arrivals per day in the window.
        public var arrivalRate: Double
    }

    public var stations: [StationStatistics]
    public var samples: [StockSample]
    public var flowOrigins: [String]
    public var flowDestinations: [String]
    public var flowPeriod: Double
    public var horizon: Double
    /// flows[(period * origins + origin) * destinations + destination]
    public var flows: [Int]
    public var eventsHandled: Int
    public var peakEntities: Int

    public var flowPeriods: Int { flows.count / max(1, flowOrigins.count * flowDestinations.count) }

    public func flow(period: Int, origin: Int, destination: Int) -> Int {
        flows[(period * flowOrigins.count + origin) * flowDestinations.count + destination]
    }
}
