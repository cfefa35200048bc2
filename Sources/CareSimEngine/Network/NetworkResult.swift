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
        /// Mean length (days, waiting included) of stays that ended in the window; nil if none.
        public var meanStay: Double?
        public var completedStays: Int
        /// Arrivals in the window; with a re-entry window, how many were by entities that had
        /// been at the stage before, and how many of those had arrived there within the window.
        public var arrivals: Int
        public var repeatArrivals: Int?
        public var reentries: Int?
        /// Stays that ended in the window, by the plan's duration bands (empty without bands).
        public var staysByBand: [Int]
    }

    public var stations: [StationStatistics]
    public var samples: [StockSample]
    public var flowOrigins: [String]
    public var flowDestinations: [String]
    public var flowPeriod: Double
    public var horizon: Double
    /// flows[(period * origins + origin) * destinations + destination]
    public var flows: [Int]
    /// Whether stay lengths were recorded (mean stays are nil otherwise).
    public var tracksStays: Bool
    /// The plan's duration band edges.
    public var durationBands: [Double]
    public var eventsHandled: Int
    public var peakEntities: Int

    public var flowPeriods: Int { flows.count / max(1, flowOrigins.count * flowDestinations.count) }

    public func flow(period: Int, origin: Int, destination: Int) -> Int {
        flows[(period * flowOrigins.count + origin) * flowDestinations.count + destination]
    }
}
