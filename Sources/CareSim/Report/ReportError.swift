/// Why a report cannot be made: which directory or file, and what was expected. Nothing is
/// written when this is thrown.
public struct ReportError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }

    init(_ error: DataError) { description = error.description }
}
