import CareSimEngine
import Foundation

/// The text of an LA baseline scenario: it `extends:` the England scenario and overrides only
/// what is local, each value with a comment naming its source. Lists (age bands, workforce
/// teams) replace the parent's whole; share mappings are written in full, so nothing of
/// England's is left mixed into them.
public struct BaselineScenario: Sendable {
    public var authority: LocalAuthority
    public var parameters: LocalParameters
    /// Paths as written: the England scenario and the data folder, relative to the output file.
    public var extends: String
    public var dataPath: String
    public var seed: UInt64
    public var replications: Int
    /// The workforce teams of the base scenario (nodes), written with the LA's posts.
    public var teams: [ScenarioNode]
    /// Cells the warm start reads (31 March 2013) that are suppressed for this LA.
    public var warmStartSuppressed: [String]
    /// The command that wrote the file, for its first line.
    public var command: String
    /// How the fit by simulation went (header lines), nil when it did not run.
    public var fit: [String]? = nil

    public var text: String {
        let p = parameters
        var out: [String] = []
        func line(_ indent: Int, _ text: String, _ comment: String? = nil) {
            let body = String(repeating: " ", count: indent) + text
            out.append(comment.map { "\(body)   # \($0)" } ?? body)
        }
        func num(_ x: Double) -> String { ShareArithmetic.text(x) }
        func bands(_ indent: Int, _ name: String, _ b: Annotated<[EmpiricalBands.Band]>) {
            line(indent, "\(name):", b.comment)
            line(indent + 2, "distribution: empirical")
            line(indent + 2, "bands:")
            for band in b.value {
                line(indent + 4, "- {lower: \(num(band.lower)), upper: \(num(band.upper)), probability: \(num(band.probability))}")
            }
        }
        func shares(_ s: [Share]) -> String { "{" + s.map { "\($0.name): \(num($0.value))" }.joined(separator: ", ") + "}" }
        func banded(_ indent: Int, _ name: String, key: String, _ b: Annotated<[ShareBand]>) {
            line(indent, "\(name):", b.comment)
            for band in b.value {
                if let below = band.below {
                    line(indent + 2, "- below: \(num(below))")
                    line(indent + 4, "\(key): \(shares(band.shares))")
                } else {
                    line(indent + 2, "- \(key): \(shares(band.shares))")
                }
            }
        }

        out.append("# \(authority.name) (\(authority.code)) 2014-15 baseline, written by CareSim \(CareSimVersion.string):")
        out.append("#   \(command)")
        out.append("# It extends the England scenario and overrides only what is local; every other value (and its source) is England's.")
        out.append("# Sources, relative to the repository root (copies of ../shared/data), each the row of this LA:")
        out.append("#   CIN15  data/dfe/cin-census/2014-15/SFR41-2015_Underlying_data.csv")
        out.append("#   ADM15, CEA15, CLA15  data/dfe/looked-after/2015/SFR34_ADM2015.csv, SFR34_CEA2015.csv, SFR34_CLA2015.csv")
        out.append("#   CLA14, CLA13, CIN14  the looked-after tables of 2014 and 2013 and the census of 2013-14 (placements in the year, the run-in year)")
        out.append("#   ONS  data/ons/child-population (only where CIN15 Mid2014Pop017 is not published)")
        out.append("# \"x ratio\" values are England's fitted values multiplied by the LA's published figure relative to England's;")
        out.append("# shares used as ratios are shrunk towards England's as if \(Int(ShareArithmetic.priorStrength)) more children had been seen at England's share.")
        if let fit { for l in fit { out.append("# " + l) } }
        if p.notes.isEmpty && warmStartSuppressed.isEmpty {
            out.append("# Suppressed or unavailable cells: none for this LA.")
        } else {
            out.append("# Suppressed or unavailable cells for this LA, and what was used instead:")
            for n in p.notes { out.append("#   \(n.field): \(n.text)") }
            for s in warmStartSuppressed {
                out.append("#   initial (warm start): \(s) for this LA: \(Self.warmStartFallback(s))")
            }
        }
        line(0, "extends: \(extends)")
        line(0, "name: \(authority.name) 2014-15 baseline")
        line(0, "description: >")
        line(2, "\(authority.name)'s (\(authority.code)) children's social care pathway: the England 2014-15 baseline with this")
        line(2, "local authority's referrals, front door, timescales, rates of enquiry and care entry and care mix, warm-started")
        line(2, "from its published stocks at 31 March 2013 and measured over the year to 31 March 2015.")
        line(0, "seed: \(seed)")
        line(0, "replications: \(replications)")
        line(0, "scale: 1", "the whole LA")
        line(0, "referrals:")
        line(2, "child_population: \(num(p.childPopulation.value))", p.childPopulation.comment)
        line(2, "rate_per_10000_children: \(String(format: "%.2f", p.ratePer10000.value))", p.ratePer10000.comment)
        if let r = p.runInReferrals {
            line(2, "by_year: [{year_ending: 2014, factor: \(String(format: "%.4f", r.value))}]", r.comment)
        }
        bands(2, "age", p.referralAge)
        line(2, "previous_cp_plan: \(String(format: "%.4f", p.previousPlan.value))", p.previousPlan.comment)
        if !p.factors.isEmpty {
            line(2, "factors:", "CIN15 Factor1415<name> / Episodeswithfactors1415 (this LA)")
            for f in p.factors { line(4, "\(f.value.name): \(String(format: "%.4f", f.value.value))", f.comment) }
        }
        line(0, "front_door:")
        line(2, "outcome:", p.frontDoor.comment)
        for s in p.frontDoor.value { line(4, "\(s.name): \(num(s.value))") }
        if let q = p.nfaAfterAssessment { line(2, "nfa_after_assessment: \(String(format: "%.4f", q.value))", q.comment) }
        line(0, "assessment:")
        line(2, "slots: \(p.slots.value)", p.slots.comment)
        bands(2, "working_days", p.assessmentDays)
        banded(2, "outcome", key: "shares", p.afterAssessment)
        line(0, "section47:")
        bands(2, "working_days", p.section47Days)
        line(2, "conference: \(String(format: "%.4f", p.conference.value))", p.conference.comment)
        line(2, "plan: \(String(format: "%.4f", p.plan.value))", p.plan.comment)
        line(0, "cin:")
        bands(2, "close_days", p.cinCloseDays)
        if let m = p.cinSection47Mean { line(2, "section47_days: {distribution: exponential, mean: \(String(format: "%.1f", m.value))}", m.comment) }
        if let m = p.cinCareMean { line(2, "care_days: {distribution: exponential, mean: \(String(format: "%.1f", m.value))}", m.comment) }
        line(0, "cp:")
        bands(2, "days", p.cpDays)
        line(2, "next: \(shares(p.cpNext.value))", p.cpNext.comment)
        line(0, "care:")
        line(2, "legal_routes:", p.legalRoutes.comment)
        for s in p.legalRoutes.value { line(4, "\(s.name): \(num(s.value))") }
        banded(2, "exit_routes", key: "routes", p.exitRoutes)
        if p.careLength.value != 1, !p.exitDays.isEmpty {
            line(2, "exit_days:", p.careLength.comment)
            for d in p.exitDays {
                line(4, "\(d.route): {distribution: lognormal, mu: \(String(format: "%.4f", d.mu + log(p.careLength.value))), sigma: \(num(d.sigma))}")
            }
        }
        banded(2, "placements", key: "types", p.placements)
        line(2, "placement_moves:")
        line(4, "mean_days: \(String(format: "%.1f", p.placementMoveMean.value))", p.placementMoveMean.comment)
        if p.youngCareTime.value != 1 {
            line(2, "time_by_age: [{below: \(num(LocalParameters.youngBelow)), factor: \(String(format: "%.4f", p.youngCareTime.value))}, {factor: 1}]",
                 p.youngCareTime.comment)
        }
        if let u = p.unaccompanied {
            line(2, "unaccompanied:")
            line(4, "per_year: \(String(format: "%.1f", u.perYear.value))", u.perYear.comment)
            if let r = u.runIn { line(4, "by_year: [{year_ending: 2014, factor: \(String(format: "%.4f", r.value))}]", r.comment) }
            let ages = LocalUnaccompanied.arrivalAges
            line(4, "age: {distribution: uniform, min: \(num(ages.lowerBound)), max: \(num(ages.upperBound))}", "assumed: most arrive at 16 or 17")
        }
        if p.adoptionLength.value != 1, let d = p.adoptionDays {
            line(2, "placed_for_adoption_days: {distribution: gamma, shape: \(num(d.shape)), scale: \(String(format: "%.2f", d.scale * p.adoptionLength.value))}",
                 p.adoptionLength.comment)
        }
        line(0, "closed:")
        line(2, "re_referral: \(String(format: "%.4f", p.reReferral.value))", p.reReferral.comment)
        line(0, "initial:")
        line(2, "area: \(authority.code)", "\(authority.name): the warm start reads this LA's rows (census 2012-13, looked after 2013) at 31 March 2013")
        line(2, "data: \(dataPath)", "the data folder, relative to this file")
        if p.careRemaining.value != p.baseCareRemaining {
            line(2, "care_remaining_factor: \(String(format: "%.4f", p.careRemaining.value))", p.careRemaining.comment)
        }
        if !teams.isEmpty {
            line(0, "workforce:")
            line(2, "teams:", p.posts.comment)
            for (team, posts) in zip(teams, p.posts.value) {
                line(4, "- " + Self.flow(team, replacing: "posts", with: String(posts)))
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// What the warm start does with a suppressed cell of its stocks at 31 March.
    public static func warmStartFallback(_ cell: String) -> String {
        if cell.contains("Referrals") || cell.contains("S47") {
            return "taken as 0 (the assessments or enquiries in progress it gives are not placed)"
        }
        if cell.hasSuffix("CINAt3103\(cell.suffix(2))") || cell.contains("CLA_Mar") || cell.contains(": CPPAt3103") && !cell.contains("Duration") {
            return "the total is taken as the sum of its published bands (3, the middle of 1 to 5, if none is published)"
        }
        return "a suppressed band is given an even part of what the published bands leave of its total (0 if nothing is left)"
    }

    /// A node in YAML flow style, with one field of a mapping replaced.
    static func flow(_ node: ScenarioNode, replacing key: String? = nil, with value: String = "") -> String {
        switch node {
        case .scalar(let s, let quoted, _):
            let plain = !s.isEmpty && !quoted && s.rangeOfCharacter(from: CharacterSet(charactersIn: ":#,[]{}&*!|>'\"%@`")) == nil
            return plain ? s : "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case .sequence(let items, _):
            return "[" + items.map { flow($0) }.joined(separator: ", ") + "]"
        case .mapping(let entries, _):
            return "{" + entries.map { "\($0.key): \($0.key == key ? value : flow($0.value))" }.joined(separator: ", ") + "}"
        }
    }
}
