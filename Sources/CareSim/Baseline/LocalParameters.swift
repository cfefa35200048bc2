import CareSimEngine
import Foundation

/// A value written into an LA scenario with the comment saying where it came from.
public struct Annotated<Value: Sendable>: Sendable {
    public var value: Value
    public var comment: String
}

/// A named share (a choice's probability).
public struct Share: Sendable, Equatable {
    public var name: String
    public var value: Double
}

/// One age band of an age-banded choice; `below` is nil on the last band.
public struct ShareBand: Sendable, Equatable {
    public var below: Double?
    public var shares: [Share]
}

/// The local parameters of an LA's baseline, derived from its figures for the year measured
/// (`BaselineYear`: 2014-15 for the England scenario's own year) and the England scenario's values
/// (`PathwayParameters` decoded from the base file). Three kinds:
/// - direct: the LA's own published share or distribution replaces England's (front door,
///   assessment and conference timescales, conversion to conference and plan, legal routes,
///   factors at assessment);
/// - scaled: a fitted England value times the LA's figure relative to England's (referral
///   rate, re-referral, previous plans, the rates of section 47 enquiries and of care entry);
/// - adjusted: a fitted England distribution whose categories are multiplied by the ratio of
///   the LA's published share to England's, then rescaled (ages at referral by care entry
///   ages, CIN and CP plan lengths by ended-episode bands, exit routes by reasons ceased,
///   placement types by the stock at 31 March). Ratios use shares shrunk towards England's
///   (`ShareArithmetic.priorStrength`).
/// Every LA cell that is suppressed or unavailable falls back to England's value (or, for a
/// part of a published whole, to the remainder of the whole), and is listed in `notes`. A figure
/// the year's census does not publish (before 2014-15: the single assessment's timescales and
/// not-in-need share, which were initial and core assessments then, and the factors at
/// assessment) keeps the England scenario's value, with a note: another measure is never read as
/// it. England's own baseline (`LocalFigures(englandOf:)`) puts England's figures on both sides:
/// every ratio is 1, the levels stay the England scenario's and the fit moves them to the year's.
public struct LocalParameters: Sendable {
    /// The year measured, its warm start, and the tables and columns read.
    public var year: BaselineYear
    /// The England scenario's own calendar (its warm start, measured year and placements year):
    /// the LA's is written only where it differs.
    public var baseYear = (stocksAt: 2013, measured: 2015, stability: 2014)
    public var childPopulation: Annotated<Double>
    public var ratePer10000: Annotated<Double>
    public var referralAge: Annotated<[EmpiricalBands.Band]>
    /// `referrals.unborn.share`, where England's scenario refers children before birth: the share
    /// of first children referred unborn, scaled with the under-1 band (`unbornShare(_:_:ratios:under1:)`).
    public var unbornShare: Annotated<Double>? = nil
    public var previousPlan: Annotated<Double>
    public var factors: [Annotated<Share>]
    public var frontDoor: Annotated<[Share]>
    /// Set when the LA completed more assessments than it had referrals not closed at the door.
    public var nfaAfterAssessment: Annotated<Double>?
    /// Set when the LA completed more assessments than it had referrals: the rest, per child in
    /// need at 31 March (`assessment.further_per_year`).
    public var furtherAssessments: Annotated<Double>? = nil
    public var assessmentDays: Annotated<[EmpiricalBands.Band]>
    public var afterAssessment: Annotated<[ShareBand]>
    public var section47Days: Annotated<[EmpiricalBands.Band]>
    public var conference: Annotated<Double>
    public var plan: Annotated<Double>
    public var cinCloseDays: Annotated<[EmpiricalBands.Band]>
    public var cinSection47Mean: Annotated<Double>?
    public var cinCareMean: Annotated<Double>?
    public var cpDays: Annotated<[EmpiricalBands.Band]>
    public var cpNext: Annotated<[Share]>
    public var legalRoutes: Annotated<[Share]>
    public var exitRoutes: Annotated<[ShareBand]>
    public var placements: Annotated<[ShareBand]>
    public var placementMoveMean: Annotated<Double>
    /// The run-in year's (2013-14 for 2015) fresh referral rate relative to the measured year's:
    /// the LA's referrals in 2013-14 over 2014-15 (`referrals.by_year`), then moved by the fit
    /// within 2/3..3/2 of that; nil when not published or when there is no run-in year.
    public var runInReferrals: Annotated<Double>? = nil
    /// The referrals the warm start's closed-case pool is sized from (`initial.closed_cases_referrals`):
    /// the measured year's, when the warm start is at its start (no run-in year), since that pool is
    /// re-referred in the measured year; nil (the year ending at the warm start's) otherwise.
    public var closedCaseReferrals: Annotated<Double>? = nil
    /// Unaccompanied asylum-seeking children (nil: none looked after at 31 March of the year; always
    /// nil for England, whose scenario has them among its care entries).
    public var unaccompanied: LocalUnaccompanied? = nil
    /// A multiplier on England's lognormal times in care by exit route (1 = England's, not
    /// written); only the fit moves it. `exitDays` holds England's (route, mu, sigma).
    public var careLength = Annotated(value: 1.0, comment: "")
    /// A multiplier on England's gamma shape of the children's placement move rates
    /// (`care.placement_moves.frailty_shape`; 1 = England's, not written); only the fit moves it.
    public var moveFrailty = Annotated(value: 1.0, comment: "")
    /// England's frailty shape (`moveFrailty` multiplies it).
    public var englandFrailtyShape = 0.5
    public var exitDays: [(route: String, mu: Double, sigma: Double)] = []
    /// A multiplier on England's gamma time placed for adoption (1 = England's, not written);
    /// only the fit moves it. `adoptionDays` holds England's (shape, scale).
    public var adoptionLength = Annotated(value: 1.0, comment: "")
    public var adoptionDays: (shape: Double, scale: Double)? = nil
    /// A multiplier on the time in care of children entering under `youngBelow` years
    /// (`care.time_by_age`; 1 = not written); only the fit moves it.
    public var youngCareTime = Annotated(value: 1.0, comment: "")
    public static let youngBelow = 5.0
    /// A further multiplier on the time in care of children entering under 1, on top of
    /// `youngCareTime` (1 = not written); only the fit moves it.
    public var babyCareTime = Annotated(value: 1.0, comment: "")
    /// A multiplier on the time in care of children entering aged `youngBelow` to `middleBelow`
    /// (1 = not written); only the fit moves it.
    public var middleCareTime = Annotated(value: 1.0, comment: "")
    public static let middleBelow = 10.0
    /// A factor on the share of section 47 enquiries going to a conference in the run-in year
    /// (`demand.conversions.conference.by_year`): set (at 1) only where the baseline has a run-in
    /// year and a demand section; only the fit moves it, and it is written once moved.
    public var runInConference: Annotated<Double>? = nil
    /// A multiplier on the time still to run of the warm start's looked-after children
    /// (`initial.care_remaining_factor`): England's to start with (not written while it is);
    /// only the fit moves it.
    public var careRemaining = Annotated(value: 1.0, comment: "")
    /// England's `initial.care_remaining_factor`, which the LA's scenario inherits unless it writes its own.
    public var baseCareRemaining = 1.0
    public var reReferral: Annotated<Double>
    /// Posts per workforce team (in the base's order), and the LA's share of England's referrals.
    public var posts: Annotated<[Int]>
    public var referralShare: Double
    public var notes: [BaselineNote]
    /// What the assessment slots are sized from.
    public var assessmentLoad: AssessmentLoad
    /// The assessment slots, for the busier of the run-in year (as the fit leaves it) and the measured year.
    public var slots: Annotated<Int> { assessmentLoad.slots(runIn: runInReferrals?.value) }

