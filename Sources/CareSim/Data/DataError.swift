/// A problem in a data or targets file: which file, line and column, and what was expected.
public struct DataError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var field: String
    public var message: String

    public init(file: String, line: Int, field: String, _ message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        "\(file):\(line): \(field.isEmpty ? "" : field + ": ")\(message)"
    }
}
