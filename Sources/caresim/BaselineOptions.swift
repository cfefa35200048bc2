import ArgumentParser
import CareSim

/// The fit by simulation of a baseline (`caresim baseline`, `caresim backtest`).
struct FitOptions: ParsableArguments {
    @Flag(name: .customLong("no-fit"), help: "Use the derived values alone, without refining them by simulation against the area's own figures.")
    var noFit = false

    @Option(name: .customLong("fit-rounds"), help: "Rounds of simulation in the fit.")
    var fitRounds = LocalFit.Options().rounds

    @Option(name: .customLong("fit-replications"), help: "Replications per round of the fit.")
    var fitReplications = LocalFit.Options().replications

    func validate() throws {
        if fitRounds < 1 { throw ValidationError("--fit-rounds must be at least 1, got \(fitRounds)") }
        if fitReplications < 2 { throw ValidationError("--fit-replications must be at least 2, got \(fitReplications)") }
    }

    var options: LocalFit.Options {
        var o = LocalFit.Options()
        o.rounds = fitRounds
        o.replications = fitReplications
        return o
    }
}

/// How a baseline's `demand:` section projects the referral rate and the conversions.
struct ProjectionOptions: ParsableArguments {
    @Option(help: "How demand: projects the per-child referral rate and the conversions after the year: constant, linear or damped.")
    var projection: String = Demand.defaultProjection.rawValue

    @Option(help: "The damped trend's factor (with --projection damped), from 0 to 1.")
    var damping: Double = Demand.defaultDamping

    @Option(help: "Whose series an LA's trends are estimated from: local (its own) or england (England's, with the LA's own volatility).")
    var trends: String = Demand.defaultTrends.rawValue

    func validate() throws {
        guard DemandHistory.TrendSource(rawValue: trends) != nil else {
            throw ValidationError("--trends: expected one of \(DemandHistory.TrendSource.allCases.map(\.rawValue).joined(separator: ", ")), got '\(trends)'")
        }
        guard RateProjection.Method(rawValue: projection) != nil else {
            throw ValidationError("--projection: expected one of \(RateProjection.Method.allCases.map(\.rawValue).joined(separator: ", ")), got '\(projection)'")
        }
        guard (0...1).contains(damping) else { throw ValidationError("--damping: expected a number from 0 to 1, got \(damping)") }
    }

    var trendSource: DemandHistory.TrendSource { DemandHistory.TrendSource(rawValue: trends) ?? Demand.defaultTrends }

    var method: RateProjection.Method { RateProjection.Method(rawValue: projection) ?? Demand.defaultProjection }
}
