/// One problem in a scenario: where, which field, and what was expected.
public struct ScenarioIssue: Sendable, Equatable, CustomStringConvertible {
    public var location: SourceLocation
    /// Dotted field path, e.g. `stages.assessment.servers`.
    public var path: String
    public var message: String

    public init(_ location: SourceLocation, _ path: String, _ message: String) {
        self.location = location
        self.path = path
        self.message = message
    }

    public var description: String {
        "\(location): \(path.isEmpty ? "(top level)" : path): \(message)"
    }
}

/// A scenario that cannot be used, with every problem found.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    public var issues: [ScenarioIssue]

    public init(_ issues: [ScenarioIssue]) { self.issues = issues }

    public init(_ location: SourceLocation, _ path: String, _ message: String) {
        issues = [ScenarioIssue(location, path, message)]
    }

    public var description: String {
        let count = issues.count == 1 ? "1 problem" : "\(issues.count) problems"
        return (issues.map { "error: \($0)" } + ["\(count) found"]).joined(separator: "\n")
    }
}
