import CareSimEngine
import Foundation

/// The plain-language page of a scenario's assumptions: every value whose line in the scenario
/// file carries a comment, with that comment (the file's convention is to name the value's
/// source, or say "fitted" or "assumed"), and each file's opening comment block.
///
/// The results directory records the scenario's resolved values and content hash, not its
/// comments, so the comments are read from the scenario file the manifest names (as given to
/// caresim, relative to the working directory, else to the results directory's parent or
/// grandparent), following `extends:`. The file's content hash is compared with the manifest's:
/// when they differ (the file changed since the run, or the run used `--set`), the page says so.
public struct ScenarioAssumptions: Sendable {
    public enum Basis: String, Sendable { case assumed, fitted, source }

    public struct Entry: Sendable {
        public var path: String
        public var value: String
        public var comment: String
        /// file:line of the key.
        public var location: String
        public var basis: Basis
    }

    public var arm: ManifestInfo.Arm
    /// The file read, or nil with `problem` saying why none could be.
    public var file: String?
    public var problem: String?
    public var hashMatches = false
    public var headers: [(file: String, text: String)] = []
    public var entries: [Entry] = []

    public init(arm: ManifestInfo.Arm, resultsDirectory: String) {
        self.arm = arm
        let results = URL(fileURLWithPath: resultsDirectory).standardizedFileURL
        let candidates = arm.file.hasPrefix("/") ? [arm.file]
            : [arm.file, results.deletingLastPathComponent().appendingPathComponent(arm.file).path,
               results.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(arm.file).path]
        guard !arm.file.isEmpty, let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            problem = "the scenario file the manifest names (\(arm.file.isEmpty ? "none" : arm.file)) was not found from the working directory "
                + "or the results directory's parent; run caresim report from where the scenario was run to include its comments"
            return
        }
        file = found
        let tree: ScenarioNode
        do {
            tree = try ScenarioLoader.load(file: found)
        } catch {
            problem = "\(found) could not be read: \(error)"
            return
        }
        let hex = String(StreamSeed.fnv1a(CanonicalJSON.encode(tree)), radix: 16)
        hashMatches = "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex == arm.hash
        var reader = CommentReader()
        reader.walk(tree, path: "")
        entries = reader.entries
        headers = reader.files.compactMap { f in reader.header(f).map { (f, $0) } }
    }
}

/// Reads the comments beside a scenario tree's keys from the files its locations name.
struct CommentReader {
    var lines: [String: [String]] = [:]
    var files: [String] = []
    var emitted: Set<String> = []
    var entries: [ScenarioAssumptions.Entry] = []

