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
        case ageLimit = 4
    }

    let spec: NetworkSpec
    let plan: ObservationPlan
    // Mutable state behind pointers: a class's stored vars would pay a dynamic exclusivity
    // check on every access.
    let sim: UnsafeMutablePointer<Simulator>
    let entities: EntityPool
    let queues: UnsafeMutableBufferPointer<Deque<(entity: Int32, since: Double)>>
    public let observer: Observer

    // Ownership of streams and tables; the buffers below point into them.
    let streams: [RandomStream]
    let tables: [[DiscreteTable]]

    // Per station.
    let servers: UnsafeMutableBufferPointer<Int>          // -1: unlimited
    let busy: UnsafeMutableBufferPointer<Int>
    let duration: UnsafeMutableBufferPointer<SamplerCore> // routed stations
    let durationRNG: UnsafeMutableBufferPointer<UnsafeMutablePointer<gsl_rng>>
    let routingRNG: UnsafeMutableBufferPointer<UnsafeMutablePointer<gsl_rng>>
    let optionStart: UnsafeMutableBufferPointer<Int>      // into the option tables (competing stations)
    let bandStart: UnsafeMutableBufferPointer<Int>        // into the routing bands (routed stations)
    let bandCount: UnsafeMutableBufferPointer<Int>        // 0 for competing stations
    let competingCount: UnsafeMutableBufferPointer<Int>   // 0 for routed stations
    // Per routing option (next destination or competing hazard), flattened.
    let optionDestination: UnsafeMutableBufferPointer<NetworkSpec.Destination>
    let hazard: UnsafeMutableBufferPointer<SamplerCore>
    let hazardRNG: UnsafeMutableBufferPointer<UnsafeMutablePointer<gsl_rng>>
    // Per routing band (a routed station has one band, or one per age group).
    let bandBelowDays: UnsafeMutableBufferPointer<Double>
    let bandTable: UnsafeMutableBufferPointer<UnsafeMutablePointer<gsl_ran_discrete_t>>
    let bandOptionStart: UnsafeMutableBufferPointer<Int>
    // Per source.
    let interarrival: UnsafeMutableBufferPointer<SamplerCore>
    let arrivalRNG: UnsafeMutableBufferPointer<UnsafeMutablePointer<gsl_rng>>
    let sourceStation: UnsafeMutableBufferPointer<Int>
    let sourceAge: UnsafeMutableBufferPointer<SamplerCore>
    let sourceHasAge: UnsafeMutableBufferPointer<Bool>
    let ageRNG: UnsafeMutableBufferPointer<UnsafeMutablePointer<gsl_rng>>
    /// Age limit in days and its exit; negative: no limit.
    let ageLimitDays: Double
    let ageExit: Int
    let tracksStays: Bool
    let master: UInt64
    let replication: Int
    let generator: GeneratorKind
    // Plain copies of the plan's numbers: reading them through `plan` (which holds an array)
    // would cost reference counting in the loop.
    let horizon: Double
    let stockInterval: Double
    let sourceCount: Int

    public init(spec: NetworkSpec, plan: ObservationPlan, routingTables: [[DiscreteTable]], master: UInt64,
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
        entities = EntityPool(historyStations: plan.reentryWindow == nil ? 0 : spec.stations.count,
                              tracksArrivals: plan.tracksStays || spec.ageLimit != nil, usesTokens: spec.ageLimit != nil,
                              keepsRecords: spec.usesAges)
        tracksStays = plan.tracksStays
        self.master = master
        self.replication = replication
        self.generator = generator

        let placeholder = try! Sampler(.constant(0))
        var durations: [Sampler] = [], starts: [Int] = [], counts: [Int] = []
        var destinations: [NetworkSpec.Destination] = [], hazards: [Sampler] = []
        var hazardRNGs: [UnsafeMutablePointer<gsl_rng>] = []
        var durationRNGs: [UnsafeMutablePointer<gsl_rng>] = [], routingRNGs: [UnsafeMutablePointer<gsl_rng>] = []
        var bandStarts: [Int] = [], bandCounts: [Int] = [], belowDays: [Double] = []
        var bandTables: [UnsafeMutablePointer<gsl_ran_discrete_t>] = [], bandOptionStarts: [Int] = []
        for (s, station) in spec.stations.enumerated() {
            durationRNGs.append(stream("duration.\(station.name)"))
            routingRNGs.append(stream("routing.\(station.name)"))
            starts.append(destinations.count)
            bandStarts.append(belowDays.count)
            func addBand(_ below: Double, _ next: [(destination: NetworkSpec.Destination, probability: Double)], _ table: DiscreteTable) {
                belowDays.append(below * NetworkSpec.daysPerYear)
                bandTables.append(table.table)
                bandOptionStarts.append(destinations.count)
                destinations += next.map(\.destination)
                hazards += next.map { _ in placeholder }
                hazardRNGs += next.map { _ in durationRNGs.last! }
            }
            switch station.service {
            case .routed(let d, let next):
                durations.append(d)
                counts.append(0)
                bandCounts.append(1)
                addBand(.infinity, next, routingTables[s][0])
            case .routedByAge(let d, let bands):
                durations.append(d)
                counts.append(0)
                bandCounts.append(bands.count)
                for (b, band) in bands.enumerated() {
                    addBand(b == bands.count - 1 ? .infinity : band.belowYears, band.next, routingTables[s][b])
                }
            case .competing(let options):
                bandCounts.append(0)
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
        optionStart = .copying(starts)
        bandStart = .copying(bandStarts)
        bandCount = .copying(bandCounts)
        bandBelowDays = .copying(belowDays)
        bandTable = .copying(bandTables)
        bandOptionStart = .copying(bandOptionStarts)
        competingCount = .copying(counts)
        queues = .copying(spec.stations.map { _ in Deque() })
        optionDestination = .copying(destinations)
        hazard = .copying(hazards.map(\.core))
        hazardRNG = .copying(hazardRNGs)
        interarrival = .copying(spec.sources.map(\.interarrival.core))
        arrivalRNG = .copying(spec.sources.map { stream("arrivals.\($0.name)") })
        sourceStation = .copying(spec.sources.map(\.station))
        sourceAge = .copying(spec.sources.map { ($0.age ?? placeholder).core })
        sourceHasAge = .copying(spec.sources.map { $0.age != nil })
        ageRNG = .copying(spec.sources.map { stream("age.\($0.name)") })
        ageLimitDays = spec.ageLimit.map { $0.years * NetworkSpec.daysPerYear } ?? -1
        ageExit = spec.ageLimit?.exit ?? 0
        horizon = plan.horizon
        stockInterval = plan.stockInterval
        sourceCount = spec.sources.count
        self.streams = streams
    }

    deinit {
        servers.release(); busy.release(); duration.release(); durationRNG.release(); routingRNG.release()
        optionStart.release(); competingCount.release(); optionDestination.release()
        bandStart.release(); bandCount.release(); bandBelowDays.release(); bandTable.release(); bandOptionStart.release()
        sourceAge.release(); sourceHasAge.release(); ageRNG.release()
        hazard.release(); hazardRNG.release(); interarrival.release(); arrivalRNG.release(); sourceStation.release()
        queues.release()
        sim.deinitialize(count: 1); sim.deallocate()

    }

    /// Routing tables (per station, per age band) are built once per run and shared by every
    /// replication.
    public static func routingTables(for spec: NetworkSpec) -> [[DiscreteTable]] {
        spec.stations.map { station in
            switch station.service {
            case .routed(_, let next): return [DiscreteTable(weights: next.map(\.probability))]
            case .routedByAge(_, let bands): return bands.map { DiscreteTable(weights: $0.next.map(\.probability)) }
            case .competing: return []
            }
        }
    }

    /// Runs from an empty system at time 0 to the plan's horizon.
    public func run() -> (eventsHandled: Int, peakEntities: Int) {
        placeInitialEntities()
        sim.pointee.schedule(Event(time: 0, kind: Kind.stockSample.rawValue))
        sim.pointee.schedule(Event(time: plan.warmup, kind: Kind.warmupEnd.rawValue))
        for i in 0..<interarrival.count {
            sim.pointee.schedule(Event(time: interarrival[i].draw(arrivalRNG[i]), kind: Kind.arrival.rawValue, target: Int32(i)))
        }
        while let event = sim.pointee.next(until: horizon) {
            handle(event)
        }
        return (sim.pointee.eventsHandled, entities.peakLive)
    }

    /// A warm start: the initial groups join their stations at time 0, before anything else
    /// (they are stock, not arrivals, so they count in no flow). Each draws from its own stream
    /// `initial.<station>`.
    func placeInitialEntities() {
        for group in spec.initial {
            let station = group.station
            let stream = RandomStream(master: master, replication: replication, name: "initial.\(spec.stations[station].name)",
                                      kind: generator)
            for _ in 0..<group.count {
                let elapsed = group.elapsed.map { $0.core.draw(stream.rng) } ?? 0
                let entity = entities.create(at: -elapsed)
                if let age = group.age {
                    let born = -age.core.draw(stream.rng) * NetworkSpec.daysPerYear
                    entities.setBorn(entity, born)
                    if ageLimitDays >= 0, born + ageLimitDays <= horizon {
                        sim.pointee.schedule(Event(time: max(0, born + ageLimitDays), kind: Kind.ageLimit.rawValue,
                                                   entity: entity, tag: entities.token(entity)))
                    }
                }
                _ = entities.recordEntry(entity, station: station, at: -elapsed)
                observer.entered(station: station, from: -1, at: 0, previousEntry: -.infinity)
                let c = servers[station]
                if c >= 0, busy[station] >= c {
                    queues[station].append((entity, 0))
                } else {
                    busy[station] += 1
                    observer.started(station: station, waited: 0, at: 0)
                    scheduleRemaining(entity, at: station, elapsed: elapsed, stream: stream)
                }
            }
        }
    }

    /// Schedules an initial entity's completion: each time is drawn from the station's
    /// distribution until it exceeds the time already spent (up to 10,000 draws; after that the
    /// entity completes at once, which only a distribution with almost no mass beyond the
    /// elapsed time can cause).
    func scheduleRemaining(_ entity: Int32, at station: Int, elapsed: Double, stream: RandomStream) {
        scheduleCompletion(entity, at: station) { core, _ in
            for _ in 0..<10_000 {
                let d = core.draw(stream.rng)
                if d > elapsed { return d - elapsed }
            }
            return 0
        }
    }

    func handle(_ event: Event) {
        let now = event.time
        switch Kind(rawValue: event.kind)! {
        case .arrival:
            let s = Int(event.target)
            let entity = entities.create(at: now)
            if sourceHasAge[s] {
                let born = now - sourceAge[s].draw(ageRNG[s]) * NetworkSpec.daysPerYear
                entities.setBorn(entity, born)
                if ageLimitDays >= 0, born + ageLimitDays <= horizon {
                    sim.pointee.schedule(Event(time: max(now, born + ageLimitDays), kind: Kind.ageLimit.rawValue,
                                               entity: entity, tag: entities.token(entity)))
                }
            }
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
        case .ageLimit:
            ageOut(event, now: now)
        }
    }

    /// The entity has reached the age limit: it leaves wherever it is, to the age exit. Its
    /// pending completion (if any) becomes stale through the token.
    func ageOut(_ event: Event, now: Double) {
        guard entities.token(event.entity) == event.tag else { return }  // it left earlier
        let station = entities.station(event.entity)
        let stay = tracksStays ? now - entities.arrivedAtStation(event.entity) : .nan
        if servers[station] >= 0, let i = queues[station].firstIndex(where: { $0.entity == event.entity }) {
            queues[station].remove(at: i)
            observer.abandoned(station: station, to: .exit(ageExit), at: now, stayed: stay)
        } else {
            observer.left(station: station, to: .exit(ageExit), at: now, stayed: stay)
            freeServer(at: station, now: now)
        }
        entities.release(event.entity)
    }

    /// A server at `station` became free: the next in the queue starts, if any.
    func freeServer(at station: Int, now: Double) {
        if servers[station] >= 0, let waiting = queues[station].popFirst() {
            startService(waiting.entity, at: station, waited: now - waiting.since, now: now)
        } else {
            busy[station] -= 1
        }
    }

    func arrive(_ entity: Int32, at station: Int, fromOrigin origin: Int, now: Double) {
        let previous = entities.recordEntry(entity, station: station, at: now)
        let c = servers[station]
        if c >= 0, busy[station] >= c {
            observer.entered(station: station, from: origin, at: now, previousEntry: previous)
            queues[station].append((entity, now))
        } else {
            busy[station] += 1
            observer.enteredAndStarted(station: station, from: origin, at: now, previousEntry: previous)
            scheduleCompletion(entity, at: station) { core, rng in core.draw(rng) }
        }
    }

    func startService(_ entity: Int32, at station: Int, waited: Double, now: Double) {
        observer.started(station: station, waited: waited, at: now)
        scheduleCompletion(entity, at: station) { core, rng in core.draw(rng) }
    }

    /// Schedules the entity's completion at `station`: after one duration at a routed station,
    /// or after the earliest competing time (the choice is remembered for `complete`). `time`
    /// draws a time from a distribution and the stream that station uses for it.
    @inline(__always)
    func scheduleCompletion(_ entity: Int32, at station: Int,
                            _ time: (SamplerCore, UnsafeMutablePointer<gsl_rng>) -> Double) {
        let tag = ageLimitDays >= 0 ? entities.token(entity) : 0
        let n = competingCount[station]
        if n == 0 {
            sim.pointee.schedule(after: time(duration[station], durationRNG[station]), kind: Kind.completion.rawValue,
                                 target: Int32(station), entity: entity, tag: tag)
            return
        }
        var best = Double.infinity
        var choice = 0
        let start = optionStart[station]
        for i in 0..<n {
            let t = time(hazard[start + i], hazardRNG[start + i])
            if t < best {
                best = t
                choice = i
            }
        }
        entities.setChoice(entity, choice)
        sim.pointee.schedule(after: best, kind: Kind.completion.rawValue, target: Int32(station), entity: entity, tag: tag)
    }

    func complete(_ event: Event, now: Double) {
        let station = Int(event.target)
        if ageLimitDays >= 0, entities.token(event.entity) != event.tag { return }  // the entity aged out
        let destination: NetworkSpec.Destination
        let bands = bandCount[station]
        if bands > 0 {
            var band = bandStart[station]
            if bands > 1 {
                let age = now - entities.born(event.entity)  // NaN for no age: falls to the last band
                let last = band + bands - 1
                while band < last, !(age < bandBelowDays[band]) { band += 1 }
            }
            let option = Int(gsl_ran_discrete(routingRNG[station], bandTable[band]))
            destination = optionDestination[bandOptionStart[band] + option]
        } else {
            destination = optionDestination[optionStart[station] + entities.choice(event.entity)]
        }
        observer.left(station: station, to: destination, at: now,
                      stayed: tracksStays ? now - entities.arrivedAtStation(event.entity) : .nan)
        freeServer(at: station, now: now)
        switch destination {
        case .station(let next):
            arrive(event.entity, at: next, fromOrigin: sourceCount + station, now: now)
        case .exit:
            entities.release(event.entity)
        }
    }
}

/// Runs one replication of `spec` with the standard monitor.
public func simulateNetwork(_ spec: NetworkSpec, plan: ObservationPlan, routingTables: [[DiscreteTable]],
                            master: UInt64, replication: Int, generator: GeneratorKind = .mt19937) -> NetworkResult {
    let monitor = NetworkMonitor(spec: spec, plan: plan)
    let run = NetworkReplication(spec: spec, plan: plan, routingTables: routingTables, master: master,
                                 replication: replication, generator: generator, observer: monitor)
    let (events, peak) = run.run()
    return monitor.result(spec: spec, eventsHandled: events, peakEntities: peak)
}
