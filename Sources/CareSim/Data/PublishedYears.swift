import Foundation

/// The published figures for `years.csv`: each headline measure (PathwayYears.Measure) for one
/// area (England, or a local authority by name or code) and year ending 31 March, as published,
/// where the repository's `data/` holds that year. Column names change with the year
/// (`Referrals1314`, `Referrals1415`, `S47in1011`, the 2015 starters' `CLA_started2014`); they
/// are the calibration targets' (`LocalTargets.recipe`), so years.csv and the targets agree.
/// Nothing is scaled: the model's counts are reported England-sized (divided by the scenario's
/// scale), as the statistics are. A year, area, column or file that is not there, and a
/// suppressed (`x`) or unavailable cell, give no figure.
public struct PublishedYears {
    /// A figure and where it came from ("data/dfe/... file column").
    public struct Figure: Sendable, Equatable {
        public var value: Double
        public var source: String
    }

    public let dataDirectory: String
    public let area: String
    /// The area's name as the newest census spells it, tried when `area` (a code) is not found
    /// (the 2010-11 census has no ONS codes).
    let alias: String?
    /// Tables read so far, by file (nil: not readable).
    private var tables: [String: DataTable?] = [:]

    public init(area: String, dataDirectory: String) {
        self.area = area
        self.dataDirectory = dataDirectory
        var alias: String?
        for year in Self.years(dataDirectory: dataDirectory).reversed() {
            guard let file = try? PublishedStocks.onlyCSV(in: Self.censusFolder(dataDirectory, year), containing: nil),
                  let table = try? DataTable(file: file), table.header.contains("new_la_code"),
                  let row = try? AreaLookup.row(of: area, in: table, level: "geog_l", code: "new_la_code", name: "geog_n") else { continue }
            alias = table.rows[row][table.header.firstIndex(of: "geog_n")!]
            break
        }
        self.alias = alias
    }

    /// The years ending 31 March that `data` holds a census or looked-after folder for, ascending.
    public static func years(dataDirectory data: String) -> [Int] {
        let fm = FileManager.default
        let census = ((try? fm.contentsOfDirectory(atPath: "\(data)/dfe/cin-census")) ?? []).compactMap { name -> Int? in
            let parts = name.split(separator: "-")
            guard parts.count == 2, let y = Int(parts[0]), parts[1].count == 2 else { return nil }
            return y + 1
        }
        let looked = ((try? fm.contentsOfDirectory(atPath: "\(data)/dfe/looked-after")) ?? []).compactMap { Int($0) }
        return Array(Set(census + looked)).sorted()
    }

    static func censusFolder(_ data: String, _ year: Int) -> String { "\(data)/dfe/cin-census/\(BaselineSources.span(year))" }

    /// The published figure of `measure` in the year ending 31 March `year` (nil: none). Each
    /// year's column names are the calibration targets' (`LocalTargets.recipe`: every headline
    /// measure is a count there), so the two read the same figures.
    public mutating func figure(_ measure: PathwayYears.Measure, year: Int) -> Figure? {
        figure(metric: measure.name, year: year)
    }

    /// The published figure of a count among the calibration targets' metrics
    /// (`LocalTargets.recipe`: `cp_plans_ended`, `cin_episodes_started`, ...), nil when none.
    public mutating func figure(metric: String, year: Int) -> Figure? {
        guard case .count(let role, let columns)? = LocalTargets.recipe(metric, year: year) else { return nil }
        switch role {
        case .census:
            guard let file = try? PublishedStocks.onlyCSV(in: Self.censusFolder(dataDirectory, year), containing: nil) else { return nil }
            return read(file, code: ["new_la_code", "geog_c"], columns)
        case .starts: return lookedAfter(year, "ADM", columns)
        case .ceased: return lookedAfter(year, "CEA", columns)
        case .lookedAfter: return lookedAfter(year, "CLA", columns)
        case .placements: return nil
        }
    }

    mutating func lookedAfter(_ year: Int, _ table: String, _ columns: [String]) -> Figure? {
        guard let file = try? PublishedStocks.onlyCSV(in: "\(dataDirectory)/dfe/looked-after/\(year)", containing: table) else { return nil }
        return read(file, code: ["New_geog_code"], columns)
    }

    /// The area's cell, in the first of `columns` the file has.
    mutating func read(_ file: String, code: [String], _ columns: [String]) -> Figure? {
        if tables[file] == nil { tables[file] = .some(try? DataTable(file: file)) }
        guard let table = tables[file]!, let column = columns.first(where: table.header.contains),
              let codeColumn = code.first(where: table.header.contains) else { return nil }
        var row: Int?
        for name in [area] + (alias.map { [$0] } ?? []) where row == nil {
            row = try? AreaLookup.row(of: name, in: table, level: "geog_l", code: codeColumn, name: "geog_n")
        }
        guard let row, let value = (try? table.value(row: row, column: column))?.number else { return nil }
        let path = file.range(of: "dfe/").map { "data/" + file[$0.lowerBound...] } ?? file
        return Figure(value: value, source: "\(path) \(column)")
    }
}
