import Foundation

/// ONS mid-year child population estimates by local authority (Nomis extracts in
/// `data/ons/child-population`: ages 0-4, 5-9, 10-14, 15 and 16, one column per year, codes as
/// of April 2021). Used when the census's own 0-17 population (CIN15 Mid2014Pop017) is not
/// published for an LA. Age 17 is not in the extracts and is taken equal to age 16.
/// `load(folder:throughYear:)` reads no column of a later year (not even to parse it).
public struct ChildPopulation: Sendable {
    /// Files and the ages they hold.
    static let files = ["popest-0-4.csv", "popest-5-9.csv", "popest-10-14.csv", "popest-15.csv", "popest-16.csv"]

    /// code -> year -> count, per file (in `files` order); absent when the file has no number.
    var counts: [[String: [Int: Double]]]
    public var folder: String

    public static func load(folder: String, throughYear last: Int = .max) throws(DataError) -> ChildPopulation {
        var counts: [[String: [Int: Double]]] = []
        for name in files {
            let file = "\(folder)/\(name)"
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw DataError(file: file, line: 0, field: "", "expected a readable ONS population extract")
            }
            // A few lines of title before the table, which ends at the first blank line.
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
            guard let start = lines.firstIndex(where: { $0.hasPrefix("\"local authority") }) else {
                throw DataError(file: file, line: 0, field: "", "expected a header line starting \"local authority\"")
            }
            // A blank line may follow the header; the table ends at the first blank line after its rows.
            func blank(_ i: Int) -> Bool { lines[i].trimmingWhitespace.isEmpty }
            var first = start + 1
            while first < lines.count, blank(first) { first += 1 }
            var end = first
            while end < lines.count, !blank(end) { end += 1 }
            let table = try DataTable(text: ([lines[start]] + lines[first..<end]).joined(separator: "\n"), file: file)
            var byCode: [String: [Int: Double]] = [:]
            let code = try table.column("mnemonic")
            // The year columns, resolved once.
            let yearColumns = table.header.enumerated().compactMap { c, name in Int(name).flatMap { $0 <= last ? (c, $0) : nil } }
            for (r, row) in table.rows.enumerated() {
                var years: [Int: Double] = [:]
                for (c, year) in yearColumns {
                    if let v = try table.value(row: r, at: c).number { years[year] = v }
                }
                byCode[row[code].trimmingWhitespace] = years
            }
            counts.append(byCode)
        }
        return ChildPopulation(counts: counts, folder: folder)
    }

    /// Children aged 0 to 17 in `year` (mid-year), or nil when the LA's code is not in the
    /// extracts (codes changed in 2019-2021) or a figure is missing.
    public func children(code: String, year: Int) -> Double? {
        var total = 0.0
        for (i, file) in counts.enumerated() {
            guard let v = file[code]?[year] else { return nil }
            total += v
            if i == counts.count - 1 { total += v }  // age 17 taken equal to age 16
        }
        return total
    }
}

extension ChildPopulation {
    /// England's children aged 0 to 17 in `year` (mid-year): the sum over the extracts' English
    /// county and unitary authorities (codes E...; the extracts also hold Wales, Scotland and
    /// Northern Ireland), nil when a figure is missing.
    public func england(year: Int) -> Double? {
        guard let codes = counts.first?.keys else { return nil }
        var total = 0.0
        for code in codes where code.hasPrefix("E") {
            guard let v = children(code: code, year: year) else { return nil }
            total += v
        }
        return total
    }

    /// The mid-years the extracts hold, ascending.
    public var years: [Int] {
        Array(Set(counts.flatMap { $0.values.flatMap(\.keys) })).sorted()
    }
}
