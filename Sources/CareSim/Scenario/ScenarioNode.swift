/// A YAML value with the place each part came from, kept through `extends:` merges and
/// `--set` overrides so that every error can name its file, line and column.
public indirect enum ScenarioNode: Sendable {
    case scalar(String, quoted: Bool, SourceLocation)
    case mapping([Entry], SourceLocation)
    case sequence([ScenarioNode], SourceLocation)

    public struct Entry: Sendable {
        public var key: String
        public var keyLocation: SourceLocation
        public var value: ScenarioNode
    }

    public var location: SourceLocation {
        switch self {
        case .scalar(_, _, let l), .mapping(_, let l), .sequence(_, let l): return l
        }
    }

    public var kindName: String {
        switch self {
        case .scalar: return "a value"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    /// A YAML null: `null`, `~` or nothing, unquoted.
    public var isNull: Bool {
        if case .scalar(let v, false, _) = self { return v == "null" || v == "~" || v.isEmpty || v == "Null" || v == "NULL" }
        return false
    }

    public subscript(key: String) -> ScenarioNode? {
        guard case .mapping(let entries, _) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }

    /// Fields whose value an overlay replaces whole rather than merging into: a distribution
    /// or a routing table is one thing, and keeping half of the parent's would mislead.
    public static let replacedWhole: Set<String> = ["duration", "interarrival", "next", "competing", "bands"]

    /// `overlay` merged onto `self`: mappings merge key by key (recursively), except the
    /// fields in `replacedWhole` and any overlay mapping that names a `distribution` (a
    /// distribution is one value, whatever its field is called); anything else in the overlay
    /// replaces what was there, and a key the overlay sets to null (`null`, `~` or nothing)
    /// is removed. Keys keep the order of `self`, new keys follow.
    public func merged(with overlay: ScenarioNode) -> ScenarioNode {
        guard case .mapping(var base, let location) = self, case .mapping(let top, _) = overlay,
              !top.contains(where: { $0.key == "distribution" }) else {
            return overlay
        }
        for entry in top {
            if entry.value.isNull {
                base.removeAll { $0.key == entry.key }
                continue
            }
            if let i = base.firstIndex(where: { $0.key == entry.key }) {
                base[i].value = Self.replacedWhole.contains(entry.key) ? entry.value : base[i].value.merged(with: entry.value)
                base[i].keyLocation = entry.keyLocation
            } else {
                base.append(entry)
            }
        }
        return .mapping(base, location)
    }

    /// The mapping without `key`.
    public func removing(key: String) -> ScenarioNode {
        guard case .mapping(let entries, let location) = self else { return self }
        return .mapping(entries.filter { $0.key != key }, location)
    }
}
