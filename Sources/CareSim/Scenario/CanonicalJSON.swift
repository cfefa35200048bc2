/// The resolved scenario as JSON with keys in document order, for manifests and hashing.
/// Unquoted scalars that read as numbers, booleans or null become those JSON values.
public enum CanonicalJSON {
    public static func encode(_ node: ScenarioNode, indent: Int? = nil) -> String {
        var out = ""
        write(node, to: &out, indent: indent, level: 0)
        return out
    }

    static func write(_ node: ScenarioNode, to out: inout String, indent: Int?, level: Int) {
        let pad = indent.map { "\n" + String(repeating: " ", count: $0 * (level + 1)) } ?? ""
        let close = indent.map { "\n" + String(repeating: " ", count: $0 * level) } ?? ""
        let sep = indent == nil ? ":" : ": "
        switch node {
        case .scalar(let s, let quoted, _):
            out += quoted ? string(s) : scalar(s)
        case .sequence(let items, _):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                out += (i > 0 ? "," : "") + pad
                write(item, to: &out, indent: indent, level: level + 1)
            }
            out += close + "]"
        case .mapping(let entries, _):
            if entries.isEmpty { out += "{}"; return }
            out += "{"
            for (i, e) in entries.enumerated() {
                out += (i > 0 ? "," : "") + pad + string(e.key) + sep
                write(e.value, to: &out, indent: indent, level: level + 1)
            }
            out += close + "}"
        }
    }

    static func scalar(_ s: String) -> String {
        switch s {
        case "true", "True", "TRUE": return "true"
        case "false", "False", "FALSE": return "false"
        case "null", "Null", "NULL", "~", "": return "null"
        default: break
        }
        if let i = Int(s) { return String(i) }
        if let d = Double(s), d.isFinite { return ScenarioNumber.format(d) }
        return string(s)
    }

    /// A JSON string literal.
    public static func string(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}

/// Number formatting shared by every output: the shortest text that reads back as the same
/// Double, so files are exact and byte-identical across runs.
public enum ScenarioNumber {
    public static func format(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }
}
