import CSV
import Foundation

/// A published CSV table (DfE underlying data, ONS extracts, calibration targets), read whole.
/// Rows keep their line numbers so every error can point at the cell.
public struct DataTable: Sendable {
    public private(set) var file: String
    public let header: [String]
    public let rows: [[String]]
    /// The line on which each row starts (the header is line 1).
    public let lines: [Int]

    public init(file: String) throws(DataError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
            throw DataError(file: file, line: 0, field: "", "expected an existing CSV file, but it does not exist")
        }
        if isDirectory.boolValue {
            throw DataError(file: file, line: 0, field: "", "expected a CSV file, but it is a directory")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw DataError(file: file, line: 0, field: "", "expected a readable CSV file, but it cannot be read (check its permissions)")
        }
        // Kept by the file's standardised path, so that the same file named two ways (a scenario's
        // `data: ../data` from another folder) is parsed once; the table names the file as asked.
        let key = URL(fileURLWithPath: file).standardizedFileURL.path
        if let table = Self.cache.value(key, data) {
            self = table
            self.file = file
            return
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DataError(file: file, line: 0, field: "", "expected UTF-8 text, but the file has bytes that are not UTF-8")
        }
        try self.init(text: text, file: file)
        Self.cache.keep(key, data, self)
    }

    /// Tables already read in this process (FileCache).
    static let cache = FileCache<DataTable>()

    public init(text: String, file: String) throws(DataError) {
        self.file = file
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        if body.allSatisfy(\.isWhitespace) {
            throw DataError(file: file, line: 1, field: "", "expected a header row of column names, but the file is empty")
        }
        do {
            let reader = try CSVReader(string: body, hasHeaderRow: true)
            guard let header = reader.headerRow, !(header.count == 1 && header[0].isEmpty) else {
                throw DataError(file: file, line: 1, field: "", "expected a header row of column names")
            }
            self.header = header.map { $0.trimmingWhitespace }
            var rows: [[String]] = []
            var lines: [Int] = []
            var line = 2
            while let row = reader.next() {
                // Line breaks inside quoted fields, counted as bytes: a "\r\n" is one Character, not "\n".
                let extra = row.reduce(0) { n, field in n + field.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } }
                if !(row.count == 1 && row[0].isEmpty) {
                    guard row.count == header.count else {
                        throw DataError(file: file, line: line, field: "",
                                        "expected \(header.count) fields as in the header, got \(row.count)")
                    }
                    rows.append(row)
                    lines.append(line)
                }
                line += 1 + extra
            }
            self.rows = rows
            self.lines = lines
        } catch let error as DataError {
            throw error
        } catch {
            throw DataError(file: file, line: 0, field: "", "expected valid CSV (columns separated by commas, quotes closed): \(error)")
        }
    }

    /// The index of a column, or an error naming the columns there are.
    public func column(_ name: String) throws(DataError) -> Int {
        guard let i = header.firstIndex(of: name) else {
            throw DataError(file: file, line: 1, field: name, "expected a column '\(name)', but the header has no such column")
        }
        return i
    }

    public func text(row: Int, column name: String) throws(DataError) -> String {
        rows[row][try column(name)].trimmingWhitespace
    }

    /// A numeric cell, or an error naming file, line and column when it is not a number,
    /// a suppression mark or a blank.
    public func value(row: Int, column name: String) throws(DataError) -> DataValue {
        try value(row: row, at: try column(name))
    }

    /// The same, by column index (from `column(_:)`, resolved once for a loop over rows).
    public func value(row: Int, at column: Int) throws(DataError) -> DataValue {
        let raw = rows[row][column]
        guard let v = DataValue(parsing: raw) else {
            throw DataError(file: file, line: lines[row], field: header[column], "expected a number, x (suppressed) or .. (not available), got '\(raw)'")
        }
        return v
    }

    /// The rows whose `column` holds `value`.
    public func rows(where name: String, equals value: String) throws(DataError) -> [Int] {
        let c = try column(name)
        return rows.indices.filter { rows[$0][c].trimmingWhitespace == value }
    }
}
