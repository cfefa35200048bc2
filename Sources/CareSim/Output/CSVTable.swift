/// A CSV table built in memory and written in one piece. Fields are quoted only when needed.
public struct CSVTable: Sendable {
    public let header: [String]
    public private(set) var text: String

    public init(header: [String]) {
        self.header = header
        text = header.map(Self.field).joined(separator: ",") + "\n"
    }

    /// Appends the row's fields to the text in place (no joined copy of the row: a run's stocks
    /// table has a row for every month, stage, age band and placement of every replication).
    public mutating func append(_ row: [String]) {
        precondition(row.count == header.count, "CSV row has \(row.count) fields, header has \(header.count)")
        for (i, s) in row.enumerated() {
            if i > 0 { text += "," }
            text += Self.field(s)
        }
        text += "\n"
    }

    static func field(_ s: String) -> String {
        // Bytes, not Characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
        guard s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

import Foundation

extension Optional where Wrapped == Double {
    /// Empty for a missing value, so data-frame readers see NA.
    var csv: String { map(ScenarioNumber.format) ?? "" }
}
