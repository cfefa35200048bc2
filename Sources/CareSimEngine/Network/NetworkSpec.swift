/// A queueing network described by value: stations (unlimited, or with a number of servers and
/// a FIFO queue), sources of arrivals, and routing on completion. It knows nothing about what
/// flows through it; the model layer builds one from a scenario.
public struct NetworkSpec: Sendable {
    /// Where an entity goes when it leaves a station.
    public enum Destination: Hashable, Sendable {
        case station(Int)
        case exit(Int)
    }

    /// How a station decides how long an entity stays and where it goes next.
    public enum Service: Sendable {
        /// A duration, then a destination drawn with fixed probabilities.
        case routed(duration: Sampler, next: [(destination: Destination, probability: Double)])
        /// A duration, then a destination drawn with probabilities that depend on the entity's
        /// age: the first band whose upper age the entity is below (entities of unknown age use
        /// the last band).
        case routedByAge(duration: Sampler, bands: [AgeRouting])
        /// Competing hazards: a time is drawn for each destination and the earliest wins.
        case competing([(destination: Destination, time: Sampler)])
    }

    /// Routing probabilities for entities below an age (in years; infinity for the last band).
    public struct AgeRouting: Sendable {
        public var belowYears: Double
        public var next: [(destination: Destination, probability: Double)]
        public init(belowYears: Double, next: [(destination: Destination, probability: Double)]) {
            self.belowYears = belowYears
            self.next = next
        }
    }

    /// Entities leave wherever they are when they reach `years`, to exit `exit`.
    public struct AgeLimit: Sendable {
        public var years: Double
        public var exit: Int
        public init(years: Double, exit: Int) {
            self.years = years
            self.exit = exit
        }
    }

    /// Entities present at time 0 (a warm start): `count` at `station`, each with an age (years)
    /// and the time it has already spent there (days) drawn from the samplers. Their remaining
    /// time is drawn from the station's distributions conditional on exceeding the elapsed time.
    public struct InitialGroup: Sendable {
        public var station: Int
        public var count: Int
        public var age: Sampler?
        public var elapsed: Sampler?
        public init(station: Int, count: Int, age: Sampler? = nil, elapsed: Sampler? = nil) {
            self.station = station
            self.count = count
            self.age = age
            self.elapsed = elapsed
        }
    }

    /// Days in a year, for ages.
    public static let daysPerYear = 365.25

    public struct Station: Sendable {
        public var name: String
        /// Number of servers; nil for an unlimited (infinite-server) station.
        public var servers: Int?
        public var service: Service
        public init(name: String, servers: Int?, service: Service) {
            self.name = name
            self.servers = servers
            self.service = service
        }
    }

    public struct Source: Sendable {
        public var name: String
        public var station: Int
        public var interarrival: Sampler
        /// Age at arrival in years; nil: the entities have no age.
        public var age: Sampler?
        public init(name: String, station: Int, interarrival: Sampler, age: Sampler? = nil) {
            self.name = name
            self.station = station
            self.interarrival = interarrival
            self.age = age
        }
    }

    public var stations: [Station]
    public var exits: [String]
    public var sources: [Source]
    public var ageLimit: AgeLimit?
    public var initial: [InitialGroup]

    public init(stations: [Station], exits: [String], sources: [Source], ageLimit: AgeLimit? = nil, initial: [InitialGroup] = []) {
        self.stations = stations
        self.exits = exits
        self.sources = sources
        self.ageLimit = ageLimit
        self.initial = initial
    }

    /// Whether anything in the network reads entities' ages.
    public var usesAges: Bool {
        ageLimit != nil || sources.contains { $0.age != nil } || initial.contains { $0.age != nil } || stations.contains {
            if case .routedByAge = $0.service { return true } else { return false }
        }
    }

    public func name(of destination: Destination) -> String {
        switch destination {
        case .station(let i): return stations[i].name
        case .exit(let i): return exits[i]
        }
    }

    /// Flow matrix rows: sources then stations. Columns: stations then exits.
    public var flowOrigins: [String] { sources.map(\.name) + stations.map(\.name) }
    public var flowDestinations: [String] { stations.map(\.name) + exits }
}

/// When and how a network replication is observed.
public struct ObservationPlan: Sendable, Equatable {
    public var horizon: Double
    public var warmup: Double
    /// Stocks are sampled every `stockInterval` days from time 0 to the horizon.
    public var stockInterval: Double
    /// Flows are counted in consecutive periods of this many days from time 0.
    public var flowPeriod: Double
    /// Upper edges (days, increasing) of the bands completed stays are counted in; the last
    /// band is open. Empty: no bands, only the mean stay.
    public var durationBands: [Double]
    /// When set, each entity's visits are remembered while it is in the system, and entries
    /// are classed as repeats (any earlier visit to the stage) and re-entries (an earlier
    /// visit that began at most this many days before).
    public var reentryWindow: Double?
    /// Record each stay's length (for mean stays); implied by duration bands. Off by default:
    /// it costs a memory access per arrival and departure, which shows at England scale.
    public var recordStays: Bool

    /// Whether stay lengths are recorded.
    public var tracksStays: Bool { recordStays || !durationBands.isEmpty }

    public init(horizon: Double, warmup: Double, stockInterval: Double, flowPeriod: Double, durationBands: [Double] = [],
                reentryWindow: Double? = nil, recordStays: Bool = false) {
        self.reentryWindow = reentryWindow
        self.recordStays = recordStays
        self.horizon = horizon
        self.warmup = warmup
        self.stockInterval = stockInterval
        self.flowPeriod = flowPeriod
        self.durationBands = durationBands
    }

    public var flowPeriods: Int { max(1, Int((horizon / flowPeriod).rounded(.up))) }
}
