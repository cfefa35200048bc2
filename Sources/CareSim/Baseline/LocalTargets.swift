import Foundation

/// Calibration targets for one LA (or England): the England targets' metrics, with the area's own
/// figures for the year measured (ending 31 March 2012 to 2015; a metric the year's data do not
/// publish, or publish under another definition, is skipped with a note, never read as 0) and,
/// for an LA, tolerances widened for the Poisson noise of small counts.
///
/// Tolerance rule (England's tolerance is the floor):
/// - a count n (relative): max(England's, 2.5 / sqrt(n)); a count of 0: absolute 2.5;
/// - a share p of n children (absolute): max(England's, 2.5 sqrt(q (1 - q) / n)), with
///   q = (p n + 0.5) / (n + 1) so a share of 0 or 1 still has some noise;
/// - the median assessment time (absolute, working days): max(England's, 2.5 x 1.2533 x
///   (IQR / 1.349) / sqrt(n)), the large-sample standard error of a median.
/// Metrics whose LA figure (or its denominator) is suppressed or unavailable are skipped.
public enum LocalTargets {
    public static let noiseMultiplier = 2.5

    public struct Target: Sendable {
        public var metric: String
        public var value: Double
        public var unit: String
        public var tolerance: Double
        public var kind: CalibrationTarget.ToleranceKind
        public var period: String
        public var source: String
    }

    public static func countTolerance(_ n: Double, england: Double) -> (Double, CalibrationTarget.ToleranceKind) {
        n < 1 ? (noiseMultiplier, .absolute) : (max(england, noiseMultiplier / n.squareRoot()), .relative)
    }

    public static func shareTolerance(_ p: Double, n: Double, england: Double) -> Double {
        let q = (p * n + 0.5) / (n + 1)
        return max(england, noiseMultiplier * (q * (1 - q) / n).squareRoot())
    }

    /// Which of the year's tables a figure is read from (BaselineSources).
    enum Role: Sendable {
        case census, starts, ceased, lookedAfter, placements
    }

    /// How each England metric is found in an area's row. Each column is given as its candidate
    /// names (the files of different years spell some differently); the first the table has is read.
    enum Recipe {
        /// A count in one column.
        case count(Role, [String])
        /// A percentage column, of a whole counted in another column of the same table.
        case percent(Role, [String], of: [String])
        /// The sum of some columns over another column (or over the sum of `over` columns); each
        /// alternative of `parts` is a way the year's table splits the numerator, the first with
        /// every column present is read.
        case ratio(Role, [[String]], over: [[String]])
        case median
    }

    /// A metric the year's data do not give (its columns are absent), or give under another
    /// definition (then it must not be read as this metric): why, for the note.
    static func unavailable(_ metric: String, year: Int) -> String? {
        guard year < 2015 else { return nil }
        let span = BaselineSources.span(year)
        switch metric {
        case "assessments_completed", "assessment_median_working_days", "assessment_within_45_working_days_share":
            let pilots = year == 2014 ? ", and continuous assessments (SAs) of the LAs that had moved to them" : ""
            return "the census of \(span) counts initial and core assessments (IAs, CAs\(pilots)), not the single assessment of 2014-15 on: a different measure, not used"
        case "referral_assessed_not_in_need_share":
            return "the census of \(span) publishes referrals found not in need at the initial assessment (%ReferralsIANotInNeed), not at the single assessment of 2014-15 on (%ReferralsANotInNeed): a different measure, not used"
        default: return nil
        }
    }

    static let bands = ["under_3_months": ("<3mths", "<3mths"), "3_to_6_months": ("3-6mths", "3-6mths"), "6_to_12_months": ("6mths-1yr", "6mths-1yr"),
                        "1_to_2_years": ("1-2yrs", "1-2yr"), "over_2_years": ("2+yrs", "2+yrs")]
    static let ages = ["under_1": "U1", "1_to_4": "1to4", "5_to_9": "5to9", "10_to_15": "10to15", "16_plus": "16over"]

    /// The census's suffix for the year ending 31 March `year`: "1415" for 2015.
    static func suffix(_ year: Int) -> String { String(format: "%02d%02d", (year - 1) % 100, year % 100) }

