import CareSimEngine
import Testing

/// Checks that the replication mean of `values` lies within the 99.9% Student-t interval of
/// `expected` (a correct simulation fails this with probability 0.001), and that the interval is
/// narrower than `maxHalfWidth`, so the check has the power to catch a wrong model.
func expectWithinCI(_ values: [Double], _ expected: Double, maxHalfWidth: Double, _ what: String,
                    sourceLocation: SourceLocation = #_sourceLocation) {
    let s = SummaryStatistic(values)
    guard let h = s.halfWidth(confidence: 0.999) else {
        Issue.record("\(what): need at least two replications", sourceLocation: sourceLocation)
        return
    }
    #expect(abs(s.mean - expected) <= h, "\(what): mean \(s.mean) vs expected \(expected) (99.9% half-width \(h))",
            sourceLocation: sourceLocation)
    #expect(h <= maxHalfWidth, "\(what): half-width \(h) too wide to be a useful test", sourceLocation: sourceLocation)
}

/// One source feeding one station that sends everything to a single exit.
func singleStation(interarrivalMean: Double, service: Distribution, servers: Int?) throws -> NetworkSpec {
    NetworkSpec(
        stations: [.init(name: "desk", servers: servers,
                         service: .routed(duration: try Sampler(service), next: [(destination: .exit(0), probability: 1)]))],
        exits: ["done"],
        sources: [.init(name: "referrals", station: 0, interarrival: try Sampler(.exponential(mean: interarrivalMean)))])
}

func runReplications(_ spec: NetworkSpec, _ plan: ObservationPlan, master: UInt64, count: Int) -> [NetworkResult] {
    let tables = NetworkReplication<NetworkMonitor>.routingTables(for: spec)
    return (0..<count).map { simulateNetwork(spec, plan: plan, routingTables: tables, master: master, replication: $0) }
}

/// Compares every field of two results.
func expectIdentical(_ a: NetworkResult, _ b: NetworkResult, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.stations.count == b.stations.count, sourceLocation: sourceLocation)
    for (x, y) in zip(a.stations, b.stations) {
        #expect(x.name == y.name, sourceLocation: sourceLocation)
        #expect(x.servers == y.servers, sourceLocation: sourceLocation)
        #expect(x.meanInSystem == y.meanInSystem, sourceLocation: sourceLocation)
        #expect(x.meanQueued == y.meanQueued, sourceLocation: sourceLocation)
        #expect(x.meanBusy == y.meanBusy, sourceLocation: sourceLocation)
        #expect(x.meanWait == y.meanWait, sourceLocation: sourceLocation)
        #expect(x.serviceStarts == y.serviceStarts, sourceLocation: sourceLocation)
        #expect(x.arrivalRate == y.arrivalRate, sourceLocation: sourceLocation)
    }
    #expect(a.samples == b.samples, sourceLocation: sourceLocation)
    #expect(a.flowOrigins == b.flowOrigins, sourceLocation: sourceLocation)
    #expect(a.flowDestinations == b.flowDestinations, sourceLocation: sourceLocation)
    #expect(a.flowPeriod == b.flowPeriod, sourceLocation: sourceLocation)
    #expect(a.horizon == b.horizon, sourceLocation: sourceLocation)
    #expect(a.flows == b.flows, sourceLocation: sourceLocation)
    #expect(a.eventsHandled == b.eventsHandled, sourceLocation: sourceLocation)
    #expect(a.peakEntities == b.peakEntities, sourceLocation: sourceLocation)
}

/// Total flow from `origin` to `destination` over all periods.
func totalFlow(_ r: NetworkResult, origin: Int, destination: Int) -> Int {
    (0..<r.flowPeriods).reduce(0) { $0 + r.flow(period: $1, origin: origin, destination: destination) }
}

