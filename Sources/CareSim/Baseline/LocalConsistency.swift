import Foundation

/// Whether an area's own published figures agree with each other: for children in need, CP
/// plans and children looked after, the stock at 31 March of the year before plus the year's
/// starts minus its ends against the year's stock. A gap of more than `limit` of the stock means
/// the figures contradict each other (a late return, a recount, episodes closed in bulk), and
/// no model can meet every one of them: the baseline says so in its header, and targets on
/// those figures are counted apart by the LA survey.
public struct LocalConsistency: Sendable {
    /// 5% of the stock.
    public static let limit = 0.05

    public struct Balance: Sendable, Equatable {
        /// "children in need", "CP plans", "looked after".
        public var name: String
        public var year: Int
        public var stockBefore: Double
        public var starts: Double
        public var ends: Double
        public var stock: Double
        /// (stock before + starts - ends) - stock.
        public var gap: Double { stockBefore + starts - ends - stock }
        public var relativeGap: Double { stock > 0 ? gap / stock : (gap == 0 ? 0 : .infinity) }
        public var contradicts: Bool { abs(relativeGap) > LocalConsistency.limit }
        /// The calibration targets whose figures are in this balance.
        public var metrics: [String]

        public var text: String {
            func n(_ x: Double) -> String { ScenarioNumber.format(x.rounded()) }
            return "\(name) at 31 March \(year - 1) \(n(stockBefore)) + started \(n(starts)) - ended \(n(ends)) = \(n(stockBefore + starts - ends)), "
                + "published at 31 March \(year) \(n(stock)) (\(String(format: "%+.1f", relativeGap * 100))%)"
        }
    }

    /// The year's assessments completed against its referrals not closed at the door. Every
    /// referral the front door does not close with no further action goes on to an assessment,
    /// so an LA that published fewer assessments than that, by more than `limit`, counted them
    /// another way (a change of assessment during the year, assessments not recorded): no run
    /// of the model, which assesses each of those referrals, can meet both figures.
    public struct Assessments: Sendable, Equatable {
        public var year: Int
        public var assessments: Double
        public var referrals: Double
        public var noFurtherActionShare: Double
        public var atDoor: Double { referrals * (1 - noFurtherActionShare) }
        public var contradicts: Bool { assessments < atDoor * (1 - LocalConsistency.limit) }
        public var text: String {
            func n(_ x: Double) -> String { ScenarioNumber.format(x.rounded()) }
            return "assessments completed in \(year - 1)-\(String(format: "%02d", year % 100)) \(n(assessments)), against referrals \(n(referrals)) less "
                + "\(String(format: "%.1f", noFurtherActionShare * 100))% closed at the door with no further action = \(n(atDoor)) "
                + "(\(String(format: "%+.1f", (assessments / atDoor - 1) * 100))%): each of those goes on to an assessment"
        }
    }

    /// The year's CP plans started against its initial conferences. A plan starts at a
    /// conference (a few at a transfer-in conference, not counted as initial), so an LA that
    /// published more plans than initial conferences, by more than `limit`, counted its
    /// conferences another way (Lancashire in 2013-14: 1,291 plans from 118 conferences): no run
    /// of the model, which starts each plan at an initial conference, can meet both figures.
    public struct Conferences: Sendable, Equatable {
        public var year: Int
        public var conferences: Double
        public var plansStarted: Double
        public var contradicts: Bool { plansStarted > conferences * (1 + LocalConsistency.limit) }
        public var text: String {
            func n(_ x: Double) -> String { ScenarioNumber.format(x.rounded()) }
            return "CP plans started in \(year - 1)-\(String(format: "%02d", year % 100)) \(n(plansStarted)), against initial conferences \(n(conferences)) "
                + "(\(String(format: "%+.1f", (plansStarted / max(conferences, 1) - 1) * 100))%): each plan starts at a conference"
        }
    }

    public var balances: [Balance]
    public var assessments: Assessments? = nil
    public var conferences: Conferences? = nil
    /// The balances that contradict themselves by more than the limit.
    public var contradictions: [Balance] { balances.filter(\.contradicts) }
    /// The assessments, when fewer than the referrals not closed at the door by more than the limit.
    public var assessmentContradiction: Assessments? { assessments.flatMap { $0.contradicts ? $0 : nil } }
    /// The conferences, when fewer than the plans started by more than the limit.
    public var conferenceContradiction: Conferences? { conferences.flatMap { $0.contradicts ? $0 : nil } }
    /// Targets on contradicting figures.
    public var contradictedMetrics: Set<String> {
        Set(contradictions.flatMap(\.metrics)).union(assessmentContradiction == nil ? [] : ["assessments_completed"])
            .union(conferenceContradiction == nil ? [] : ["initial_cp_conferences"])
    }
    public var isEmpty: Bool { contradictions.isEmpty && assessmentContradiction == nil && conferenceContradiction == nil }

    static let flows: [(name: String, stock: String, starts: String, ends: String)] = [
        ("children in need", "children_in_need_open", "cin_episodes_started", "cin_episodes_ended"),
        ("CP plans", "cp_plans_open", "cp_plans_started", "cp_plans_ended"),
        ("looked after", "looked_after_open", "looked_after_started", "looked_after_ceased"),
    ]

    /// The balances of `area` (a code or name, or England) in the year ending 31 March `year`,
    /// each where all four figures are published (none read after `year`).
    public init(area: String, year: Int, dataDirectory: String) {
        var reader = PublishedYears(area: area, dataDirectory: dataDirectory)
        balances = Self.flows.compactMap { f in
            guard let before = reader.figure(metric: f.stock, year: year - 1)?.value, let starts = reader.figure(metric: f.starts, year: year)?.value,
                  let ends = reader.figure(metric: f.ends, year: year)?.value, let stock = reader.figure(metric: f.stock, year: year)?.value else { return nil }
            return Balance(name: f.name, year: year, stockBefore: before, starts: starts, ends: ends, stock: stock, metrics: [f.stock, f.starts, f.ends])
        }
    }
}
