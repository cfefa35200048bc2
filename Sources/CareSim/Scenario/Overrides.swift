import Yams

/// `--set path=value` overrides: each replaces one scalar of the scenario by its dotted path
/// (`stages.assessment.servers=300`, `exits.0=closed`), or adds a field the mapping lacks
/// (validation then checks it like any other).
public struct Override: Sendable, Equatable {
    public var path: [String]
    public var value: String
    public var quoted: Bool
    /// The option that gave it and its position among that option's (for errors: `--set-base #2`);
    /// nil position: its place in the list applied.
    public var option = "--set"
    public var position: Int?

    /// Parses `path=value`.
    public init(parsing text: String) throws(ScenarioError) {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
            throw ScenarioError(.commandLine(0), "", "expected --set PATH=VALUE (for example stages.assessment.servers=300), got '\(text)'")
        }
        path = text[..<eq].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        value = String(text[text.index(after: eq)...])
        quoted = false
        if path.contains(where: \.isEmpty) {
            throw ScenarioError(.commandLine(0), "", "expected a dotted path without empty parts, got '\(text[..<eq])'")
        }
        // A YAML-quoted value stays a string ('"42"'); anything else is read as YAML reads it.
        if let first = value.first, first == "\"" || first == "'", value.count >= 2, value.last == first {
            value = String(value.dropFirst().dropLast())
            quoted = true
        }
    }

    public var dottedPath: String { path.joined(separator: ".") }

    /// Parses each group's texts in order, each override named by its option and its position
    /// among that option's (errors then say `--set-base #2`, not its place in the whole list).
    public static func parsing(_ groups: [(option: String, texts: [String])]) throws(ScenarioError) -> [Override] {
        var parsed: [Override] = []
        for (option, texts) in groups {
            for (i, text) in texts.enumerated() {
                do {
                    var o = try Override(parsing: text)
                    o.option = option
                    o.position = i + 1
                    parsed.append(o)
                } catch {
                    throw ScenarioError(error.issues.map { ScenarioIssue(.commandLine(i + 1, option: option), $0.path, $0.message) })
                }
            }
        }
        return parsed
    }

    /// Applies the overrides in order; the `index` of each is reported in errors (`--set #2`).
    public static func apply(_ overrides: [Override], to node: ScenarioNode) throws(ScenarioError) -> ScenarioNode {
        var result = node
        for (i, o) in overrides.enumerated() {
            result = try o.apply(to: result, at: o.path[...], index: o.position ?? i + 1, walked: "")
        }
        return result
    }

    func apply(to node: ScenarioNode, at rest: ArraySlice<String>, index: Int, walked: String) throws(ScenarioError) -> ScenarioNode {
        let here = ScenarioLoader.join(walked, rest.first!)
        let leaf = ScenarioNode.scalar(value, quoted: quoted, .commandLine(index, option: option))
        switch node {
        case .mapping(var entries, let location):
            let key = rest.first!
            if let i = entries.firstIndex(where: { $0.key == key }) {
                if rest.count == 1 {
                    guard case .scalar = entries[i].value else {
                        throw ScenarioError(.commandLine(index, option: option), here,
                                            "--set replaces a single value, but \(here) is \(entries[i].value.kindName) (set its fields one by one)")
                    }
                    entries[i].value = leaf
                } else {
                    entries[i].value = try apply(to: entries[i].value, at: rest.dropFirst(), index: index, walked: here)
                }
            } else if rest.count == 1 {
                entries.append(.init(key: key, keyLocation: .commandLine(index, option: option), value: leaf))
            } else {
                let known = entries.map(\.key).joined(separator: ", ")
                throw ScenarioError(.commandLine(index, option: option), here, "expected one of the existing fields under '\(walked.isEmpty ? "(top level)" : walked)' (\(known)), got '\(key)'")
            }
            return .mapping(entries, location)
        case .sequence(var items, let location):
            guard let i = Int(rest.first!), items.indices.contains(i) else {
                throw ScenarioError(.commandLine(index, option: option), here, "expected a list index from 0 to \(items.count - 1)")
            }
            if rest.count == 1 {
                items[i] = leaf
            } else {
                items[i] = try apply(to: items[i], at: rest.dropFirst(), index: index, walked: here)
            }
            return .sequence(items, location)
        case .scalar:
            throw ScenarioError(.commandLine(index, option: option), walked, "is a single value and has no field '\(rest.first!)'")
        }
    }
}
