import Foundation

/// `caresim scenario`: from "my authority" to "my authority with a practice model". Writes a
/// directory holding
///
/// - `<la>-<year>.yaml`: the LA's baseline, exactly as `caresim baseline` writes it, and
///   `targets.csv`, its own published figures of the year (for `caresim check`);
/// - `baseline.yaml`: the counterpart, extending it with what both arms need for the practice
///   model to act (the direct-work link; missing episodes for No Wrong Door; the case-holding
///   team split by locality when the model covers some localities only);
/// - `<model>.yaml`: the alternative, extending `baseline.yaml` with only the practice model (or
///   intervention) and its cost, so that `caresim compare` finds nothing else different.
///
/// The model's posts, beds and places are its site's scaled to the authority by a published
/// measure (PracticeModelChoice.scaleMeasure) and by the coverage; every value is commented with
/// how it was derived and every effect size with its source and evidence grade. Nothing of the
/// site's own scenario is copied: its effect sizes are the model's, its sizes are rescaled.
public enum ModelScenario {
    public struct Request: Sendable {
        public var model: PracticeModelChoice?
        /// An intervention file (a YAML file with an `interventions:` list) instead of a model.
        public var intervention: String?
        /// Share of the authority's families (localities) the model covers, in (0, 1].
        public var coverage: Double = 1
        /// `--localities K/N` as given, for the written comments (nil: `--coverage`).
        public var localities: (k: Int, n: Int)?
        public var baseline: Baseline.Request
        public var out: String

        public init(baseline: Baseline.Request, out: String) {
            self.baseline = baseline
            self.out = out
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// The files to write (name, text) and the notes of the baseline's derivation.
    public struct Output: Sendable {
        public var files: [(name: String, text: String)]
        public var baseline: Baseline.Output
        public var alternativeName: String
    }

    /// The published figures of the year (from a targets file's text): metric -> value.
    static func figures(_ targetsCSV: String) -> [String: Double] {
        var out: [String: Double] = [:]
        for line in targetsCSV.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            if cells.count >= 2, let v = Double(cells[1]) { out[String(cells[0])] = v }
        }
        return out
    }

    /// The model's scale measure for an authority's figures, a share the authority does not
    /// publish (a suppressed small count) taken from England's (named in `fallbacks`); nil when
    /// a count is missing.
    static func measure(_ model: PracticeModelChoice, _ f: [String: Double], england: [String: Double],
                        fallbacks: inout [String]) -> Double? {
        let m = model.scaleMeasure
        var total = 0.0
        for metric in m.metrics {
            guard let v = f[metric] else { return nil }
            total += v
        }
        if !m.shares.isEmpty {
            var share = 0.0
            for s in m.shares {
                if let v = f[s] { share += v } else if let v = england[s] {
                    share += v
                    fallbacks.append("\(s) not published (suppressed): England's \(ScenarioNumber.format(v))")
                } else { return nil }
            }
            total *= share
        }
        return total
    }

