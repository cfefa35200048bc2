import CareSimEngine

/// The pathway's distributions and choice tables, prepared from the parameters. A run prepares
/// them once, and each replication takes its own copy (`init(_:sharing:)`): replications on two
/// threads that shared the samplers retained and released the same objects on every draw, and
/// the atomic reference counts passed between the cores (`swift_retain` was 12.6% of a
/// two-thread run's time against 3.9% of a one-thread run's, in perf).
final class PathwaySamplers: @unchecked Sendable {
    /// A choice among placement types with its table.
    struct PlacementChoice {
        let types: [PlacementType]
        let table: DiscreteTable
        func drawType(_ stream: RandomStream) -> PlacementType { types[table.draw(stream)] }
    }

    let siblingGroup: DiscreteTable
    let referralAge: Sampler
    /// `referrals.unborn`'s time from referral to birth (nil: no unborn referrals).
    let unbornDays: Sampler?
    let frontDoor: DiscreteTable
    let frontDoorDays: Sampler
    let afterAssessmentBands: [(below: Double, table: DiscreteTable)]
    let assessmentWorkingDays: Sampler
    let section47WorkingDays: Sampler
    let cinClose, cinSection47, cinCare: Sampler
    let cpDays: Sampler
    let afterCP: DiscreteTable
    let legalRoute: DiscreteTable
    let exitRouteBands: [(below: Double, table: DiscreteTable)]
    /// The same, reweighted by `care.by_year`'s route factors, for each year that has them.
    let exitRouteBandsByYear: [Int: [(below: Double, table: DiscreteTable)]]
    /// By `CareExit.allCases` index; the age-18 route has a placeholder (its time is the time to 18).
    let exitDays: [Sampler]
    let placementBands: [(below: Double, choice: PlacementChoice)]
    let placedForAdoptionDays: Sampler
    let withParentsDays: Sampler
    let returnedHomeClose: Sampler
    let reentryDays: Sampler
    let reReferralDays: Sampler
    let previousPlanProbability: Double
    let initialCINAge: Sampler?
    /// initial.cp_age, or initial.cin_age when the scenario gives none.
    let initialCPAge: Sampler?
    let agencyDays: Sampler?
    let vacancyDays: Sampler?
    /// The warm start's published stocks, read once for every replication (nil: no warm start,
    /// or they could not be read, and the warm start reads them itself).
    let publishedStocks: PublishedStocks?

    convenience init(_ p: PathwayParameters) throws(InvalidParameters) {
        try self.init(p, publishedStocks: p.initial.flatMap {
            try? PublishedStocks.load(dataDirectory: $0.dataDirectory, area: $0.area, year: $0.year, backCalculate: $0.backCalculate)
        })
    }

    /// The same samplers as `shared`'s, built afresh for one replication from the same
    /// parameters `p`; the published stocks (read-only, and read only by the warm start) are shared.
    convenience init(_ p: PathwayParameters, sharing shared: PathwaySamplers) throws(InvalidParameters) {
        try self.init(p, publishedStocks: shared.publishedStocks)
    }