@Suite("Network simulation")
struct NetworkSimulationTests {
    @Test("M/M/1: time-averaged stocks and wait match queueing theory")
    func mm1() throws {
        // lambda = 0.5, mu = 1, rho = 0.5: L = rho/(1-rho) = 1, Lq = rho^2/(1-rho) = 0.5, busy = rho,
        // Wq = rho/(mu - lambda) = 1. The number in system relaxes in ~1/(mu (1-sqrt rho))^2 ~ 12 days,
        // so a 500-day warm-up removes the empty-start bias.
        let lambda = 0.5, mean = 1.0
        let rho = lambda * mean
        let spec = try singleStation(interarrivalMean: 1 / lambda, service: .exponential(mean: mean), servers: 1)
        let plan = ObservationPlan(horizon: 20_500, warmup: 500, stockInterval: 100, flowPeriod: 1000)
        let results = runReplications(spec, plan, master: 2024, count: 20)
        let stations = results.map { $0.stations[0] }
        expectWithinCI(stations.map(\.meanInSystem), rho / (1 - rho), maxHalfWidth: 0.1, "L")
        expectWithinCI(stations.map(\.meanQueued), rho * rho / (1 - rho), maxHalfWidth: 0.1, "Lq")
        expectWithinCI(stations.map(\.meanBusy), rho, maxHalfWidth: 0.02, "busy")
        expectWithinCI(stations.map { $0.meanWait ?? .nan },
                       JacksonNetwork.meanWait(servers: 1, arrivalRate: lambda, meanService: mean), maxHalfWidth: 0.1, "Wq")
        expectWithinCI(stations.map(\.arrivalRate), lambda, maxHalfWidth: 0.02, "arrival rate")
        for s in stations {
            // Everyone present is either queued or in service.
            #expect(abs(s.meanInSystem - (s.meanQueued + s.meanBusy)) < 1e-9)
            #expect(s.servers == 1)
            #expect(s.name == "desk")
        }
    }

    @Test("M/M/2 wait matches Erlang C")
    func mm2() throws {
        // lambda = 1.5, mean 1, c = 2: a = 1.5, rho = 0.75.
        let spec = try singleStation(interarrivalMean: 1 / 1.5, service: .exponential(mean: 1), servers: 2)
        let plan = ObservationPlan(horizon: 10_500, warmup: 500, stockInterval: 500, flowPeriod: 10_500)
        let results = runReplications(spec, plan, master: 5, count: 20)
        let wq = JacksonNetwork.meanWait(servers: 2, arrivalRate: 1.5, meanService: 1)
        expectWithinCI(results.map { $0.stations[0].meanWait ?? .nan }, wq, maxHalfWidth: 0.25 * wq, "Wq")
        expectWithinCI(results.map { $0.stations[0].meanBusy }, 1.5, maxHalfWidth: 0.05, "busy servers")
    }

    static let infiniteServerServices: [Distribution] = [
        .exponential(mean: 10),
        .gamma(shape: 2, scale: 5),
        .lognormal(mu: 2, sigma: 0.5),
    ]

    @Test("M/G/infinity: mean stock = lambda * mean service, nobody waits", arguments: infiniteServerServices)
    func infiniteServer(_ service: Distribution) throws {
        let lambda = 1.0
        let spec = try singleStation(interarrivalMean: 1 / lambda, service: service, servers: nil)
        let plan = ObservationPlan(horizon: 5_200, warmup: 200, stockInterval: 100, flowPeriod: 5_200)
        let results = runReplications(spec, plan, master: 31, count: 20)
        let expected = lambda * service.mean
        expectWithinCI(results.map { $0.stations[0].meanInSystem }, expected, maxHalfWidth: 0.05 * expected, "L")
        for r in results {
            let s = r.stations[0]
            #expect(s.servers == nil)
            #expect(s.meanQueued == 0)
            #expect(s.meanWait == 0)
            #expect(s.meanBusy == s.meanInSystem)
        }
    }