    mutating func text(_ file: String) -> [String] {
        if let l = lines[file] { return l }
        let l = ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "").components(separatedBy: "\n")
        lines[file] = l
        files.append(file)
        return l
    }

    /// The comment at the end of a line (a `#` outside quotes, at the start or after a space).
    static func comment(_ line: String) -> (text: String, column: Int)? {
        var quote: Character?
        var previous: Character = " "
        for (i, c) in line.enumerated() {
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                if previous == " " || previous == ":" || previous == "[" || previous == "{" || previous == "," { quote = c }
            } else if c == "#", previous == " " || previous == "\t" || i == 0 {
                return (String(line.dropFirst(i + 1)).trimmingCharacters(in: .whitespaces), i)
            }
            previous = c
        }
        return nil
    }

    static func isCommentOnly(_ line: String) -> Bool { line.trimmingCharacters(in: .whitespaces).hasPrefix("#") }

    /// The comment on `location`'s line, with comment-only lines that continue it (indented past
    /// the key) and the comment block directly above the key (at the key's indentation).
    mutating func comment(at location: SourceLocation) -> String? {
        guard location.line > 0, !location.file.hasPrefix("--") else { return nil }
        let l = text(location.file), i = location.line - 1
        guard i < l.count else { return nil }
        let key = l[i].prefix { $0 == " " }.count
        var parts: [String] = []
        var j = i - 1
        var above: [String] = []
        while j >= 0, Self.isCommentOnly(l[j]), l[j].prefix(while: { $0 == " " }).count == key, j >= headerEnd(location.file) {
            above.insert(Self.comment(l[j])?.text ?? "", at: 0)
            j -= 1
        }
        parts += above.filter { !$0.isEmpty }
        if let c = Self.comment(l[i]), !Self.isCommentOnly(l[i]) { parts.append(c.text) }
        j = i + 1
        while j < l.count, Self.isCommentOnly(l[j]), l[j].prefix(while: { $0 == " " }).count > key + 2 {
            parts.append(Self.comment(l[j])?.text ?? "")
            j += 1
        }
        let joined = parts.filter { !$0.isEmpty }.joined(separator: " ")
        return joined.isEmpty ? nil : joined
    }

    /// The index of the first line after a file's opening comment block.
    mutating func headerEnd(_ file: String) -> Int {
        let l = text(file)
        var i = 0
        while i < l.count, Self.isCommentOnly(l[i]) { i += 1 }
        return i
    }

    mutating func header(_ file: String) -> String? {
        let end = headerEnd(file)
        guard end > 0 else { return nil }
        return text(file)[0..<end].map { Self.comment($0)?.text ?? "" }.joined(separator: "\n")
    }

    /// Every line's comments below `node` (in its files), joined: a distribution is one value.
    mutating func comments(below node: ScenarioNode, skipping line: SourceLocation) -> [String] {
        var out: [String] = []
        func visit(_ n: ScenarioNode, _ me: inout CommentReader) {
            let loc = n.location
            let id = "\(loc.file):\(loc.line)"
            if loc.line > 0, !loc.file.hasPrefix("--"), !(loc.file == line.file && loc.line == line.line), me.emitted.insert(id).inserted,
               let c = CommentReader.comment(me.text(loc.file)[loc.line - 1]), !CommentReader.isCommentOnly(me.text(loc.file)[loc.line - 1]) {
                out.append(c.text)
            }
            switch n {
            case .mapping(let entries, _):
                for e in entries {
                    let k = e.keyLocation, kid = "\(k.file):\(k.line)"
                    if k.line > 0, !k.file.hasPrefix("--"), me.emitted.insert(kid).inserted,
                       let c = CommentReader.comment(me.text(k.file)[k.line - 1]), !CommentReader.isCommentOnly(me.text(k.file)[k.line - 1]) {
                        out.append(c.text)
                    }
                    visit(e.value, &me)
                }
            case .sequence(let items, _):
                for item in items { visit(item, &me) }
            case .scalar: break
            }
        }
        visit(node, &self)
        return out
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    static func summary(_ node: ScenarioNode) -> String {
        if case .scalar(let s, _, _) = node { return s }
        let json = CanonicalJSON.encode(node)
        return json.count > 140 ? String(json.prefix(137)) + "..." : json
    }

    static func basis(_ comment: String) -> ScenarioAssumptions.Basis {
        let c = comment.lowercased()
        return c.contains("assumed") ? .assumed : c.contains("fitted") ? .fitted : .source
    }

    mutating func add(_ path: String, _ node: ScenarioNode, at location: SourceLocation) {
        let id = "\(location.file):\(location.line)"
        guard !emitted.contains(id), var comment = comment(at: location) else { return }
        emitted.insert(id)
        if case .mapping = node, node["distribution"] != nil {
            comment = ([comment] + comments(below: node, skipping: location)).joined(separator: " ")
        }
        entries.append(.init(path: path, value: Self.summary(node), comment: comment, location: "\(location.file):\(location.line)",
                             basis: Self.basis(comment)))
    }

    mutating func walk(_ node: ScenarioNode, path: String) {
        switch node {
        case .mapping(let entries, _):
            for e in entries {
                let p = Self.join(path, e.key)
                add(p, e.value, at: e.keyLocation)
                walk(e.value, path: p)
            }
        case .sequence(let items, _):
            for (i, item) in items.enumerated() {
                let p = Self.join(path, String(i))
                add(p, item, at: item.location)
                walk(item, path: p)
            }
        case .scalar: break
        }
    }
}
