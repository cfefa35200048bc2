/// Where a value in a scenario came from: a file position, or a command-line override.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// A value given on the command line with `--set` (or another override option, such as
    /// `--set-base`); `line` is the override's position among that option's.
    public static func commandLine(_ index: Int, option: String = "--set") -> SourceLocation {
        SourceLocation(file: option, line: index, column: 0)
    }

    public var description: String {
        file.hasPrefix("--") ? "\(file) #\(line)" : "\(file):\(line):\(column)"
    }
}
