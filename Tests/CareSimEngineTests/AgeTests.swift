import CareSimEngine
import Foundation
import Testing

/// Ages: routing that depends on age, and leaving at an age limit wherever the entity is.
@Suite("Ages")
struct AgeTests {
    static func run(_ spec: NetworkSpec, horizon: Double = 20_000, warmup: Double = 5_000, replication: Int = 0) -> NetworkResult {
        let plan = ObservationPlan(horizon: horizon, warmup: warmup, stockInterval: 1_000, flowPeriod: horizon)
        return simulateNetwork(spec, plan: plan, routingTables: NetworkReplication<NetworkMonitor>.routingTables(for: spec),
                               master: 5, replication: replication)
    }

    static func total(_ r: NetworkResult, from origin: String, to destination: String) -> Int {
        let o = r.flowOrigins.firstIndex(of: origin)!, d = r.flowDestinations.firstIndex(of: destination)!
        return (0..<r.flowPeriods).reduce(0) { $0 + r.flow(period: $1, origin: o, destination: d) }
    }

    /// Ages uniform on [0, 10) years at arrival; after a constant 1-year stay those below 5
    /// (at leaving, so arrival age below 4) go one way: a share of 0.4.
    @Test func routingByAge() throws {
        let spec = NetworkSpec(
            stations: [.init(name: "stay", servers: nil, service: .routedByAge(
                duration: try Sampler(.constant(NetworkSpec.daysPerYear)),
                bands: [.init(belowYears: 5, next: [(.exit(0), 1)]), .init(belowYears: .infinity, next: [(.exit(1), 1)])]))],
            exits: ["young", "old"],
            sources: [.init(name: "in", station: 0, interarrival: try Sampler(.exponential(mean: 1)), age: try Sampler(.uniform(min: 0, max: 10)))])
        let r = Self.run(spec)
        let young = Double(Self.total(r, from: "stay", to: "young")), old = Double(Self.total(r, from: "stay", to: "old"))
        let share = young / (young + old)
        let se = (0.4 * 0.6 / (young + old)).squareRoot()
        #expect(abs(share - 0.4) < 4.5 * se, "share \(share), n \(young + old)")
    }

    /// Entities arriving aged 17 with a stay of mean 2 years at an unlimited station: they leave
    /// at 18 unless they finish first, P(finish within 1 year) = 1 - e^-0.5. Entities without an
    /// age never age out.
    @Test func ageLimitAtAnUnlimitedStation() throws {
        let spec = NetworkSpec(
            stations: [.init(name: "care", servers: nil, service: .routed(
                duration: try Sampler(.exponential(mean: 2 * NetworkSpec.daysPerYear)), next: [(.exit(0), 1)]))],
            exits: ["left", "aged_out"],
            sources: [
                .init(name: "teen", station: 0, interarrival: try Sampler(.exponential(mean: 2)), age: try Sampler(.constant(17))),
                .init(name: "ageless", station: 0, interarrival: try Sampler(.exponential(mean: 2))),
            ],
            ageLimit: .init(years: 18, exit: 1))
        let r = Self.run(spec, horizon: 30_000, warmup: 2_000)
        let left = Double(Self.total(r, from: "care", to: "left")), aged = Double(Self.total(r, from: "care", to: "aged_out"))
        // Half the arrivals are ageless and always leave normally; a teen ages out when its
        // stay would last more than a year.
        let n = left + aged, exact = 0.5 * exp(-0.5)
        let se = (exact * (1 - exact) / n).squareRoot()
        #expect(abs(aged / n - exact) < 4.5 * se, "aged-out share \(aged / n), exact \(exact)")
    }

    /// At a single-server station with a long queue, waiting entities that reach the limit
    /// leave the queue; the server keeps working and nothing is served twice.
    @Test func ageLimitInAQueue() throws {
        let spec = NetworkSpec(
            stations: [.init(name: "assessment", servers: 1, service: .routed(
                duration: try Sampler(.exponential(mean: 1.2)), next: [(.exit(0), 1)]))],
            exits: ["done", "aged_out"],
            sources: [.init(name: "in", station: 0, interarrival: try Sampler(.exponential(mean: 1)),
                            age: try Sampler(.uniform(min: 17.9, max: 18)))],
            ageLimit: .init(years: 18, exit: 1))
        let r = Self.run(spec, horizon: 3_000, warmup: 500)
        let done = Self.total(r, from: "assessment", to: "done"), aged = Self.total(r, from: "assessment", to: "aged_out")
        let arrivals = Self.total(r, from: "in", to: "assessment")
        #expect(aged > 0 && done > 0)
        // Conservation: every arrival is done, aged out or still present at the horizon.
        let present = r.samples.last!.inSystem[0]
        #expect(done + aged + present == arrivals)
        // The server is busy nearly all the time (the queue never empties for long).
        #expect(r.stations[0].meanBusy > 0.9 && r.stations[0].meanBusy <= 1)
        // Nobody waits more than the 0.1 years (36.5 days) they have before turning 18.
        #expect(r.stations[0].meanWait! < 36.6)
    }
}
