import CareSimEngine

/// A scenario, checked and typed: everything a run needs. Build one with `Scenario.load`.
public struct Scenario: Sendable {
    public struct Arrival: Sendable {
        public var name: String
        public var stage: String
        /// Times between arrivals; exponential for a Poisson process given by `rate:`.
        public var interarrival: Distribution
        /// Age at arrival in years; nil: these children have no age.
        public var age: Distribution?
    }

    /// A metric named by the scenario: another metric's value times `scale` (365 turns a rate
    /// per day into a count per year).
    public struct MetricAlias: Sendable {
        public var name: String
        public var from: String
        public var scale: Double
        public var location: SourceLocation
        public var path: String
    }

    /// Children at a stage at time 0: how many, their ages (years) and the time they have
    /// already spent there (days).
    public struct InitialGroup: Sendable {
        public var stage: String
        public var count: Int
        public var age: Distribution?
        public var elapsed: Distribution?
    }

    /// Children leave wherever they are when they reach `leaveAtYears`, to `exit`.
    public struct Ageing: Sendable {
        public var leaveAtYears: Double
        public var exit: String
    }

    public enum Routing: Sendable {
        /// A duration, then the next place drawn with fixed probabilities.
        case probabilities(duration: Distribution, next: [(to: String, probability: Double)])
        /// A duration, then the next place drawn with probabilities for the child's age band
        /// (`belowYears` is infinity for the last band, which also takes children with no age).
        case probabilitiesByAge(duration: Distribution, bands: [(belowYears: Double, next: [(to: String, probability: Double)])])
        /// A time to each possible next place; the earliest wins.
        case competingHazards([(to: String, time: Distribution)])
    }

    public struct Stage: Sendable {
        public var name: String
        /// nil: unlimited (no queue).
        public var servers: Int?
        public var routing: Routing
    }

    public var name: String
    public var description: String?
    public var seed: UInt64
    public var replications: Int
    public var generator: GeneratorKind
    public var horizon: Double
    public var warmup: Double
    /// What the scenario models: a network of stages, or the England pathway. Each case holds
    /// only its own shape, so nothing downstream needs to tell them apart by empty fields.
    public var model: Model

    public enum Model: Sendable {
        /// `model: network` (the default): arrivals, stages and exits.
        case network(Network)
        /// `model: pathway`: the England pathway model's parameters.
        case pathway(PathwayParameters)
    }

    /// A network scenario's shape: arrivals, stages and exits, and what its outputs record.
    public struct Network: Sendable {
        public var arrivals: [Arrival]
        public var stages: [Stage]
        public var exits: [String]
        public var stockInterval: Double
        public var flowPeriod: Double
        /// Upper edges of the bands completed stays are counted in (`outputs.duration_bands`).
        public var durationBands: [Double]
        /// Re-entry window in days (`outputs.reentry_window`): turns on visit history.
        public var reentryWindow: Double?
        /// Record stay lengths (`outputs.stays`; implied by duration bands).
        public var recordStays: Bool
        /// Leaving at an age (`ageing:`), if set.
        public var ageing: Scenario.Ageing?
        /// Named metrics defined from others (`metrics:`), e.g. census names for calibration.
        public var metricAliases: [MetricAlias]
        /// Children present at time 0 (`initial:`): a warm start.
        public var initial: [InitialGroup]
    }

    /// The network, for a network scenario (nil for a pathway one). Setting it makes the
    /// scenario that network.
    public var network: Network? {
        get { if case .network(let n) = model { n } else { nil } }
        set { if let newValue { model = .network(newValue) } }
    }

    /// The pathway model's parameters, for a pathway scenario (nil for a network one). Setting
    /// them makes the scenario a pathway one.
    public var pathway: PathwayParameters? {
        get { if case .pathway(let p) = model { p } else { nil } }
        set { if let newValue { model = .pathway(newValue) } }
    }

    /// The tree the scenario was decoded from, after `extends:` and overrides.
    public var resolved: ScenarioNode
    /// The file it was loaded from, as given.
    public var file: String

    /// The exit every scenario has without declaring it.
    public static let defaultExit = "exit"
}

extension Scenario {
    /// Loads, merges (`extends:`), overrides (`--set`) and validates a scenario file.
    public static func load(file: String, overrides: [Override] = []) throws(ScenarioError) -> Scenario {
        let tree = try Override.apply(overrides, to: try ScenarioLoader.load(file: file))
        let scenario = try ScenarioDecoder.decode(tree, file: file)
        try scenario.checkMetricAliases()
        return scenario
    }

    /// Every alias must name a metric the scenario produces (alias names have no dots, so
    /// they cannot shadow one). The names are found by running one replication for one day: the list is exactly what a
    /// run writes, whatever outputs are switched on.
    func checkMetricAliases() throws(ScenarioError) {
        guard case .network(let network) = model, !network.metricAliases.isEmpty else { return }
        var probe = self
        probe.network?.metricAliases = []
        probe.horizon = 1
        probe.warmup = 0
        let result = Experiment(scenario: probe, replications: 1, threads: 1).run()
        let names = Metrics.perReplication(result).map(\.metric)
        var issues: [ScenarioIssue] = []
        for alias in network.metricAliases {
            if !names.contains(alias.from) {
                let near = names.filter { $0.hasPrefix(alias.from.split(separator: ".").first.map(String.init) ?? "") }.prefix(6)
                let hint = near.isEmpty ? "" : " (metrics of that kind: \(near.joined(separator: ", ")))"
                issues.append(ScenarioIssue(alias.location, alias.path,
                                            "expected a metric this scenario produces, got '\(alias.from)'\(hint)"))
            }
        }
        if !issues.isEmpty { throw ScenarioError(issues) }
    }

    /// The content hash of the resolved scenario (FNV-1a 64 of its canonical JSON): equal for
    /// scenarios that resolve to the same content, whatever files and overrides produced them.
    public var contentHash: String {
        let hex = String(StreamSeed.fnv1a(CanonicalJSON.encode(resolved)), radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
