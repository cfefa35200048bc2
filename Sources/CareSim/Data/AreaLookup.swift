/// Finds England or one local authority in a published table, by ONS code (E09000007) or by
/// name, ignoring case, punctuation and "&"/"and" differences. Codes and names changed over the
/// years, so a failed match says so and suggests near names.
public enum AreaLookup {
    /// Names that mean the whole country.
    static let englandNames: Set<String> = ["england", "national"]

    public static func normalise(_ name: String) -> String {
        if let known = normalised.withLock({ $0[name] }) { return known }
        let n = normalising(name)
        normalised.withLock { if $0.count >= 4096 { $0.removeAll() }; $0[name] = n }
        return n
    }

    /// Names already normalised in this process: a fit's every round looks its LA up by name in
    /// several tables, normalising each of their LAs' names (about 6% of a small LA's back-test).
    private static let normalised = Locked<[String: String]>([:])

    static func normalising(_ name: String) -> String {
        name.lowercased().replacingOccurrences(of: "&", with: " and ")
            .unicodeScalars.filter { $0.properties.isAlphabetic || $0 == " " }
            .map(String.init).joined()
            .split(separator: " ").joined(separator: " ")
    }

    /// A published name as people write it: the census marks a dropped comma with two spaces
    /// ("Bristol  City of" is "Bristol, City of"); other runs of spaces are one.
    public static func displayName(_ published: String) -> String {
        let trimmed = published.trimmingCharacters(in: .whitespaces)
        guard let gap = trimmed.range(of: "  ") else { return trimmed.split(separator: " ").joined(separator: " ") }
        let before = trimmed[..<gap.lowerBound].split(separator: " ").joined(separator: " ")
        let after = trimmed[gap.upperBound...].split(separator: " ").joined(separator: " ")
        return after.isEmpty ? before : before + ", " + after
    }

    /// The local authorities of `table` whose names begin with the words of `query` (compared as
    /// `row` compares names), with their names as `displayName` gives them.
    public static func rows(beginningWith query: String, in table: DataTable, level: String, name: String) -> [(row: Int, name: String)] {
        let q = normalise(query)
        guard !q.isEmpty, let levelColumn = try? table.column(level), let nameColumn = try? table.column(name) else { return [] }
        return table.rows.indices
            .filter { table.rows[$0][levelColumn].uppercased() == "LA" && normalise(table.rows[$0][nameColumn]).hasPrefix(q + " ") }
            .map { ($0, displayName(table.rows[$0][nameColumn])) }
    }

    /// The row of `area` in `table`, whose level column says NATIONAL/National for England and LA
    /// for local authorities.
    public static func row(of area: String, in table: DataTable, level: String, code: String, name: String) throws(DataError) -> Int {
        let levelColumn = try table.column(level), codeColumn = try table.column(code), nameColumn = try table.column(name)
        let wanted = normalise(area)
        if englandNames.contains(wanted) {
            if let r = table.rows.indices.first(where: { table.rows[$0][levelColumn].lowercased() == "national" }) { return r }
            throw DataError(file: table.file, line: 1, field: level, "expected a national (England) row, found none")
        }
        let las = table.rows.indices.filter { let v = table.rows[$0][levelColumn]; return v == "LA" || v.uppercased() == "LA" }
        let code = area.uppercased()
        if let r = las.first(where: { table.rows[$0][codeColumn].trimmingWhitespace.uppercased() == code }) {
            return r
        }
        if let r = las.first(where: { normalise(table.rows[$0][nameColumn]) == wanted }) { return r }
        let names = las.map { displayName(table.rows[$0][nameColumn]) }
        let near = names.filter { normalise($0).contains(wanted) || wanted.contains(normalise($0)) }.prefix(3)
        let hint = near.isEmpty ? "" : " (did you mean \(near.map { "'\($0)'" }.joined(separator: ", "))?)"
        throw DataError(file: table.file, line: 0, field: name,
                        "expected a local authority name or code among the \(las.count) in this file, got '\(area)'\(hint); codes and names change over the years, so try the other")
    }
}

import Foundation
