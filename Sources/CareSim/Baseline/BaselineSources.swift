import Foundation

/// The published tables a baseline and its targets are built from, read once, for the year
/// ending 31 March `year` (2012 to 2015): that year's children in need census (`census`, labelled
/// CIN15 for 2014-15), its looked-after starts, ceased and stocks (`starts`, `ceased`,
/// `lookedAfter`: ADM15, CEA15, CLA15), the placements in the year (`placements`: the year's
/// looked-after table when it publishes them, else the year before's, as 2015's does not: CLA14),
/// and ONS child population estimates (ONS, a fallback for the census's population column).
/// The run-in year's census and the earlier looked-after stocks are read when `data/` has them
/// (the full scenario needs them); the warm start's tables are read by `PublishedStocks`.
/// Nothing published for a later year is read (a back-test builds a year from what was known by
/// then): the tables of `year` and the two years before it, and the ONS columns up to `year`.
public struct BaselineSources: Sendable {
    /// One table and the columns that hold its geography.
    public struct Table: Sendable {
        /// Short name used in comments and messages (`CIN15`, `ADM15`, ...).
        public var label: String
        public var table: DataTable
        public var codeColumn: String
        /// For a census without ONS codes (2011-12 has only the old three-digit `geog_c`): each
        /// ONS code (upper case) to the table's own code, from the looked-after table of that year.
        public var codeAliases: [String: String] = [:]

        public init(label: String, table: DataTable, codeColumn: String, codeAliases: [String: String] = [:]) {
            self.label = label
            self.table = table
            self.codeColumn = codeColumn
            self.codeAliases = codeAliases
        }

        /// The England row (level NATIONAL).
        public func englandRow() throws(DataError) -> Int {
            try AreaLookup.row(of: "England", in: table, level: "geog_l", code: codeColumn, name: "geog_n")
        }

        /// The row of a local authority found by its ONS code, or nil when the file has none.
        public func row(code: String) -> Int? {
            guard let level = try? table.column("geog_l"), let c = try? table.column(codeColumn) else { return nil }
            let wanted = codeAliases[code.uppercased()] ?? code
            return table.rows.indices.first {
                table.rows[$0][level].uppercased() == "LA" && table.rows[$0][c].trimmingWhitespace.uppercased() == wanted.uppercased()
            }
        }

        /// The ONS code of a row (through the aliases when the table has only its own codes).
        public func onsCode(row: Int) throws(DataError) -> String {
            let own = try table.text(row: row, column: codeColumn)
            guard !codeAliases.isEmpty else { return own }
            return codeAliases.first { $0.value == own }?.key ?? own
        }

        /// For a census without ONS codes (2010-11, 2011-12): its rows found by the old three-digit
        /// `geog_c`, each ONS code taken to it through the looked-after table of the same year.
        mutating func matchCodes(through cla: Table?) {
            guard !has("new_la_code"), let cla, let old = try? cla.table.column("geog_c"), let new = try? cla.table.column("New_geog_code") else { return }
            codeColumn = "geog_c"
            for row in cla.table.rows where !row[new].trimmingWhitespace.isEmpty {
                codeAliases[row[new].trimmingWhitespace.uppercased()] = row[old].trimmingWhitespace
            }
        }

        /// Whether the table has a column of this name.
        public func has(_ column: String) -> Bool { table.header.contains(column) }

        public var fileName: String { (table.file as NSString).lastPathComponent }
    }

    /// The years (ending 31 March) whose census and looked-after tables are in `data/`.
    public static let years = 2012...2015

    public var dataDirectory: String
    /// The year ending 31 March measured.
    public var year: Int
    /// The census of the year (CIN15 for 2014-15).
    public var census: Table
    /// Children who started to be looked after in the year (ADM15).
    public var starts: Table
    /// Children who ceased to be looked after in the year (CEA15).
    public var ceased: Table
    /// Children looked after at 31 March of the year and during it (CLA15).
    public var lookedAfter: Table
    /// Placements in the year of the children looked after at 31 March: the year's own table when
    /// it publishes `CLA_1Pla`, else the year before's (for 2015: CLA14, as the England targets use).
    public var placements: Table
    /// Looked after at 31 March a year and two years before (CLA14, CLA13 for 2015), for the
    /// unaccompanied children's stocks only; nil when `data/` does not have that year.
    public var lookedAfterBefore: Table?
    public var lookedAfterTwoBefore: Table?
    /// The census of the year before (CIN14 for 2015), for the run-in year's referrals only; an LA
    /// without a row in it runs that year at the measured year's rate. Nil when not in `data/`.
    public var censusBefore: Table?
    /// ONS mid-year estimates by age group (0-4, 5-9, 10-14, 15, 16), by 2021 LA code.
    public var population: ChildPopulation

    /// The tables flows and stocks of the year come from, in the order they are reported.
    public var tables: [Table] { [census, starts, ceased, lookedAfter, placements] }

