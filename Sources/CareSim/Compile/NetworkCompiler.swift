import CareSimEngine

/// Builds the engine's network and observation plan from a network scenario. The scenario has been
/// validated, so every name resolves and every distribution is valid.
public enum NetworkCompiler {
    public static func network(for scenario: Scenario.Network) -> NetworkSpec {
        let stageIndex = Dictionary(uniqueKeysWithValues: scenario.stages.enumerated().map { ($1.name, $0) })
        let exitIndex = Dictionary(uniqueKeysWithValues: scenario.exits.enumerated().map { ($1, $0) })
        func destination(_ name: String) -> NetworkSpec.Destination {
            if let s = stageIndex[name] { return .station(s) }
            return .exit(exitIndex[name]!)
        }
        let stations = scenario.stages.map { stage -> NetworkSpec.Station in
            let service: NetworkSpec.Service
            switch stage.routing {
            case .probabilities(let duration, let next):
                service = .routed(duration: sampler(duration), next: next.map { (destination($0.to), $0.probability) })
            case .probabilitiesByAge(let duration, let bands):
                service = .routedByAge(duration: sampler(duration), bands: bands.map {
                    NetworkSpec.AgeRouting(belowYears: $0.belowYears, next: $0.next.map { (destination($0.to), $0.probability) })
                })
            case .competingHazards(let options):
                service = .competing(options.map { (destination($0.to), sampler($0.time)) })
            }
            return NetworkSpec.Station(name: stage.name, servers: stage.servers, service: service)
        }
        let sources = scenario.arrivals.map {
            NetworkSpec.Source(name: $0.name, station: stageIndex[$0.stage]!, interarrival: sampler($0.interarrival),
                               age: $0.age.map(sampler))
        }
        let ageLimit = scenario.ageing.map { NetworkSpec.AgeLimit(years: $0.leaveAtYears, exit: exitIndex[$0.exit]!) }
        let initial = scenario.initial.map {
            NetworkSpec.InitialGroup(station: stageIndex[$0.stage]!, count: $0.count, age: $0.age.map(sampler), elapsed: $0.elapsed.map(sampler))
        }
        return NetworkSpec(stations: stations, exits: scenario.exits, sources: sources, ageLimit: ageLimit, initial: initial)
    }

    /// What a run of network `scenario` over `horizon` days, `warmup` of them not counted, records.
    public static func plan(for scenario: Scenario.Network, horizon: Double, warmup: Double) -> ObservationPlan {
        ObservationPlan(horizon: horizon, warmup: warmup,
                        stockInterval: scenario.stockInterval, flowPeriod: scenario.flowPeriod,
                        durationBands: scenario.durationBands, reentryWindow: scenario.reentryWindow,
                        recordStays: scenario.recordStays)
    }

    static func sampler(_ d: Distribution) -> Sampler {
        do { return try Sampler(d) } catch { preconditionFailure("validated scenario has an invalid distribution: \(error)") }
    }
}