    /// `placementsYear`: the year of the table placements in the year are read from (2014 for 2015).
    static func recipe(_ metric: String, year: Int, placementsYear: Int? = nil) -> Recipe? {
        let s = suffix(year), yy = String(format: "%02d", year % 100)
        let started = BaselineYear.startedColumns(year)
        let placed = [["CLA_Mar\(placementsYear ?? year)"]]
        let assessmentBands = ["AssessmentStartEndSameDay\(s)", "Assessment1-10days\(s)", "Assessment11-20days\(s)", "Assessment21-30days\(s)",
                               "Assessment31-40days\(s)", "Assessment41-45days\(s)"]
        let stock = "CLA_Mar\(year)", stocks = [[stock]]
        switch metric {
        case "referrals": return .count(.census, ["Referrals\(s)"])
        case "re_referral_share": return .percent(.census, ["%ReferralsWithin12mths\(s)"], of: ["Referrals\(s)"])
        case "referral_nfa_share": return .percent(.census, ["%ReferralsNFA\(s)"], of: ["Referrals\(s)"])
        case "referral_assessed_not_in_need_share": return .percent(.census, ["%ReferralsANotInNeed\(s)"], of: ["Referrals\(s)"])
        case "assessments_completed": return .count(.census, ["Assessments\(s)"])
        case "assessment_median_working_days": return .median
        case "assessment_within_45_working_days_share":
            return .ratio(.census, [assessmentBands], over: (assessmentBands + ["Assessment46-50days\(s)", "Assessment51-60days\(s)", "Assessment61+days\(s)"]).map { [$0] })
        // 2010-11 names it S47in1011 (read for years.csv's history; no target year is that early).
        case "section47_enquiries": return .count(.census, ["S47\(s)", "S47in\(s)"])
        // 2011-12 and 2012-13 name it ICPC1112, ICPC1213 (their metadata: ICPCin, children subject to an ICPC).
        case "initial_cp_conferences": return .count(.census, ["ICPCin\(s)", "ICPC\(s)"])
        // 2010-11 names it CPPIn1011.
        case "cp_plans_started": return .count(.census, ["CPPStart\(s)", "CPPIn\(s)"])
        case "cp_plans_ended": return .count(.census, ["CPPCeased\(s)"])
        // 2013-14 names the percentage CPPStart1314SecondTime_A.
        case "cp_second_or_later_share": return .percent(.census, ["%CPPStart\(s)SecondTime", "CPPStart\(s)SecondTime_A"], of: ["CPPStart\(s)"])
        case "cp_plans_open": return .count(.census, ["CPPAt3103\(yy)"])
        case "cin_episodes_started": return .count(.census, ["CINStarting\(s)"])
        case "cin_episodes_ended": return .count(.census, ["CINEnding\(s)"])
        case "children_in_need_open": return .count(.census, ["CINAt3103\(yy)"])
        // The 2015 table names its column CLA_started2014 (BaselineYear.startedColumns).
        case "looked_after_started": return .count(.starts, started)
        case "looked_after_ceased": return .count(.ceased, ["CLA_cease"])
        case "looked_after_open": return .count(.lookedAfter, [stock])
        case "looked_after_during_year": return .count(.lookedAfter, ["CLA_\(year)"])
        // From 2015 "returned home to live with parents or relatives" is split three ways.
        case "ceased_returned_home_share": return .ratio(.ceased, [["CLA_ceaParPlan", "CLA_ceaParNPlan", "CLA_ceaNoPar"], ["CLA_ceaPar"]], over: [["CLA_cease"]])
        case "ceased_adoption_share": return .ratio(.ceased, [["CLA_ceaAdop", "CLA_ceaAdop2"]], over: [["CLA_cease"]])
        case "ceased_special_guardianship_share": return .ratio(.ceased, [["CLA_ceaSpecG", "CLA_ceaSpecG2"]], over: [["CLA_cease"]])
        case "placement_foster_share": return .ratio(.lookedAfter, [["CLA_Fost"]], over: stocks)
        case "placement_residential_share": return .ratio(.lookedAfter, [["CLA_Secure"]], over: stocks)
        case "placement_with_parents_share": return .ratio(.lookedAfter, [["CLA_Parent"]], over: stocks)
        case "placement_for_adoption_share": return .ratio(.lookedAfter, [["CLA_Adopt"]], over: stocks)
        // Over the stock of the placements table's own year (CLA_Mar2014 for 2015's CLA14).
        case "placements_in_year_one_share": return .ratio(.placements, [["CLA_1Pla"]], over: placed)
        case "placements_in_year_two_share": return .ratio(.placements, [["CLA_2PLa"]], over: placed)
        case "placements_in_year_three_plus_share": return .ratio(.placements, [["CLA_3Pla"]], over: placed)
        default:
            for (name, columns) in bands {
                if metric == "cp_ended_\(name)_share" { return .percent(.census, ["%CPPCeased\(s)Duration\(columns.0)"], of: ["CPPCeased\(s)"]) }
                if metric == "cin_ended_\(name)_share" { return .percent(.census, ["%CINEnding\(s)Duration\(columns.1)"], of: ["CINEnding\(s)"]) }
            }
            for (name, column) in ages {
                if metric == "entry_age_\(name)_share" {
                    return .ratio(.starts, [["SCLA_\(column)"]], over: [started])
                }
                if metric == "looked_after_age_\(name)_share" { return .ratio(.lookedAfter, [["CLA_\(column)"]], over: stocks) }
            }
            return nil
        }
    }

