import Foundation

/// The published tables a local authority's baseline is built from, read once: the children
/// in need census 2014-15 (CIN15), the looked-after starts, ceased and stocks of 2015 (ADM15,
/// CEA15, CLA15), placements in the year to 31 March 2014 (CLA14, as the England targets use),
/// and ONS child population estimates (ONS, a fallback for the census's population column).
/// The warm start's tables (census 2012-13 and looked-after 2013) are read by `PublishedStocks`.
public struct BaselineSources: Sendable {
    /// One table and the columns that hold its geography.
    public struct Table: Sendable {
        /// Short name used in comments and messages (`CIN15`, `ADM15`, ...).
        public var label: String
        public var table: DataTable
        public var codeColumn: String

        /// The England row (level NATIONAL).
        public func englandRow() throws(DataError) -> Int {
            try AreaLookup.row(of: "England", in: table, level: "geog_l", code: codeColumn, name: "geog_n")
        }

        /// The row of a local authority found by its ONS code, or nil when the file has none.
        public func row(code: String) -> Int? {
            guard let level = try? table.column("geog_l"), let c = try? table.column(codeColumn) else { return nil }
            return table.rows.indices.first {
                table.rows[$0][level].uppercased() == "LA" && table.rows[$0][c].trimmingCharacters(in: .whitespaces).uppercased() == code.uppercased()
            }
        }

        public var fileName: String { (table.file as NSString).lastPathComponent }
    }

    public var dataDirectory: String
    public var cin15: Table
    public var adm15: Table
    public var cea15: Table
    public var cla15: Table
    public var cla14: Table
    /// Looked after at 31 March 2013 (CLA13), for the unaccompanied children's stock only.
    public var cla13: Table
    /// The census of 2013-14 (CIN14), for the run-in year's referrals only; an LA without a row
    /// in it runs that year at the measured year's rate.
    public var cin14: Table
    /// ONS mid-year estimates by age group (0-4, 5-9, 10-14, 15, 16), by 2021 LA code.
    public var population: ChildPopulation

    /// The tables flows and stocks of the year come from, in the order they are reported.
    public var tables: [Table] { [cin15, adm15, cea15, cla15, cla14] }

    /// Reads the tables for the year ending 31 March `year` (only 2015 is published in full in `data/`).
    public static func load(dataDirectory data: String, year: Int) throws(DataError) -> BaselineSources {
        guard year == 2015 else {
            throw DataError(file: data, line: 0, field: "year",
                            "expected 2015 (the year ending 31 March 2015: the looked-after tables of 2015 and the census of 2014-15 are the ones with every figure the baseline needs), got \(year)")
        }
        let census = "\(data)/dfe/cin-census/2014-15"
        let lac = "\(data)/dfe/looked-after/2015"
        func table(_ label: String, _ folder: String, _ containing: String?, code: String) throws(DataError) -> Table {
            Table(label: label, table: try DataTable(file: try PublishedStocks.onlyCSV(in: folder, containing: containing)), codeColumn: code)
        }
        return BaselineSources(
            dataDirectory: data,
            cin15: try table("CIN15", census, nil, code: "new_la_code"),
            adm15: try table("ADM15", lac, "ADM", code: "New_geog_code"),
            cea15: try table("CEA15", lac, "CEA", code: "New_geog_code"),
            cla15: try table("CLA15", lac, "CLA", code: "New_geog_code"),
            cla14: try table("CLA14", "\(data)/dfe/looked-after/2014", "CLA", code: "New_geog_code"),
            cla13: try table("CLA13", "\(data)/dfe/looked-after/2013", "CLA", code: "New_geog_code"),
            cin14: try table("CIN14", "\(data)/dfe/cin-census/2013-14", nil, code: "new_la_code"),
            population: try ChildPopulation.load(folder: "\(data)/ons/child-population"))
    }

    /// Finds a local authority by ONS code or name in the census (the list of 152), or in the
    /// looked-after table (whose names differ a little, e.g. "Bedford" for "Bedford Borough").
    /// An unknown name is an error naming the file and suggesting near names.
    public func localAuthority(_ query: String) throws(DataError) -> LocalAuthority {
        if AreaLookup.englandNames.contains(AreaLookup.normalise(query)) {
            throw DataError(file: cin15.table.file, line: 0, field: "geog_n",
                            "expected a local authority, got '\(query)' (the England baseline is scenarios/england-2014-15.yaml)")
        }
        let row: Int
        do {
            row = try AreaLookup.row(of: query, in: cin15.table, level: "geog_l", code: cin15.codeColumn, name: "geog_n")
        } catch {
            // A name spelled as the looked-after tables spell it: take its code back to the census.
            guard let r = try? AreaLookup.row(of: query, in: cla15.table, level: "geog_l", code: cla15.codeColumn, name: "geog_n"),
                  let code = try? cla15.table.text(row: r, column: cla15.codeColumn), let c = cin15.row(code: code) else {
                throw DataError(file: error.file, line: error.line, field: error.field, error.message + LocalAuthority.nearNames(query, in: self))
            }
            row = c
        }
        let code = try cin15.table.text(row: row, column: cin15.codeColumn)
        let name = try cin15.table.text(row: row, column: "geog_n").split(separator: " ").joined(separator: " ")
        return LocalAuthority(code: code, name: name)
    }

    /// Every local authority of the census with the files it cannot be matched in by code.
    public func catalogue() throws(DataError) -> [(authority: LocalAuthority, missingFrom: [String])] {
        let level = try cin15.table.column("geog_l"), codes = try cin15.table.column(cin15.codeColumn), names = try cin15.table.column("geog_n")
        let warm = warmStartTables()
        var out: [(LocalAuthority, [String])] = []
        for row in cin15.table.rows where row[level].uppercased() == "LA" {
            let la = LocalAuthority(code: row[codes].trimmingCharacters(in: .whitespaces), name: row[names].split(separator: " ").joined(separator: " "))
            var missing = (tables + warm).filter { $0.row(code: la.code) == nil }.map { "\($0.label) (\($0.fileName))" }
            if population.children(code: la.code, year: 2014) == nil { missing.append("ONS (child population, 2021 codes)") }
            out.append((la, missing))
        }
        return out
    }

    /// The tables the warm start reads (stocks at 31 March 2013), for matching only.
    func warmStartTables() -> [Table] {
        var out: [Table] = []
        if let f = try? PublishedStocks.onlyCSV(in: "\(dataDirectory)/dfe/cin-census/2012-13", containing: nil), let t = try? DataTable(file: f) {
            out.append(Table(label: "CIN13", table: t, codeColumn: "new_la_code"))
        }
        if let f = try? PublishedStocks.onlyCSV(in: "\(dataDirectory)/dfe/looked-after/2013", containing: "CLA"), let t = try? DataTable(file: f) {
            out.append(Table(label: "CLA13", table: t, codeColumn: "New_geog_code"))
        }
        return out
    }
}

/// A local authority as the 2014-15 census names and codes it.
public struct LocalAuthority: Sendable, Equatable {
    public var code: String
    public var name: String

    /// A file-name slug: "North Yorkshire" -> "north-yorkshire".
    public var slug: String {
        AreaLookup.normalise(name).split(separator: " ").joined(separator: "-")
    }

    /// A hint with up to five names close to `query` (shared words or prefixes), for errors.
    static func nearNames(_ query: String, in sources: BaselineSources) -> String {
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