    /// Assessment slots: England's scaled by the LA's share of England's assessment load (assessed
    /// referrals x mean working days), not of referrals alone, or an LA with slow assessments
    /// would queue for ever; sized for the busier of the run-in and measured years, so that a
    /// run-in year with more referrals does not leave a queue of assessments in the measured year.
    public struct AssessmentLoad: Sendable {
        public var englandSlots: Int
        public var share: Double
        public var days: Double
        public var englandDays: Double
        /// The referrals column the share is of ("CIN15 Referrals1415").
        public var referrals = "CIN15 Referrals1415"
        /// Poisson headroom (an LA's; England's own slots are England's, scaled by its load alone).
        public var headroom = true

        public func slots(runIn: Double?) -> Annotated<Int> {
            let busiest = max(1, runIn ?? 1)
            return Annotated(value: LocalParameters.scaledCapacity(englandSlots, share: share * busiest, headroom: headroom), comment: String(
                format: "England's %d x LA share of England's assessment load %.5f (%@ x (1 - NFA share) x mean working days %.1f, England's %.1f) x %.3f (the busier of the run-in year, referrals.by_year, and the measured year)%@",
                englandSlots, share, referrals, days, englandDays, busiest, headroom ? ", plus 3 x its square root (Poisson headroom)" : ""))
        }
    }

    /// Assessment slots and posts: England's scaled by the LA's share of referrals, plus three
    /// Poisson standard deviations of headroom so a small LA's queue stays as short as England's
    /// (without `headroom`, for England's own: rounded).
    public static func scaledCapacity(_ england: Int, share: Double, headroom: Bool = true) -> Int {
        let s = Double(england) * share
        return max(1, Int((headroom ? s + 3 * s.squareRoot() : s).rounded(.up)))
    }

    /// The share of first children referred before birth after the ages at referral are
    /// reweighted: the unborn are a part of the under-1 mass with weight `share`, the bands the
    /// rest with `1 - share`; each part is multiplied by its ratio (`under1` for the unborn, each
    /// band's for the bands) and the unborn's part of the new total is the new share.
    static func unbornShare(_ share: Double, _ bands: [EmpiricalBands.Band], ratios: [Double], under1: Double) -> Double {
        let born = zip(bands, ratios).reduce(0) { $0 + $1.0.probability * $1.1 } / max(1e-300, bands.reduce(0) { $0 + $1.probability })
        let unborn = share * under1, rest = (1 - share) * born
        return unborn + rest > 0 ? min(1, max(0, unborn / (unborn + rest))) : share
    }