    private init(_ p: PathwayParameters, publishedStocks: PublishedStocks?) throws(InvalidParameters) {
        self.publishedStocks = publishedStocks
        siblingGroup = DiscreteTable(weights: p.siblingGroupSizes)
        referralAge = try Sampler(p.referralAge)
        unbornDays = try p.unborn.map { u throws(InvalidParameters) in try Sampler(u.daysBeforeBirth) }
        frontDoor = DiscreteTable(weights: [p.noFurtherAction, p.assessedNotInNeed, 1 - p.noFurtherAction - p.assessedNotInNeed])
        frontDoorDays = try Sampler(p.frontDoorDays)
        afterAssessmentBands = p.afterAssessment.bands.map { band in
            (band.belowYears, DiscreteTable(weights: AfterAssessment.allCases.map { o in band.shares.first { $0.choice == o }?.share ?? 0 }))
        }
        assessmentWorkingDays = try Sampler(p.assessmentWorkingDays)
        section47WorkingDays = try Sampler(p.section47WorkingDays)
        cinClose = try Sampler(p.cinCloseDays)
        cinSection47 = try Sampler(p.cinSection47Days)
        cinCare = try Sampler(p.cinCareDays)
        cpDays = try Sampler(p.cpDays)
        afterCP = DiscreteTable(weights: AfterPlan.allCases.map { o in p.afterCP.first { $0.outcome == o }?.share ?? 0 })
        legalRoute = DiscreteTable(weights: p.legalRoutes.map(\.share))
        exitRouteBands = Self.routeTables(p.exitRoutes, factors: [:])
        exitRouteBandsByYear = p.careByYear.filter { !$0.value.routeFactors.isEmpty }.mapValues { Self.routeTables(p.exitRoutes, factors: $0.routeFactors) }
        var days: [Sampler] = []
        for route in CareExit.allCases {
            days.append(try Sampler(p.exitDays[route] ?? .constant(0)))
        }
        exitDays = days
        placementBands = p.placements.bands.map { band in
            (band.belowYears, PlacementChoice(types: band.shares.map(\.choice), table: DiscreteTable(weights: band.shares.map(\.share))))
        }
        placedForAdoptionDays = try Sampler(p.placedForAdoptionDays)
        withParentsDays = try Sampler(p.withParentsDays)
        returnedHomeClose = try Sampler(p.returnedHomeCloseDays)
        reentryDays = try Sampler(p.reentryDays)
        reReferralDays = try Sampler(p.reReferralDays)
        previousPlanProbability = p.previousPlanProbability
        initialCINAge = try p.initial.map { i throws(InvalidParameters) in try Sampler(i.cinAge) }
        initialCPAge = try p.initial.map { i throws(InvalidParameters) in try Sampler(i.cpAge ?? i.cinAge) }
        agencyDays = try p.workforce.map { w throws(InvalidParameters) in try Sampler(w.agencyDays) }
        vacancyDays = try p.workforce.map { w throws(InvalidParameters) in try Sampler(w.vacancyDays) }
    }

    /// Days from a `referrals.unborn` referral (or a warm start's unborn child) to the birth: a draw
    /// of `days_before_birth`, at most a full-term pregnancy.
    func daysBeforeBirth(_ stream: RandomStream) -> Double {
        min(unbornDays!.sample(stream), UnbornReferrals.maxDaysBeforeBirth)
    }

    func afterAssessment(atAge years: Double) -> DiscreteTable {
        for band in afterAssessmentBands where years < band.below { return band.table }
        return afterAssessmentBands[afterAssessmentBands.count - 1].table
    }

    /// The exit routes for a child of `years` entering care, in the year ending 31 March `year`
    /// if given (`care.by_year`'s factors for that year, if it has any).
    func exitRoute(atAge years: Double, year: Int? = nil) -> DiscreteTable {
        let bands = year.flatMap { exitRouteBandsByYear[$0] } ?? exitRouteBands
        for band in bands where years < band.below { return band.table }
        return bands[bands.count - 1].table
    }

    /// Each age band's table of exit routes (in `CareExit.allCases` order), every route's share
    /// times its factor (1 if not given); the table rescales the weights to sum to 1.
    static func routeTables(_ routes: PathwayParameters.AgeBanded<CareExit>, factors: [CareExit: Double]) -> [(below: Double, table: DiscreteTable)] {
        routes.bands.map { band in
            (band.belowYears, DiscreteTable(weights: CareExit.allCases.map { r in (band.shares.first { $0.choice == r }?.share ?? 0) * (factors[r] ?? 1) }))
        }
    }

    func placement(atAge years: Double) -> PlacementChoice {
        for band in placementBands where years < band.below { return band.choice }
        return placementBands[placementBands.count - 1].choice
    }
}
