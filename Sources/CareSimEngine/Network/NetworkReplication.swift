import CGSL
import DequeModule

/// One replication of a `NetworkSpec`: its own streams, clock, entities and observer.
///
/// Streams, one per decision kind, named so that adding a decision elsewhere never shifts them:
/// `arrivals.<source>`, `duration.<station>`, `routing.<station>` and
/// `hazard.<station>.<destination>`.
///
/// The hot loop reads flat tables (fixed buffers of plain values and GSL pointers) rather than
/// the spec's arrays of structs: at England scale that removed a quarter of the run time spent
/// on reference counting (perf profile of rn1-england.yaml).
public final class NetworkReplication<Observer: NetworkObserver> {
    enum Kind: Int32 {
        case arrival = 0
        case completion = 1
        case stockSample = 2
        case warmupEnd = 3
    }

    let spec: NetworkSpec
    let plan: ObservationPlan
    // Mutable state behind pointers: a class's stored vars would pay a dynamic exclusivity
    // check on every access.
    let sim: UnsafeMutablePointer<Simulator>
    let entities: UnsafeMutablePointer<EntityPool>
    let queues: UnsafeMutableBufferPointer<Deque<(entity: Int32, since: Double)>>
    public let observer: Observer

    // Ownership of streams and tables; the buffers below point into them.
    let streams: [RandomStream]
    let tables: [DiscreteTable?]

    // Per station.
    let servers: UnsafeMutableBufferPointer<Int>          // -1: unlimited
    let busy: UnsafeMutableBufferPointer<Int>
    let duration: UnsafeMutableBufferPointer<SamplerCore> // routed stations
    let durationRNG: UnsafeMutableBufferPointer<UnsafeMutablePointer<gsl_rng>>
    let routingRNG: UnsafeMutableBufferPointer<UnsafeMutablePointer<gsl_rng>>
    let routingTable: UnsafeMutableBufferPointer<UnsafeMutablePointer<gsl_ran_discrete_t>?>
    let optionStart: UnsafeMutableBufferPointer<Int>      // into the option tables
    let competingCount: UnsafeMutableBufferPointer<Int>   // 0 for routed stations
    // Per routing option (next destination or competing hazard), flattened.
    let optionDestination: UnsafeMutableBufferPointer<NetworkSpec.Destination>
    let hazard: UnsafeMutableBufferPointer<SamplerCore>
    let hazardRNG: UnsafeMutableBufferPointer<UnsafeMutablePointer<gsl_rng>>
    // Per source.
    let interarrival: UnsafeMutableBufferPointer<SamplerCore>
    let arrivalRNG: UnsafeMutableBufferPointer<UnsafeMutablePointer<gsl_rng>>
    let sourceStation: UnsafeMutableBufferPointer<Int>
    // Plain copies of the plan's numbers: reading them through `plan` (which holds an array)
    // would cost reference counting in the loop.
    let horizon: Double
    let stockInterval: Double
    let sourceCount: Int

    public init(spec: NetworkSpec, plan: ObservationPlan, routingTables: [DiscreteTable?], master: UInt64,
                replication: Int, generator: GeneratorKind, observer: Observer) {
        // Streams are named after stations, sources and destinations: names must be unique.
        precondition(Set(spec.stations.map(\.name)).count == spec.stations.count, "station names must be unique")
        precondition(Set(spec.sources.map(\.name)).count == spec.sources.count, "source names must be unique")
        for station in spec.stations {
            if case .competing(let options) = station.service {
                precondition(Set(options.map(\.destination)).count == options.count,
                             "competing destinations of \(station.name) must be distinct")
            }
        }
        var streams: [RandomStream] = []
        func stream(_ name: String) -> UnsafeMutablePointer<gsl_rng> {
            let s = RandomStream(master: master, replication: replication, name: name, kind: generator)
            streams.append(s)
            return s.rng
        }
        self.spec = spec
        self.plan = plan
        self.observer = observer
        self.tables = routingTables
        // Samplers (and so the storage their cores point at) live as long as `spec`.
        sim = .allocate(capacity: 1)
        sim.initialize(to: Simulator())
        entities = .allocate(capacity: 1)
        entities.initialize(to: EntityPool(historyStations: plan.reentryWindow == nil ? 0 : spec.stations.count))

        let placeholder = try! Sampler(.constant(0))
        var durations: [Sampler] = [], starts: [Int] = [], counts: [Int] = []
        var destinations: [NetworkSpec.Destination] = [], hazards: [Sampler] = []
        var hazardRNGs: [UnsafeMutablePointer<gsl_rng>] = []
        var durationRNGs: [UnsafeMutablePointer<gsl_rng>] = [], routingRNGs: [UnsafeMutablePointer<gsl_rng>] = []
        for station in spec.stations {
            durationRNGs.append(stream("duration.\(station.name)"))
            routingRNGs.append(stream("routing.\(station.name)"))
            starts.append(destinations.count)
            switch station.service {
            case .routed(let d, let next):
                durations.append(d)
                counts.append(0)
                destinations += next.map(\.destination)
                hazards += next.map { _ in placeholder }
                hazardRNGs += next.map { _ in durationRNGs.last! }
            case .competing(let options):
                durations.append(placeholder)
                counts.append(options.count)
                for o in options {
                    destinations.append(o.destination)
                    hazards.append(o.time)
                    hazardRNGs.append(stream("hazard.\(station.name).\(spec.name(of: o.destination))"))
                }
            }
        }
        servers = .copying(spec.stations.map { $0.servers ?? -1 })
        busy = .copying(spec.stations.map { _ in 0 })
        duration = .copying(durations.map(\.core))
        durationRNG = .copying(durationRNGs)
        routingRNG = .copying(routingRNGs)
        routingTable = .copying(routingTables.map { $0?.table })
        optionStart = .copying(starts)
        competingCount = .copying(counts)
        queues = .copying(spec.stations.map { _ in Deque() })
        optionDestination = .copying(destinations)
        hazard = .copying(hazards.map(\.core))
        hazardRNG = .copying(hazardRNGs)
        interarrival = .copying(spec.sources.map(\.interarrival.core))
        arrivalRNG = .copying(spec.sources.map { stream("arrivals.\($0.name)") })
        sourceStation = .copying(spec.sources.map(\.station))
        horizon = plan.horizon
        stockInterval = plan.stockInterval
        sourceCount = spec.sources.count
        self.streams = streams
    }