    /// `stocksAt`: the 31 March of the warm start (two years before the measured year unless given).
    // swiftlint:disable:next function_body_length
    public static func derive(_ f: LocalFigures, base: PathwayParameters, baseRatePer10000: Double, teamPosts: [Int],
                              stocksAt: Int? = nil) throws(DataError) -> LocalParameters {
        let s = f.sources
        let cin = s.census, adm = s.starts, cea = s.ceased, cla = s.lookedAfter
        let calendar = try BaselineYear(sources: s, stocksAt: stocksAt ?? s.year - 2)
        // Each year's spellings: the census's "1415" and "15" suffixes for 2014-15, and the first
        // of each list of candidates the year's table has (`BaselineYear.column`: an error if none).
        let sx = LocalTargets.suffix(s.year), yy = String(format: "%02d", s.year % 100), span = calendar.span
        let cinL = cin.label, admL = adm.label, ceaL = cea.label, claL = cla.label
        func column(_ t: BaselineSources.Table, _ candidates: [String]) throws(DataError) -> String { try BaselineYear.column(t, candidates) }
        let popC = calendar.population, refsC = try column(cin, ["Referrals\(sx)"])
        let started = calendar.started, stock = calendar.stock
        var notes: [BaselineNote] = []
        func note(_ field: String, _ text: String) { notes.append(BaselineNote(field: field, text)) }
        /// An LA number, or nil with a note that England's value is used for `field`.
        func laNumber(_ t: BaselineSources.Table, _ column: String, for field: String, fallback: String = "England value used") throws(DataError) -> Double? {
            let v = try f.la(t, column)
            if let x = v.number { return x }
            note(field, "\(LocalFigures.describe(t, column, v)) for this LA: \(fallback)")
            return nil
        }
        let pct = 0.01

        // Population and referrals.
        var population: Annotated<Double>
        let mid = s.year - 1
        if let p = try laNumber(cin, popC, for: "referrals.child_population", fallback: "ONS mid-\(mid) estimate used") {
            population = Annotated(value: p, comment: "\(cinL) \(popC): children aged 0-17, mid-\(mid)")
        } else if let p = s.population.children(code: f.authority.code, year: mid) {
            population = Annotated(value: p.rounded(), comment: "ONS mid-\(mid) ages 0-16 (popest-*.csv), age 17 taken equal to 16: \(cinL) \(popC) not published")
        } else {
            throw DataError(file: cin.table.file, line: 0, field: popC,
                            "expected the child population of \(f.authority.name) (\(f.authority.code)) in the census or the ONS extracts under \(s.population.folder), found neither")
        }
        let ePop = try f.england(cin, popC), eRefs = try f.england(cin, refsC)
        let publishedRefs = try laNumber(cin, refsC, for: "referrals.rate_per_10000_children")
        let refs = max(publishedRefs ?? (eRefs / ePop * population.value), 1)
        let rrC = try column(cin, ["%ReferralsWithin12mths\(sx)"])
        let eRR = try f.england(cin, rrC) * pct
        let laRR = try laNumber(cin, rrC, for: "closed.re_referral").map { $0 * pct } ?? eRR
        let rr = ShareArithmetic.smoothedShare(laRR, n: refs, england: eRR)
        let reReferral = min(0.95, base.reReferralProbability * rr / eRR)
        let laRate = refs / population.value * 10_000, eRate = eRefs / ePop * 10_000
        // The fitted rate is of new referrals; the model adds its own re-referrals (of any age of
        // case), a share R of all referrals: England's R from the fitted rate, the LA's scaled with
        // closed.re_referral.
        let rE = max(0, 1 - baseRatePer10000 * ePop / 10_000 / eRefs)
        let rLA = min(0.9, rE * reReferral / base.reReferralProbability)
        let rate = baseRatePer10000 * (laRate / eRate) * (1 - rLA) / (1 - rE)
        let ratePer10000 = Annotated(value: rate, comment: String(
            format: "England's fitted %@ x (LA referrals per 10,000 children %.1f / England's %.1f: %@ %@ %@ / %@) x (1 - %.3f) / (1 - %.3f): the fitted rate is of new referrals and the model makes its own re-referrals on top of it, England's %.3f of all referrals (1 - the fitted rate's referrals / %@), the LA's scaled with closed.re_referral",
            ShareArithmetic.text(baseRatePer10000), laRate, eRate, cinL, refsC, ShareArithmetic.text(refs), popC, rLA, rE, rE, refsC))
        // The run-in year follows the LA's own referrals in it (2013-14 for 2015), so that the
        // stocks at the start of the measured year carry its rise or fall. No run-in year when the
        // warm start is at the start of the measured year.
        var runIn: Annotated<Double>?
        if let runInYear = calendar.runIn {
            let beforeL = BaselineSources.label("CIN", runInYear), beforeC = "Referrals\(LocalTargets.suffix(runInYear))"
            if let published = publishedRefs, published > 0, let census = s.censusBefore, census.has(beforeC),
               let row = try f.row(census),
               let before = try census.table.value(row: row, column: beforeC).number, before > 0 {
                let factor = min(2, max(0.5, before / published))
                runIn = Annotated(value: factor, comment: String(
                    format: "the run-in year's referrals relative to the measured year's: %@ %@ %@ / %@ %@ %@ (held within 0.5 to 2)",
                    beforeL, beforeC, ShareArithmetic.text(before), cinL, refsC, ShareArithmetic.text(published)))
            } else {
                note("referrals.by_year", "\(beforeL) \(beforeC) or \(cinL) \(refsC) not published for this LA: the run-in year at the measured year's rate")
            }
        }
        let reReferralField = Annotated(value: reReferral, comment: String(
            format: "England's fitted %@ x LA re-referral share within 12 months %.3f / England's %.3f (%@ %@, shrunk towards England's)",
            ShareArithmetic.text(base.reReferralProbability), rr, eRR, cinL, rrC))

        // Front door. Before 2014-15 the census counts referrals found not in need at the initial
        // assessment (%ReferralsIANotInNeed), not at the single assessment: England's share is kept
        // for the LA and for England alike (so their ratio of in-need referrals is of NFA alone).
        let nfaC = try column(cin, ["%ReferralsNFA\(sx)"]), aninC = "%ReferralsANotInNeed\(sx)"
        let aninPublished = cin.has(aninC)
        let eNFA = try f.england(cin, nfaC) * pct
        let eANIN = aninPublished ? try f.england(cin, aninC) * pct : base.assessedNotInNeed
        let nfaLA = try laNumber(cin, nfaC, for: "front_door.outcome.no_further_action").map { $0 * pct }
        let aninLA = aninPublished ? try laNumber(cin, aninC, for: "front_door.outcome.assessed_not_in_need").map { $0 * pct } : nil
        var nfa = nfaLA ?? base.noFurtherAction, anin = aninLA ?? base.assessedNotInNeed
        var aninComment = aninPublished ? "\(aninC) \(aninLA.map(ShareArithmetic.percent) ?? "(England's)")" : "assessed not in need the England scenario's (not published for \(span))"
        if !aninPublished {
            // The share found in need follows the LA's episodes of need started per referral,
            // relative to England's of the same year (the census's CINStarting: an episode starts
            // for each referral found in need), so the episodes started and the stock they feed
            // are the LA's. England's own keeps the England scenario's share (its ratio to itself is
            // 1, and the England scenario's year may not be read by a back-test).
            let startsC = "CINStarting\(sx)"
            let eInNeed = 1 - base.noFurtherAction - base.assessedNotInNeed
            if f.authority.code != LocalAuthority.england.code, cin.has(startsC), let starts = try laNumber(cin, startsC, for: "front_door.outcome.assessed_not_in_need", fallback: "the England scenario's share kept"),
               let publishedRefs, publishedRefs > 0, case let eStarts = try f.england(cin, startsC), eStarts > 0 {
                let ratio = (starts / publishedRefs) / (eStarts / eRefs)
                let inNeed = min(0.98, max(0.02, eInNeed * ratio))
                anin = min(0.9, max(0, 1 - nfa - inNeed))
                aninComment = String(format: "assessed not in need the rest of the share found in need, England scenario's %.3f x LA episodes of need started per referral / England's (%@ %@ %@ / %@ %@ over %@'s)",
                                     eInNeed, cinL, startsC, ShareArithmetic.text(starts), refsC, ShareArithmetic.text(publishedRefs), "England")
                note("front_door.outcome.assessed_not_in_need", "\(cinL) has no \(aninC) (the census of \(span) counts referrals found not in need at the initial assessment, a different measure): derived from the LA's episodes of need started per referral, \(startsC)")
            } else {
                note("front_door.outcome.assessed_not_in_need", "\(cinL) has no \(aninC): the census of \(span) publishes referrals found not in need at the initial assessment (%ReferralsIANotInNeed\(sx)), not at the single assessment of 2014-15 on, a different measure: the England scenario's value kept")
            }
        }
        if nfa + anin > 0.99 {
            note("front_door.outcome", "NFA and assessed-not-in-need shares add up to \(ShareArithmetic.percent(nfa + anin)): scaled down to leave 1% in need")
            let k = 0.99 / (nfa + anin)
            nfa *= k
            anin *= k
        }
        let door = ShareArithmetic.rounded([nfa, anin, 1 - nfa - anin])
        let frontDoor = Annotated(value: [Share(name: "no_further_action", value: door[0]), Share(name: "assessed_not_in_need", value: door[1]),
                                          Share(name: "in_need", value: door[2])],
                                  comment: "\(cinL) \(nfaC) \(nfaLA.map(ShareArithmetic.percent) ?? "(England's)"), "
                                      + aninComment + ", in need the rest")
        let inNeedLA = refs * (1 - nfa - anin), inNeedE = eRefs * (1 - eNFA - eANIN)

        // Assessments: one per referral not closed at the door, unless the LA completed more than
        // that (it records NFA after assessing some referrals); fewer cannot be represented and
        // is noted (the assessments_completed target then shows the gap).
        var nfaAfterAssessment: Annotated<Double>?, furtherAssessments: Annotated<Double>?
        let assessmentsC = "Assessments\(sx)", singleAssessments = cin.has(assessmentsC)
        if !singleAssessments {
            note("front_door.nfa_after_assessment", "\(cinL) has no \(assessmentsC): the census of \(span) counts initial and core assessments (IAs, CAs), not the single assessment of 2014-15 on: none assumed")
        }
        if singleAssessments, let assessments = try laNumber(cin, assessmentsC, for: "front_door.nfa_after_assessment", fallback: "none assumed") {
            // The same arithmetic as the header's contradiction (`LocalConsistency.Assessments`).
            let door = LocalConsistency.Assessments(year: s.year, assessments: assessments, referrals: refs, noFurtherActionShare: nfa)
            let atDoor = door.atDoor
            if assessments > atDoor, nfa > 0 {
                let q = min(1, (assessments - atDoor) / (refs * nfa))
                nfaAfterAssessment = Annotated(value: q, comment: String(
                    format: "(%@ %@ %@ - referrals not closed at the door %@) / NFA referrals %@: the LA completed more assessments than referrals it did not close at the door",
                    cinL, assessmentsC, ShareArithmetic.text(assessments), ShareArithmetic.text(atDoor.rounded()), ShareArithmetic.text((refs * nfa).rounded())))
                // More assessments than referrals: the rest are further assessments of children
                // already in need, per child in need at 31 March (the census's CINAt3103).
                let openC = "CINAt3103\(yy)"
                if assessments > refs, cin.has(openC), let open = try laNumber(cin, openC, for: "assessment.further_per_year", fallback: "none assumed"), open > 0 {
                    furtherAssessments = Annotated(value: (assessments - refs) / open, comment: String(
                        format: "(%@ %@ %@ - referrals %@) / children in need %@ %@: the LA completed more assessments than it had referrals",
                        cinL, assessmentsC, ShareArithmetic.text(assessments), ShareArithmetic.text(refs.rounded()), openC, ShareArithmetic.text(open)))
                }
            } else if door.contradicts {
                note("assessment", String(format: "%@ %@ %@ is %.0f%% of the referrals not closed at the door (%@): the model assesses each of them once, so it will complete more assessments than the LA recorded",
                                          cinL, assessmentsC, ShareArithmetic.text(assessments), 100 * assessments / atDoor, ShareArithmetic.text(atDoor.rounded())))
            }
        }

        // Ages at referral, adjusted by ages at care entry (ADM15 for 2015).
        let ageColumns = ["SCLA_U1", "SCLA_1to4", "SCLA_5to9", "SCLA_10to15", "SCLA_16over"]
        func ageCategory(_ lower: Double) -> Int { lower < 1 ? 0 : lower < 5 ? 1 : lower < 10 ? 2 : lower < 16 ? 3 : 4 }
        let startsLA = try laNumber(adm, started, for: "care (rate of entry)")
        let eStarts = try f.england(adm, started)
        let entryRatios = try categoryRatios(f, adm, ageColumns.map { [$0] }, total: started, field: "referrals.age", note: note)
        guard case .empirical(let baseAge) = base.referralAge else {
            throw DataError(file: "base scenario", line: 0, field: "referrals.age", "expected an empirical distribution of ages at referral to adjust")
        }
        let bandRatios = baseAge.bands.map { entryRatios.ratios[ageCategory($0.lower)] }
        let ageProbs = ShareArithmetic.rounded(ShareArithmetic.adjusted(baseAge.bands.map(\.probability), ratios: bandRatios))
        let referralAge = Annotated(value: zip(baseAge.bands, ageProbs).map { EmpiricalBands.Band(lower: $0.lower, upper: $0.upper, probability: $1) },
                                    comment: "England's fitted bands x LA share of care starts by age / England's (\(admL) SCLA_U1..SCLA_16over / \(started)\(entryRatios.summary)), rescaled")
        let unbornShare = base.unborn.map { u in
            Annotated(value: Self.unbornShare(u.share, baseAge.bands, ratios: bandRatios, under1: entryRatios.ratios[0]),
                      comment: String(format: "England's %.4f with the ages at referral: its first children referred before birth are under 1, so scaled with the bands under 1 (x %.3f) against the rest", u.share, entryRatios.ratios[0]))
        }

        // Rates of section 47 enquiries and care entry per in-need referral, relative to England's,
        // corrected for the change in the age mix (the outcome shares depend on age).
        func outcomeMix(_ ages: [Double], _ outcome: AfterAssessment) -> Double {
            zip(baseAge.bands, ages).reduce(0) { acc, pair in
                let shares = base.afterAssessment.shares(atAge: pair.0.lower)
                return acc + pair.1 * (shares.first { $0.choice == outcome }?.share ?? 0)
            }
        }
        let baseAges = baseAge.bands.map(\.probability)
        // Enquiries and care starts come by several paths: from assessments (in proportion to
        // in-need referrals), from children in need (in proportion to the CIN stock that is not on
        // a plan or in care, at the rate of cin.section47_days or cin.care_days), from CP plans
        // ending (care) and from children returned home re-entering (care, not scaled). England's
        // assessment path is its total less the others; the LA's factor k makes its paths' sum
        // (each at England's rate, times k) equal its published total, with 20 events at k = 1.
        let s47C = try column(cin, ["S47\(sx)", "S47in\(sx)"]), cinAtC = try column(cin, ["CINAt3103\(yy)"]), cppAtC = try column(cin, ["CPPAt3103\(yy)"])
        let s47LA = try laNumber(cin, s47C, for: "assessment.outcome (section47)")
        let eS47 = try f.england(cin, s47C)
        let otherCIN = try f.laSum(cin, [cinAtC]).value.flatMap { c -> Double? in
            guard let cp = try? f.la(cin, cppAtC).number, let la = try? f.la(cla, stock).number else { return nil }
            return max(0, c - cp - la)
        }
        if otherCIN == nil { note("assessment.outcome", "\(cinL) \(cinAtC), \(cppAtC) or \(claL) \(stock) not published for this LA: the CIN stock's paths taken in proportion to referrals") }
        let eOtherCIN = try f.england(cin, cinAtC) - f.england(cin, cppAtC) - f.england(cla, stock)
        let laOtherCIN = otherCIN ?? eOtherCIN * inNeedLA / inNeedE
        let year = 365.25
        func pathRate(_ d: Distribution) -> Double { if case .exponential(let m) = d { return year / m }; return 0 }
        let inNeedRatio = inNeedLA / inNeedE
        var kS47 = 1.0, kCare = 1.0
        if let s47LA {
            let cE = eOtherCIN * pathRate(base.cinSection47Days)
            let aE = max(0.2 * eS47, eS47 - cE)
            let expected = aE * inNeedRatio * outcomeMix(ageProbs, .section47) / max(1e-9, outcomeMix(baseAges, .section47))
                + laOtherCIN * pathRate(base.cinSection47Days)
            kS47 = (s47LA + ShareArithmetic.priorStrength) / (expected + ShareArithmetic.priorStrength)
        }
        // Unaccompanied children start care by their own route (care.unaccompanied, England's too):
        // not the paths below. England's assessment path is its care starts less its own arrivals.
        let unaccompanied = try LocalUnaccompanied.derive(f, runIn: calendar.runIn != nil, note: note)
        let uascStarts = unaccompanied?.perYear.value ?? 0
        let englandUASCStarts = f.isEngland ? uascStarts
            : (try LocalUnaccompanied.derive(LocalFigures(englandOf: f.sources), runIn: calendar.runIn != nil) { _, _ in })?.perYear.value ?? 0
        let cpCare = base.afterCP.first { $0.outcome == .care }?.share ?? 0
        let cppCeasedC = try column(cin, ["CPPCeased\(sx)"])
        // Returned home: split three ways from 2015 (ParPlan, ParNPlan, NoPar), one column (Par) before.
        let homeAlternatives = [["CLA_ceaParPlan", "CLA_ceaParNPlan", "CLA_ceaNoPar"], ["CLA_ceaPar"]]
        guard let homeColumns = homeAlternatives.first(where: { $0.allSatisfy(cea.has) }) else {
            throw DataError(file: cea.table.file, line: 1, field: "CLA_ceaPar", "expected the children returned home (\(homeAlternatives.map { $0.joined(separator: "+") }.joined(separator: " or "))) in \(ceaL)")
        }
        if let startsLA {
            let cE = eOtherCIN * pathRate(base.cinCareDays), pE = try f.england(cin, cppCeasedC) * cpCare
            let reE = try f.englandSum(cea, homeColumns) * base.reentryProbability
            let aE = max(0.2 * eStarts, eStarts - cE - pE - reE - englandUASCStarts)
            let eCPEnded = try f.england(cin, cppCeasedC), eHome = try f.englandSum(cea, homeColumns)
            let cpEndedLA = try f.la(cin, cppCeasedC).number ?? eCPEnded * inNeedRatio
            let homeLA = try f.laSum(cea, homeColumns).value ?? eHome * (startsLA / eStarts)
            let expected = aE * inNeedRatio * outcomeMix(ageProbs, .care) / max(1e-9, outcomeMix(baseAges, .care))
                + laOtherCIN * pathRate(base.cinCareDays) + cpEndedLA * cpCare
            kCare = max(0.05, (startsLA - homeLA * base.reentryProbability - uascStarts + ShareArithmetic.priorStrength) / (expected + ShareArithmetic.priorStrength))
        }
        var bands: [ShareBand] = []
        for (i, band) in base.afterAssessment.bands.enumerated() {
            var v = Dictionary(uniqueKeysWithValues: band.shares.map { ($0.choice.rawValue, $0.share) })
            var s47 = (v["section47"] ?? 0) * kS47, care = (v["care"] ?? 0) * kCare
            if s47 + care > 0.95 { let k = 0.95 / (s47 + care); s47 *= k; care *= k }
            let rest = (v["close"] ?? 0) + (v["cin"] ?? 0)
            let k = rest > 0 ? (1 - s47 - care) / rest : 0
            v["close"] = (v["close"] ?? 0) * k
            v["cin"] = (v["cin"] ?? 0) * k
            v["section47"] = s47
            v["care"] = care
            let names = band.shares.map { $0.choice.rawValue }
            let r = ShareArithmetic.rounded(names.map { v[$0]! })
            bands.append(ShareBand(below: i == base.afterAssessment.bands.count - 1 ? nil : band.belowYears,
                                   shares: zip(names, r).map { Share(name: $0, value: $1) }))
        }
        let afterAssessment = Annotated(value: bands, comment: String(
            format: "England's fitted shares with section47 x %.3f (%@ %@ over what England's rates give from the LA's in-need referrals and CIN stock %@ - %@ - %@ %@) and care x %.3f (%@ %@ less re-entries and unaccompanied children's arrivals over what England's rates give from those and %@), with the age mix above; close and cin rescaled to fill",
            kS47, cinL, s47C, cinAtC, cppAtC, claL, stock, kCare, admL, started, cppCeasedC))

        // Timescales: the LA's own bands, with England's band edges.
        // Single assessments from 2014-15 only: before, the census times initial and core
        // assessments (a different measure), and England's bands are kept.
        let assessmentColumns = ["AssessmentStartEndSameDay\(sx)", "Assessment1-10days\(sx)", "Assessment11-20days\(sx)", "Assessment21-30days\(sx)",
                                 "Assessment31-40days\(sx)", "Assessment41-45days\(sx)", "Assessment46-50days\(sx)", "Assessment51-60days\(sx)", "Assessment61+days\(sx)"]
        let assessmentDays: Annotated<[EmpiricalBands.Band]>
        if singleAssessments, assessmentColumns.allSatisfy(cin.has) {
            assessmentDays = try directBands(f, cin, assessmentColumns, total: assessmentsC, base: base.assessmentWorkingDays,
                                             field: "assessment.working_days", note: note)
        } else {
            guard case .empirical(let e) = base.assessmentWorkingDays else {
                throw DataError(file: "base scenario", line: 0, field: "assessment.working_days", "expected an empirical distribution, as in the England scenario")
            }
            note("assessment.working_days", "\(cinL) has no single-assessment duration bands (Assessment*days\(sx)): the census of \(span) times initial and core assessments (IAs, CAs), a different measure: the England scenario's bands kept")
            assessmentDays = Annotated(value: e.bands, comment: "England's: the census of \(span) does not time single assessments")
        }
        let icpcC = try column(cin, ["ICPCin\(sx)", "ICPC\(sx)"]), cppStartC = try column(cin, ["CPPStart\(sx)", "CPPIn\(sx)"])
        let icpcColumns = ["ICPC0-10days\(sx)", "ICPC11-15days\(sx)", "ICPC16-20days\(sx)", "ICPC21+days\(sx)"]
        for c in icpcColumns { _ = try column(cin, [c]) }
        let section47Days = try directBands(f, cin, icpcColumns, total: icpcC, base: base.section47WorkingDays,
                                            field: "section47.working_days", note: note)
        let icpcLA = try laNumber(cin, icpcC, for: "section47.conference")
        let cppLA = try laNumber(cin, cppStartC, for: "section47.plan")
        let eICPC = try f.england(cin, icpcC), eCPP = try f.england(cin, cppStartC)
        var conference = Annotated(value: base.conferenceShare, comment: "England's: the LA's \(cinL) \(icpcC) or \(s47C) is not published")
        if let icpcLA, let s47LA, s47LA > 0 {
            let c = min(1, ShareArithmetic.smoothedShare(icpcLA / s47LA, n: s47LA, england: eICPC / eS47))
            conference = Annotated(value: c, comment: "\(cinL) \(icpcC) / \(s47C) = \(ShareArithmetic.text(icpcLA)) / \(ShareArithmetic.text(s47LA))")
        }
        var plan = Annotated(value: base.planAfterConference, comment: "England's: the LA's \(cinL) \(cppStartC) or \(icpcC) is not published")
        if let cppLA, let icpcLA, LocalConsistency.Conferences(year: s.year, conferences: icpcLA, plansStarted: cppLA).contradicts, let s47LA, s47LA > 0, eCPP > 0 {
            // More plans than initial conferences (the header lists it; the fit leaves the
            // conferences out): the plans started set the conferences, at England's plans per conference.
            let c = min(1, base.conferenceShare * (cppLA / s47LA) / (eCPP / eS47))
            conference = Annotated(value: c, comment: String(
                format: "England's fitted %@ x LA CP plans started per enquiry / England's (%@ %@ / %@ = %@ / %@): %@ %@ %@ are fewer than the plans started, see the header",
                ShareArithmetic.text(base.conferenceShare), cinL, cppStartC, s47C, ShareArithmetic.text(cppLA), ShareArithmetic.text(s47LA), cinL, icpcC, ShareArithmetic.text(icpcLA)))
            plan = Annotated(value: base.planAfterConference, comment: "England's: the LA's \(cinL) \(icpcC) \(ShareArithmetic.text(icpcLA)) are fewer than its \(cppStartC) \(ShareArithmetic.text(cppLA)), see the header")
        } else if let cppLA, let icpcLA, icpcLA > 0 {
            let p = min(1, ShareArithmetic.smoothedShare(cppLA / icpcLA, n: icpcLA, england: eCPP / eICPC))
            plan = Annotated(value: p, comment: "\(cinL) \(cppStartC) / \(icpcC) = \(ShareArithmetic.text(cppLA)) / \(ShareArithmetic.text(icpcLA))")
        }

        // Plan and episode lengths: England's fitted bands adjusted by the LA's ended bands.
        func lengthCategory(_ lower: Double) -> Int { lower < 91 ? 0 : lower < 182 ? 1 : lower < 365 ? 2 : lower < 730 ? 3 : 4 }
        let cinEndedColumns = ["<3mths", "3-6mths", "6mths-1yr", "1-2yr", "2+yrs"].map { ["%CINEnding\(sx)Duration" + $0] }
        let cinEndedC = try column(cin, ["CINEnding\(sx)"])
        for c in cinEndedColumns { _ = try column(cin, c) }
        let cinRatios = try categoryRatios(f, cin, cinEndedColumns, total: nil, weight: cinEndedC, field: "cin.close_days", note: note)
        let cinCloseDays = try adjustedBands(base.cinCloseDays, ratios: cinRatios.ratios, category: lengthCategory, field: "cin.close_days",
                                             comment: "England's fitted bands x LA share of ended CIN episodes by length / England's (\(cinL) %CINEnding\(sx)Duration*\(cinRatios.summary)), rescaled")
        let cpEndedColumns = ["<3mths", "3-6mths", "6mths-1yr", "1-2yrs", "2+yrs"].map { ["%CPPCeased\(sx)Duration" + $0] }
        for c in cpEndedColumns { _ = try column(cin, c) }
        let cpRatios = try categoryRatios(f, cin, cpEndedColumns, total: nil, weight: cppCeasedC, field: "cp.days", note: note)
        let cpDays = try adjustedBands(base.cpDays, ratios: cpRatios.ratios, category: lengthCategory, field: "cp.days",
                                       comment: "England's fitted bands x LA share of ended CP plans by length / England's (\(cinL) %CPPCeased\(sx)Duration*\(cpRatios.summary)), rescaled")
        var cinSection47Mean: Annotated<Double>?, cinCareMean: Annotated<Double>?
        if case .exponential(let m) = base.cinSection47Days {
            cinSection47Mean = Annotated(value: m / kS47, comment: String(format: "England's %@ / %.3f (the section 47 factor above)", ShareArithmetic.text(m), kS47))
        } else { note("cin.section47_days", "England's distribution is not exponential: kept, not scaled by the LA's section 47 rate") }
        if case .exponential(let m) = base.cinCareDays {
            cinCareMean = Annotated(value: m / kCare, comment: String(format: "England's %@ / %.3f (the care factor above)", ShareArithmetic.text(m), kCare))
        } else { note("cin.care_days", "England's distribution is not exponential: kept, not scaled by the LA's rate of care entry") }
        var next = Dictionary(uniqueKeysWithValues: base.afterCP.map { ($0.outcome.rawValue, $0.share) })
        let care = min(0.9, (next["care"] ?? 0) * kCare)
        let restCP = base.afterCP.filter { $0.outcome != .care }.map(\.share).reduce(0, +)
        for o in base.afterCP where o.outcome != .care { next[o.outcome.rawValue] = restCP > 0 ? o.share * (1 - care) / restCP : 0 }
        next["care"] = care
        let cpNames = base.afterCP.map { $0.outcome.rawValue }
        let cpNextValues = ShareArithmetic.rounded(cpNames.map { next[$0]! })
        let cpNext = Annotated(value: zip(cpNames, cpNextValues).map { Share(name: $0, value: $1) },
                               comment: String(format: "England's with care x %.3f (the care factor above), the others rescaled", kCare))

        // Care: legal routes (direct), exit routes and placements (adjusted).
        let legalColumns: [String: [String]] = [
            "section20": ["SCLA_S20"], "interim_care_order": ["SCLA_ICO"], "police_protection": ["SCLA_UPP"],
            "emergency_protection_order": ["SCLA_SEPO"], "remand_or_custody": ["SCLA_ONCT", "SCLA_PACE", "SCLA_SORR"],
            "full_care_order": ["SCLA_FCO"], "placement_order": ["SCLA_POG", "SCLA_UCAO"],
        ]
        let routeNames = base.legalRoutes.map(\.name)
        var legalParts: [Double?] = []
        var legalEngland: [Double] = []
        var legalFilled: [String] = []
        for route in base.legalRoutes {
            guard let columns = legalColumns[route.name] else {
                legalParts.append(nil)
                legalEngland.append(route.share)
                continue
            }
            let (v, bad) = try f.laSum(adm, columns)
            if v == nil { legalFilled.append(contentsOf: bad) }
            legalParts.append(v)
            legalEngland.append(try f.englandSum(adm, columns) / eStarts)
        }
        var legalRoutes: Annotated<[Share]>
        if let l = ShareArithmetic.localShares(legalParts, total: startsLA, england: legalEngland) {
            for b in legalFilled {
                note("care.legal_routes", "\(b) for this LA: given the rest of \(started) (\(ShareArithmetic.text(l.remainder)) children) split in England's proportions")
            }
            legalRoutes = Annotated(value: zip(routeNames, ShareArithmetic.rounded(l.shares)).map { Share(name: $0, value: $1) },
                                    comment: "\(admL) SCLA_<route> / \(started) (\(ShareArithmetic.text(startsLA ?? 0)) starts)")
        } else {
            note("care.legal_routes", "\(admL) \(started) not published for this LA: England's legal routes used")
            legalRoutes = Annotated(value: base.legalRoutes.map { Share(name: $0.name, value: $0.share) }, comment: "England's")
        }

        let exitColumns = [homeColumns, ["CLA_ceaAdop", "CLA_ceaAdop2"], ["CLA_ceaSpecG", "CLA_ceaSpecG2"], ["CLA_ceaROG"]]
        let exitRatios = try categoryRatios(f, cea, exitColumns, total: "CLA_cease", field: "care.exit_routes", note: note, rest: true)
        func exitCategory(_ route: CareExit) -> Int {
            switch route {
            case .returnedHome: return 0
            case .adoption: return 1
            case .specialGuardianship: return 2
            case .childArrangements: return 3
            case .age18, .other: return 4
            }
        }
        let exitRoutes = Annotated(value: adjustedBanded(base.exitRoutes, names: { $0.rawValue }, ratio: { exitRatios.ratios[exitCategory($0)] }),
                                   comment: "England's fitted routes x LA share of children ceasing by reason / England's (\(ceaL) returned home \(homeColumns.count > 1 ? "CLA_ceaParPlan+ParNPlan+NoPar" : homeColumns[0]), adoption CLA_ceaAdop+Adop2, special guardianship CLA_ceaSpecG+SpecG2, child arrangements CLA_ceaROG, the rest for age_18 and other; of CLA_cease\(exitRatios.summary)), rescaled")

        var placementColumns: [(PlacementType?, String)] = [(.foster, "CLA_Fost"), (.residential, "CLA_Secure"), (.withParents, "CLA_Parent"),
                                                          (.otherCommunity, "CLA_Ocom"), (.otherResidential, "CLA_Ores"), (.residentialSchool, "CLA_RSch"),
                                                          (nil, "CLA_Adopt"), (nil, "CLA_OthPl")]
        if cla.table.header.contains("CLA_Miss") { placementColumns.append((nil, "CLA_Miss")) }
        let placementRatios = try categoryRatios(f, cla, placementColumns.map { [$0.1] }, total: stock, field: "care.placements", note: note)
        let placements = Annotated(value: adjustedBanded(base.placements, names: { $0.rawValue }, ratio: { type in
            placementColumns.firstIndex { $0.0 == type }.map { placementRatios.ratios[$0] } ?? 1
        }), comment: "England's fitted types x LA share of children looked after at 31 March \(s.year) by placement / England's (\(claL) CLA_Fost, CLA_Secure, CLA_Parent, CLA_Ocom, CLA_Ores, CLA_RSch of \(stock)\(placementRatios.summary)), rescaled")

        // Placement moves: the time to a move scaled so that the share of children with one
        // placement in the year (CLA14 CLA_1Pla / CLA_Mar2014 for 2015) goes as exp(-moves) would.
        var moveMean = Annotated(value: base.placementMoveMeanDays, comment: "England's")
        let placedL = s.placements.label, placedC = try column(s.placements, ["CLA_Mar\(calendar.stability)"])
        let eOne = try f.england(s.placements, "CLA_1Pla") / f.england(s.placements, placedC)
        if let one = try laNumber(s.placements, "CLA_1Pla", for: "care.placement_moves.mean_days"),
           let n = try laNumber(s.placements, placedC, for: "care.placement_moves.mean_days"), n > 0 {
            let sm = min(0.99, max(0.01, ShareArithmetic.smoothedShare(one / n, n: n, england: eOne)))
            moveMean = Annotated(value: base.placementMoveMeanDays * log(eOne) / log(sm), comment: String(
                format: "England's fitted %@ x ln(England's share with one placement in the year %.3f) / ln(the LA's %.3f) (%@ CLA_1Pla / %@, %@ children, shrunk towards England's)",
                ShareArithmetic.text(base.placementMoveMeanDays), eOne, sm, placedL, placedC, ShareArithmetic.text(n)))
        }

        // Previous plans and factors at assessment.
        // 2011-12 to 2013-14 name the percentage CPPStart<yy>SecondTime_A in some files.
        let secondC = try column(cin, ["%CPPStart\(sx)SecondTime", "CPPStart\(sx)SecondTime_A"])
        let eSecond = try f.england(cin, secondC) * pct
        var previousPlan = Annotated(value: base.previousPlanProbability, comment: "England's")
        if let second = try laNumber(cin, secondC, for: "referrals.previous_cp_plan").map({ $0 * pct }) {
            let sm = ShareArithmetic.smoothedShare(second, n: cppLA ?? 0, england: eSecond)
            previousPlan = Annotated(value: min(1, base.previousPlanProbability * sm / eSecond), comment: String(
                format: "England's fitted %@ x LA share of CP plans that are a second or later %.3f / England's %.3f (%@ %@, shrunk towards England's)",
                ShareArithmetic.text(base.previousPlanProbability), sm, eSecond, cinL, secondC))
        }
        let factorColumns = ["domestic_violence": "Domesticviolence", "mental_health": "Mentalhealth",
                             "alcohol_misuse": "Alcoholmisuse", "drug_misuse": "Drugmisuse", "neglect": "Neglect",
                             "emotional_abuse": "Emotionalabuse", "physical_abuse": "Physicalabuse",
                             "sexual_abuse": "Sexualabuse", "child_sexual_exploitation": "Childsexualexploitation",
                             "going_missing": "Going/beingmissing"].mapValues { "Factor\(sx)" + $0 }
        var factors: [Annotated<Share>] = []
        // Factors at assessment are published from 2014-15 on: before, England's are kept.
        let episodesC = "Episodeswithfactors\(sx)"
        let episodes: Double?
        if cin.has(episodesC) {
            episodes = try laNumber(cin, episodesC, for: "referrals.factors", fallback: "England's factor shares used")
        } else {
            note("referrals.factors", "\(cinL) has no factors at assessment (\(episodesC), Factor\(sx)*: first published for 2014-15): the England scenario's factor shares kept")
            episodes = nil
        }
        for factor in base.factors {
            guard let column = factorColumns[factor.name], cin.has(column) else { continue }
            if let episodes, episodes > 0, let count = try laNumber(cin, column, for: "referrals.factors.\(factor.name)") {
                factors.append(Annotated(value: Share(name: factor.name, value: min(1, count / episodes)),
                                         comment: "\(cinL) \(column) / \(episodesC) = \(ShareArithmetic.text(count)) / \(ShareArithmetic.text(episodes))"))
            }
        }

        // Capacity.
        let share = refs / eRefs
        // Slots hold assessments in progress (AssessmentLoad).
        let laDays = EmpiricalBands(bands: assessmentDays.value).mean
        let loadShare = refs * (1 - nfa * (1 - (nfaAfterAssessment?.value ?? 0))) * laDays / (eRefs * (1 - eNFA) * base.assessmentWorkingDays.mean)
        // England's own capacity is England's (scaled by its load): no headroom on top of it.
        let headroom = !f.isEngland
        let load = AssessmentLoad(englandSlots: base.assessmentSlots, share: loadShare, days: laDays, englandDays: base.assessmentWorkingDays.mean,
                                  referrals: "\(cinL) \(refsC)", headroom: headroom)
        let posts = Annotated(value: teamPosts.map { scaledCapacity($0, share: share, headroom: headroom) }, comment: String(
            format: "England's posts x LA share of England's referrals %.5f (%@ %@)%@", share, cinL, refsC, headroom ? ", plus 3 x the square root (Poisson headroom)" : ""))

        var derived = LocalParameters(
            year: calendar, childPopulation: population, ratePer10000: ratePer10000, referralAge: referralAge, unbornShare: unbornShare, previousPlan: previousPlan, factors: factors,
            frontDoor: frontDoor, nfaAfterAssessment: nfaAfterAssessment, assessmentDays: assessmentDays, afterAssessment: afterAssessment,
            section47Days: section47Days, conference: conference, plan: plan, cinCloseDays: cinCloseDays,
            cinSection47Mean: cinSection47Mean, cinCareMean: cinCareMean, cpDays: cpDays, cpNext: cpNext, legalRoutes: legalRoutes,
            exitRoutes: exitRoutes, placements: placements, placementMoveMean: moveMean, runInReferrals: runIn, unaccompanied: unaccompanied,
            englandFrailtyShape: base.placementFrailtyShape,
            exitDays: CareExit.allCases.compactMap { route in
                if case .lognormal(let mu, let sigma)? = base.exitDays[route] { return (route.rawValue, mu, sigma) }
                return nil
            },
            adoptionDays: { if case .gamma(let k, let theta) = base.placedForAdoptionDays { return (k, theta) }; return nil }(),
            reReferral: reReferralField, posts: posts, referralShare: share, notes: notes, assessmentLoad: load)
        derived.baseCareRemaining = base.initial?.careRemainingFactor ?? 1
        derived.furtherAssessments = furtherAssessments
        // With no run-in year, the closed cases waiting at the warm start are re-referred in the
        // measured year, whose referrals re_referral is fitted to: sized from the year ending at
        // the warm start instead, a rise or fall in the measured year would be absorbed by
        // closed.re_referral and carried into the projection, whose pool is of the measured year.
        if calendar.runIn == nil, let published = publishedRefs, published > 0 {
            derived.closedCaseReferrals = Annotated(value: published, comment: String(
                format: "%@ %@: the closed cases waiting at the warm start are re-referred in the measured year, so sized from its referrals (as a projection from its end sizes them), not the year's before",
                cinL, refsC))
        }
        derived.baseYear = (base.startYear, base.measureYearEnding, base.stabilityYearEnding)
        derived.careRemaining.value = derived.baseCareRemaining
        return derived
    }

    /// Ratios of the LA's shares to England's for categories of a whole, each category the sum
    /// of some columns. With `total`, shares are of that column (a suppressed category gets the
    /// rest of the total, split in England's proportions; with `rest`, one more category holds
    /// what the columns leave of the total); without, the columns are percentages of a whole
    /// of size `weight` (their rest is 100). Shares are shrunk towards England's by the
    /// whole's size. All ratios are 1 (England's distribution) when the whole is not published.
    static func categoryRatios(_ f: LocalFigures, _ t: BaselineSources.Table, _ columns: [[String]], total: String?, weight: String? = nil,
                               field: String, note: (String, String) -> Void, rest: Bool = false) throws(DataError) -> (ratios: [Double], summary: String) {
        var parts: [Double?] = []
        var england: [Double] = []
        var bad: [String] = []
        for c in columns {
            let (v, b) = try f.laSum(t, c)
            parts.append(v)
            bad += b
            england.append(try f.englandSum(t, c))
        }
        let eTotal = try total.map { c throws(DataError) in try f.england(t, c) } ?? 100
        let laTotalValue = try total.map { c throws(DataError) in try f.la(t, c) } ?? .number(100)
        let n = try (total ?? weight).map { c throws(DataError) in try f.la(t, c).number } ?? nil
        if rest {
            let known = parts.compactMap { $0 }.reduce(0, +)
            parts.append(bad.isEmpty ? laTotalValue.number.map { max(0, $0 - known) } : nil)
            england.append(eTotal - england.reduce(0, +))
        }
        let eShares = england.map { $0 / eTotal }
        guard let laTotal = laTotalValue.number, let n, n > 0,
              let local = ShareArithmetic.localShares(parts, total: laTotal, england: eShares) else {
            let what = total.map { LocalFigures.describe(t, $0, laTotalValue) } ?? "\(t.label) \(weight ?? "") not published"
            note(field, "\(what) for this LA: England's distribution used")
            return (Array(repeating: 1, count: parts.count), " (England's: not published for this LA)")
        }
        for b in bad { note(field, "\(b) for this LA: given the rest of the whole split in England's proportions") }
        let ratios = zip(local.shares, eShares).map { p, e in e > 0 ? ShareArithmetic.smoothedShare(p, n: n, england: e) / e : 1 }
        return (ratios, ", \(ShareArithmetic.text(n)) children")
    }

    /// The LA's own bands (counts in `columns`) on England's band edges; a suppressed band gets
    /// the rest of `total` split in England's proportions; England's when `total` is not published.
    static func directBands(_ f: LocalFigures, _ t: BaselineSources.Table, _ columns: [String], total: String, base: Distribution,
                            field: String, note: (String, String) -> Void) throws(DataError) -> Annotated<[EmpiricalBands.Band]> {
        guard case .empirical(let e) = base, e.bands.count == columns.count else {
            throw DataError(file: "base scenario", line: 0, field: field, "expected an empirical distribution with \(columns.count) bands, as in the England scenario")
        }
        var parts: [Double?] = []
        for c in columns {
            let v = try f.la(t, c)
            if v.number == nil { note(field, "\(LocalFigures.describe(t, c, v)) for this LA: given the rest of \(total) split in England's proportions") }
            parts.append(v.number)
        }
        let totalValue = try f.la(t, total)
        let known = parts.compactMap { $0 }.reduce(0, +)
        // Bands count the episodes with a duration, which can differ a little from the total.
        let whole = parts.contains(where: { $0 == nil }) ? totalValue.number : known
        guard let local = ShareArithmetic.localShares(parts, total: whole, england: e.bands.map(\.probability)) else {
            note(field, "\(LocalFigures.describe(t, total, totalValue)) for this LA: England's bands used")
            return Annotated(value: e.bands, comment: "England's: the LA's \(t.label) \(total) is not published")
        }
        let p = ShareArithmetic.rounded(local.shares)
        return Annotated(value: zip(e.bands, p).map { EmpiricalBands.Band(lower: $0.lower, upper: $0.upper, probability: $1) },
                         comment: "\(t.label) \(columns.first!)..\(columns.last!) (\(ShareArithmetic.text(known)) of \(total)), England's band edges")
    }

    static func adjustedBands(_ base: Distribution, ratios: [Double], category: (Double) -> Int, field: String, comment: String) throws(DataError) -> Annotated<[EmpiricalBands.Band]> {
        guard case .empirical(let e) = base else {
            throw DataError(file: "base scenario", line: 0, field: field, "expected an empirical distribution to adjust, as in the England scenario")
        }
        let p = ShareArithmetic.rounded(ShareArithmetic.adjusted(e.bands.map(\.probability), ratios: e.bands.map { ratios[category($0.lower)] }))
        return Annotated(value: zip(e.bands, p).map { EmpiricalBands.Band(lower: $0.lower, upper: $0.upper, probability: $1) }, comment: comment)
    }

    static func adjustedBanded<C>(_ banded: PathwayParameters.AgeBanded<C>, names: (C) -> String, ratio: (C) -> Double) -> [ShareBand] {
        banded.bands.enumerated().map { i, band in
            let p = ShareArithmetic.rounded(ShareArithmetic.adjusted(band.shares.map(\.share), ratios: band.shares.map { ratio($0.choice) }))
            return ShareBand(below: i == banded.bands.count - 1 ? nil : band.belowYears,
                             shares: zip(band.shares, p).map { Share(name: names($0.choice), value: $1) })
        }
    }
}