    /// The period a metric's figure covers: a stock at 31 March of the year, or a flow or share
    /// over the year to it (placements in the year: the year of the table they are read from).
    static func period(_ metric: String, year: Int, placementsYear: Int) -> String {
        let stocks: Set<String> = ["cp_plans_open", "children_in_need_open", "looked_after_open"]
        if metric.hasPrefix("placements_in_year_") { return "year to 31 March \(placementsYear)" }
        if stocks.contains(metric) || metric.hasPrefix("looked_after_age_") || (metric.hasPrefix("placement_") && metric.hasSuffix("_share")) {
            return "31 March \(year)"
        }
        return "year to 31 March \(year)"
    }

    /// The year a looked-after table describes (its CLA_MarYYYY column).
    static func tableYear(_ t: BaselineSources.Table, default year: Int) -> Int {
        for y in (year - 2)...year where t.has("CLA_Mar\(y)") { return y }
        return year
    }

    /// The LA's targets (England's, for `LocalFigures(englandOf:)`) for each of `england`'s metrics
    /// the year's data give, and a note for each it skips. England's tolerances are `england`'s;
    /// an LA's are widened for small counts (above).
    public static func derive(_ f: LocalFigures, england: [CalibrationTarget]) throws(DataError) -> (targets: [Target], skipped: [BaselineNote]) {
        let year = f.sources.year
        let s = f.sources
        func table(_ role: Role) -> BaselineSources.Table {
            switch role {
            case .census: s.census
            case .starts: s.starts
            case .ceased: s.ceased
            case .lookedAfter: s.lookedAfter
            case .placements: s.placements
            }
        }
        let placementsYear = tableYear(s.placements, default: year)
        var targets: [Target] = []
        var skipped: [BaselineNote] = []
        let la = f.isEngland ? "England" : "\(f.authority.name) \(f.authority.code)"
        let whose = f.isEngland ? "for England" : "for this LA"
        for e in england {
            if let why = unavailable(e.metric, year: year) {
                skipped.append(BaselineNote(field: e.metric, "\(why): target skipped"))
                continue
            }
            guard let recipe = recipe(e.metric, year: year, placementsYear: placementsYear) else {
                skipped.append(BaselineNote(field: e.metric, "no LA figure is derived for this metric"))
                continue
            }
            let period = period(e.metric, year: year, placementsYear: placementsYear)
            func skip(_ why: String) { skipped.append(BaselineNote(field: e.metric, "\(why) \(whose): target skipped")) }
            /// The first of `candidates` the table has, or nil (with a note: the column is absent that year).
            func find(_ t: BaselineSources.Table, _ candidates: [String]) -> String? {
                if let c = candidates.first(where: t.has) { return c }
                skipped.append(BaselineNote(field: e.metric, "\(t.label) (\(t.fileName)) has no column \(candidates.joined(separator: " or ")): not published for the year to 31 March \(year), target skipped"))
                return nil
            }
            func folder(_ t: BaselineSources.Table) -> String {
                let path = t.table.file
                if let r = path.range(of: "dfe/") { return "data/" + (path[r.lowerBound...] as NSString).deletingLastPathComponent }
                return (path as NSString).deletingLastPathComponent
            }
            switch recipe {
            case .count(let role, let candidates):
                let t = table(role)
                guard let column = find(t, candidates) else { continue }
                let v = try f.la(t, column)
                guard let n = v.number else { skip(LocalFigures.describe(t, column, v)); continue }
                let (tol, kind) = f.isEngland ? (e.tolerance, e.kind)
                    : countTolerance(n, england: e.kind == .relative ? e.tolerance : e.tolerance / max(1, e.value))
                targets.append(Target(metric: e.metric, value: n, unit: e.unit, tolerance: tol, kind: kind, period: period,
                                      source: "\(folder(t)) \(t.fileName) \(column) (\(la))"))
            case .percent(let role, let candidates, let wholes):
                let t = table(role)
                guard let column = find(t, candidates), let of = find(t, wholes) else { continue }
                let v = try f.la(t, column), w = try f.la(t, of)
                guard let p = v.number else { skip(LocalFigures.describe(t, column, v)); continue }
                guard let n = w.number, n > 0 else { skip(LocalFigures.describe(t, of, w) + " (the denominator)"); continue }
                targets.append(Target(metric: e.metric, value: p / 100, unit: e.unit,
                                      tolerance: f.isEngland ? e.tolerance : shareTolerance(p / 100, n: n, england: e.tolerance),
                                      kind: .absolute, period: period, source: "\(folder(t)) \(t.fileName) \(column) of \(of) \(ShareArithmetic.text(n)) (\(la))"))
            case .ratio(let role, let alternatives, let overCandidates):
                let t = table(role)
                // The denominator: the sum of `over`'s columns, each found among its candidates.
                var over: [String] = []
                for candidates in overCandidates {
                    guard let c = find(t, candidates) else { break }
                    over.append(c)
                }
                guard over.count == overCandidates.count else { continue }
                guard let parts = alternatives.first(where: { $0.allSatisfy(t.has) }) else {
                    skipped.append(BaselineNote(field: e.metric, "\(t.label) (\(t.fileName)) has none of \(alternatives.map { $0.joined(separator: "+") }.joined(separator: " or ")): not published for the year to 31 March \(year), target skipped"))
                    continue
                }
                let (num, bad) = try f.laSum(t, parts)
                let (den, badDen) = try f.laSum(t, over)
                guard let num else { skip(bad.joined(separator: ", ")); continue }
                guard let den, den > 0 else { skip((badDen.isEmpty ? ["\(over.joined(separator: "+")) = 0"] : badDen).joined(separator: ", ") + " (the denominator)"); continue }
                let p = num / den
                targets.append(Target(metric: e.metric, value: (p * 10_000).rounded() / 10_000, unit: e.unit,
                                      tolerance: f.isEngland ? e.tolerance : shareTolerance(p, n: den, england: e.tolerance), kind: .absolute, period: period,
                                      source: "\(folder(t)) \(t.fileName) \(parts.joined(separator: "+")) / \(over.count > 1 ? "all bands" : over[0]) \(ShareArithmetic.text(den)) (\(la))"))
            case .median:
                let t = s.census
                let sx = suffix(year)
                let median = "AssessmentMedian\(sx)", count = "Assessments\(sx)", q25 = "Assessment25thPercentile\(sx)", q75 = "Assessment75thPercentile\(sx)"
                guard find(t, [median]) != nil, find(t, [count]) != nil else { continue }
                let v = try f.la(t, median), n = try f.la(t, count).number
                guard let m = v.number else { skip(LocalFigures.describe(t, median, v)); continue }
                guard let n, n > 0 else { skip("\(t.label) \(count) not published (the number of assessments)"); continue }
                let eq1 = try f.england(t, q25), eq3 = try f.england(t, q75)
                let q1 = try f.la(t, q25).number ?? eq1
                let q3 = try f.la(t, q75).number ?? eq3
                let se = 1.2533 * ((q3 - q1) / 1.349) / n.squareRoot()
                targets.append(Target(metric: e.metric, value: m, unit: e.unit, tolerance: f.isEngland ? e.tolerance : max(e.tolerance, noiseMultiplier * se),
                                      kind: .absolute, period: period,
                                      source: "\(folder(t)) \(t.fileName) \(median) (quartiles \(ShareArithmetic.text(q1))-\(ShareArithmetic.text(q3)), \(ShareArithmetic.text(n)) assessments; \(la))"))
            }
        }
        return (targets, skipped)
    }

    /// The targets file: the columns of calibration/england-2014-15.csv.
    public static func csv(_ targets: [Target]) -> String {
        var t = CSVTable(header: ["metric", "value", "unit", "tolerance", "tolerance_kind", "period", "source"])
        for x in targets {
            // Rounded up, so the written tolerance is never narrower than the rule's.
            let tol = ShareArithmetic.text((x.tolerance * 10_000).rounded(.up) / 10_000, decimals: 4)
            t.append([x.metric, ShareArithmetic.text(x.value, decimals: 4), x.unit, tol, x.kind.rawValue, x.period, x.source])
        }
        return t.text
    }
}
