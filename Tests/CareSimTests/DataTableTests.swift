import Foundation
import Testing
@testable import CareSim

/// Reading official statistics: thousands separators, suppressed and missing cells, and errors
/// that name file, line and column.
@Suite("Data tables")
struct DataTableTests {
    @Test func publishedCells() {
        #expect(DataValue(parsing: "781,700") == .number(781_700))
        #expect(DataValue(parsing: " 24.0 ") == .number(24))
        #expect(DataValue(parsing: "13.8%") == .number(13.8))
        #expect(DataValue(parsing: "x") == .suppressed)
        #expect(DataValue(parsing: "..") == .missing)
        #expect(DataValue(parsing: "") == .missing)
        #expect(DataValue(parsing: "twelve") == nil)
        #expect(DataValue(parsing: "\t1,234,567\u{A0}") == .number(1_234_567))
        #expect(DataValue(parsing: "12,5%") == .number(125), "commas are thousands separators wherever they are")
        #expect(DataValue(parsing: "1 234") == nil)
        #expect(DataValue(parsing: "x").map(\.number) == .some(nil), "a suppressed cell is never read as a number")
    }

    /// `trimmingWhitespace` (what the tables' cells are trimmed with) trims what Foundation's
    /// `trimmingCharacters(in: .whitespaces)` trims: every scalar alone, then 2,000 random cells
    /// mixing digits, letters, spaces, tabs, no-break and ideographic spaces, line breaks and
    /// combining marks at both ends and inside.
    @Test func trimmingAsFoundationDoes() {
        var differ: [UInt32] = []
        for v in UInt32(0)...0x10FFFF {
            guard let s = Unicode.Scalar(v) else { continue }
            let alone = String(Character(s))
            if alone.trimmingWhitespace != alone.trimmingCharacters(in: .whitespaces) { differ.append(v) }
        }
        #expect(differ.isEmpty, "scalars trimmed differently: \(differ.prefix(10).map { String($0, radix: 16) })")
        let pieces = ["1", "7", ",", ".", "x", "é", "e\u{301}", " ", "\t", "\u{A0}", "\u{3000}", "\u{200B}", "\n", "\r\n", "\"", "LA"]
        var g = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let cell = (0..<Int.random(in: 0...8, using: &g)).map { _ in pieces.randomElement(using: &g)! }.joined()
            #expect(cell.trimmingWhitespace == cell.trimmingCharacters(in: .whitespaces), "\(cell.unicodeScalars.map(\.value))")
            #expect(cell[...].trimmingWhitespace == cell.trimmingCharacters(in: .whitespaces))
        }
    }

    /// A file read twice in a process is parsed once (FileCache; what that saves is measured by
    /// the LA survey's time, not here); a file whose bytes changed is read again, and one that
    /// became unreadable CSV fails as it would have; a scenario file too. (The shared cache is not
    /// inspected: tests running at once may fill it past its limit and start it afresh.)
    @Test func filesReadAgainOnlyWhenTheyChange() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caresim-filecache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("t.csv").path
        try "a,b\n1,2\n".write(toFile: file, atomically: true, encoding: .utf8)
        let first = try DataTable(file: file)
        #expect(try DataTable(file: file).rows == first.rows)
        try "a,b\n1,3\n4,5\n".write(toFile: file, atomically: true, encoding: .utf8)
        let changed = try DataTable(file: file)
        #expect(changed.rows == [["1", "3"], ["4", "5"]])
        try "a,b\n1,3,9\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: DataError.self) { try DataTable(file: file) }

        let scenario = dir.appendingPathComponent("s.yaml").path
        try "name: one\n".write(toFile: scenario, atomically: true, encoding: .utf8)
        func name() throws -> String? {
            if case .scalar(let text, _, _)? = try ScenarioLoader.parse(file: scenario)["name"] { return text }
            return nil
        }
        #expect(try name() == "one")
        try "name: two\n".write(toFile: scenario, atomically: true, encoding: .utf8)
        #expect(try name() == "two")

        // Past its limit the cache starts afresh rather than growing.
        let small = FileCache<Int>(limit: 2)
        small.keep("a", Data([1]), 1)
        small.keep("b", Data([2]), 2)
        small.keep("c", Data([3]), 3)
        #expect(small.value("a", Data([1])) == nil && small.value("c", Data([3])) == 3)
        #expect(small.value("c", Data([4])) == nil, "other bytes under the same path are not the kept value")
    }

    @Test func quotedFieldsAndLines() throws {
        let t = try DataTable(text: "geog_n,count,note\nEngland,\"1,234\",\"a, b\"\nCamden,x,\n", file: "t.csv")
        #expect(t.rows.count == 2)
        #expect(try t.value(row: 0, column: "count") == .number(1234))
        #expect(try t.text(row: 0, column: "note") == "a, b")
        #expect(try t.value(row: 1, column: "count") == .suppressed)
        #expect(try t.rows(where: "geog_n", equals: "Camden") == [1])
        #expect(t.lines == [2, 3])
    }

    @Test func errorsNameFileLineAndColumn() throws {
        let t = try DataTable(text: "a,b\n1,2\n3,oops\n", file: "t.csv")
        #expect(throws: DataError.self) { try t.value(row: 1, column: "b") }
        do {
            _ = try t.value(row: 1, column: "b")
        } catch {
            #expect(error.description == "t.csv:3: b: expected a number, x (suppressed) or .. (not available), got 'oops'")
        }
        do {
            _ = try t.column("c")
            Issue.record("no error for a missing column")
        } catch {
            #expect(error.line == 1 && error.field == "c")
        }
        do {
            _ = try DataTable(text: "a,b\n1,2,3\n", file: "short.csv")
            Issue.record("no error for a ragged row")
        } catch {
            #expect(error.description == "short.csv:2: expected 2 fields as in the header, got 3")
        }
    }

    @Test func missingFile() {
        do {
            _ = try DataTable(file: "/nonexistent/data.csv")
            Issue.record("no error for a missing file")
        } catch {
            #expect(error.description.contains("/nonexistent/data.csv:0: expected an existing CSV file"))
        }
    }

    /// The calibration targets agree with the data files they name: every target whose source
    /// is one column of a 2014-15 census or 2015 looked-after file is recomputed from the
    /// England row (percentages / 100; looked-after shares over the matching total).
    @Test func calibrationTargetsMatchTheirSources() throws {
        let root = TestSupport.root
        let targets = try CalibrationTargets.load(file: root.appendingPathComponent("calibration/england-2014-15.csv").path)
        #expect(targets.count == 50)
        let census = try DataTable(file: root.appendingPathComponent("data/dfe/cin-census/2014-15/SFR41-2015_Underlying_data.csv").path)
        let englandCensus = try #require(try census.rows(where: "geog_n", equals: "England").first)
        var verified = 0
        for t in targets {
            let words = t.source.split(separator: " ").map(String.init)
            var computed: Double?
            if t.source.hasPrefix("data/dfe/cin-census/2014-15 "), words.count == 2 {
                let v = try #require(try census.value(row: englandCensus, column: words[1]).number)
                computed = words[1].hasPrefix("%") ? v / 100 : v
            } else if let file = words.first(where: { $0.hasPrefix("SFR34_") }), let column = words.last, !column.contains("+"),
                      column.hasPrefix("CLA_") || column.hasPrefix("SCLA_") {
                let table = try DataTable(file: root.appendingPathComponent("data/dfe/looked-after/2015/\(file).csv").path)
                let national = try #require(try table.rows(where: "geog_l", equals: "NATIONAL").first)
                let v = try #require(try table.value(row: national, column: column).number)
                if t.metric.hasSuffix("_share") {
                    let total = file == "SFR34_ADM2015" ? "CLA_started2014" : "CLA_Mar2015"
                    computed = v / (try #require(try table.value(row: national, column: total).number))
                } else {
                    computed = v
                }
            }
            guard let computed else { continue }
            // Published shares are rounded to 3 decimals and counts to the nearest 10 or 100.
            let slack = t.metric.hasSuffix("_share") ? 0.0015 : max(0.5, abs(t.value) * 0.001)
            #expect(abs(computed - t.value) <= slack, "\(t.metric): target \(t.value), \(t.source) gives \(computed)")
            verified += 1
        }
        #expect(verified >= 25, "only \(verified) targets could be traced to a single column")
    }
}