    public static func build(_ r: Request) throws(Failure) -> Output {
        guard (r.model == nil) != (r.intervention == nil) else { throw Failure("give exactly one of --model and --intervention") }
        guard r.coverage > 0, r.coverage <= 1 else { throw Failure("--coverage: expected a share above 0 and at most 1, got \(r.coverage)") }
        if let m = r.model, r.coverage < 1, !m.isTeamBased {
            throw Failure("--coverage/--localities: \(m.title) is not run by case-holding teams, so it cannot cover some localities only "
                          + "(it applies to family-safeguarding and rsw-units)")
        }
        var b = r.baseline
        let laFile = AreaLookup.normalise(b.authority).replacingOccurrences(of: " ", with: "-") + "-\(BaselineSources.span(b.year)).yaml"
        b.out = (r.out as NSString).appendingPathComponent(laFile)
        b.targets = (r.out as NSString).appendingPathComponent("targets.csv")
        guard !b.isEngland else { throw Failure("--la England: caresim scenario writes a local authority's scenarios; for England use caresim baseline") }
        let base: Baseline.Output
        do { base = try Baseline.build(b) } catch { throw Failure(error.description) }
        let la = base.authority.name
        let laFigures = figures(base.targets ?? "")
        var files: [(name: String, text: String)] = [(laFile, base.scenario), ("targets.csv", base.targets ?? "")]
        let teamLine = try teamOf(base.scenario, laFile: laFile)
        let split = r.coverage < 1 ? Split(r, team: teamLine) : nil
        let span = BaselineSources.span(b.year)
        var counterpart = """
            # Written by caresim scenario: \(la)'s counterpart for comparing \(r.model?.title ?? "an intervention") against.
            # It extends \(laFile) (\(la)'s baseline, as caresim baseline writes it) with only what both arms need
            # for the practice model to act, so that the two arms differ in nothing but the model.
            # Command: \(b.command)
            extends: \(laFile)
            name: \(la) \(span) counterpart
            description: >
              \(la)'s pathway in \(span) without \(r.model?.title ?? "the intervention"): its own referrals, stocks and rates,
              with workers' direct time linked to escalation.
            direct_work:   # the link through which recording and direct time act on escalation: in both arms, so neither gains it alone
              hours_per_fte_week: 37           # a full-time week
              reference_hours: 0.7             # England's 37 h x 0.30 direct / about 16 cases per FTE (docs/explanation/model.md, section 3)
              elasticity:                      # grade: assumed. No published dose-response; median 0.5, interval about 0.28 to 0.9
                distribution: lognormal
                mu: -0.6931
                sigma: 0.3

            """
        if r.model == .noWrongDoor {
            counterpart += """
                wider_effects:
                  missing_episodes:                # missing episodes of 12 to 17 year olds in care, which No Wrong Door's key workers act on
                    ages: [12, 18]
                    residential_per_year: 6        # grade: assumed. Children's homes have several times the missing rate of family placements
                    other_per_year: 1              # grade: assumed

                """
        }
        if let split { counterpart += split.teamsBlock(comment: "the baseline's case-holding team split by locality (assumed: localities of equal size)") }
        files.append(("baseline.yaml", counterpart))
        let altName: String
        let altText: String
        if let file = r.intervention {
            altName = ((file as NSString).lastPathComponent as NSString).deletingPathExtension + ".yaml"
            altText = try interventionScenario(file, la: la, span: span)
        } else {
            let model = r.model!
            let site: [String: Double]
            do {
                var s = Baseline.Request(authority: model.site, out: "")
                s.targetsOnly = true
                s.year = 2015
                s.data = b.data
                // The 2014-15 England targets beside the LA's year's.
                s.englandTargets = ((b.englandTargetsFile as NSString).deletingLastPathComponent as NSString)
                    .appendingPathComponent((Baseline.defaultEnglandTargets(year: 2015) as NSString).lastPathComponent)
                s.targets = "site.csv"
                site = figures(try Baseline.build(s).targets ?? "")
            } catch {
                throw Failure("cannot read \(model.site)'s published figures, by which \(model.title) is scaled: \(error.description)")
            }
            let england = figures((try? String(contentsOfFile: b.englandTargetsFile, encoding: .utf8)) ?? "")
            var fallbacks: [String] = [], siteFallbacks: [String] = []
            guard let laMeasure = measure(model, laFigures, england: england, fallbacks: &fallbacks),
                  let siteMeasure = measure(model, site, england: england, fallbacks: &siteFallbacks), siteMeasure > 0 else {
                throw Failure("\(model.title) is scaled by \(model.scaleMeasure.description), which \(la)'s or \(model.site)'s 2014-15 figures do not publish")
            }
            let scale = Scale(la: la, site: model.site, laMeasure: laMeasure, siteMeasure: siteMeasure, coverage: r.coverage,
                              measure: model.scaleMeasure.description + (fallbacks.isEmpty ? "" : " (\(la): " + fallbacks.joined(separator: "; ") + ")"),
                              year: span, localities: r.localities)
            altName = model.rawValue + ".yaml"
            altText = PracticeModelBlocks.scenario(model, scale: scale, la: la, span: span, team: teamLine, split: split)
        }
        files.append((altName, altText))
        return Output(files: files, baseline: base, alternativeName: altName)
    }

    /// The baseline's case-holding team, as a flow mapping line, and its name and posts.
    static func teamOf(_ scenario: String, laFile: String) throws(Failure) -> Team {
        let tree: ScenarioNode
        do { tree = try ScenarioLoader.parse(text: scenario, file: laFile) } catch { throw Failure(error.description) }
        guard case .sequence(let teams, _)? = tree["workforce"]?["teams"], teams.count == 1,
              case .scalar(let name, _, _)? = teams[0]["name"], case .scalar(let posts, _, _)? = teams[0]["posts"], let n = Int(posts) else {
            throw Failure("\(laFile): expected one case-holding team under workforce.teams, with a name and posts")
        }
        return Team(node: teams[0], name: name, posts: n)
    }

