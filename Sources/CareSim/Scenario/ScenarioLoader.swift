import Foundation
import Yams

/// Reads scenario files: YAML parsing with positions, `extends:` chains and `--set` overrides.
public enum ScenarioLoader {
    /// The file's tree with every `extends:` resolved (a file's values override its parent's).
    public static func load(file path: String) throws(ScenarioError) -> ScenarioNode {
        try load(file: path, chain: [], extendedAt: nil)
    }

    static func load(file path: String, chain: [String], extendedAt: SourceLocation?) throws(ScenarioError) -> ScenarioNode {
        let canonical = URL(fileURLWithPath: path).standardizedFileURL.path
        if chain.contains(canonical) {
            let names = (chain + [canonical]).map(relativeDisplay).joined(separator: " -> ")
            throw ScenarioError(extendedAt ?? SourceLocation(file: path, line: 1, column: 1), "extends",
                                "expected a chain of scenarios without cycles, got \(names)")
        }
        let node = try parse(file: path)
        guard case .mapping = node else {
            throw ScenarioError(node.location, "", "expected a mapping of scenario fields at the top level, got \(node.kindName)")
        }
        guard let parentNode = node["extends"] else { return node }
        guard case .scalar(let parentPath, _, let location) = parentNode, !parentPath.isEmpty else {
            throw ScenarioError(parentNode.location, "extends", "expected the path of another scenario file")
        }
        let resolved = parentPath.hasPrefix("/")
            ? parentPath
            : (URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(parentPath).path)
        let display = relativeDisplay(resolved)
        guard FileManager.default.fileExists(atPath: resolved) else {
            throw ScenarioError(location, "extends", "expected an existing scenario file, but \(display) does not exist")
        }
        let parent = try load(file: display, chain: chain + [canonical], extendedAt: location)
        return parent.removing(key: "extends").merged(with: node.removing(key: "extends"))
    }

    /// Parses one YAML file into a tree with positions, rejecting duplicate keys.
    public static func parse(file path: String) throws(ScenarioError) -> ScenarioNode {
        let start = SourceLocation(file: path, line: 0, column: 0)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ScenarioError(start, "", "expected an existing scenario file, but \(path) does not exist")
        }
        if isDirectory.boolValue {
            throw ScenarioError(start, "", "expected a scenario file (YAML), but \(path) is a directory")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if size > maxFileBytes {
            throw ScenarioError(start, "", "expected a scenario file of at most \(maxFileBytes / 1_000_000) MB, but \(path) has \(size) bytes")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError(start, "", "expected a readable scenario file, but \(path) cannot be read (check its permissions)")
        }
        if let node = parsed.value(path, data) { return node }
        guard let text = String(data: data, encoding: .utf8) else {
            let valid = String(decoding: data, as: UTF8.self)
            let bad = valid.firstIndex(of: "\u{FFFD}").map { valid[..<$0] } ?? Substring(valid)
            let line = bad.split(separator: "\n", omittingEmptySubsequences: false).count
            throw ScenarioError(SourceLocation(file: path, line: line, column: (bad.split(separator: "\n", omittingEmptySubsequences: false).last?.count ?? 0) + 1),
                                "", "expected UTF-8 text, but the file has bytes that are not UTF-8 here")
        }
        let node = try parse(text: text, file: path)
        parsed.keep(path, data, node)
        return node
    }

    /// Scenario files already parsed in this process (FileCache): a baseline's fit reads the
    /// England scenario it extends every round.
    static let parsed = FileCache<ScenarioNode>()

    /// The largest scenario file read (the shipped ones are under 20 kB).
    public static let maxFileBytes = 5_000_000
    /// The most values (scalars, lists and mappings) a scenario may hold once YAML aliases are
    /// expanded: far above any real scenario, far below what would exhaust memory or time.
    public static let maxNodes = 200_000

