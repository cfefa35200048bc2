/// Bounds on values that validate as numbers but could not be simulated: each is far beyond any
/// real scenario and well inside what one process can run and hold. A value outside them is a
/// validation error naming the field, the value and the limit, before anything runs.
public enum ScenarioLimits {
    /// Replications in one run (`replications`, `--replications`).
    public static let maxReplications = 100_000
    /// A network scenario's horizon: 200 years.
    public static let maxHorizonDays = 73_050.0
    /// The shortest stock sampling interval and flow period: a day.
    public static let minOutputPeriodDays = 1.0
    /// Expected arrivals of one stream over the horizon (RN-1 at England scale has about 7
    /// million over 20 years).
    public static let maxArrivalsPerStream = 100_000_000.0
    /// Years a pathway run covers, from the warm start to the end of the follow-up.
    public static let maxPathwayYears = 100
    /// New referrals (or unaccompanied arrivals) a pathway scenario may simulate in its busiest
    /// year, after scale: about eight times England's 2014-15 referrals.
    public static let maxReferralsPerYear = 5_000_000.0
    /// The shortest mean time between repeated events of one child (placement moves): a day.
    public static let minMeanDays = 1.0
    /// Servers, slots, posts or places of one kind.
    public static let maxCapacity = 1_000_000
}
