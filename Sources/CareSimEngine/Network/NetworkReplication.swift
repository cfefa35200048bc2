import DequeModule

/// One replication of a `NetworkSpec`: its own streams, clock, entities and observer.
///
/// Streams, one per decision kind, named so that adding a decision elsewhere never shifts them:
/// `arrivals.<source>`, `duration.<station>`, `routing.<station>` and
/// `hazard.<station>.<destination>`.
public struct NetworkReplication<Observer: NetworkObserver> {
    enum Kind: Int32 {
        case arrival = 0
        case completion = 1
        case stockSample = 2
        case warmupEnd = 3
    }

    struct StationState {
        var servers: Int?
        var busy = 0
        var queue = Deque<(entity: Int32, since: Double)>()
    }

    let spec: NetworkSpec
    let plan: ObservationPlan
    let routingTables: [DiscreteTable?]
    var simulator: Simulator
    var entities = EntityPool()
    var stations: [StationState]
    public var observer: Observer
    let arrivalStreams: [RandomStream]
    let durationStreams: [RandomStream]
    let routingStreams: [RandomStream]
    let hazardStreams: [[RandomStream]]

    public init(spec: NetworkSpec, plan: ObservationPlan, routingTables: [DiscreteTable?], master: UInt64,
                replication: Int, generator: GeneratorKind, observer: Observer) {
        func stream(_ name: String) -> RandomStream {
            RandomStream(master: master, replication: replication, name: name, kind: generator)
        }
        self.spec = spec
        self.plan = plan
        self.routingTables = routingTables
        self.observer = observer
        simulator = Simulator(capacity: 4096)
        stations = spec.stations.map { StationState(servers: $0.servers) }
        arrivalStreams = spec.sources.map { stream("arrivals.\($0.name)") }
        durationStreams = spec.stations.map { stream("duration.\($0.name)") }
        routingStreams = spec.stations.map { stream("routing.\($0.name)") }
        hazardStreams = spec.stations.map { station in
            guard case .competing(let options) = station.service else { return [] }
            return options.map { stream("hazard.\(station.name).\(spec.name(of: $0.destination))") }
        }
    }

    /// Routing tables are built once per run and shared by every replication.
    public static func routingTables(for spec: NetworkSpec) -> [DiscreteTable?] {
        spec.stations.map { station in
            guard case .routed(_, let next) = station.service else { return nil }
            return DiscreteTable(weights: next.map(\.probability))
        }
    }

    /// Runs from an empty system at time 0 to the plan's horizon.
    public mutating func run() -> (eventsHandled: Int, peakEntities: Int) {
        simulator.schedule(Event(time: 0, kind: Kind.stockSample.rawValue))
        simulator.schedule(Event(time: plan.warmup, kind: Kind.warmupEnd.rawValue))
        for (i, source) in spec.sources.enumerated() {
            simulator.schedule(Event(time: source.interarrival.sample(arrivalStreams[i]), kind: Kind.arrival.rawValue, target: Int32(i)))
        }
        while let event = simulator.next(until: plan.horizon) {
            handle(event)
        }
        return (simulator.eventsHandled, entities.peakLive)
    }

    mutating func handle(_ event: Event) {
        let now = event.time
        switch Kind(rawValue: event.kind)! {
        case .arrival:
            let s = Int(event.target)
            let source = spec.sources[s]
            let entity = entities.create(at: now)
            arrive(entity, at: source.station, fromOrigin: s, now: now)
            simulator.schedule(after: source.interarrival.sample(arrivalStreams[s]), kind: Kind.arrival.rawValue, target: event.target)
        case .completion:
            complete(event, now: now)
        case .stockSample:
            observer.observe(.stockSample, at: now)
            let nextSample = now + plan.stockInterval
            if nextSample <= plan.horizon + 1e-9 * plan.horizon {
                simulator.schedule(Event(time: min(nextSample, plan.horizon), kind: Kind.stockSample.rawValue))
            }
        case .warmupEnd:
            observer.observe(.warmupEnd, at: now)
        }
    }

    mutating func arrive(_ entity: Int32, at station: Int, fromOrigin origin: Int, now: Double) {
        observer.entered(station: station, from: origin, at: now)
        if let servers = stations[station].servers, stations[station].busy >= servers {
            stations[station].queue.append((entity, now))
        } else {
            stations[station].busy += 1
            startService(entity, at: station, waited: 0, now: now)
        }
    }

    mutating func startService(_ entity: Int32, at station: Int, waited: Double, now: Double) {
        observer.started(station: station, waited: waited, at: now)
        switch spec.stations[station].service {
        case .routed(let duration, _):
            simulator.schedule(after: duration.sample(durationStreams[station]), kind: Kind.completion.rawValue,
                               target: Int32(station), entity: entity)
        case .competing(let options):
            var best = Double.infinity
            var choice = 0
            let streams = hazardStreams[station]
            for i in options.indices {
                let t = options[i].time.sample(streams[i])
                if t < best {
                    best = t
                    choice = i
                }
            }
            simulator.schedule(after: best, kind: Kind.completion.rawValue, target: Int32(station), entity: entity, tag: Int32(choice))
        }
    }

    mutating func complete(_ event: Event, now: Double) {
        let station = Int(event.target)
        let destination: NetworkSpec.Destination
        switch spec.stations[station].service {
        case .routed(_, let next):
            destination = next[routingTables[station]!.draw(routingStreams[station])].destination
        case .competing(let options):
            destination = options[Int(event.tag)].destination
        }
        observer.left(station: station, to: destination, at: now)
        if stations[station].servers != nil {
            if let waiting = stations[station].queue.popFirst() {
                startService(waiting.entity, at: station, waited: now - waiting.since, now: now)
            } else {
                stations[station].busy -= 1
            }
        } else {
            stations[station].busy -= 1
        }
        switch destination {
        case .station(let next):
            arrive(event.entity, at: next, fromOrigin: spec.sources.count + station, now: now)
        case .exit:
            entities.release(event.entity)
        }
    }
}

/// Runs one replication of `spec` with the standard monitor.
public func simulateNetwork(_ spec: NetworkSpec, plan: ObservationPlan, routingTables: [DiscreteTable?],
                            master: UInt64, replication: Int, generator: GeneratorKind = .mt19937) -> NetworkResult {
    var run = NetworkReplication(spec: spec, plan: plan, routingTables: routingTables, master: master,
                                 replication: replication, generator: generator,
                                 observer: NetworkMonitor(spec: spec, plan: plan))
    let (events, peak) = run.run()
    return run.observer.result(spec: spec, eventsHandled: events, peakEntities: peak)
}
