import CareSimEngine
import Foundation

/// Two pathway scenarios run as pairs under common random numbers: replication r of each arm
/// uses the same master seed, so the same families arrive at the same times and every child
/// draws each kind of decision from its own keyed stream (ChildDraws). The arms then differ
/// only where their models differ, and the paired differences are far less noisy than
/// differences between independent runs.
public struct PairedExperiment: Sendable {
    /// Which children the outputs cover.
    public enum Cohort: String, Sendable, CaseIterable {
        /// Everyone: the whole system's metrics.
        case all
        /// Also the children the alternative's practice model or interventions served for the
        /// first time in the measured year, followed from that day in both arms (`cohort.*`).
        case served
    }

    public struct PairingError: Error, CustomStringConvertible {
        public var description: String
    }

    public var base: Scenario
    public var alternative: Scenario
    public var replications: Int
    public var seed: UInt64
    public var threads: Int
    public var cohort: Cohort
    /// Run the alternative with another seed instead (no common random numbers): for measuring
    /// what pairing buys. The cohort cannot be followed then (the children differ).
    public var independentSeeds = false
    /// Effect sizes at their means in both arms (Experiment.centralEffects): the paired
    /// difference then carries the model's noise only, not parameter uncertainty.
    public var centralEffects = false
    /// Inputs held constant in both arms (Experiment.hold).
    public var hold = false
    /// What differs between the arms' resolved scenarios (recorded in the manifest).
    public var differences: ArmDifferences
    /// The user accepted differences outside the practice-model and intervention blocks
    /// (`compare --allow-other-differences`); recorded in the manifest.
    public var otherDifferencesAllowed = false

    /// Both scenarios must be pathway scenarios on the same calendar and scale, or the pairs
    /// would not be the same children.
    public init(base: Scenario, alternative: Scenario, replications: Int? = nil, seed: UInt64? = nil, threads: Int? = nil,
                cohort: Cohort = .all) throws(PairingError) {
        guard let b = base.pathway else { throw PairingError(description: "\(base.file): compare needs pathway scenarios; this one is a network scenario") }
        guard let a = alternative.pathway else {
            throw PairingError(description: "\(alternative.file): compare needs pathway scenarios; this one is a network scenario")
        }
        func differ(_ field: String, _ x: String, _ y: String) throws(PairingError) {
            guard x == y else {
                throw PairingError(description: "\(alternative.file): \(field) is \(y) but \(base.file) has \(x); "
                    + "paired arms must simulate the same population over the same dates (use --set to align them)")
            }
        }
        try differ("scale", "\(b.scale)", "\(a.scale)")
        try differ("calendar.start", "\(b.startYear)-\(b.startMonth)-\(b.startDay)", "\(a.startYear)-\(a.startMonth)-\(a.startDay)")
        try differ("calendar.measure_year_ending", "\(b.measureYearEnding)", "\(a.measureYearEnding)")
        try differ("calendar.stability_year_ending", "\(b.stabilityYearEnding)", "\(a.stabilityYearEnding)")
        // Savings pair the arms' costed years: both cost the same years, or one has no costs.
        if let bc = b.costs, let ac = a.costs {
            try differ("costs.years", "\(bc.years)", "\(ac.years)")
            try differ("costs.discount_rate", "\(bc.discountRate)", "\(ac.discountRate)")
            try differ("costs.base_year", "\(bc.baseYear)", "\(ac.baseYear)")
        }
        self.base = base
        self.alternative = alternative
        self.replications = replications ?? base.replications
        self.seed = seed ?? base.seed
        self.threads = threads ?? ReplicationRunner.availableCores
        self.cohort = cohort
        self.differences = ArmDifferences(base: base.resolved, alternative: alternative.resolved)
    }

    public func run(progress: (@Sendable (Int) -> Void)? = nil) -> PairedResult {
        try! run(progress: progress, cancellation: nil)
    }

    /// `run`, stopped between pairs once `cancellation` is cancelled (throws `Cancelled`).
    public func run(progress: (@Sendable (Int) -> Void)? = nil, cancellation: Cancellation?) throws(Cancelled) -> PairedResult {
        let start = Date()
        var bp = base.pathway!, ap = alternative.pathway!
        bp.centralEffects = centralEffects
        ap.centralEffects = centralEffects
        if hold {
            bp = bp.holdingInputs()
            ap = ap.holdingInputs()
        }
        let b = bp, a = ap
        let bs = try! PathwaySamplers(b), `as` = try! PathwaySamplers(a)  // checked on loading
        let seed = self.seed, cohort = independentSeeds ? .all : self.cohort
        let altSeed = independentSeeds ? StreamSeed.derive(master: seed, replication: 0, stream: "compare.independent") : seed
        let bg = base.generator, ag = alternative.generator
        let pairs = try ReplicationRunner.map(Array(0..<replications), threads: threads, progress: progress, cancellation: cancellation) { r in
            // The alternative first: it finds the cohort the base arm then follows.
            // Each replication its own samplers (PathwaySamplers.init(_:sharing:)).
            let alt = PathwayReplication(parameters: a, samplers: try! PathwaySamplers(a, sharing: `as`), master: altSeed, replication: r, generator: ag,
                                         cohort: cohort == .served ? .find : .none).run()
            let role: CohortRole = cohort == .served ? .follow(alt.cohortJoined) : .none
            var base = PathwayReplication(parameters: b, samplers: try! PathwaySamplers(b, sharing: bs), master: seed, replication: r, generator: bg, cohort: role).run()
            var alternative = alt
            // Not needed any more: the cohort's joining days are in the cohort metrics.
            alternative.cohortJoined = [:]
            base.cohortJoined = [:]
            return (base, alternative)
        }
        let wall = Date().timeIntervalSince(start)
        func arm(_ s: Scenario, _ results: [PathwayResult]) -> ExperimentResult {
            var e = Experiment(scenario: s, replications: replications, seed: seed, threads: threads, centralEffects: centralEffects)
            e.hold = hold
            return ExperimentResult(experiment: e, runs: .pathway(results), wallTime: wall)
        }
        return PairedResult(experiment: self, base: arm(base, pairs.map(\.0)), alternative: arm(alternative, pairs.map(\.1)), wallTime: wall)
    }
}

/// Both arms' replications, in replication order (pair r is replication r of each).
public struct PairedResult: Sendable {
    public var experiment: PairedExperiment
    public var base: ExperimentResult
    public var alternative: ExperimentResult
    public var wallTime: Double

    /// Every metric either arm reports, in the base's order then the alternative's new ones:
    /// paired when both arms report it; a metric only one arm has (a practice model's `team.*`,
    /// `practice.*`, `effect.*` or `model.<group>.*` rows, say) has that arm's mean alone, with
    /// no difference. As the report does for two run directories (WelchDifference.all).
    public var differences: [PairedDifference] {
        let b = Metrics.perReplication(base), a = Metrics.perReplication(alternative)
        let baseNames = Set(b.map(\.metric))
        let alt = Dictionary(a.map { ($0.metric, $0.values) }, uniquingKeysWith: { x, _ in x })
        return b.map { PairedDifference(metric: $0.metric, base: $0.values, alternative: alt[$0.metric] ?? []) }
            + a.filter { !baseNames.contains($0.metric) }.map { PairedDifference(metric: $0.metric, base: [], alternative: $0.values) }
    }
}
