/// The calendar of a baseline measured over the year ending 31 March `measured`, and the labels
/// and column spellings of the tables it read for that year (each year's files spell some columns
/// differently), for the comments of the scenario and of the fit.
///
/// | measured | warm start (`stocksAt`) | run-in year | placements in the year (`stability`) |
/// |----------|-------------------------|-------------|--------------------------------------|
/// | 2015     | 31 March 2013           | 2013-14     | 2014 (CLA14: 2015's table has none)  |
/// | 2014     | 31 March 2012           | 2012-13     | 2014 (CLA14)                         |
/// | 2013     | 31 March 2012           | none        | 2013 (CLA13)                         |
///
/// 2013 starts a year later than the others: the 2010-11 census publishes no duration bands of
/// the CP plans open at 31 March 2011 (`BaselineSources.warmStartYear`); 2012 has no warm start.
public struct BaselineYear: Sendable, Equatable {
    /// The year ending 31 March measured (flows over it, stocks at its end).
    public var measured: Int
    /// The 31 March of the published stocks the run starts from.
    public var stocksAt: Int
    /// The year of the placements in the year (`calendar.stability_year_ending`).
    public var stability: Int
    /// Labels of the year's tables: "CIN15", "ADM15", "CEA15", "CLA15" for 2015.
    public var census: String
    public var starts: String
    public var ceased: String
    public var lookedAfter: String
    /// The looked-after table's stock at 31 March ("CLA_Mar2015") and the children looked after
    /// during the year ("CLA_2015"); the starts table's children starting in the year
    /// ("CLA_started2014" in 2015's table, "CLA_started2013" in 2013's).
    public var stock: String
    public var during: String
    public var started: String
    /// The census's child population column ("Mid2014Pop017"; "Mid2012Pop0-17" in 2012-13's file).
    public var population: String
    /// The files read, relative to the repository: the census, and the looked-after folder with
    /// the starts, ceased and stock tables' names.
    public var censusFile: String
    public var lookedAfterFolder: String
    public var lookedAfterFiles: [String]
    /// The label of the table of placements in the year ("CLA14" for 2015; the year's own later).
    public var placements: String
    /// Whether the placements come from the year before's table (2015's has none).
    public var placementsFromYearBefore: Bool

    /// The year between the warm start and the measured year, nil when the run starts at the
    /// beginning of the measured year.
    public var runIn: Int? { stocksAt < measured - 1 ? measured - 1 : nil }

    /// "2014-15".
    public var span: String { BaselineSources.span(measured) }

    public init(sources s: BaselineSources, stocksAt: Int) throws(DataError) {
        measured = s.year
        self.stocksAt = stocksAt
        stability = s.placementsYear
        census = s.census.label
        starts = s.starts.label
        ceased = s.ceased.label
        lookedAfter = s.lookedAfter.label
        stock = try Self.column(s.lookedAfter, ["CLA_Mar\(s.year)"])
        during = try Self.column(s.lookedAfter, ["CLA_\(s.year)"])
        started = try Self.column(s.starts, Self.startedColumns(s.year))
        population = try Self.populationColumn(s.census, year: s.year)
        censusFile = "data/dfe/cin-census/\(BaselineSources.span(s.year))/\(s.census.fileName)"
        lookedAfterFolder = "data/dfe/looked-after/\(s.year)"
        lookedAfterFiles = [s.starts.fileName, s.ceased.fileName, s.lookedAfter.fileName]
        placements = s.placements.label
        placementsFromYearBefore = s.placements.label != s.lookedAfter.label
    }

    /// Children starting to be looked after in the year ending 31 March `year`: 2015's table
    /// names its column CLA_started2014 (its metadata: CLA_started2015; 2014's table's
    /// CLA_started2014 is 2013-14's figure, 30,430 against 31,070 for England).
    static func startedColumns(_ year: Int) -> [String] { ["CLA_started\(year)"] + (year == 2015 ? ["CLA_started2014"] : []) }

    /// The census's children aged 0-17 at mid-year before its 31 March: "Mid2014Pop017" in 2014-15's
    /// file, "Mid2012Pop0-17" in 2012-13's.
    public static func populationColumn(_ census: BaselineSources.Table, year: Int) throws(DataError) -> String {
        try column(census, ["Mid\(year - 1)Pop017", "Mid\(year - 1)Pop0-17"])
    }

    /// The first of `candidates` the table has, or an error naming the file and the spellings tried.
    static func column(_ t: BaselineSources.Table, _ candidates: [String]) throws(DataError) -> String {
        if let c = candidates.first(where: t.has) { return c }
        throw DataError(file: t.table.file, line: 1, field: candidates[0],
                        "expected a column \(candidates.joined(separator: " or ")) in \(t.label) (\(t.fileName))")
    }
}
