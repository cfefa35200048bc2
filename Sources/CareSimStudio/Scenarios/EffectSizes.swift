import CareSimEngine
import Foundation
import Yams

/// The effect sizes of a scenario `caresim scenario` wrote: every distribution in its
/// `practice_models:` or `interventions:` block, with the comment beside it (its source and
/// evidence grade), its mean and where 95% of its draws fall.
struct EffectSize: Sendable {
    /// Dotted path, such as `practice_models.family_safeguarding.engagement`.
    var path: String
    var distribution: Distribution
    /// The comments on the field's lines, joined.
    var comment: String
    /// evaluation, council figures, secondary summary or assumed (from `# grade: ...`), when given.
    var grade: String?
    /// Changed in the studio (`studio-edits.yaml`).
    var edited = false

    /// Whether the studio can edit it (a field of a mapping, not of a list).
    var editable: Bool { !path.contains("[") }

    /// The field's name for a form: the path with dots (safe in HTML attributes once escaped).
    var label: String { path.split(separator: ".").last.map(String.init) ?? path }

    /// The effect sizes of `yaml` (the file with the comments), with the studio's edits applied.
    static func find(yaml: String, edits: ScenarioEdits) -> [EffectSize] {
        find(yaml: yaml).map { e in
            guard let d = edits.distributions[e.path] else { return e }
            var changed = e
            changed.distribution = d
            changed.edited = true
            return changed
        }
    }

    static func find(yaml: String) -> [EffectSize] {
        guard let root = try? Yams.compose(yaml: yaml) else { return [] }
        let lines = yaml.components(separatedBy: "\n")
        var out: [EffectSize] = []
        func walk(_ node: Node, _ path: String, keyLine: Int?) {
            switch node {
            case .mapping(let m):
                if let kind = m["distribution"]?.string {
                    let values = Dictionary(uniqueKeysWithValues: m.compactMap { k, v in k.string.map { ($0, v.string.flatMap(Double.init)) } })
                    if let d = Self.distribution(kind, values) {
                        let first = keyLine ?? (node.mark?.line ?? 1)
                        let last = m.map { $0.value.mark?.line ?? first }.max() ?? first
                        let comment = (first...max(first, last)).compactMap { i -> String? in
                            guard i - 1 < lines.count, let hash = lines[i - 1].range(of: "# ") else { return nil }
                            return String(lines[i - 1][hash.upperBound...]).trimmingCharacters(in: .whitespaces)
                        }.joined(separator: " ")
                        out.append(EffectSize(path: path, distribution: d, comment: comment, grade: Self.grade(comment)))
                    }
                    return
                }
                for (k, v) in m {
                    guard let key = k.string else { continue }
                    walk(v, path.isEmpty ? key : path + "." + key, keyLine: k.mark?.line)
                }
            case .sequence(let s):
                for (i, v) in s.enumerated() { walk(v, "\(path)[\(i)]", keyLine: v.mark?.line) }
            default:
                return
            }
        }
        if case .mapping(let m) = root {
            for (k, v) in m {
                guard let key = k.string, key == "practice_models" || key == "interventions" else { continue }
                walk(v, key, keyLine: k.mark?.line)
            }
        }
        return out
    }

    static func distribution(_ kind: String, _ v: [String: Double?]) -> Distribution? {
        func p(_ k: String) -> Double? { v[k] ?? nil }
        switch kind {
        case "beta": if let a = p("a"), let b = p("b") { return .beta(a: a, b: b) }
        case "lognormal": if let m = p("mu"), let s = p("sigma") { return .lognormal(mu: m, sigma: s) }
        case "gamma": if let k = p("shape"), let t = p("scale") { return .gamma(shape: k, scale: t) }
        case "weibull": if let k = p("shape"), let t = p("scale") { return .weibull(shape: k, scale: t) }
        case "uniform": if let lo = p("min"), let hi = p("max") { return .uniform(min: lo, max: hi) }
        case "exponential": if let m = p("mean") { return .exponential(mean: m) }
        case "constant": if let x = p("value") { return .constant(x) }
        default: break
        }
        return nil
    }

    static func grade(_ comment: String) -> String? {
        guard let r = comment.range(of: "grade: ") else { return nil }
        let rest = comment[r.upperBound...]
        for g in ["evaluation to council figures", "evaluation", "council figures", "secondary summary", "assumed"] where rest.hasPrefix(g) { return g }
        return nil
    }
}

/// The costs block of a scenario's model, as the form shows it: `setup`, `per_year` and
/// Family Safeguarding's `per_post` roles.
struct ModelCosts: Sendable {
    var key: String
    var setup: Double?
    var perYear: Double?
    var perPost: [(role: String, value: Double)]

    var isGiven: Bool { setup != nil || perYear != nil || !perPost.isEmpty }

    static func find(yaml: String, key: String, edits: ScenarioEdits) -> ModelCosts {
        var c = find(yaml: yaml, key: key)
        let prefix = "costs.practice_models.\(key)."
        if let v = edits.cost(prefix + "setup") { c.setup = v }
        if let v = edits.cost(prefix + "per_year") { c.perYear = v }
        c.perPost = c.perPost.map { ($0.role, edits.cost(prefix + "per_post." + $0.role) ?? $0.value) }
        return c
    }

    static func find(yaml: String, key: String) -> ModelCosts {
        var c = ModelCosts(key: key, setup: nil, perYear: nil, perPost: [])
        guard let root = try? Yams.compose(yaml: yaml), let block = root["costs"]?["practice_models"]?[key] else { return c }
        c.setup = block["setup"]?.string.flatMap(Double.init)
        c.perYear = block["per_year"]?.string.flatMap(Double.init)
        if case .mapping(let m)? = block["per_post"] {
            c.perPost = m.compactMap { k, v in
                guard let role = k.string, let x = v.string.flatMap(Double.init) else { return nil }
                return (role, x)
            }
        }
        return c
    }
}
