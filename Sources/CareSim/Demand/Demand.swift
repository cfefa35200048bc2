import CareSimEngine
import Foundation

/// Demand that changes over time (`demand:`): the child population of each year and a
/// projection of the per-child rate of new referrals beyond the last year the rate is known.
///
/// New referrals in a year ending 31 March `y` after `fromYear` are the fitted number times
/// - the child population of `y` over that of `fromYear` (demography), and
/// - the per-child rate's projected change over `y - fromYear` years (`RateProjection`), its
///   trend drawn once per replication from its estimate and standard error (the uncertainty
///   about the trend is carried into the results as well as the model's noise).
///
/// Years up to `fromYear` are left as fitted (with any `referrals.by_year` factor), so the
/// calibration year is unchanged by a projection. A conversion's `by_year` factors set its rate
/// in years before `fromYear` that a run covers (the run-in year of a baseline warm-started a
/// year before its measured year): the published ratio of that year over the measured year's.
public struct Demand: Sendable, Equatable {
    /// Whose series an LA's trends come from by default: England's, chosen by back-test with the
    /// conversions damped (docs/forecasting.md, section 2). An LA's own three to five years of
    /// conversions carry its recording noise into the projection: damped on its own trends, its
    /// back-tests' error grew by 2.7 points a cell.
    public static let defaultTrends: DemandHistory.TrendSource = .england

    /// The last year (ending 31 March) whose referral rate is known: the measured year.
    public var fromYear: Int
    /// Children aged 0 to 17 at the mid-year before each year ending 31 March (ONS mid-year
    /// estimates; mid-2014 for 2014-15). A year after the last listed takes the last listed.
    public var childPopulation: [Int: Double]
    public var referralRate: RateProjection
    /// Rates along the pathway projected the same way (`conversions:`), each a multiplier on
    /// its probabilities or hazards after `fromYear` (Conversion).
    public var conversions: [Conversion: RateProjection] = [:]
    /// Whether the assessment slots follow new referrals' projected factor from year to year
    /// (`capacity: follows`), or stay at the fitted year's (`fixed`, the default: a replication
    /// whose demand runs high then queues for assessment).
    public var capacityFollows = false

    public init(fromYear: Int, childPopulation: [Int: Double], referralRate: RateProjection, conversions: [Conversion: RateProjection] = [:]) {
        self.fromYear = fromYear
        self.childPopulation = childPopulation
        self.referralRate = referralRate
        self.conversions = conversions
    }

    /// A conversion rate along the pathway, as the published series measure it.
    public enum Conversion: String, Sendable, CaseIterable {
        /// Section 47 enquiries per referral: scales the share of assessments that go on to an
        /// enquiry and the hazard of a CIN plan stepping up to one.
        case section47
        /// Initial conferences per enquiry: scales the probability of a conference.
        case conference
        /// CP plans started per conference: scales the probability of a plan.
        case plan
        /// Care entries per referral: scales the risk of care after an assessment, from a CIN
        /// plan and at the end of a CP plan.
        case care

        /// The published ratio: its numerator's and denominator's calibration metrics.
        public var ratio: (numerator: String, denominator: String) {
            switch self {
            case .section47: ("section47_enquiries", "referrals")
            case .conference: ("initial_cp_conferences", "section47_enquiries")
            case .plan: ("cp_plans_started", "initial_cp_conferences")
            case .care: ("looked_after_started", "referrals")
            }
        }
    }

    /// The multiplier of a conversion in each year after `fromYear`, with trend `trend` and the
    /// cumulative year-on-year shocks `shocks` (the h-th: the log change added by year h), and in
    /// the years before `fromYear` its `by_year` factors.
    public func conversionFactors(_ c: Conversion, trend: Double, shocks: [Double] = [], through lastYear: Int) -> [Int: Double] {
        guard let projection = conversions[c] else { return [:] }
        var out: [Int: Double] = projection.byYear.filter { $0.key < fromYear }
        guard lastYear > fromYear else { return out }
        for y in (fromYear + 1)...lastYear {
            out[y] = projection.multiplier(years: y - fromYear, trend: trend) * Self.shock(shocks, y - fromYear)
        }
        return out
    }

    static func shock(_ shocks: [Double], _ h: Int) -> Double { h >= 1 && h <= shocks.count ? exp(shocks[h - 1]) : 1 }

    /// A replication's cumulative shocks for `years` projected years of a rate with year-on-year
    /// volatility v: sums of Normal(-v²/2, v) draws, so that each year's multiplier exp(shock)
    /// has mean 1 and the projection's mean is the projected rate's (none drawn when v is 0, or
    /// when central).
    public static func shocks(_ p: RateProjection, years: Int, stream: RandomStream, central: Bool) -> [Double] {
        guard !central, p.volatility > 0, years > 0 else { return [] }
        var total = 0.0
        let v = p.volatility
        return (0..<years).map { _ in
            total += stream.gaussian(sd: v) - v * v / 2
            return total
        }
    }

