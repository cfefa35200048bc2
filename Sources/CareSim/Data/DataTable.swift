import CSV
import Foundation

/// A published CSV table (DfE underlying data, ONS extracts, calibration targets), read whole.
/// Rows keep their line numbers so every error can point at the cell.
public struct DataTable: Sendable {
    public let file: String
    public let header: [String]
    public let rows: [[String]]
    /// The line on which each row starts (the header is line 1).
    public let lines: [Int]

    public init(file: String) throws(DataError) {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            guard FileManager.default.fileExists(atPath: file) else {
                throw DataError(file: file, line: 0, field: "", "expected an existing CSV file, but it does not exist")
            }
            throw DataError(file: file, line: 0, field: "", "expected a readable UTF-8 CSV file: \(error.localizedDescription)")
        }
        try self.init(text: text, file: file)
    }

    public init(text: String, file: String) throws(DataError) {
        self.file = file
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        do {
            let reader = try CSVReader(string: body, hasHeaderRow: true)
            guard let header = reader.headerRow, !(header.count == 1 && header[0].isEmpty) else {
                throw DataError(file: file, line: 1, field: "", "expected a header row of column names")
            }
            self.header = header.map { $0.trimmingCharacters(in: .whitespaces) }
            var rows: [[String]] = []
            var lines: [Int] = []
            var line = 2
            while let row = reader.next() {
                let extra = row.reduce(0) { $0 + $1.filter { $0 == "\n" }.count }
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
            throw DataError(file: file, line: 0, field: "", "expected valid CSV: \(error)")
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
        rows[row][try column(name)].trimmingCharacters(in: .whitespaces)
    }

    /// A numeric cell, or an error naming file, line and column when it is not a number,
    /// a suppression mark or a blank.
    public func value(row: Int, column name: String) throws(DataError) -> DataValue {
        let raw = rows[row][try column(name)]
        guard let v = DataValue(parsing: raw) else {
            throw DataError(file: file, line: lines[row], field: name, "expected a number, x (suppressed) or .. (not available), got '\(raw)'")
        }
        return v
    }

    /// The rows whose `column` holds `value`.
    public func rows(where name: String, equals value: String) throws(DataError) -> [Int] {
        let c = try column(name)
        return rows.indices.filter { rows[$0][c].trimmingCharacters(in: .whitespaces) == value }
    }
}
