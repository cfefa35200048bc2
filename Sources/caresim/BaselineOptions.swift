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
    @Option(help: ArgumentHelp("How demand: projects the per-child referral rate and the conversions after the year, both at once: constant, linear or damped (default: the referral rate \(DemandProjection.default.referralRate.rawValue), the conversions \(DemandProjection.default.conversions.rawValue); --referral-projection and --conversion-projection set one each).", valueName: "method"))
    var projection: String?

    @Option(name: .customLong("referral-projection"), help: ArgumentHelp("How the per-child rate of new referrals is projected: constant, linear or damped (default: --projection, else \(DemandProjection.default.referralRate.rawValue)).", valueName: "method"))
    var referralProjection: String?

    @Option(name: .customLong("conversion-projection"), help: ArgumentHelp("How the conversions along the pathway (section 47, conference, plan, care) are projected: constant, linear or damped (default: --projection, else \(DemandProjection.default.conversions.rawValue)).", valueName: "method"))
    var conversionProjection: String?

    @Option(help: "The damped trend's factor (for a part projected damped), from 0 to 1.")
    var damping: Double = DemandProjection.defaultDamping

    @Option(help: "Whose series an LA's trends are estimated from: local (its own) or england (England's, with the LA's own volatility).")
    var trends: String = Demand.defaultTrends.rawValue

    func validate() throws {
        guard DemandHistory.TrendSource(rawValue: trends) != nil else {
            throw ValidationError("--trends: expected one of \(DemandHistory.TrendSource.allCases.map(\.rawValue).joined(separator: ", ")), got '\(trends)'")
        }
        for (flag, value) in [("--projection", projection), ("--referral-projection", referralProjection), ("--conversion-projection", conversionProjection)] {
            if let value, RateProjection.Method(rawValue: value) == nil {
                throw ValidationError("\(flag): expected one of \(RateProjection.Method.allCases.map(\.rawValue).joined(separator: ", ")), got '\(value)'")
            }
        }
        guard (0...1).contains(damping) else { throw ValidationError("--damping: expected a number from 0 to 1, got \(damping)") }
    }

    var trendSource: DemandHistory.TrendSource { DemandHistory.TrendSource(rawValue: trends) ?? Demand.defaultTrends }

    /// Each part: its own option, else --projection, else the default.
    var demandProjection: DemandProjection {
        func method(_ own: String?, _ fallback: RateProjection.Method) -> RateProjection.Method {
            (own ?? projection).flatMap(RateProjection.Method.init(rawValue:)) ?? fallback
        }
        return DemandProjection(referralRate: method(referralProjection, DemandProjection.default.referralRate),
                                conversions: method(conversionProjection, DemandProjection.default.conversions), damping: damping)
    }
}