    /// The population of year `y`: the listed value, or the nearest listed year's.
    public func population(_ y: Int) -> Double? {
        if let v = childPopulation[y] { return v }
        let years = childPopulation.keys.sorted()
        guard let first = years.first, let last = years.last else { return nil }
        return childPopulation[y < first ? first : last]
    }

    /// The multiplier of new referrals in each year ending 31 March from `fromYear + 1` to
    /// `lastYear`, with the rate's trend `trend` (a draw, or the estimate).
    public func factors(trend: Double, shocks: [Double] = [], through lastYear: Int) -> [Int: Double] {
        guard lastYear > fromYear, let base = population(fromYear), base > 0 else { return [:] }
        var out: [Int: Double] = [:]
        for y in (fromYear + 1)...lastYear {
            out[y] = (population(y) ?? base) / base * referralRate.multiplier(years: y - fromYear, trend: trend) * Self.shock(shocks, y - fromYear)
        }
        return out
    }

    /// The trend a replication uses: drawn from Normal(estimate, standard error) on the
    /// replication's own stream, or the estimate when `central`.
    public func trend(stream: RandomStream, central: Bool) -> Double {
        Self.draw(referralRate.trend, stream: stream, central: central)
    }

    /// Each conversion's trend for a replication, drawn after the referral rate's on the same
    /// stream, in `Conversion.allCases` order.
    public func conversionTrends(stream: RandomStream, central: Bool) -> [Conversion: Double] {
        var out: [Conversion: Double] = [:]
        for c in Conversion.allCases { if let p = conversions[c] { out[c] = Self.draw(p.trend, stream: stream, central: central) } }
        return out
    }

    static func draw(_ t: RateProjection.Trend, stream: RandomStream, central: Bool) -> Double {
        guard !central, t.standardError > 0 else { return t.estimate }
        return t.estimate + stream.gaussian(sd: t.standardError)
    }
}

/// How a per-child rate is projected beyond the last year it is known.
public struct RateProjection: Sendable, Equatable {
    public enum Method: String, Sendable, CaseIterable {
        /// The last known rate, held.
        case constant
        /// The log rate continues along its trend: (1 + trend)^h after h years.
        case linear
        /// The trend fades by `damping` each year (Gardner and McKenzie's damped trend):
        /// (1 + trend)^(φ + φ² + ... + φ^h).
        case damped
    }

    /// Growth a year of the per-child rate (0.02 is 2% a year), with its standard error.
    public struct Trend: Sendable, Equatable {
        public var estimate: Double
        public var standardError: Double
        /// The range a scenario's estimate must be in (`DemandDecoder`).
        public static let smallest = -0.5, largest = 1.0

        public init(estimate: Double, standardError: Double) {
            self.estimate = estimate
            self.standardError = standardError
        }
    }

    public var method: Method
    public var trend: Trend
    /// φ of the damped trend, between 0 and 1 (only used by `damped`).
    public var damping: Double
    /// The standard deviation of the rate's year-on-year log change about its trend: each
    /// projected year adds a Normal(0, volatility) shock drawn once per replication, so the
    /// projection's spread widens with the horizon as the published series varied (0: none).
    public var volatility: Double
    /// A conversion's rate in years before the projection starts, relative to the last known
    /// year's (`by_year`; the referral rate's are `referrals.by_year`).
    public var byYear: [Int: Double]

    public init(method: Method, trend: Trend, damping: Double = 0.8, volatility: Double = 0, byYear: [Int: Double] = [:]) {
        self.method = method
        self.trend = trend
        self.damping = damping
        self.volatility = volatility
        self.byYear = byYear
    }

    /// The rate after `years` projected years relative to the last known rate. The trend is
    /// kept above -0.5 a year so that a wide draw cannot make a rate vanish.
    public func multiplier(years h: Int, trend g: Double) -> Double {
        guard h > 0 else { return 1 }
        let growth = log1p(max(g, -0.5))
        switch method {
        case .constant: return 1
        case .linear: return exp(growth * Double(h))
        case .damped:
            var steps = 0.0, power = 1.0
            for _ in 0..<h { power *= damping; steps += power }
            return exp(growth * steps)
        }
    }
}

extension Demand.Conversion {
    /// Where the pathway applies the conversion's factor.
    var points: [PathwayPoint] {
        switch self {
        case .section47: [.assessmentToSection47, .cinToSection47]
        case .conference: [.section47ToConference]
        case .plan: [.conferenceToPlan]
        case .care: [.assessmentToCare, .cinToCare, .cpToCare]
        }
    }
}