    /// "2014-15" for the year ending 31 March 2015.
    public static func span(_ year: Int) -> String { "\(year - 1)-\(String(format: "%02d", year % 100))" }

    /// Reads the tables for the year ending 31 March `year` (one of `years`).
    public static func load(dataDirectory data: String, year: Int) throws(DataError) -> BaselineSources {
        guard years.contains(year) else {
            throw DataError(file: data, line: 0, field: "year",
                            "expected a year ending 31 March for which data/ has the children in need census and the looked-after tables: \(years.map(String.init).joined(separator: ", ")), got \(year)")
        }
        let yy = String(format: "%02d", year % 100)
        func lac(_ y: Int) -> String { "\(data)/dfe/looked-after/\(y)" }
        func census(_ y: Int) -> String { "\(data)/dfe/cin-census/\(span(y))" }
        func table(_ label: String, _ folder: String, _ containing: String?, code: String) throws(DataError) -> Table {
            Table(label: label, table: try DataTable(file: try PublishedStocks.onlyCSV(in: folder, containing: containing)), codeColumn: code)
        }
        func lookedAfter(_ y: Int) throws(DataError) -> Table {
            try table("CLA\(String(format: "%02d", y % 100))", lac(y), "CLA", code: "New_geog_code")
        }
        /// A census; one without ONS codes is matched through the looked-after table's old codes.
        func censusTable(_ y: Int, codesFrom cla: Table?) throws(DataError) -> Table {
            var t = try table("CIN\(String(format: "%02d", y % 100))", census(y), nil, code: "new_la_code")
            t.matchCodes(through: cla)
            return t
        }
        let cla = try lookedAfter(year)
        let before = try? lookedAfter(year - 1)
        let placements: Table
        if cla.has("CLA_1Pla") {
            placements = cla
        } else if let before, before.has("CLA_1Pla") {
            placements = before
        } else {
            throw DataError(file: cla.table.file, line: 1, field: "CLA_1Pla",
                            "expected placements in the year (CLA_1Pla) in the looked-after table of \(year) or \(year - 1)")
        }
        return BaselineSources(
            dataDirectory: data,
            year: year,
            census: try censusTable(year, codesFrom: cla),
            starts: try table("ADM\(yy)", lac(year), "ADM", code: "New_geog_code"),
            ceased: try table("CEA\(yy)", lac(year), "CEA", code: "New_geog_code"),
            lookedAfter: cla,
            placements: placements,
            lookedAfterBefore: before,
            lookedAfterTwoBefore: try? lookedAfter(year - 2),
            censusBefore: try? censusTable(year - 1, codesFrom: before),
            population: try ChildPopulation.load(folder: "\(data)/ons/child-population", throughYear: year))
    }

    /// The table label of a year: `label("CIN", 2015)` is "CIN15".
    public static func label(_ stem: String, _ year: Int) -> String { stem + String(format: "%02d", year % 100) }

    /// The year of the placements in the year (`placements`' own CLA_MarYYYY: 2014 for 2015).
    public var placementsYear: Int { LocalTargets.tableYear(placements, default: year) }

    /// The 31 March a scenario measured over `year` is warm-started from: two years before (a
    /// run-in year between, as the England scenario has), or one year before when `data/` cannot
    /// give the stocks two years before, read as `PublishedStocks` reads them for England. For
    /// the year ending 31 March 2013 that is 31 March 2012: the 2010-11 census publishes no
    /// duration bands of the CP plans open at 31 March 2011. For 2012 neither 31 March 2010 (no
    /// census 2009-10 or looked-after tables of 2010 in `data/`) nor 2011 can be read: an error
    /// naming what is missing.
    public static func warmStartYear(dataDirectory data: String, year: Int) throws(DataError) -> Int {
        var why: [String] = []
        for start in [year - 2, year - 1] {
            do {
                _ = try PublishedStocks.load(dataDirectory: data, area: "England", year: start)
                return start
            } catch {
                why.append("31 March \(start): \(error)")
            }
        }
        throw DataError(file: data, line: 0, field: "year",
                        "expected the published stocks at 31 March \(year - 2) or \(year - 1) to warm-start the year ending 31 March \(year) from, but data/ has neither: "
                        + why.joined(separator: "; "))
    }

