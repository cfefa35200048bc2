/// Unit costs of a pathway scenario (`costs:`): what a placement, a worker, an intervention and
/// a wider public event cost, the prices they are in, and how years are discounted. Costs are
/// computed after a run from what each replication measured per financial year (April to
/// March); see `CostLines`.
public struct CostParameters: Sendable {
    /// Annual cost of a case-holding role (`costs.staff.<role>`).
    public struct Staff: Sendable {
        public var salary: Double
        /// Employer's on-costs (national insurance, pension) as a share of salary.
        public var onCosts: Double
        /// What an agency worker costs above a permanent one (salary plus on-costs), as a share.
        public var agencyPremium: Double

        public var permanentPerYear: Double { salary * (1 + onCosts) }
        public var agencyPerYear: Double { permanentPerYear * (1 + agencyPremium) }
    }

    /// A practice model's own costs (`costs.practice_models.<model>`).
    public struct Practice: Sendable {
        /// Once, in the first costed year (set-up, training).
        public var setup: Double
        /// Every costed year (running costs other than posts).
        public var perYear: Double
        /// Annual cost of a post, by role (Family Safeguarding's specialists).
        public var perPost: [String: Double]
    }

    /// The financial year (ending 31 March) whose prices the unit costs are in.
    public var priceYear: Int
    /// The financial year whose prices results are reported in.
    public var baseYear: Int
    /// Price index by financial year ending (any base); needs priceYear and baseYear when they differ.
    public var inflation: [Int: Double]
    /// Annual discount rate applied from the first costed year.
    public var discountRate: Double
    /// Financial years costed, from the measured year (the run continues to the end of the last).
    public var years: Int
    /// Weekly cost of a child's placement, by provider name (or placement type).
    public var weekly: [String: Double]
    public var staff: [String: Staff]
    /// By practice model: rsw_units, family_safeguarding, no_wrong_door.
    public var practice: [String: Practice]
    /// Per event: police call-out, adult emergency admission (nil: not costed).
    public var policeCallout: Double?
    public var adultAdmission: Double?

    /// Multiplies prices of `priceYear` into prices of `baseYear`.
    public var priceFactor: Double {
        guard baseYear != priceYear, let b = inflation[baseYear], let p = inflation[priceYear] else { return 1 }
        return b / p
    }

    /// The discount factor of costed year k (1 is the first, undiscounted): (1 + r)^-(k - 1),
    /// as HM Treasury's Green Book discounts year t from the present year 0.
    public func discountFactor(year k: Int) -> Double {
        1 / pow1p(discountRate, k - 1)
    }

    private func pow1p(_ r: Double, _ n: Int) -> Double {
        var x = 1.0
        for _ in 0..<max(0, n) { x *= 1 + r }
        return x
    }
}
