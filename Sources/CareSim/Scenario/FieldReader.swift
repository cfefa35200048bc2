import CareSimEngine

/// Reads typed values out of a `ScenarioNode`, collecting every problem (with its location,
/// field path and what was expected) instead of stopping at the first.
struct FieldReader {
    var issues: [ScenarioIssue] = []

    mutating func fail(_ node: ScenarioNode, _ path: String, _ message: String) {
        issues.append(ScenarioIssue(node.location, path, message))
    }

    mutating func fail(_ location: SourceLocation, _ path: String, _ message: String) {
        issues.append(ScenarioIssue(location, path, message))
    }

    /// The fields of a mapping, checking for unknown and missing keys.
    mutating func fields(_ node: ScenarioNode, _ path: String, required: [String] = [], optional: [String] = []) -> [String: ScenarioNode]? {
        guard case .mapping(let entries, _) = node else {
            fail(node, path, "expected a mapping with fields \((required + optional).joined(separator: ", ")), got \(describe(node))")
            return nil
        }
        var out: [String: ScenarioNode] = [:]
        let known = required + optional
        for e in entries {
            let p = ScenarioLoader.join(path, e.key)
            if known.contains(e.key) {
                out[e.key] = e.value
            } else {
                fail(e.keyLocation, p, "unknown field '\(e.key)'; expected one of \(known.joined(separator: ", "))\(suggestion(e.key, known))")
            }
        }
        for key in required where out[key] == nil {
            fail(node, ScenarioLoader.join(path, key), "missing required field '\(key)'")
        }
        return out
    }

    /// A mapping whose keys are user-chosen names, in document order.
    mutating func namedEntries(_ node: ScenarioNode, _ path: String, what: String) -> [ScenarioNode.Entry] {
        guard case .mapping(let entries, _) = node else {
            fail(node, path, "expected a mapping of \(what) by name, got \(describe(node))")
            return []
        }
        for e in entries where !Self.isValidName(e.key) {
            fail(e.keyLocation, ScenarioLoader.join(path, e.key),
                 "expected a name of letters, digits and underscores starting with a letter, got '\(e.key)'")
        }
        return entries
    }

