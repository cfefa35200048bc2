/// How a baseline's `demand:` section projects beyond its last published year: one method for
/// the per-child rate of new referrals and one for the conversions along the pathway (section 47,
/// conference, plan, care), each constant, linear or damped (`RateProjection.Method`).
///
/// They are separate because the series behave differently: the referral rate moves like a
/// random walk (England's fell three years running, then rose 10.8% in 2013-14), while the
/// conversions drift with practice (section 47 enquiries per referral rose every year from
/// 2010-11 to 2014-15). The defaults are chosen by back-test (docs/forecasting.md, section 2).
public struct DemandProjection: Sendable, Equatable {
    public var referralRate: RateProjection.Method
    public var conversions: RateProjection.Method
    /// φ of a damped trend, between 0 and 1 (written only for a part that is damped).
    public var damping: Double

    public init(referralRate: RateProjection.Method, conversions: RateProjection.Method, damping: Double = DemandProjection.defaultDamping) {
        self.referralRate = referralRate
        self.conversions = conversions
        self.damping = damping
    }

    /// Both parts with one method.
    public init(_ method: RateProjection.Method, damping: Double = DemandProjection.defaultDamping) {
        self.init(referralRate: method, conversions: method, damping: damping)
    }

    public static let defaultDamping = 0.8
    /// What `caresim baseline` and `caresim backtest` write unless told otherwise.
    public static let `default` = DemandProjection(referralRate: .constant, conversions: .damped)
}
