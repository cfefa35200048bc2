/// The standard observer: time-weighted stocks and queues per station, waits, arrivals and
/// flows, over the window [warm-up, horizon], with stock samples and period flows from time 0.
/// Its counters live in fixed buffers (no reference counting on the hot path).
public final class NetworkMonitor: NetworkObserver {
    let stationCount: Int
    let sourceCount: Int
    let destinationCount: Int
    let plan: ObservationPlan
    // The number present is queued + busy, so it is not tracked separately.
    let queued: UnsafeMutableBufferPointer<TimeWeightedStock>
    let busy: UnsafeMutableBufferPointer<TimeWeightedStock>
    let waitSum: UnsafeMutableBufferPointer<Double>
    let waitCount: UnsafeMutableBufferPointer<Int>
    let arrivalsInWindow: UnsafeMutableBufferPointer<Int>
    let staySum: UnsafeMutableBufferPointer<Double>
    let stayCount: UnsafeMutableBufferPointer<Int>
    /// stayBands[station * (edges + 1) + band]: completed stays in the window by length.
    let stayBands: UnsafeMutableBufferPointer<Int>
    let repeatEntries: UnsafeMutableBufferPointer<Int>
    let reentries: UnsafeMutableBufferPointer<Int>
    let reentryWindow: Double
    let bandEdges: [Double]
    let hasBands: Bool
    /// flows[(period * origins + origin) * destinations + destination]
    let flows: UnsafeMutableBufferPointer<Int>
    let inverseFlowPeriod: Double
    let lastPeriod: Int
    var integralsAtWarmup: [(system: Double, queue: Double, busy: Double)]
    /// Whether the measurement window has begun. Behind a pointer: a class's stored `var` read
    /// on every event pays a dynamic exclusivity check (3% of run time at LA scale in perf).
    let windowOpen = UnsafeMutablePointer<Bool>.allocate(capacity: 1)
    var inWindow: Bool { windowOpen.pointee }
    var samples: [StockSample] = []

    public init(spec: NetworkSpec, plan: ObservationPlan) {
        stationCount = spec.stations.count
        sourceCount = spec.sources.count
        destinationCount = spec.stations.count + spec.exits.count
        self.plan = plan
        let stocks = Array(repeating: TimeWeightedStock(), count: stationCount)
        queued = .copying(stocks)
        busy = .copying(stocks)
        waitSum = .copying(Array(repeating: 0, count: stationCount))
        waitCount = .copying(Array(repeating: 0, count: stationCount))
        arrivalsInWindow = .copying(Array(repeating: 0, count: stationCount))
        staySum = .copying(Array(repeating: 0, count: stationCount))
        stayCount = .copying(Array(repeating: 0, count: stationCount))
        repeatEntries = .copying(Array(repeating: 0, count: stationCount))
        reentries = .copying(Array(repeating: 0, count: stationCount))
        reentryWindow = plan.reentryWindow ?? -1
        bandEdges = plan.durationBands
        hasBands = !plan.durationBands.isEmpty
        stayBands = .copying(Array(repeating: 0, count: stationCount * (plan.durationBands.count + 1)))
        flows = .copying(Array(repeating: 0, count: plan.flowPeriods * (sourceCount + stationCount) * destinationCount))
        inverseFlowPeriod = 1 / plan.flowPeriod
        lastPeriod = plan.flowPeriods - 1
        integralsAtWarmup = Array(repeating: (0, 0, 0), count: stationCount)
        windowOpen.initialize(to: false)
    }

    deinit {
        queued.release(); busy.release(); waitSum.release(); waitCount.release()
        arrivalsInWindow.release(); flows.release(); staySum.release(); stayCount.release(); stayBands.release()
        repeatEntries.release(); reentries.release()
        windowOpen.deallocate()
    }

    func countFlow(origin: Int, destination: Int, at time: Double) {
        let period = min(Int(time * inverseFlowPeriod), lastPeriod)
        flows[(period * (sourceCount + stationCount) + origin) * destinationCount + destination] += 1
    }

    /// `origin` is a flow-origin index: sources first, then stations.
    public func entered(station: Int, from origin: Int, at time: Double, previousEntry: Double) {
        queued[station].add(1, at: time)
        countEntry(station: station, from: origin, at: time, previousEntry: previousEntry)
    }