    static func isValidName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first) else {
            return false
        }
        return s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    mutating func string(_ node: ScenarioNode, _ path: String) -> String? {
        guard case .scalar(let s, _, _) = node else {
            fail(node, path, "expected text, got \(describe(node))")
            return nil
        }
        return s
    }

    mutating func double(_ node: ScenarioNode, _ path: String, _ expected: String, _ ok: (Double) -> Bool) -> Double? {
        number(node, path, expected, { Double($0).flatMap { $0.isFinite ? $0 : nil } }, ok)
    }

    mutating func int(_ node: ScenarioNode, _ path: String, _ expected: String, _ ok: (Int) -> Bool) -> Int? {
        number(node, path, expected, { Int($0) }, ok)
    }

    /// An unquoted scalar read by `parse` and accepted by `ok`; the error quotes the text as written.
    mutating func number<T>(_ node: ScenarioNode, _ path: String, _ expected: String,
                            _ parse: (String) -> T?, _ ok: (T) -> Bool) -> T? {
        guard case .scalar(let s, let quoted, _) = node, !quoted, let x = parse(s) else {
            fail(node, path, "expected \(expected), got \(describe(node))")
            return nil
        }
        guard ok(x) else {
            fail(node, path, "expected \(expected), got \(s)")
            return nil
        }
        return x
    }

    /// A whole number >= `minimum`, or `unlimited` (.some(nil)); nil when neither.
    mutating func limit(_ node: ScenarioNode, _ path: String, _ expected: String, minimum: Int) -> Int?? {
        if case .scalar("unlimited", _, _) = node { return .some(nil) }
        return int(node, path, expected, { $0 >= minimum }).map { .some($0) }
    }

    mutating func choice<T>(_ node: ScenarioNode, _ path: String, _ options: [(String, T)]) -> T? {
        let names = options.map(\.0)
        guard case .scalar(let s, _, _) = node, let hit = options.first(where: { $0.0 == s }) else {
            let got = describe(node)
            let hint = { if case .scalar(let s, _, _) = node { return suggestion(s, names) } else { return "" } }()
            fail(node, path, "expected one of \(names.joined(separator: ", ")), got \(got)\(hint)")
            return nil
        }
        return hit.1
    }

    /// A distribution: `{distribution: NAME, <parameters>}`.
    mutating func distribution(_ node: ScenarioNode, _ path: String) -> Distribution? {
        let kinds = ["exponential": ["mean"], "gamma": ["shape", "scale"], "lognormal": ["mu", "sigma"],
                     "weibull": ["shape", "scale"], "beta": ["a", "b"], "uniform": ["min", "max"],
                     "constant": ["value"], "empirical": ["bands"]]
        let order = ["exponential", "gamma", "lognormal", "weibull", "beta", "uniform", "constant", "empirical"]
        guard case .mapping = node, let kindNode = node["distribution"] else {
            fail(node, path, "expected a distribution such as {distribution: exponential, mean: 20}, with distribution one of \(order.joined(separator: ", "))")
            return nil
        }
        guard let kind = choice(kindNode, path + ".distribution", order.map { ($0, $0) }) else { return nil }
        let params = kinds[kind]!
        guard let f = fields(node, path, required: ["distribution"] + params) else { return nil }
        func num(_ key: String, _ expected: String = "a number", _ ok: (Double) -> Bool = { _ in true }) -> Double? {
            f[key].flatMap { double($0, path + "." + key, expected, ok) }
        }
        let result: Distribution?
        let positive = "a number > 0"
        let nonNegative = "a number >= 0"
        func pos(_ key: String) -> Double? { num(key, positive) { $0 > 0 } }
        switch kind {
        case "exponential": result = pos("mean").map { .exponential(mean: $0) }
        case "gamma": if let k = pos("shape"), let t = pos("scale") { result = .gamma(shape: k, scale: t) } else { result = nil }
        case "lognormal": if let m = num("mu"), let s = pos("sigma") { result = .lognormal(mu: m, sigma: s) } else { result = nil }
        case "weibull": if let k = pos("shape"), let t = pos("scale") { result = .weibull(shape: k, scale: t) } else { result = nil }
        case "beta": if let a = pos("a"), let b = pos("b") { result = .beta(a: a, b: b) } else { result = nil }
        case "uniform":
            if let lo = num("min", nonNegative, { $0 >= 0 }), let hi = num("max", "a number greater than min", { $0 > lo }) {
                result = .uniform(min: lo, max: hi)
            } else { result = nil }
        case "constant": result = num("value", nonNegative) { $0 >= 0 }.map { .constant($0) }
        default: result = f["bands"].flatMap { bands($0, path + ".bands") }.map { .empirical($0) }
        }
        guard let result else { return nil }
        let problems = result.problems()
        if !problems.isEmpty {
            fail(node, path, "expected valid \(kind) parameters: \(problems.joined(separator: "; "))")
            return nil
        }
        return result
    }

    mutating func bands(_ node: ScenarioNode, _ path: String) -> EmpiricalBands? {
        guard case .sequence(let items, _) = node, !items.isEmpty else {
            fail(node, path, "expected a list of bands such as [{lower: 0, upper: 90, probability: 0.46}, ...]")
            return nil
        }
        var out: [EmpiricalBands.Band] = []
        var ok = true
        for (i, item) in items.enumerated() {
            let p = "\(path).\(i)"
            // fields() reports a missing field but still returns the others: read each one only if present.
            guard let f = fields(item, p, required: ["lower", "upper", "probability"]) else { ok = false; continue }
            let lo = f["lower"].flatMap { double($0, p + ".lower", "a number of days >= 0", { $0 >= 0 }) }
            let hi = f["upper"].flatMap {
                double($0, p + ".upper", "a number of days of at most \(ScenarioNumber.format(ScenarioLimits.maxHorizonDays)) (200 years)", { $0 <= ScenarioLimits.maxHorizonDays })
            }
            let pr = f["probability"].flatMap { double($0, p + ".probability", "a probability between 0 and 1", { $0 >= 0 && $0 <= 1 }) }
            guard let lo, let hi, let pr else { ok = false; continue }
            out.append(.init(lower: lo, upper: hi, probability: pr))
        }
        return ok ? EmpiricalBands(bands: out) : nil
    }

    func describe(_ node: ScenarioNode) -> String {
        switch node {
        case .scalar(let s, true, _): return "the quoted text \"\(s)\" (remove the quotes for a number)"
        case .scalar(let s, _, _): return s.isEmpty ? "nothing" : "'\(s)'"
        default: return node.kindName
        }
    }

    /// ", did you mean 'x'?" when a known name is one or two edits away.
    func suggestion(_ word: String, _ known: [String]) -> String {
        let best = known.map { ($0, Self.editDistance(word, $0)) }.min { $0.1 < $1.1 }
        guard let best, best.1 <= 2, best.1 < word.count else { return "" }
        return " (did you mean '\(best.0)'?)"
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var prev = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let cur = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1))
                prev = cur
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}

extension FieldReader {
    /// A `by_year` list: [{year_ending: 2014, factor: 1.1}, ...], each year once.
    mutating func byYear(_ node: ScenarioNode, _ path: String) -> [Int: Double]? {
        guard case .sequence(let items, _) = node, !items.isEmpty else {
            fail(node, path, "expected a list such as [{year_ending: 2014, factor: 1.1}]")
            return nil
        }
        var out: [Int: Double]? = [:]
        for (i, item) in items.enumerated() {
            let byYearItem = "\(path).\(i)"
            guard let h = fields(item, byYearItem, required: ["year_ending", "factor"]) else { out = nil; continue }
            let year = h["year_ending"].flatMap { int($0, byYearItem + ".year_ending", "a calendar year (the year ending 31 March)", { $0 > 1900 }) }
            let factor = h["factor"].flatMap { double($0, byYearItem + ".factor", "a rate multiplier > 0", { $0 > 0 }) }
            if let year, out?[year] != nil, let yearNode = h["year_ending"] {
                fail(yearNode, byYearItem + ".year_ending", "expected each year once, got \(year) again")
                out = nil
            } else if let year, let factor { out?[year] = factor } else { out = nil }
        }
        return out
    }
}