    public static func parse(text: String, file: String) throws(ScenarioError) -> ScenarioNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, plainScalars)
        } catch let error as YamlError {
            throw yamlError(error, file: file)
        } catch {
            throw ScenarioError(SourceLocation(file: file, line: 0, column: 0), "", "expected valid YAML: \(error)")
        }
        guard let root else {
            throw ScenarioError(SourceLocation(file: file, line: 1, column: 1), "", "expected scenario fields, but the file is empty")
        }
        var budget = maxNodes
        return try convert(root, file: file, path: "", budget: &budget)
    }

    /// Plain scalars are kept as text (the decoders read numbers, booleans and nulls themselves), so
    /// the resolver needs only the two implicit tags the format refuses (`checkTag`): `<<` (merge)
    /// and `=` (value). Yams' default resolver also tries bool, int, float, null and timestamp,
    /// each a regular expression on every scalar (about 4% of a small LA's back-test, whose fit
    /// parses its scenario every round); all five are among `plainTags`, so nothing else changes.
    /// One thing does: a mapping with the keys `1` and `"1"` is refused by Yams as a repeated key,
    /// where before `convert` refused it.
    static let plainScalars = Resolver.basic.appending(.merge).appending(.value)

    static func location(_ mark: Mark?, _ file: String) -> SourceLocation {
        SourceLocation(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0)
    }

    static func convert(_ node: Node, file: String, path: String, budget: inout Int) throws(ScenarioError) -> ScenarioNode {
        budget -= 1
        if budget < 0 {
            throw ScenarioError(location(node.mark, file), path, "expected a scenario of at most \(maxNodes) values, but this file holds more"
                                + " (YAML aliases expanding many times, such as a '*a' repeated inside lists, count each time)")
        }
        try checkTag(node, file: file, path: path)
        switch node {
        case .scalar(let s):
            return .scalar(s.string, quoted: s.style == .singleQuoted || s.style == .doubleQuoted, location(s.mark, file))
        case .sequence(let seq):
            var items: [ScenarioNode] = []
            for (i, item) in seq.enumerated() {
                items.append(try convert(item, file: file, path: join(path, String(i)), budget: &budget))
            }
            return .sequence(items, location(seq.mark, file))
        case .mapping(let map):
            var entries: [ScenarioNode.Entry] = []
            for (k, v) in map {
                guard case .scalar(let key) = k else {
                    throw ScenarioError(location(k.mark, file), path, "expected a plain field name as key")
                }
                try checkTag(k, file: file, path: join(path, key.string))
                let childPath = join(path, key.string)
                if entries.contains(where: { $0.key == key.string }) {
                    throw ScenarioError(location(k.mark, file), childPath, "expected each field once, but '\(key.string)' is repeated")
                }
                entries.append(.init(key: key.string, keyLocation: location(k.mark, file),
                                     value: try convert(v, file: file, path: childPath, budget: &budget)))
            }
            return .mapping(entries, location(map.mark, file))
        case .alias(let alias):
            // Yams resolves aliases while composing; an unresolved one is an error in the file.
            throw ScenarioError(location(alias.mark, file), path, "expected a value, got an unresolved YAML alias")
        }
    }

    /// The tags plain YAML gives values without being told (text, numbers, true/false, null,
    /// dates, lists and mappings). Any other (`!!binary`, `!!set`, `!custom`, ...) is not part
    /// of the scenario format.
    static let plainTags: Set<String> = ["str", "int", "float", "bool", "null", "timestamp", "map", "seq"].reduce(into: []) {
        $0.insert("tag:yaml.org,2002:" + $1)
    }

    static func checkTag(_ node: Node, file: String, path: String) throws(ScenarioError) {
        let tag = node.tag.description
        let expected: String
        switch node {
        case .mapping: expected = "tag:yaml.org,2002:map"
        case .sequence: expected = "tag:yaml.org,2002:seq"
        default: expected = ""
        }
        if expected.isEmpty ? plainTags.contains(tag) : tag == expected { return }
        let shown = tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst("tag:yaml.org,2002:".count) : tag
        throw ScenarioError(location(node.mark, file), path,
                            "expected a plain value (text, a number, a list or a mapping), got one tagged \(shown) (YAML tags are not part of the scenario format)")
    }

    static func yamlError(_ error: YamlError, file: String) -> ScenarioError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ScenarioError(location(mark, file), "", "expected valid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return ScenarioError(location(context.mark, file), "", "expected each field once, but \(names) is repeated in this mapping")
        default:
            return ScenarioError(SourceLocation(file: file, line: 0, column: 0), "", "expected valid YAML: \(error)")
        }
    }

    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }

    /// Shows paths relative to the working directory when they are below it.
    static func relativeDisplay(_ path: String) -> String {
        let standardized = URL(fileURLWithPath: path).standardizedFileURL.path
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return standardized.hasPrefix(cwd) ? String(standardized.dropFirst(cwd.count)) : standardized
    }
}
