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
    /// The year whose census the warm start's children in need and CP plans are back-calculated
    /// from (`initial.back_calculate`), where no census at or before the warm start has this LA's row.
    public var backCalculatedFrom: Int? = nil
    /// The command that wrote the file, for its first line.
    public var command: String
    /// How the fit by simulation went (header lines), nil when it did not run.
    public var fit: [String]? = nil
    /// The area's published stocks and flows that contradict each other (LocalConsistency).
    public var consistency: LocalConsistency? = nil
    /// The `demand:` section's series and projection (DemandHistory.section), appended, with the
    /// run-in year's fitted conference factor; nil: none.
    public var demand: DemandSource? = nil

    /// What the `demand:` section is written from.
    public struct DemandSource: Sendable {
        public var history: DemandHistory
        public var projection: DemandProjection
        /// England's history, when every trend is England's.
        public var pooled: DemandHistory?

        public init(history: DemandHistory, projection: DemandProjection, pooled: DemandHistory?) {
            self.history = history
            self.projection = projection
            self.pooled = pooled
        }

        /// The section, with the conference's `by_year` at the run-in year's fitted factor (none
        /// while the factor is 1 or there is no run-in year).
        public func lines(runInConference factor: Annotated<Double>?, year: Int?) -> [String] {
            guard let factor, factor.value != 1, let year else { return history.section(projection, pooled: pooled) }
            return history.section(projection, pooled: pooled, runIn: [.conference: (year, factor.value, factor.comment)])
        }
    }
    /// The scenario's scale (1: the whole LA; England's own is written smaller, for speed).
    public var scale = 1.0
    /// Why the warm start is not two years before the measured year (nil when it is).
    public var laterStart: String? = nil

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

        let y = p.year, england = authority == .england
        let span = y.span
        out.append("# \(authority.name) (\(authority.code)) \(span) baseline, written by CareSim \(CareSimVersion.string):")
        out.append("#   \(command)")
        if england {
            out.append("# It extends the England scenario with England's own \(span) figures in an LA's place: its ratios to England's are 1, so the")
            out.append("# England scenario's fitted levels are kept until the fit moves them to \(span)'s; shares read directly are \(span)'s.")
            out.append("# Sources, relative to the repository root (copies of ../shared/data), each England's row:")
        } else {
            out.append("# It extends the England scenario and overrides only what is local; every other value (and its source) is England's.")
            out.append("# Sources, relative to the repository root (copies of ../shared/data), each the row of this LA:")
        }
        out.append("#   \(y.census)  \(y.censusFile)")
        out.append("#   \(y.starts), \(y.ceased), \(y.lookedAfter)  \(y.lookedAfterFolder)/\(y.lookedAfterFiles.joined(separator: ", "))")
        // The earlier tables: placements in the year (2015's come from 2014's table), the
        // unaccompanied children's stocks (an LA's) and the run-in year's census.
        var before: [Int] = []
        if y.placementsFromYearBefore { before.append(y.stability) }
        before += [y.measured - 1, y.measured - 2]
        var seen = Set<Int>()
        before = before.filter { seen.insert($0).inserted }
        var labels = before.map { BaselineSources.label("CLA", $0) }
        var what = before.isEmpty ? [] : ["the looked-after tables of " + before.map(String.init).joined(separator: " and ")]
        var purposes: [String] = []
        if y.placementsFromYearBefore { purposes.append("placements in the year") }
        if !y.placementsFromYearBefore { purposes.append("unaccompanied children's stocks") }
        if let r = y.runIn {
            labels.append(BaselineSources.label("CIN", r))
            what.append("the census of \(BaselineSources.span(r))")
            purposes.append("the run-in year")
        }
        if !labels.isEmpty {
            out.append("#   \(labels.joined(separator: ", "))  \(what.joined(separator: " and ")) (\(purposes.joined(separator: ", ")))")
        }
        out.append("#   ONS  data/ons/child-population (only where \(y.census) \(y.population) is not published)")
        if let laterStart {
            out.append("# No run-in year: the run starts at 31 March \(y.stocksAt), the start of the measured year, as the stocks two years before")
            out.append("# cannot be read (\(laterStart)).")
        }
        if england {
            out.append("# Scale \(ScenarioNumber.format(scale)): \(scale < 1 ? "a part of England, so that the fit and checks run in minutes; counts are reported at England's size" : "the whole of England").")
        }
        out.append("# \"x ratio\" values are England's fitted values multiplied by the LA's published figure relative to England's;")
        out.append("# shares used as ratios are shrunk towards England's as if \(Int(ShareArithmetic.priorStrength)) more children had been seen at England's share.")
        if let fit { for l in fit { out.append("# " + l) } }
        if let c = consistency, !c.isEmpty {
            out.append("# Published figures that contradict each other (stock at 31 March + starts - ends against the next stock, assessments against "
                       + "referrals not closed at the door, or CP plans started against initial conferences, more than \(Int(LocalConsistency.limit * 100))% apart):")
            for b in c.contradictions { out.append("#   " + b.text) }
            if let a = c.assessmentContradiction { out.append("#   " + a.text) }
            if let a = c.conferenceContradiction { out.append("#   " + a.text) }
            out.append("# No run can meet all of them; the survey counts targets on them apart (tools/la_survey_summary.py).")
            out.append("# contradicted targets: " + c.contradictedMetrics.sorted().joined(separator: ", "))
        }
        let area = england ? "England" : "this LA"
        if p.notes.isEmpty && warmStartSuppressed.isEmpty {
            out.append("# Suppressed or unavailable cells: none for \(area).")
        } else {
            out.append("# Suppressed or unavailable cells for \(area), and what was used instead:")
            for n in p.notes { out.append("#   \(n.field): \(n.text)") }
            for s in warmStartSuppressed {
                // A line that says itself what stands in for the cells (PublishedStocks.load).
                if s.contains("unavailable for this area") { out.append("#   initial (warm start): \(s)"); continue }
                out.append("#   initial (warm start): \(s) for this LA: \(Self.warmStartFallback(s))")
            }
        }
        line(0, "extends: \(extends)")
        line(0, "name: \(authority.name) \(span) baseline")
        line(0, "description: >")
        if england {
            line(2, "England's children's social care pathway: the England 2014-15 baseline with England's own \(span) figures in")
            line(2, "an LA's place (referrals, front door, timescales, rates of enquiry and care entry and care mix), warm-started")
            line(2, "from the published stocks at 31 March \(y.stocksAt) and measured over the year to 31 March \(y.measured).")
        } else {
            line(2, "\(authority.name)'s (\(authority.code)) children's social care pathway: the England 2014-15 baseline with this")
            line(2, "local authority's referrals, front door, timescales, rates of enquiry and care entry and care mix, warm-started")
            line(2, "from its published stocks at 31 March \(y.stocksAt) and measured over the year to 31 March \(y.measured).")
            if y.measured != p.baseYear.measured {
                line(2, "Its figures are its own for \(span) (\(y.census), \(y.starts), \(y.ceased), \(y.lookedAfter)); England's are kept where that year's census does not publish one.")
            }
        }
        line(0, "seed: \(seed)")
        line(0, "replications: \(replications)")
        if england {
            line(0, "scale: \(ScenarioNumber.format(scale))", scale < 1 ? "a part of England (see the header); 1 for the whole" : "the whole of England")
        } else {
            line(0, "scale: \(ScenarioNumber.format(scale))", scale < 1 ? "a part of the LA" : "the whole LA")
        }
        if (y.stocksAt, y.measured, y.stability) != p.baseYear {
            let start = "\(y.stocksAt)-03-31"
            line(0, "calendar:")
            line(2, "stocks_at: \(start)", "warm start: the published stocks at 31 March \(y.stocksAt) (census \(BaselineSources.span(y.stocksAt)), looked after \(y.stocksAt))"
                 + (y.runIn == nil ? ", the start of the measured year" : ""))
            line(2, "measure_year_ending: \(y.measured)", "flows over 1 April \(y.measured - 1) to 31 March \(y.measured), stocks at its end")
            line(2, "stability_year_ending: \(y.stability)", "placements in the year: \(y.placements) CLA_1Pla..3Pla")
        }
        line(0, "referrals:")
        line(2, "child_population: \(num(p.childPopulation.value))", p.childPopulation.comment)
        line(2, "rate_per_10000_children: \(String(format: "%.2f", p.ratePer10000.value))", p.ratePer10000.comment)
        if let r = p.runInReferrals, let runIn = y.runIn {
            line(2, "by_year: [{year_ending: \(runIn), factor: \(String(format: "%.4f", r.value))}]", r.comment)
        } else {
            line(2, "by_year: null", "no run-in year: not England's run-in factor")
        }
        bands(2, "age", p.referralAge)
        if let u = p.unbornShare { line(2, "unborn: {share: \(String(format: "%.4f", u.value))}", u.comment) }
        line(2, "previous_cp_plan: \(String(format: "%.4f", p.previousPlan.value))", p.previousPlan.comment)
        if !p.factors.isEmpty {
            let sx = LocalTargets.suffix(y.measured)
            line(2, "factors:", "\(y.census) Factor\(sx)<name> / Episodeswithfactors\(sx) (\(england ? "England" : "this LA"))")
            for f in p.factors { line(4, "\(f.value.name): \(String(format: "%.4f", f.value.value))", f.comment) }
        }
        line(0, "front_door:")
        line(2, "outcome:", p.frontDoor.comment)
        for s in p.frontDoor.value { line(4, "\(s.name): \(num(s.value))") }
        if let q = p.nfaAfterAssessment { line(2, "nfa_after_assessment: \(String(format: "%.4f", q.value))", q.comment) }
        line(0, "assessment:")
        line(2, "slots: \(p.slots.value)", p.slots.comment)
        if let a = p.furtherAssessments { line(2, "further_per_year: \(String(format: "%.4f", a.value))", a.comment) }
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
        line(2, "by_year: ~", "none: England's shapes of earlier years (care.by_year) are England's; this fit sets its own year's")
        if p.careLength.value != 1, !p.exitDays.isEmpty {
            line(2, "exit_days:", p.careLength.comment)
            for d in p.exitDays {
                line(4, "\(d.route): {distribution: lognormal, mu: \(String(format: "%.4f", d.mu + log(p.careLength.value))), sigma: \(num(d.sigma))}")
            }
        }
        banded(2, "placements", key: "types", p.placements)
        line(2, "placement_moves:")
        line(4, "mean_days: \(String(format: "%.1f", p.placementMoveMean.value))", p.placementMoveMean.comment)
        if p.moveFrailty.value != 1 {
            line(4, "frailty_shape: \(String(format: "%.4f", p.englandFrailtyShape * p.moveFrailty.value))", p.moveFrailty.comment)
        }
        // care.time_by_age: the bands the fit moved, each with its factor, and 1 beyond them.
        let (young, baby, middle) = (p.youngCareTime.value, p.babyCareTime.value, p.middleCareTime.value)
        if young != 1 || baby != 1 || middle != 1 {
            var bands: [String] = [], notes = [p.youngCareTime.comment]
            let f = { (x: Double) in String(format: "%.4f", x) }
            if baby != 1 {
                bands.append("{below: 1, factor: \(f(young * baby))}")
                notes.append("under 1 x \(String(format: "%.3f", baby)) more, " + p.babyCareTime.comment)
            }
            bands.append("{below: \(num(LocalParameters.youngBelow)), factor: \(f(young))}")
            if middle != 1 {
                bands.append("{below: \(num(LocalParameters.middleBelow)), factor: \(f(middle))}")
                notes.append(p.middleCareTime.comment)
            }
            bands.append("{factor: 1}")
            line(2, "time_by_age: [\(bands.joined(separator: ", "))]", notes.filter { !$0.isEmpty }.joined(separator: "; "))
        }
        if let u = p.unaccompanied {
            line(2, "unaccompanied:")
            line(4, "per_year: \(String(format: "%.1f", u.perYear.value))", u.perYear.comment)
            if let r = u.runIn, let runIn = y.runIn {
                line(4, "by_year: [{year_ending: \(runIn), factor: \(String(format: "%.4f", r.value))}]", r.comment)
            } else {
                line(4, "by_year: ~", "none: the same arrivals every year (England's run-in factor removed)")
            }
            let ages = LocalUnaccompanied.arrivalAges
            line(4, "age: {distribution: uniform, min: \(num(ages.lowerBound)), max: \(num(ages.upperBound))}", "assumed: most arrive at 16 or 17")
        } else {
            line(2, "unaccompanied: ~", "none arrive (England's care.unaccompanied removed; the notes above say why)")
        }
        if p.adoptionLength.value != 1, let d = p.adoptionDays {
            line(2, "placed_for_adoption_days: {distribution: gamma, shape: \(num(d.shape)), scale: \(String(format: "%.2f", d.scale * p.adoptionLength.value))}",
                 p.adoptionLength.comment)
        }
        line(0, "closed:")
        line(2, "re_referral: \(String(format: "%.4f", p.reReferral.value))", p.reReferral.comment)
        line(0, "initial:")
        let whose = england ? "England's" : "this LA's"
        line(2, "area: \(authority.tableArea)",
             "\(authority.name): the warm start reads \(whose) rows (census \(BaselineSources.span(y.stocksAt)), looked after \(y.stocksAt)) at 31 March \(y.stocksAt)")
        if y.stocksAt != p.baseYear.stocksAt { line(2, "year: \(y.stocksAt)", "calendar.stocks_at") }
        line(2, "data: \(dataPath)", "the data folder, relative to this file")
        if let from = backCalculatedFrom {
            line(2, "back_calculate: true", "no census to \(BaselineSources.span(y.stocksAt)) has this LA's row: its children in need and CP plans at 31 March \(y.stocksAt) "
                 + "are the census of \(BaselineSources.span(from))'s stocks less its starts plus its ends (the header's warm start lines)")
        }
        if let r = p.closedCaseReferrals {
            line(2, "closed_cases_referrals: \(num(r.value))", r.comment)
        }
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
        out += demand?.lines(runInConference: p.runInConference, year: y.runIn) ?? []
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
