import CareSimEngine
import Foundation

/// A set of replications of one scenario, run in parallel. Replication r of a run seeded with
/// s always draws the same numbers, whatever the number of threads or which other
/// replications run, so results are reproducible and shardable.
public struct Experiment: Sendable {
    public var scenario: Scenario
    public var replications: Int
    public var seed: UInt64
    public var threads: Int
    /// Effect sizes at their means rather than drawn per replication (PathwayParameters.centralEffects).
    public var centralEffects: Bool
    /// Inputs held constant over the run (`--hold`; `PathwayParameters.holdingInputs()`): the
    /// no-change run whose drift `caresim check --drift` measures.
    public var hold = false
    /// Run only this shard's replications (`replications` stays the whole run's count).
    public var shard: Shard?

    public init(scenario: Scenario, replications: Int? = nil, seed: UInt64? = nil, threads: Int? = nil, centralEffects: Bool = false) {
        self.scenario = scenario
        self.centralEffects = centralEffects
        self.replications = replications ?? scenario.replications
        self.seed = seed ?? scenario.seed
        self.threads = threads ?? ReplicationRunner.availableCores
    }

    /// The global indices of the replications this run makes: all of them, or its shard's.
    public var replicationIndices: Range<Int> { shard?.replications(of: replications) ?? 0..<replications }

    public func run(progress: (@Sendable (Int) -> Void)? = nil) -> ExperimentResult {
        let start = Date()
        let one = replicator()
        let results = ReplicationRunner.map(Array(replicationIndices), threads: threads, progress: progress, one)
        return ExperimentResult(experiment: self, runs: .joined(results.map(\.runs), model: scenario.model),
                                wallTime: Date().timeIntervalSince(start), firstReplication: replicationIndices.lowerBound)
    }

    /// Runs replication r alone: a result holding that one replication (its firstReplication r).
    /// What is shared between replications (the compiled network, the published stocks a warm
    /// start reads) is built once here; each pathway replication takes its own samplers
    /// (`PathwaySamplers.init(_:sharing:)`).
    func replicator() -> @Sendable (Int) -> ExperimentResult {
        let seed = self.seed
        let generator = scenario.generator
        let experiment = self
        switch scenario.model {
        case .pathway(var parameters):
            parameters.centralEffects = centralEffects
            if hold { parameters = parameters.holdingInputs() }
            let pathway = parameters
            let samplers = try! PathwaySamplers(pathway)  // parameters were checked on loading
            return { r in
                let own = try! PathwaySamplers(pathway, sharing: samplers)
                return ExperimentResult(experiment: experiment,
                                 runs: .pathway([PathwayReplication(parameters: pathway, samplers: own, master: seed, replication: r, generator: generator).run()]),
                                 wallTime: 0, firstReplication: r)
            }
        case .network(let network):
            let spec = NetworkCompiler.network(for: network)
            let plan = NetworkCompiler.plan(for: network, horizon: scenario.horizon, warmup: scenario.warmup)
            let tables = NetworkReplication<NetworkMonitor>.routingTables(for: spec)
            return { r in
                ExperimentResult(experiment: experiment,
                                 runs: .network([simulateNetwork(spec, plan: plan, routingTables: tables, master: seed, replication: r, generator: generator)]),
                                 wallTime: 0, firstReplication: r)
            }
        }
    }
}

/// The replications' results, in replication order.
public struct ExperimentResult: Sendable {
    public var experiment: Experiment
    /// Each replication's result, of the scenario's kind.
    public var runs: Runs
    public var wallTime: Double
    /// The global index of the first replication held (0 unless the run is a shard): the
    /// `replication` column of every per-replication file counts from it.
    public var firstReplication: Int = 0

    /// Replications of a network scenario or of the pathway model: one case per kind of scenario,
    /// so outputs switch on it rather than on which list is empty.
    public enum Runs: Sendable {
        case network([NetworkResult])
        case pathway([PathwayResult])

        public var count: Int {
            switch self {
            case .network(let r): r.count
            case .pathway(let r): r.count
            }
        }

        /// The replications of `parts` one after another (each of the scenario's kind).
        static func joined(_ parts: [Runs], model: Scenario.Model) -> Runs {
            var network: [NetworkResult] = [], pathway: [PathwayResult] = []
            for part in parts {
                switch part {
                case .network(let r): network += r
                case .pathway(let r): pathway += r
                }
            }
            if case .pathway = model { return .pathway(pathway) }
            return .network(network)
        }

        /// Replication `i` alone.
        func only(_ i: Int) -> Runs {
            switch self {
            case .network(let r): .network([r[i]])
            case .pathway(let r): .pathway([r[i]])
            }
        }
    }

    /// The scenario's model with its replications' results, of the same kind: what the outputs
    /// switch on.
    public enum ByModel {
        case network(Scenario.Network, [NetworkResult])
        case pathway(PathwayParameters, [PathwayResult])
    }

    public var byModel: ByModel {
        switch (experiment.scenario.model, runs) {
        case (.network(let n), .network(let r)): .network(n, r)
        case (.pathway(let p), .pathway(let r)): .pathway(p, r)
        default: preconditionFailure("an experiment's results are of its scenario's kind")
        }
    }

    /// A network scenario's replications (empty for the pathway model).
    public var replications: [NetworkResult] { if case .network(let r) = runs { r } else { [] } }
    /// The pathway model's replications (empty for a network scenario).
    public var pathway: [PathwayResult] { if case .pathway(let r) = runs { r } else { [] } }

    public var totalEvents: Int {
        switch runs {
        case .network(let r): r.reduce(0) { $0 + $1.eventsHandled }
        case .pathway(let r): r.reduce(0) { $0 + $1.eventsHandled }
        }
    }
}