    /// Straight into service: the queue's level does not change, so only the busy stock moves.
    public func enteredAndStarted(station: Int, from origin: Int, at time: Double, previousEntry: Double) {
        busy[station].add(1, at: time)
        if inWindow { waitCount[station] += 1 }
        countEntry(station: station, from: origin, at: time, previousEntry: previousEntry)
    }

    func countEntry(station: Int, from origin: Int, at time: Double, previousEntry: Double) {
        if inWindow {
            arrivalsInWindow[station] += 1
            if previousEntry > -.infinity {
                repeatEntries[station] += 1
                if time - previousEntry <= reentryWindow { reentries[station] += 1 }
            }
        }
        if origin >= 0, origin < sourceCount { countFlow(origin: origin, destination: station, at: time) }
    }

    public func started(station: Int, waited wait: Double, at time: Double) {
        queued[station].add(-1, at: time)
        busy[station].add(1, at: time)
        if inWindow {
            waitSum[station] += wait
            waitCount[station] += 1
        }
    }

    public func left(station: Int, to destination: NetworkSpec.Destination, at time: Double, stayed stay: Double) {
        busy[station].add(-1, at: time)
        departed(station: station, to: destination, at: time, stayed: stay)
    }

    public func abandoned(station: Int, to destination: NetworkSpec.Destination, at time: Double, stayed stay: Double) {
        queued[station].add(-1, at: time)
        departed(station: station, to: destination, at: time, stayed: stay)
    }

    func departed(station: Int, to destination: NetworkSpec.Destination, at time: Double, stayed stay: Double) {
        if inWindow, !stay.isNaN {
            staySum[station] += stay
            stayCount[station] += 1
            if hasBands {
                var band = 0
                while band < bandEdges.count, stay >= bandEdges[band] { band += 1 }
                stayBands[station * (bandEdges.count + 1) + band] += 1
            }
        }
        let column: Int
        switch destination {
        case .station(let s): column = s
        case .exit(let e): column = stationCount + e
        }
        countFlow(origin: sourceCount + station, destination: column, at: time)
    }

    public func observe(_ instant: ObservationInstant, at time: Double) {
        switch instant {
        case .warmupEnd:
            windowOpen.pointee = true
            for s in 0..<stationCount {
                let q = queued[s].integral(at: time), b = busy[s].integral(at: time)
                integralsAtWarmup[s] = (q + b, q, b)
            }
        case .stockSample:
            samples.append(StockSample(time: time, inSystem: (0..<stationCount).map { queued[$0].level + busy[$0].level },
                                       queued: queued.map(\.level)))
        }
    }

    func result(spec: NetworkSpec, eventsHandled: Int, peakEntities: Int) -> NetworkResult {
        let end = plan.horizon
        let span = plan.horizon - plan.warmup
        var stations: [NetworkResult.StationStatistics] = []
        for s in 0..<stationCount {
            let w = integralsAtWarmup[s]
            stations.append(.init(
                name: spec.stations[s].name,
                servers: spec.stations[s].servers,
                meanInSystem: (queued[s].integral(at: end) + busy[s].integral(at: end) - w.system) / span,
                meanQueued: (queued[s].integral(at: end) - w.queue) / span,
                meanBusy: (busy[s].integral(at: end) - w.busy) / span,
                meanWait: waitCount[s] > 0 ? waitSum[s] / Double(waitCount[s]) : nil,
                serviceStarts: waitCount[s],
                arrivalRate: Double(arrivalsInWindow[s]) / span,
                meanStay: stayCount[s] > 0 ? staySum[s] / Double(stayCount[s]) : nil,
                completedStays: stayCount[s],
                arrivals: arrivalsInWindow[s],
                repeatArrivals: reentryWindow >= 0 ? repeatEntries[s] : nil,
                reentries: reentryWindow >= 0 ? reentries[s] : nil,
                staysByBand: bandEdges.isEmpty ? [] : Array(stayBands[(s * (bandEdges.count + 1))..<((s + 1) * (bandEdges.count + 1))])
            ))
        }
        return NetworkResult(
            stations: stations, samples: samples,
            flowOrigins: spec.flowOrigins, flowDestinations: spec.flowDestinations,
            flowPeriod: plan.flowPeriod, horizon: plan.horizon, flows: Array(flows), tracksStays: plan.tracksStays, durationBands: bandEdges,
            eventsHandled: eventsHandled, peakEntities: peakEntities)
    }
}

/// Stocks at one sampling instant, per station.
public struct StockSample: Sendable, Equatable {
    public var time: Double
    public var inSystem: [Int]
    public var queued: [Int]
}