    struct Team {
        var node: ScenarioNode
        var name: String
        var posts: Int

        /// The team as one YAML flow mapping, with some fields replaced and others added first.
        func line(name: String, posts: Int, first: [(String, String)] = [], replacing: [String: String] = [:]) -> String {
            guard case .mapping(let entries, _) = node else { return "{}" }
            var parts = ["name: \(name)"] + first.map { "\($0.0): \($0.1)" }
            for e in entries where e.key != "name" {
                if e.key == "posts" { parts.append("posts: \(posts)"); continue }
                parts.append("\(e.key): " + (replacing[e.key] ?? CanonicalJSON.encode(e.value)))
            }
            return "{" + parts.joined(separator: ", ") + "}"
        }
    }

    /// The case-holding team split into the localities the model covers and the rest.
    struct Split {
        var covered: String
        var rest: String
        var coveredPosts: Int
        var restPosts: Int
        var coverage: Double
        var team: Team

        init(_ r: Request, team: Team) {
            self.team = team
            coverage = r.coverage
            if let l = r.localities {
                covered = l.k == 1 ? "locality_1" : "localities_1_to_\(l.k)"
                rest = l.k + 1 == l.n ? "locality_\(l.n)" : "localities_\(l.k + 1)_to_\(l.n)"
            } else {
                covered = "covered_localities"
                rest = "other_localities"
            }
            coveredPosts = max(1, Int((Double(team.posts) * r.coverage).rounded()))
            restPosts = max(1, team.posts - coveredPosts)
        }

        func teamsBlock(comment: String) -> String {
            """
            workforce:
              teams:   # \(comment): \(team.posts) posts as \(coveredPosts) + \(restPosts), a share \(ScenarioNumber.format(coverage)) of families
                - \(team.line(name: covered, posts: coveredPosts, first: [("serves", "{localities: [0, \(ScenarioNumber.format(coverage))]}")]))
                - \(team.line(name: rest, posts: restPosts))

            """
        }
    }

    /// How the model's site figures are scaled to the authority.
    struct Scale {
        var la: String
        var site: String
        var laMeasure: Double
        var siteMeasure: Double
        var coverage: Double
        var measure: String
        var year: String
        var localities: (k: Int, n: Int)?

        var ratio: Double { laMeasure / siteMeasure * coverage }

        /// A site count scaled to the authority, at least `minimum`, and how it was derived.
        func count(_ siteValue: Double, minimum: Int = 1) -> (value: Int, how: String) {
            let v = max(minimum, Int((siteValue * ratio).rounded()))
            return (v, "\(site)'s \(ScenarioNumber.format(siteValue)) x \(how)")
        }

        var how: String {
            "\(ScenarioNumber.format((laMeasure / siteMeasure * 10_000).rounded() / 10_000)) (\(la) \(ScenarioNumber.format(laMeasure.rounded())) / \(site) "
                + "\(ScenarioNumber.format(siteMeasure.rounded())))" + (coverage < 1 ? " x coverage \(coverageText)" : "")
        }

        var coverageText: String { localities.map { "\($0.k)/\($0.n)" } ?? ScenarioNumber.format(coverage) }
    }

    static func interventionScenario(_ file: String, la: String, span: String) throws(Failure) -> String {
        let text: String
        do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
            throw Failure("--intervention \(file): cannot read it: \(error.localizedDescription)")
        }
        let tree: ScenarioNode
        do { tree = try ScenarioLoader.parse(text: text, file: file) } catch { throw Failure(error.description) }
        guard case .mapping(let entries, _) = tree, entries.contains(where: { $0.key == "interventions" }) else {
            throw Failure("--intervention \(file): expected a YAML mapping with an interventions: list (scenarios/REFERENCE.md, interventions)")
        }
        let allowed: Set<String> = ["interventions", "name", "description", "extends"]
        if let other = entries.first(where: { !allowed.contains($0.key) }) {
            throw Failure("\(file):\(other.keyLocation.line): \(other.key): an intervention file holds interventions: (and name:, description:) only, "
                          + "so that the comparison tests the intervention alone")
        }
        let body = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("extends:") && !$0.hasPrefix("name:") }
        return """
            # Written by caresim scenario: \(la) with the interventions of \(file), on the counterpart baseline.yaml.
            extends: baseline.yaml
            name: \(la) \(span) with \((file as NSString).lastPathComponent)

            """ + body.joined(separator: "\n") + (text.hasSuffix("\n") ? "" : "\n")
    }
}
