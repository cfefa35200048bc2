/// What differs between the two resolved scenarios of a comparison (after `extends:` and every
/// override), field by field. A paired comparison is meant to isolate one change: the practice
/// model or intervention under test. Anything else that differs (a wider-costs block or the
/// direct-work link in one arm only, another calendar, other rates) moves the difference too,
/// and would be reported as the change's effect; `compare` refuses such arms unless the user
/// says the other differences are meant (`--allow-other-differences`), and the manifest keeps
/// the list either way.
///
/// The tested blocks are `practice_models`, `interventions` and `costs.practice_models`, and,
/// for a practice model that brings teams of its own (Reclaiming Social Work's units), those
/// teams under `workforce.teams`, the base's teams they replace, and the staff costs of their
/// roles under `costs.staff`. Lists of named items (teams, interventions, staff by role) are
/// matched by name, so `workforce.teams[name=rsw_units]` is one difference, not a shift of every
/// later item.
public struct ArmDifferences: Sendable {
    public struct Difference: Sendable, Equatable {
        /// Dotted path of the field (`practice_models.family_safeguarding`, `interventions[0].share`).
        public var path: String
        /// The field's value in each arm as compact JSON; nil where the arm has no such field.
        public var base: String?
        public var alternative: String?
        /// Whether the field belongs to what a comparison tests: the practice-model and
        /// intervention blocks and their costs.
        public var tested: Bool
    }

    /// Top-level fields that only label a scenario: never a difference.
    public static let labels: Set<String> = ["name", "description"]
    /// Paths (and everything under them) of the practice-model and intervention blocks.
    public static let testedPaths = ["practice_models", "interventions", "costs.practice_models"]

    public var differences: [Difference]

    /// The differences outside the practice-model and intervention blocks.
    public var others: [Difference] { differences.filter { !$0.tested } }

    public init(base: ScenarioNode, alternative: ScenarioNode) {
        // Teams the alternative's practice models work in, and the roles of those teams.
        var modelTeams: Set<String> = []
        if case .mapping(let models, _)? = alternative["practice_models"] {
            for m in models { if case .sequence(let names, _)? = m.value["teams"] { modelTeams.formUnion(names.compactMap(Self.text)) } }
        }
        let baseTeams = Set(Self.items(base["workforce"]?["teams"]).compactMap { Self.text($0["name"]) })
        let altTeams = Self.items(alternative["workforce"]?["teams"])
        let newTeams = modelTeams.subtracting(baseTeams)
        var testedTeams = modelTeams.intersection(Set(altTeams.compactMap { Self.text($0["name"]) }))
        // Teams of the base that the model's new teams replace (absent from the alternative).
        if !newTeams.isEmpty { testedTeams.formUnion(baseTeams.subtracting(altTeams.compactMap { Self.text($0["name"]) })) }
        let testedRoles = Set(altTeams.filter { Self.text($0["name"]).map(newTeams.contains) ?? false }.compactMap { Self.text($0["role"]) })
        var prefixes = Self.testedPaths
        prefixes += testedTeams.map { "workforce.teams[name=\($0)]" }
        prefixes += testedRoles.map { "costs.staff[role=\($0)]" }
        var found: [Difference] = []
        Self.walk(base, alternative, path: "", into: &found)
        differences = found.map { d in
            var d = d
            d.tested = prefixes.contains { d.path == $0 || d.path.hasPrefix($0 + ".") || d.path.hasPrefix($0 + "[") }
            return d
        }
    }

    static func text(_ node: ScenarioNode?) -> String? {
        if case .scalar(let s, _, _)? = node { return s }
        return nil
    }

    static func items(_ node: ScenarioNode?) -> [ScenarioNode] {
        if case .sequence(let xs, _)? = node { return xs }
        return []
    }

    /// The key that names each item of a list (`name`, else `role`) when every item has a
    /// distinct one, in both lists.
    static func itemKey(_ lists: [ScenarioNode]...) -> String? {
        for key in ["name", "role"] {
            let ok = lists.allSatisfy { list in
                let names = list.map { text($0[key]) }
                return names.allSatisfy { $0 != nil } && Set(names.compactMap { $0 }).count == names.count
            }
            if ok { return key }
        }
        return nil
    }

    static func walk(_ b: ScenarioNode?, _ a: ScenarioNode?, path: String, into found: inout [Difference]) {
        switch (b, a) {
        case (.mapping(let be, _)?, .mapping(let ae, _)?):
            var keys = be.map(\.key)
            for e in ae where !keys.contains(e.key) { keys.append(e.key) }
            for key in keys {
                if path.isEmpty, labels.contains(key) { continue }
                walk(b?[key], a?[key], path: path.isEmpty ? key : path + "." + key, into: &found)
            }
        case (.sequence(let bi, _)?, .sequence(let ai, _)?) where !bi.isEmpty && !ai.isEmpty && itemKey(bi, ai) != nil:
            let key = itemKey(bi, ai)!
            var names = bi.compactMap { text($0[key]) }
            for n in ai.compactMap({ text($0[key]) }) where !names.contains(n) { names.append(n) }
            for n in names {
                walk(bi.first { text($0[key]) == n }, ai.first { text($0[key]) == n }, path: path + "[\(key)=\(n)]", into: &found)
            }
        case (.sequence(let bi, _)?, .sequence(let ai, _)?) where bi.count == ai.count:
            for i in bi.indices { walk(bi[i], ai[i], path: path + "[\(i)]", into: &found) }
        default:
            let bj = b.map { CanonicalJSON.encode($0) }, aj = a.map { CanonicalJSON.encode($0) }
            if bj != aj { found.append(Difference(path: path, base: bj, alternative: aj, tested: false)) }
        }
    }

    /// One line a difference: `path: base -> alternative` (values shortened), or "only in ...".
    public static func describe(_ d: Difference, width: Int = 60) -> String {
        func short(_ s: String) -> String { s.count <= width ? s : String(s.prefix(width - 1)) + "…" }
        switch (d.base, d.alternative) {
        case (nil, _?): return "\(d.path): only in the alternative"
        case (_?, nil): return "\(d.path): only in the base"
        case (let b?, let a?): return "\(d.path): \(short(b)) in the base, \(short(a)) in the alternative"
        default: return d.path
        }
    }

    /// The manifest's record: every difference with both values, and whether it is tested.
    public func json(allowedOthers: Bool) -> String {
        let items = differences.map { d in
            "{\"path\": \(CanonicalJSON.string(d.path)), \"base\": \(d.base ?? "null"), \"alternative\": \(d.alternative ?? "null"), "
                + "\"tested\": \(d.tested)}"
        }
        return "{\"other_differences_allowed\": \(allowedOthers), \"fields\": [" + items.joined(separator: ", ") + "]}"
    }
}
