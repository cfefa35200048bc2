import CareSimEngine
import Foundation

/// The studio's changes to a scenario's alternative: effect sizes (a distribution refitted to a
/// range) and costs, by dotted path. Written as `studio-edits.yaml`, a scenario extending the
/// alternative `caresim scenario` wrote with only these fields, so the files stay what the CLI
/// reads and the edit is visible in a download.
struct ScenarioEdits {
    /// path -> inline YAML value.
    private(set) var values: [String: String] = [:]
    /// path -> the distribution, for effect sizes.
    private(set) var distributions: [String: Distribution] = [:]

    init() {}

    init(_ list: [ScenarioEdit]) {
        for e in list { values[e.path] = e.value }
        for e in list { if let d = Self.distribution(inline: e.value) { distributions[e.path] = d } }
    }

    var isEmpty: Bool { values.isEmpty }

    var list: [ScenarioEdit] { values.keys.sorted().map { ScenarioEdit(path: $0, value: values[$0]!) } }

    mutating func set(_ path: String, distribution d: Distribution) {
        values[path] = "{distribution: \(d.name), " + d.parameters.map { "\($0.name): \(Self.number($0.value))" }.joined(separator: ", ") + "}"
        distributions[path] = d
    }

    mutating func setCost(key: String, _ path: String, _ value: Double) {
        values["costs.practice_models.\(key).\(path)"] = Self.number(value)
    }

    mutating func apply(_ other: ScenarioEdits) {
        for (k, v) in other.values { values[k] = v }
        for (k, v) in other.distributions { distributions[k] = v }
    }

    func cost(_ path: String) -> Double? { values[path].flatMap(Double.init) }

    /// Full precision, without an exponent YAML might read as a string.
    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return String(format: "%.10g", v)
    }

    static func distribution(inline text: String) -> Distribution? {
        guard text.hasPrefix("{"), text.hasSuffix("}") else { return nil }
        var fields: [String: String] = [:]
        for part in text.dropFirst().dropLast().split(separator: ",") {
            let kv = part.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2 { fields[kv[0]] = kv[1] }
        }
        guard let kind = fields["distribution"] else { return nil }
        return EffectSize.distribution(kind, fields.mapValues(Double.init))
    }

    /// The scenario file: `extends:` the alternative, with the edited fields nested by path.
    func yaml(extending file: String, name: String) -> String {
        final class Tree {
            var children: [(String, Tree)] = []
            var value: String?
            func child(_ k: String) -> Tree {
                if let c = children.first(where: { $0.0 == k }) { return c.1 }
                let t = Tree()
                children.append((k, t))
                return t
            }
        }
        let root = Tree()
        for (path, value) in values.sorted(by: { $0.key < $1.key }) {
            var t = root
            for k in path.split(separator: ".") { t = t.child(String(k)) }
            t.value = value
        }
        var out = "# Written by CareSim Studio: \(file) with the effect sizes and costs edited in the studio.\n"
        out += "# Each edited effect size keeps its kind of distribution, refitted to the 95% range typed in.\n"
        out += "extends: \(file)\n"
        out += "name: \(Self.quoted(name))\n"
        func emit(_ t: Tree, _ indent: String) {
            for (k, c) in t.children {
                if let v = c.value { out += "\(indent)\(k): \(v)\n" } else {
                    out += "\(indent)\(k):\n"
                    emit(c, indent + "  ")
                }
            }
        }
        emit(root, "")
        return out
    }

    /// A YAML double-quoted string.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if c.value < 0x20 { out += String(format: "\\x%02X", c.value) } else { out.unicodeScalars.append(c) }
            }
        }
        return out + "\""
    }
}