    /// Finds a local authority by ONS code or name in the census (the list of 152), or in the
    /// looked-after table (whose names differ a little, e.g. "Bedford" for "Bedford Borough").
    /// An unknown name is an error naming the file and suggesting near names.
    public func localAuthority(_ query: String) throws(DataError) -> LocalAuthority {
        if AreaLookup.englandNames.contains(AreaLookup.normalise(query)) {
            throw DataError(file: census.table.file, line: 0, field: "geog_n",
                            "expected a local authority, got '\(query)' (England's own baseline: caresim baseline --la England)")
        }
        let row: Int
        do {
            row = try AreaLookup.row(of: query, in: census.table, level: "geog_l", code: census.codeColumn, name: "geog_n")
        } catch {
            // A name spelled as the looked-after tables spell it: take its code back to the census.
            if let r = try? AreaLookup.row(of: query, in: lookedAfter.table, level: "geog_l", code: lookedAfter.codeColumn, name: "geog_n"),
               let code = try? lookedAfter.table.text(row: r, column: lookedAfter.codeColumn), let c = census.row(code: code) {
                row = c
            } else {
                // A name as people say it: the first words of one LA's name ("Bristol" for "Bristol,
                // City of", "Kingston upon Hull" for "Kingston upon Hull, City of"), if only one.
                let matches = AreaLookup.rows(beginningWith: query, in: census.table, level: "geog_l", name: "geog_n")
                if matches.count == 1 {
                    row = matches[0].row
                } else if matches.count > 1 {
                    let names = matches.map { "'\($0.name)'" }
                    throw DataError(file: error.file, line: error.line, field: error.field,
                                    "expected one local authority, but '\(query)' begins the names of \(matches.count): \(names.joined(separator: ", ")); give more of the name, or its ONS code (caresim baseline --list shows all)")
                } else {
                    throw DataError(file: error.file, line: error.line, field: error.field, error.message + LocalAuthority.nearNames(query, in: self))
                }
            }
        }
        let code = try census.onsCode(row: row)
        let name = AreaLookup.displayName(try census.table.text(row: row, column: "geog_n"))
        return LocalAuthority(code: code, name: name)
    }

    /// Every local authority of the census with the files it cannot be matched in by code.
    public func catalogue() throws(DataError) -> [(authority: LocalAuthority, missingFrom: [String])] {
        let level = try census.table.column("geog_l"), names = try census.table.column("geog_n")
        let warm = warmStartTables()
        var out: [(LocalAuthority, [String])] = []
        for r in census.table.rows.indices where census.table.rows[r][level].uppercased() == "LA" {
            let row = census.table.rows[r]
            let la = LocalAuthority(code: try census.onsCode(row: r), name: AreaLookup.displayName(row[names]))
            var missing = (tables + warm).filter { $0.row(code: la.code) == nil }.map { "\($0.label) (\($0.fileName))" }
            if population.children(code: la.code, year: year - 1) == nil { missing.append("ONS (child population, 2021 codes)") }
            out.append((la, missing))
        }
        return out
    }

    /// The tables the warm start reads (stocks at 31 March 2013 for 2015), for matching only;
    /// none when the year has no warm start (`warmStartYear`).
    func warmStartTables() -> [Table] {
        guard let start = try? Self.warmStartYear(dataDirectory: dataDirectory, year: year) else { return [] }
        var out: [Table] = []
        // The 2011-12 census has no ONS codes: matched through the looked-after table's old codes (as `load` does).
        var cla: Table?
        if let f = try? PublishedStocks.onlyCSV(in: "\(dataDirectory)/dfe/looked-after/\(start)", containing: "CLA"), let t = try? DataTable(file: f) {
            cla = Table(label: Self.label("CLA", start), table: t, codeColumn: "New_geog_code")
        }
        if let f = try? PublishedStocks.onlyCSV(in: "\(dataDirectory)/dfe/cin-census/\(Self.span(start))", containing: nil), let t = try? DataTable(file: f) {
            var census = Table(label: Self.label("CIN", start), table: t, codeColumn: "new_la_code")
            census.matchCodes(through: cla)
            out.append(census)
        }
        if let cla { out.append(cla) }
        return out
    }
}

/// A local authority as the year's census names and codes it.
public struct LocalAuthority: Sendable, Equatable {
    public var code: String
    public var name: String

    /// England as a whole (the looked-after tables' code), for England's own targets.
    public static let england = LocalAuthority(code: "E92000001", name: "England")

    /// How the published tables name this area's row: England's "England" (its census rows have
    /// no ONS code in some years), an LA's ONS code.
    public var tableArea: String { self == .england ? "England" : code }

    /// A file-name slug: "North Yorkshire" -> "north-yorkshire".
    public var slug: String {
        AreaLookup.normalise(name).split(separator: " ").joined(separator: "-")
    }

    /// A hint with up to five names close to `query` (shared words or prefixes), for errors.
    public static func nearNames(_ query: String, in sources: BaselineSources) -> String {
        guard let all = try? sources.catalogue().map(\.authority.name) else { return "" }
        let q = AreaLookup.normalise(query)
        let words = Set(q.split(separator: " ").map(String.init).filter { $0.count >= 3 })
        func score(_ name: String) -> Int {
            let n = AreaLookup.normalise(name)
            let shared = Set(n.split(separator: " ").map(String.init)).intersection(words).count
            let prefix = zip(n, q).prefix { $0 == $1 }.count
            return shared * 10 + prefix
        }
        let near = all.map { ($0, score($0)) }.filter { $0.1 >= 3 }.sorted { $0.1 > $1.1 }.prefix(5).map { "'\($0.0)'" }
        return near.isEmpty ? "; caresim baseline --list shows every name and code" : "; near names: \(near.joined(separator: ", ")) (caresim baseline --list shows all)"
    }
}