    @Test("competing hazards: flows split as rate_i / (rate_1 + rate_2), stay ~ 1/(rate_1 + rate_2)")
    func competingHazards() throws {
        let r1 = 0.5, r2 = 1.0 / 6
        let spec = NetworkSpec(
            stations: [.init(name: "placement", servers: nil, service: .competing([
                (destination: .exit(0), time: try Sampler(.exponential(mean: 1 / r1))),
                (destination: .exit(1), time: try Sampler(.exponential(mean: 1 / r2))),
            ]))],
            exits: ["home", "residential"],
            sources: [.init(name: "referrals", station: 0, interarrival: try Sampler(.exponential(mean: 1)))])
        let plan = ObservationPlan(horizon: 2_100, warmup: 100, stockInterval: 100, flowPeriod: 100)
        let results = runReplications(spec, plan, master: 8, count: 10)
        // Flow columns: stations first, then exits; station rows come after the sources.
        let origin = spec.sources.count + 0
        let toHome = results.reduce(0) { $0 + totalFlow($1, origin: origin, destination: spec.stations.count + 0) }
        let toResidential = results.reduce(0) { $0 + totalFlow($1, origin: origin, destination: spec.stations.count + 1) }
        let n = toHome + toResidential
        let p = r1 / (r1 + r2)
        #expect(n > 15_000)
        // Binomial: |k - n p| <= 4.5 sqrt(n p (1-p)).
        #expect(abs(Double(toHome) - Double(n) * p) <= 4.5 * (Double(n) * p * (1 - p)).squareRoot(),
                "\(toHome) of \(n) to home, expected fraction \(p)")
        // The time spent is the minimum of the two: exponential with rate r1 + r2.
        expectWithinCI(results.map { $0.stations[0].meanInSystem }, 1 / (r1 + r2), maxHalfWidth: 0.1, "L")
    }

    @Test("routed station: exit frequencies match routing probabilities (chi-square)")
    func routedSplit() throws {
        let probabilities = [0.2, 0.5, 0.05, 0.25]
        let spec = NetworkSpec(
            stations: [.init(name: "assessment", servers: nil, service: .routed(
                duration: try Sampler(.constant(0.5)),
                next: probabilities.indices.map { (destination: .exit($0), probability: probabilities[$0]) }))],
            exits: ["a", "b", "c", "d"],
            sources: [.init(name: "referrals", station: 0, interarrival: try Sampler(.exponential(mean: 0.5)))])
        let plan = ObservationPlan(horizon: 10_000, warmup: 0, stockInterval: 1000, flowPeriod: 1000)
        let r = runReplications(spec, plan, master: 12, count: 1)[0]
        let counts = probabilities.indices.map { totalFlow(r, origin: 1, destination: 1 + $0) }
        let chi = chiSquare(observed: counts, probabilities: probabilities)
        #expect(chi.df == 3)
        #expect(chi.statistic <= chi.critical, "\(counts)")
        // A constant stay: L = lambda * 0.5 = 1.
        #expect(abs(r.stations[0].meanInSystem - 1) < 0.05)
    }

    @Test("open Jackson network: arrival rates and waits match the traffic equations and Erlang C")
    func jacksonNetwork() throws {
        // A (1 server, mean 0.2) -> B with 0.8, else exit; B (6 servers, mean 1) -> A with 0.5, else exit.
        // External: 1/day into A, 2/day into B.
        let spec = NetworkSpec(
            stations: [
                .init(name: "A", servers: 1, service: .routed(duration: try Sampler(.exponential(mean: 0.2)),
                                                              next: [(.station(1), 0.8), (.exit(0), 0.2)])),
                .init(name: "B", servers: 6, service: .routed(duration: try Sampler(.exponential(mean: 1)),
                                                              next: [(.station(0), 0.5), (.exit(0), 0.5)])),
            ],
            exits: ["out"],
            sources: [
                .init(name: "toA", station: 0, interarrival: try Sampler(.exponential(mean: 1))),
                .init(name: "toB", station: 1, interarrival: try Sampler(.exponential(mean: 0.5))),
            ])
        let lambda = JacksonNetwork.arrivalRates(external: [1, 2], routing: [[0, 0.8], [0.5, 0]])
        let plan = ObservationPlan(horizon: 2_100, warmup: 100, stockInterval: 100, flowPeriod: 700)
        let results = runReplications(spec, plan, master: 77, count: 20)
        for (i, (servers, mean)) in [(1, 0.2), (6, 1.0)].enumerated() {
            expectWithinCI(results.map { $0.stations[i].arrivalRate }, lambda[i], maxHalfWidth: 0.05 * lambda[i], "arrival rate \(i)")
            let wq = JacksonNetwork.meanWait(servers: servers, arrivalRate: lambda[i], meanService: mean)
            expectWithinCI(results.map { $0.stations[i].meanWait ?? .nan }, wq, maxHalfWidth: 0.15 * wq, "Wq \(i)")
            expectWithinCI(results.map { $0.stations[i].meanInSystem }, lambda[i] * (wq + mean),
                           maxHalfWidth: 0.1 * lambda[i] * (wq + mean), "L \(i)")
        }
    }

    @Test("deterministic single server: every statistic by hand")
    func deterministicSingleServer() throws {
        // Arrivals every 2 days from day 2; service 2.5 days; one server. No two events share a time.
        //   entity  arrives  starts  waits  leaves
        //     1        2       2      0      4.5
        //     2        4       4.5    0.5    7
        //     3        6       7      1      9.5
        //     4        8       9.5    1.5    12
        //     5       10       12     2      14.5
        // In system: 0 on [0,2), 1 on [2,4), 2 on [4,4.5), 1 on [4.5,6), 2 on [6,7), 1 on [7,8),
        // 2 on [8,9.5), 1 on [9.5,10), 2 on [10,11]. Window [3, 11] (8 days):
        //   integral = 1 + 1 + 1.5 + 2 + 1 + 3 + 0.5 + 2 = 12  =>  L = 1.5; busy = 1 throughout; Lq = 0.5.
        // Starts in the window: 4.5, 7, 9.5 with waits 0.5, 1, 1.5 => mean wait 1.
        // Arrivals in the window: 4, 6, 8, 10 => 0.5 per day.
        let spec = try singleStation(interarrivalMean: 2, service: .constant(2.5), servers: 1)
        let deterministic = NetworkSpec(
            stations: spec.stations, exits: spec.exits,
            sources: [.init(name: "referrals", station: 0, interarrival: try Sampler(.constant(2)))])
        let plan = ObservationPlan(horizon: 11, warmup: 3, stockInterval: 2.2, flowPeriod: 5)
        let r = simulateNetwork(deterministic, plan: plan,
                                routingTables: NetworkReplication<NetworkMonitor>.routingTables(for: deterministic),
                                master: 1, replication: 0)
        let s = r.stations[0]
        #expect(abs(s.meanInSystem - 1.5) < 1e-12)
        #expect(abs(s.meanBusy - 1) < 1e-12)
        #expect(abs(s.meanQueued - 0.5) < 1e-12)
        #expect(abs(try #require(s.meanWait) - 1) < 1e-12)
        #expect(s.serviceStarts == 3)
        #expect(abs(s.arrivalRate - 0.5) < 1e-12)
        // Samples at 0, 2.2, 4.4, 6.6, 8.8 and 11 (the last within rounding of the horizon).
        #expect(r.samples.count == 6)
        #expect(zip(r.samples.map(\.time), [0, 2.2, 4.4, 6.6, 8.8, 11]).allSatisfy { abs($0 - $1) < 1e-9 })
        #expect(r.samples.map { $0.inSystem[0] } == [0, 1, 2, 2, 2, 2])
        #expect(r.samples.map { $0.queued[0] } == [0, 0, 1, 1, 1, 1])
        // Flows in periods [0,5), [5,10), [10,11]: arrivals 2,4 | 6,8 | 10; departures 4.5 | 7,9.5 | -.
        #expect(r.flowPeriods == 3)
        #expect((0..<3).map { r.flow(period: $0, origin: 0, destination: 0) } == [2, 2, 1])
        #expect((0..<3).map { r.flow(period: $0, origin: 1, destination: 1) } == [1, 2, 0])
        #expect(r.flows.reduce(0, +) == 8)
        #expect(r.peakEntities == 2)
        // 6 samples + warm-up end + 5 arrivals + 3 completions.
        #expect(r.eventsHandled == 15)
    }

    @Test("deterministic queue is first come, first served")
    func deterministicFIFO() throws {
        // Arrivals every day from day 1, service 2.25 days, one server: the queue grows.
        // FIFO starts entity k at 1 + 2.25 (k-1): entities 1-4 start at 1, 3.25, 5.5, 7.75 with waits
        // 0, 1.25, 2.5, 3.75 (mean 1.875). LIFO would serve entities 1, 3, 5, 7 with waits
        // 0, 0.25, 0.5, 0.75 (mean 0.375); the averages L, Lq and busy would be the same.
        let base = try singleStation(interarrivalMean: 1, service: .constant(2.25), servers: 1)
        let spec = NetworkSpec(stations: base.stations, exits: base.exits,
                               sources: [.init(name: "referrals", station: 0, interarrival: try Sampler(.constant(1)))])
        let plan = ObservationPlan(horizon: 9.5, warmup: 0, stockInterval: 2.4, flowPeriod: 9.5)
        let r = simulateNetwork(spec, plan: plan, routingTables: NetworkReplication<NetworkMonitor>.routingTables(for: spec),
                                master: 1, replication: 0)
        #expect(r.stations[0].serviceStarts == 4)
        #expect(abs(try #require(r.stations[0].meanWait) - 1.875) < 1e-12)
        // Samples at 0, 2.4, 4.8, 7.2: arrivals so far 0, 2, 4, 7; departures 0, 0, 1 (3.25), 2 (5.5).
        #expect(r.samples.map { $0.inSystem[0] } == [0, 2, 3, 5])
        #expect(r.samples.map { $0.queued[0] } == [0, 1, 2, 4])
        #expect(r.peakEntities == 6)  // 9 arrivals by 9.5, 3 departures (3.25, 5.5, 7.75)
    }

    @Test("a stock sample falls on the horizon even when the sampling times accumulate rounding error")
    func sampleAtHorizon() throws {
        // 0 + 2.2 + 2.2 + 2.2 = 6.6000000000000005 > 6.6 in floating point.
        let spec = try singleStation(interarrivalMean: 1, service: .exponential(mean: 0.5), servers: 1)
        let plan = ObservationPlan(horizon: 6.6, warmup: 0, stockInterval: 2.2, flowPeriod: 6.6)
        let r = simulateNetwork(spec, plan: plan, routingTables: NetworkReplication<NetworkMonitor>.routingTables(for: spec),
                                master: 1, replication: 0)
        #expect(r.samples.count == 4)
        #expect(r.samples.last?.time == 6.6)
    }

    @Test("deterministic competing hazards: the earliest time wins, and chained stations pass entities on")
    func deterministicCompeting() throws {
        let spec = NetworkSpec(
            stations: [
                .init(name: "first", servers: nil, service: .routed(duration: try Sampler(.constant(1)), next: [(.station(1), 1)])),
                .init(name: "second", servers: nil, service: .competing([
                    (.exit(0), try Sampler(.constant(5))),
                    (.exit(1), try Sampler(.constant(2))),
                    (.exit(2), try Sampler(.constant(3))),
                ])),
            ],
            exits: ["late", "early", "later"],
            sources: [.init(name: "in", station: 0, interarrival: try Sampler(.constant(1.25)))])
        // Arrivals at 1.25 k; each spends 1 day in "first" and 2 in "second", so L = 0.8 and 1.6.
        let plan = ObservationPlan(horizon: 100, warmup: 10, stockInterval: 50, flowPeriod: 100)
        let r = simulateNetwork(spec, plan: plan, routingTables: NetworkReplication<NetworkMonitor>.routingTables(for: spec),
                                master: 1, replication: 0)
        #expect(totalFlow(r, origin: 2, destination: 2) == 0, "nobody takes the later exits")
        #expect(totalFlow(r, origin: 2, destination: 4) == 0, "nobody takes the later exits")
        // Entities arriving at 1.25 k leave "second" at 1.25 k + 3 <= 100, so k <= 77.
        #expect(totalFlow(r, origin: 2, destination: 3) == 77)
        #expect(totalFlow(r, origin: 1, destination: 1) == 79)  // 1.25 k + 1 <= 100, k <= 79
        #expect(totalFlow(r, origin: 0, destination: 0) == 80)  // 1.25 k <= 100
        #expect(abs(r.stations[0].meanInSystem - 0.8) < 1e-9)
        #expect(abs(r.stations[1].meanInSystem - 1.6) < 1e-9)
        #expect(abs(r.stations[1].arrivalRate - 0.8) < 1e-9)
    }

    static func smallSpec() throws -> NetworkSpec {
        NetworkSpec(
            stations: [
                .init(name: "triage", servers: 2, service: .routed(duration: try Sampler(.gamma(shape: 2, scale: 0.4)),
                                                                   next: [(.station(1), 0.6), (.exit(0), 0.4)])),
                .init(name: "care", servers: nil, service: .competing([
                    (.exit(0), try Sampler(.weibull(shape: 1.5, scale: 20))),
                    (.exit(1), try Sampler(.lognormal(mu: 3, sigma: 0.6))),
                ])),
            ],
            exits: ["home", "died"],
            sources: [.init(name: "referrals", station: 0, interarrival: try Sampler(.exponential(mean: 1)))])
    }

    static let smallPlan = ObservationPlan(horizon: 730, warmup: 100, stockInterval: 30, flowPeriod: 90)

    @Test("the same seed gives identical results; another replication, master or generator does not")
    func reproducibility() throws {
        let spec = try Self.smallSpec()
        let tables = NetworkReplication<NetworkMonitor>.routingTables(for: spec)
        func run(_ master: UInt64, _ replication: Int, _ kind: GeneratorKind = .mt19937) -> NetworkResult {
            simulateNetwork(spec, plan: Self.smallPlan, routingTables: tables, master: master, replication: replication, generator: kind)
        }
        let a = run(1, 3)
        expectIdentical(a, run(1, 3))
        // Fresh routing tables are equivalent.
        expectIdentical(a, simulateNetwork(spec, plan: Self.smallPlan, routingTables: NetworkReplication<NetworkMonitor>.routingTables(for: spec),
                                           master: 1, replication: 3))
        for other in [run(1, 4), run(2, 3), run(1, 3, .taus2)] {
            #expect(other.flows != a.flows)
            #expect(other.stations[0].meanInSystem != a.stations[0].meanInSystem)
            #expect(other.stations[1].meanInSystem != a.stations[1].meanInSystem)
            #expect(other.samples != a.samples)
        }
    }

    @Test("result bookkeeping: samples, flow matrix shape and conservation of entities")
    func bookkeeping() throws {
        let spec = try Self.smallSpec()
        let tables = NetworkReplication<NetworkMonitor>.routingTables(for: spec)
        #expect(tables.count == 2)
        #expect(tables[0].map(\.weights) == [[0.6, 0.4]])
        #expect(tables[1].isEmpty)
        let plan = Self.smallPlan
        let r = simulateNetwork(spec, plan: plan, routingTables: tables, master: 9, replication: 0)
        // Samples every 30 days from 0 to 720 (the next, 750, is past the horizon).
        #expect(r.samples.map(\.time) == stride(from: 0.0, through: 720, by: 30).map { $0 })
        #expect(r.samples.first?.inSystem == [0, 0])
        #expect(r.samples.allSatisfy { s in zip(s.queued, s.inSystem).allSatisfy { $0 >= 0 && $0 <= $1 } })
        #expect(r.samples.allSatisfy { $0.queued[1] == 0 }, "an unlimited station never queues")
        #expect(r.flowOrigins == ["referrals", "triage", "care"])
        #expect(r.flowDestinations == ["triage", "care", "home", "died"])
        #expect(r.flowPeriods == plan.flowPeriods)
        #expect(r.flowPeriods == 9)  // ceil(730 / 90)
        #expect(r.horizon == 730 && r.flowPeriod == 90)

        // Conservation: what came in, minus what left, is what is present at the horizon.
        let origins = r.flowOrigins.count, destinations = r.flowDestinations.count
        func total(_ o: Int, _ d: Int) -> Int { totalFlow(r, origin: o, destination: d) }
        let arrived = total(0, 0)
        let exited = (1..<origins).reduce(0) { acc, o in acc + (2..<destinations).reduce(0) { $0 + total(o, $1) } }
        // Entries to each station = flows into its column; exits from it = flows out of its row.
        var present = 0
        for s in 0..<2 {
            let into = (0..<origins).reduce(0) { $0 + total($1, s) }
            let out = (0..<destinations).reduce(0) { $0 + total(1 + s, $1) }
            #expect(into >= out)
            present += into - out
        }
        #expect(arrived - exited == present)
        #expect(arrived > 600)
        // The source only feeds triage; nothing flows from a station to itself here.
        #expect(total(0, 1) == 0 && total(0, 2) == 0 && total(0, 3) == 0)
        #expect(total(1, 0) == 0 && total(2, 0) == 0 && total(2, 1) == 0)
        #expect(r.peakEntities >= r.samples.map { $0.inSystem.reduce(0, +) }.max()!)
        #expect(r.peakEntities <= arrived)
        #expect(r.eventsHandled > 2 * arrived)
        // Triage splits 60/40 between care and home (binomial, 4.5 sd).
        let fromTriage = total(1, 1) + total(1, 2)
        #expect(abs(Double(total(1, 1)) - 0.6 * Double(fromTriage)) <= 4.5 * (Double(fromTriage) * 0.24).squareRoot())
    }
}