    deinit {
        servers.release(); busy.release(); duration.release(); durationRNG.release(); routingRNG.release()
        routingTable.release(); optionStart.release(); competingCount.release(); optionDestination.release()
        hazard.release(); hazardRNG.release(); interarrival.release(); arrivalRNG.release(); sourceStation.release()
        queues.release()
        sim.deinitialize(count: 1); sim.deallocate()
        entities.deinitialize(count: 1); entities.deallocate()
    }

    /// Routing tables are built once per run and shared by every replication.
    public static func routingTables(for spec: NetworkSpec) -> [DiscreteTable?] {
        spec.stations.map { station in
            guard case .routed(_, let next) = station.service else { return nil }
            return DiscreteTable(weights: next.map(\.probability))
        }
    }

    /// Runs from an empty system at time 0 to the plan's horizon.
    public func run() -> (eventsHandled: Int, peakEntities: Int) {
        sim.pointee.schedule(Event(time: 0, kind: Kind.stockSample.rawValue))
        sim.pointee.schedule(Event(time: plan.warmup, kind: Kind.warmupEnd.rawValue))
        for i in 0..<interarrival.count {
            sim.pointee.schedule(Event(time: interarrival[i].draw(arrivalRNG[i]), kind: Kind.arrival.rawValue, target: Int32(i)))
        }
        while let event = sim.pointee.next(until: horizon) {
            handle(event)
        }
        return (sim.pointee.eventsHandled, entities.pointee.peakLive)
    }

    func handle(_ event: Event) {
        let now = event.time
        switch Kind(rawValue: event.kind)! {
        case .arrival:
            let s = Int(event.target)
            let entity = entities.pointee.create(at: now)
            arrive(entity, at: sourceStation[s], fromOrigin: s, now: now)
            sim.pointee.schedule(after: interarrival[s].draw(arrivalRNG[s]), kind: Kind.arrival.rawValue, target: event.target)
        case .completion:
            complete(event, now: now)
        case .stockSample:
            observer.observe(.stockSample, at: now)
            let nextSample = now + stockInterval
            if nextSample <= horizon + 1e-9 * horizon {
                sim.pointee.schedule(Event(time: min(nextSample, horizon), kind: Kind.stockSample.rawValue))
            }
        case .warmupEnd:
            observer.observe(.warmupEnd, at: now)
        }
    }

    func arrive(_ entity: Int32, at station: Int, fromOrigin origin: Int, now: Double) {
        entities.pointee.arrived(entity, at: now)
        let previous = entities.pointee.recordEntry(entity, station: station, at: now)
        observer.entered(station: station, from: origin, at: now, previousEntry: previous)
        let c = servers[station]
        if c >= 0, busy[station] >= c {
            queues[station].append((entity, now))
        } else {
            busy[station] += 1
            startService(entity, at: station, waited: 0, now: now)
        }
    }

    func startService(_ entity: Int32, at station: Int, waited: Double, now: Double) {
        observer.started(station: station, waited: waited, at: now)
        let n = competingCount[station]
        if n == 0 {
            sim.pointee.schedule(after: duration[station].draw(durationRNG[station]), kind: Kind.completion.rawValue,
                               target: Int32(station), entity: entity)
            return
        }
        var best = Double.infinity
        var choice = 0
        let start = optionStart[station]
        for i in 0..<n {
            let t = hazard[start + i].draw(hazardRNG[start + i])
            if t < best {
                best = t
                choice = i
            }
        }
        sim.pointee.schedule(after: best, kind: Kind.completion.rawValue, target: Int32(station), entity: entity, tag: Int32(choice))
    }

    func complete(_ event: Event, now: Double) {
        let station = Int(event.target)
        let option: Int
        if competingCount[station] == 0 {
            option = Int(gsl_ran_discrete(routingRNG[station], routingTable[station]!))
        } else {
            option = Int(event.tag)
        }
        let destination = optionDestination[optionStart[station] + option]
        observer.left(station: station, to: destination, at: now,
                      stayed: now - entities.pointee.arrivedAtStation[Int(event.entity)])
        if servers[station] >= 0, let waiting = queues[station].popFirst() {
            startService(waiting.entity, at: station, waited: now - waiting.since, now: now)
        } else {
            busy[station] -= 1
        }
        switch destination {
        case .station(let next):
            arrive(event.entity, at: next, fromOrigin: sourceCount + station, now: now)
        case .exit:
            entities.pointee.release(event.entity)
        }
    }
}

/// Runs one replication of `spec` with the standard monitor.
public func simulateNetwork(_ spec: NetworkSpec, plan: ObservationPlan, routingTables: [DiscreteTable?],
                            master: UInt64, replication: Int, generator: GeneratorKind = .mt19937) -> NetworkResult {
    let monitor = NetworkMonitor(spec: spec, plan: plan)
    let run = NetworkReplication(spec: spec, plan: plan, routingTables: routingTables, master: master,
                                 replication: replication, generator: generator, observer: monitor)
    let (events, peak) = run.run()
    return monitor.result(spec: spec, eventsHandled: events, peakEntities: peak)
}
