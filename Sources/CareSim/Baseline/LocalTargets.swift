import Foundation

/// Calibration targets for one LA: the England targets' metrics, with the LA's own 2014-15
/// figures and tolerances widened for the Poisson noise of small counts.
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

    /// How each England metric is found in an LA's row.
    enum Recipe {
        /// A count in one column.
        case count(String, String)
        /// A percentage column, of a whole counted in another column of the same table.
        case percent(String, String, of: String)
        /// The sum of some columns over another column (or over the sum of `over` columns).
        case ratio(String, [String], over: [String])
        case median
    }

    static let bands = ["under_3_months": ("<3mths", "<3mths"), "3_to_6_months": ("3-6mths", "3-6mths"), "6_to_12_months": ("6mths-1yr", "6mths-1yr"),
                        "1_to_2_years": ("1-2yrs", "1-2yr"), "over_2_years": ("2+yrs", "2+yrs")]
    static let ages = ["under_1": "U1", "1_to_4": "1to4", "5_to_9": "5to9", "10_to_15": "10to15", "16_plus": "16over"]

    static func recipe(_ metric: String) -> Recipe? {
        let assessmentBands = ["AssessmentStartEndSameDay1415", "Assessment1-10days1415", "Assessment11-20days1415", "Assessment21-30days1415",
                               "Assessment31-40days1415", "Assessment41-45days1415"]
        switch metric {
        case "referrals": return .count("CIN15", "Referrals1415")
        case "re_referral_share": return .percent("CIN15", "%ReferralsWithin12mths1415", of: "Referrals1415")
        case "referral_nfa_share": return .percent("CIN15", "%ReferralsNFA1415", of: "Referrals1415")
        case "referral_assessed_not_in_need_share": return .percent("CIN15", "%ReferralsANotInNeed1415", of: "Referrals1415")
        case "assessments_completed": return .count("CIN15", "Assessments1415")
        case "assessment_median_working_days": return .median
        case "assessment_within_45_working_days_share":
            return .ratio("CIN15", assessmentBands, over: assessmentBands + ["Assessment46-50days1415", "Assessment51-60days1415", "Assessment61+days1415"])
        case "section47_enquiries": return .count("CIN15", "S471415")
        case "initial_cp_conferences": return .count("CIN15", "ICPCin1415")
        case "cp_plans_started": return .count("CIN15", "CPPStart1415")
        case "cp_plans_ended": return .count("CIN15", "CPPCeased1415")
        case "cp_second_or_later_share": return .percent("CIN15", "%CPPStart1415SecondTime", of: "CPPStart1415")
        case "cp_plans_open": return .count("CIN15", "CPPAt310315")
        case "cin_episodes_started": return .count("CIN15", "CINStarting1415")
        case "cin_episodes_ended": return .count("CIN15", "CINEnding1415")
        case "children_in_need_open": return .count("CIN15", "CINAt310315")
        case "looked_after_started": return .count("ADM15", "CLA_started2014")
        case "looked_after_ceased": return .count("CEA15", "CLA_cease")
        case "looked_after_open": return .count("CLA15", "CLA_Mar2015")
        case "looked_after_during_year": return .count("CLA15", "CLA_2015")
        case "ceased_returned_home_share": return .ratio("CEA15", ["CLA_ceaParPlan", "CLA_ceaParNPlan", "CLA_ceaNoPar"], over: ["CLA_cease"])
        case "ceased_adoption_share": return .ratio("CEA15", ["CLA_ceaAdop", "CLA_ceaAdop2"], over: ["CLA_cease"])
        case "ceased_special_guardianship_share": return .ratio("CEA15", ["CLA_ceaSpecG", "CLA_ceaSpecG2"], over: ["CLA_cease"])
        case "placement_foster_share": return .ratio("CLA15", ["CLA_Fost"], over: ["CLA_Mar2015"])
        case "placement_residential_share": return .ratio("CLA15", ["CLA_Secure"], over: ["CLA_Mar2015"])
        case "placement_with_parents_share": return .ratio("CLA15", ["CLA_Parent"], over: ["CLA_Mar2015"])
        case "placement_for_adoption_share": return .ratio("CLA15", ["CLA_Adopt"], over: ["CLA_Mar2015"])
        case "placements_in_year_one_share": return .ratio("CLA14", ["CLA_1Pla"], over: ["CLA_Mar2014"])
        case "placements_in_year_two_share": return .ratio("CLA14", ["CLA_2PLa"], over: ["CLA_Mar2014"])
        case "placements_in_year_three_plus_share": return .ratio("CLA14", ["CLA_3Pla"], over: ["CLA_Mar2014"])
        default:
            for (name, columns) in bands {
                if metric == "cp_ended_\(name)_share" { return .percent("CIN15", "%CPPCeased1415Duration\(columns.0)", of: "CPPCeased1415") }
                if metric == "cin_ended_\(name)_share" { return .percent("CIN15", "%CINEnding1415Duration\(columns.1)", of: "CINEnding1415") }
            }
            for (name, column) in ages {
                if metric == "entry_age_\(name)_share" { return .ratio("ADM15", ["SCLA_\(column)"], over: ["CLA_started2014"]) }
                if metric == "looked_after_age_\(name)_share" { return .ratio("CLA15", ["CLA_\(column)"], over: ["CLA_Mar2015"]) }
            }
            return nil
        }
    }

    /// The LA's targets for each of `england`'s metrics it can give, and a note for each it skips.
    public static func derive(_ f: LocalFigures, england: [CalibrationTarget]) throws(DataError) -> (targets: [Target], skipped: [BaselineNote]) {
        let tables = Dictionary(uniqueKeysWithValues: f.sources.tables.map { ($0.label, $0) })
        var targets: [Target] = []
        var skipped: [BaselineNote] = []
        let la = "\(f.authority.name) \(f.authority.code)"
        for e in england {
            guard let recipe = recipe(e.metric) else {
                skipped.append(BaselineNote(field: e.metric, "no LA figure is derived for this metric"))
                continue
            }
            func skip(_ why: String) { skipped.append(BaselineNote(field: e.metric, "\(why) for this LA: target skipped")) }
            func folder(_ t: BaselineSources.Table) -> String {
                let path = t.table.file
                if let r = path.range(of: "dfe/") { return "data/" + (path[r.lowerBound...] as NSString).deletingLastPathComponent }
                return (path as NSString).deletingLastPathComponent
            }
            switch recipe {
            case .count(let label, let column):
                let t = tables[label]!
                let v = try f.la(t, column)
                guard let n = v.number else { skip(LocalFigures.describe(t, column, v)); continue }
                let (tol, kind) = countTolerance(n, england: e.kind == .relative ? e.tolerance : e.tolerance / max(1, e.value))
                targets.append(Target(metric: e.metric, value: n, unit: e.unit, tolerance: tol, kind: kind, period: e.period,
                                      source: "\(folder(t)) \(t.fileName) \(column) (\(la))"))
            case .percent(let label, let column, let of):
                let t = tables[label]!
                let v = try f.la(t, column), w = try f.la(t, of)
                guard let p = v.number else { skip(LocalFigures.describe(t, column, v)); continue }
                guard let n = w.number, n > 0 else { skip(LocalFigures.describe(t, of, w) + " (the denominator)"); continue }
                targets.append(Target(metric: e.metric, value: p / 100, unit: e.unit, tolerance: shareTolerance(p / 100, n: n, england: e.tolerance),
                                      kind: .absolute, period: e.period, source: "\(folder(t)) \(t.fileName) \(column) of \(of) \(ShareArithmetic.text(n)) (\(la))"))
            case .ratio(let label, let parts, let over):
                let t = tables[label]!
                let (num, bad) = try f.laSum(t, parts)
                let (den, badDen) = try f.laSum(t, over)
                guard let num else { skip(bad.joined(separator: ", ")); continue }
                guard let den, den > 0 else { skip((badDen.isEmpty ? ["\(over.joined(separator: "+")) = 0"] : badDen).joined(separator: ", ") + " (the denominator)"); continue }
                let p = num / den
                targets.append(Target(metric: e.metric, value: (p * 10_000).rounded() / 10_000, unit: e.unit,
                                      tolerance: shareTolerance(p, n: den, england: e.tolerance), kind: .absolute, period: e.period,
                                      source: "\(folder(t)) \(t.fileName) \(parts.joined(separator: "+")) / \(over.count > 1 ? "all bands" : over[0]) \(ShareArithmetic.text(den)) (\(la))"))
            case .median:
                let t = tables["CIN15"]!
                let v = try f.la(t, "AssessmentMedian1415"), n = try f.la(t, "Assessments1415").number
                guard let m = v.number else { skip(LocalFigures.describe(t, "AssessmentMedian1415", v)); continue }
                guard let n, n > 0 else { skip("CIN15 Assessments1415 not published (the number of assessments)"); continue }
                let eq1 = try f.england(t, "Assessment25thPercentile1415"), eq3 = try f.england(t, "Assessment75thPercentile1415")
                let q1 = try f.la(t, "Assessment25thPercentile1415").number ?? eq1
                let q3 = try f.la(t, "Assessment75thPercentile1415").number ?? eq3
                let se = 1.2533 * ((q3 - q1) / 1.349) / n.squareRoot()
                targets.append(Target(metric: e.metric, value: m, unit: e.unit, tolerance: max(e.tolerance, noiseMultiplier * se), kind: .absolute,
                                      period: e.period, source: "\(folder(t)) \(t.fileName) AssessmentMedian1415 (quartiles \(ShareArithmetic.text(q1))-\(ShareArithmetic.text(q3)), \(ShareArithmetic.text(n)) assessments; \(la))"))
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
