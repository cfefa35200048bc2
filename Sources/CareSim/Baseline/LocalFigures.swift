import Foundation

/// One local authority's cells beside England's, from the baseline's tables. Each read of a
/// suppressed (`x`) or unavailable (`..`, blank) LA cell is recorded, so every fallback to an
/// England value can be reported.
public struct LocalFigures: Sendable {
    public var authority: LocalAuthority
    public var sources: BaselineSources
    /// (table label, LA row, England row) for each table.
    var rows: [String: (la: Int, england: Int)]

    public init(authority: LocalAuthority, sources: BaselineSources) throws(DataError) {
        self.authority = authority
        self.sources = sources
        var rows: [String: (Int, Int)] = [:]
        var missing: [String] = []
        for t in sources.tables {
            if let r = t.row(code: authority.code) { rows[t.label] = (r, try t.englandRow()) } else { missing.append("\(t.label) (\(t.table.file))") }
        }
        guard missing.isEmpty else {
            throw DataError(file: missing.joined(separator: ", "), line: 0, field: "",
                            "expected a row for \(authority.name) (\(authority.code)) in every table the baseline reads, but it has none in these (its figures may be published with another authority's; caresim baseline --list shows which authorities cannot be matched)")
        }
        self.rows = rows
    }

    /// England's figures in the LA's place (its National rows on both sides), for England's own
    /// targets from the same derivation.
    public init(englandOf sources: BaselineSources) throws(DataError) {
        self.authority = LocalAuthority.england
        self.sources = sources
        var rows: [String: (Int, Int)] = [:]
        for t in sources.tables {
            let r = try t.englandRow()
            rows[t.label] = (r, r)
        }
        self.rows = rows
    }

    public var isEngland: Bool { authority == .england }

    /// The area's row of a table not among `sources.tables` (the run-in year's census): England's
    /// row for England, else the LA's by code, nil when it has none.
    public func row(_ table: BaselineSources.Table) throws(DataError) -> Int? {
        if isEngland { return try table.englandRow() }
        return table.row(code: authority.code)
    }

    /// A cell of the LA's row: a number, or suppressed or missing (never read as 0).
    public func la(_ table: BaselineSources.Table, _ column: String) throws(DataError) -> DataValue {
        try table.table.value(row: rows[table.label]!.la, column: column)
    }

    /// England's value of a column (always published).
    public func england(_ table: BaselineSources.Table, _ column: String) throws(DataError) -> Double {
        let r = rows[table.label]!.england
        guard let v = try table.table.value(row: r, column: column).number else {
            throw DataError(file: table.table.file, line: table.table.lines[r], field: column, "expected England's figure, got a suppressed or missing cell")
        }
        return v
    }

    /// The sum of several LA cells: nil (and the cells named) if any is suppressed or missing.
    public func laSum(_ table: BaselineSources.Table, _ columns: [String]) throws(DataError) -> (value: Double?, unavailable: [String]) {
        var total = 0.0
        var bad: [String] = []
        for c in columns {
            let v = try la(table, c)
            if let x = v.number { total += x } else { bad.append(Self.describe(table, c, v)) }
        }
        return (bad.isEmpty ? total : nil, bad)
    }

    public func englandSum(_ table: BaselineSources.Table, _ columns: [String]) throws(DataError) -> Double {
        var total = 0.0
        for c in columns { total += try england(table, c) }
        return total
    }

    /// "CIN15 %ReferralsNFA1415 suppressed (x)" or "... not available (..)".
    public static func describe(_ table: BaselineSources.Table, _ column: String, _ value: DataValue) -> String {
        switch value {
        case .suppressed: return "\(table.label) \(column) suppressed (x)"
        case .missing: return "\(table.label) \(column) not available (.. or blank)"
        case .number: return "\(table.label) \(column)"
        }
    }
}

/// Where a figure of the written scenario or targets came from, when it is not the LA's own.
public struct BaselineNote: Sendable, Equatable, CustomStringConvertible {
    /// The scenario field or target metric concerned.
    public var field: String
    public var text: String

    public init(field: String, _ text: String) {
        self.field = field
        self.text = text
    }

    public var description: String { "\(field): \(text)" }
}
