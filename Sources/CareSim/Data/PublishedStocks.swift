import Foundation

/// What the official statistics say was open at 31 March of a year, for England or one local
/// authority: the stocks a run can be warm-started from. Counts are as published; suppressed
/// (`x`) and unavailable cells stay so and are listed in `suppressed`.
///
/// Sources (under `data/dfe`): the children in need census for the year ending that 31 March
/// (`CINAt3103YY`, its open-case duration bands, `CPPAt3103YY` and its duration bands), and the
/// looked-after children table of that year (`CLA_MarYYYY`, age bands and placement types).
public struct PublishedStocks: Sendable {
    /// Duration bands used by the census for open cases and plans.
    public static let durationBands = ["<3mths", "3-6mths", "6mths-1yr", "1-2yr", "2+yrs"]
    /// Upper ends of the bands in days (the last band is open: "2 years or more").
    public static let durationBandEdges: [Double] = [0, 91, 182, 365, 730]
    /// Age bands of the looked-after tables.
    public static let ageBands = ["U1", "1to4", "5to9", "10to15", "16over"]
    /// Placement types of the looked-after tables, with their column suffixes.
    public static let placementTypes = [
        ("foster", "Fost"), ("placed_for_adoption", "Adopt"), ("with_parents", "Parent"),
        ("other_community", "Ocom"), ("homes_secure_hostels", "Secure"), ("other_residential", "Ores"),
        ("residential_school", "RSch"), ("missing", "Miss"), ("other", "OthPl"),
    ]
    /// Placement columns some years do not publish (absent columns are skipped, not errors).
    static let optionalPlacementColumns: Set<String> = ["Miss"]

    public var area: String
    public var year: Int
    /// Children in need at 31 March (this includes children on CP plans and looked after).
    public var childrenInNeed: DataValue
    public var childrenInNeedByDuration: [DataValue]
    public var childProtectionPlans: DataValue
    public var childProtectionPlansByDuration: [DataValue]
    public var lookedAfter: DataValue
    public var lookedAfterByAge: [DataValue]
    public var lookedAfterByPlacement: [(type: String, count: DataValue)]
    /// Referrals and section 47 enquiries in the year ending that 31 March (flows, used to
    /// estimate how many assessments and enquiries were in progress on the day).
    public var referralsInYear: DataValue
    public var section47InYear: DataValue
    /// "file: column" for each suppressed or unavailable cell read.
    public var suppressed: [String]
    /// The earlier year whose census figures stand in for this year's unavailable ones (nil: none needed).
    public var censusFallbackYear: Int? = nil
    /// The next year whose census the children in need and CP plans were back-calculated from,
    /// where no census at or before this year has the area's row (`load(backCalculate:)`; nil: not).
    public var censusBackCalculatedFrom: Int? = nil

    /// Reads the stocks at 31 March `year` (2011 to 2015) for `area` ("England", a local
    /// authority's name, or its code) from `dataDirectory` (the repository's `data`).
    ///
    /// `backCalculate`: where neither this year's census nor any earlier one has the area's row
    /// (Havering and Newham at 31 March 2011 and 2012), its children in need and CP plans are
    /// the next year's census's stocks less that year's starts plus its ends, split by that
    /// census's duration bands, and its referrals and enquiries in the year (for the work in
    /// progress) are that year's. This reads the year after `year`: only a caller whose
    /// cut-off is at least `year + 1` may ask for it (a baseline warm-started before its fit year).
    public static func load(dataDirectory: String, area: String, year: Int, backCalculate: Bool = false) throws(DataError) -> PublishedStocks {
        let yy = String(format: "%02d", year % 100)
        let censusFolder = "\(dataDirectory)/dfe/cin-census/\(year - 1)-\(yy)"
        let census = try DataTable(file: try onlyCSV(in: censusFolder, containing: nil))
        let lacFolder = "\(dataDirectory)/dfe/looked-after/\(year)"
        let lac = try DataTable(file: try onlyCSV(in: lacFolder, containing: "CLA"))
        // The 2010-11 and 2011-12 censuses have no ONS codes (new_la_code), only the old three-digit
        // geog_c, which the looked-after table of the same year also carries: found through it.
        let onsCodes = census.header.contains("new_la_code")
        var cr = onsCodes ? try AreaLookup.row(of: area, in: census, level: "geog_l", code: "new_la_code", name: "geog_n") : 0
        let lr = try AreaLookup.row(of: area, in: lac, level: "geog_l", code: "New_geog_code", name: "geog_n")
        if !onsCodes {
            let old = AreaLookup.englandNames.contains(AreaLookup.normalise(area)) ? area : try lac.text(row: lr, column: "geog_c")
            cr = try AreaLookup.row(of: old, in: census, level: "geog_l", code: "geog_c", name: "geog_n")
        }

        var suppressed: [String] = []
        func read(_ table: DataTable, _ row: Int, _ candidates: [String]) throws(DataError) -> DataValue {
            let lower = table.header.map { $0.lowercased() }
            guard let name = candidates.first(where: { lower.contains($0.lowercased()) }) else {
                throw DataError(file: table.file, line: 1, field: candidates[0], "expected one of the columns \(candidates.joined(separator: ", "))")
            }
            let column = table.header[lower.firstIndex(of: name.lowercased())!]
            let v = try table.value(row: row, column: column)
            if v.number == nil { suppressed.append("\((table.file as NSString).lastPathComponent): \(column)") }
            return v
        }
        func bands(_ stem: String) throws(DataError) -> [DataValue] {
            var out: [DataValue] = []
            for band in durationBands {
                let variants = band == "1-2yr" ? ["1-2yr", "1-2yrs"] : [band]
                out.append(try read(census, cr, variants.map { stem + $0 }))
            }
            return out
        }
        let cin = try read(census, cr, ["CINAt3103\(yy)"])
        let cinBands = try bands("CINAt3103\(yy)OCDuration")
        let cp = try read(census, cr, ["CPPAt3103\(yy)"])
        let cpBands = try bands("CPPAt3103\(yy)Duration")
        let yp = String(format: "%02d", (year - 1) % 100)
        let referrals = try read(census, cr, ["Referrals\(yp)\(yy)"])
        let section47 = try read(census, cr, ["S47\(yp)\(yy)", "S47in\(yp)\(yy)"])
        let looked = try read(lac, lr, ["CLA_Mar\(year)"])
        var ages: [DataValue] = []
        for band in ageBands { ages.append(try read(lac, lr, ["CLA_\(band)"])) }
        var placements: [(String, DataValue)] = []
        for (type, suffix) in placementTypes {
            if optionalPlacementColumns.contains(suffix), !lac.header.contains("CLA_\(suffix)") { continue }
            placements.append((type, try read(lac, lr, ["CLA_\(suffix)"])))
        }
        var stocks = PublishedStocks(area: census.rows[cr][try census.column("geog_n")], year: year,
                                     childrenInNeed: cin, childrenInNeedByDuration: cinBands,
                                     childProtectionPlans: cp, childProtectionPlansByDuration: cpBands,
                                     lookedAfter: looked, lookedAfterByAge: ages, lookedAfterByPlacement: placements,
                                     referralsInYear: referrals, section47InYear: section47,
                                     suppressed: suppressed)
        // An LA whose census row is unavailable (`..`: Norfolk, Durham and Oldham in 2012-13,
        // Newham and Havering in 2011-12) is not an LA with no children in need: its census
        // figures are the latest earlier year's that has them (never a later year's, so a
        // back-test reads nothing after its cut-off), and the cells say so.
        if cin == .missing || cp == .missing {
            var earlier = year - 1
            while earlier >= 2011 {
                if let before = try? load(dataDirectory: dataDirectory, area: area, year: earlier),
                   before.childrenInNeed.number != nil, before.childProtectionPlans.number != nil {
                    // `before` may itself have fallen back further: its figures are that year's.
                    let source = before.censusFallbackYear ?? earlier
                    let file = (census.file as NSString).lastPathComponent
                    stocks.suppressed.append("\(file): CINAt3103\(yy), CPPAt3103\(yy) unavailable for this area: the census of \(BaselineSources.span(source)) used (its stocks at 31 March \(source))")
                    stocks.childrenInNeed = before.childrenInNeed
                    stocks.childrenInNeedByDuration = before.childrenInNeedByDuration
                    stocks.childProtectionPlans = before.childProtectionPlans
                    stocks.childProtectionPlansByDuration = before.childProtectionPlansByDuration
                    if referrals == .missing { stocks.referralsInYear = before.referralsInYear }
                    if section47 == .missing { stocks.section47InYear = before.section47InYear }
                    stocks.censusFallbackYear = source
                    break
                }
                earlier -= 1
            }
            if stocks.censusFallbackYear == nil, backCalculate {
                try stocks.backCalculate(dataDirectory: dataDirectory, area: area, file: (census.file as NSString).lastPathComponent)
            }
        }
        return stocks
    }

    /// The children in need and CP plans at 31 March `year` from the next year's census: its
    /// stock less its starts plus its ends (never below 0), in its duration bands' shares.
    mutating func backCalculate(dataDirectory: String, area: String, file: String) throws(DataError) {
        let next = try Self.load(dataDirectory: dataDirectory, area: area, year: year + 1)
        guard next.censusFallbackYear == nil else { return }
        var reader = PublishedYears(area: area, dataDirectory: dataDirectory)
        func before(_ stock: DataValue, _ bands: [DataValue], _ starts: String, _ ends: String) -> (DataValue, [DataValue], String)? {
            guard let s = stock.number, let a = reader.figure(metric: starts, year: year + 1)?.value,
                  let e = reader.figure(metric: ends, year: year + 1)?.value else { return nil }
            let total = max(0, s - a + e)
            let filled = Self.filled(bands, total: stock)
            let sum = filled.parts.reduce(0, +)
            let parts = filled.parts.map { DataValue.number(sum > 0 ? total * $0 / sum : total / Double(bands.count)) }
            func n(_ x: Double) -> String { ScenarioNumber.format(x.rounded()) }
            return (.number(total), parts, "\(n(s)) - \(n(a)) + \(n(e)) = \(n(total))")
        }
        guard let cin = before(next.childrenInNeed, next.childrenInNeedByDuration, "cin_episodes_started", "cin_episodes_ended"),
              let cp = before(next.childProtectionPlans, next.childProtectionPlansByDuration, "cp_plans_started", "cp_plans_ended") else { return }
        let span = BaselineSources.span(year + 1)
        // The cells replaced are no longer filled as suppressed ones would be: their line says how.
        let yy = String(format: "%02d", year % 100), yp = String(format: "%02d", (year - 1) % 100)
        var replaced = ["CINAt3103\(yy)", "CPPAt3103\(yy)"]
        if referralsInYear.number == nil, next.referralsInYear.number != nil { replaced.append("Referrals\(yp)\(yy)") }
        if section47InYear.number == nil, next.section47InYear.number != nil { replaced += ["S47\(yp)\(yy)", "S47in\(yp)\(yy)"] }
        suppressed.removeAll { cell in cell.hasPrefix(file + ": ") && replaced.contains { cell.dropFirst(file.count + 2).hasPrefix($0) } }
        suppressed.append("\(file): CINAt3103\(yy), CPPAt3103\(yy) unavailable for this area in every census to "
                          + "\(BaselineSources.span(year)): back-calculated from the census of \(span), its stocks at 31 March \(year + 1) less its starts plus its ends "
                          + "(children in need \(cin.2), CP plans \(cp.2)), in its duration bands' shares"
                          + (replaced.count > 2 ? ", and its referrals and enquiries in the year for the work in progress" : ""))
        childrenInNeed = cin.0
        childrenInNeedByDuration = cin.1
        childProtectionPlans = cp.0
        childProtectionPlansByDuration = cp.1
        if referralsInYear.number == nil { referralsInYear = next.referralsInYear }
        if section47InYear.number == nil { section47InYear = next.section47InYear }
        censusBackCalculatedFrom = year + 1
    }

    /// A total and its breakdown with suppressed (`x`) or unavailable cells filled, for a warm
    /// start: suppressed parts share evenly what the published parts leave of the total (0 if
    /// nothing is left); a suppressed total is the sum of its parts, or 3 (the middle of the
    /// suppressed range, 1 to 5) when no part is published. Published cells are kept as they are.
    public static func filled(_ parts: [DataValue], total: DataValue) -> (parts: [Double], total: Double) {
        let known = parts.compactMap(\.number).reduce(0, +)
        let missing = parts.filter { $0.number == nil }.count
        guard let t = total.number else {
            let sum = known > 0 || missing == 0 ? known : 3
            return (parts.map { $0.number ?? (known > 0 ? 0 : sum / Double(missing)) }, sum)
        }
        let each = missing > 0 ? max(0, t - known) / Double(missing) : 0
        return (parts.map { $0.number ?? each }, t)
    }

    static func onlyCSV(in folder: String, containing: String?) throws(DataError) -> String {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".csv") && (containing.map($0.contains) ?? true) }.sorted()
        guard names.count == 1 else {
            throw DataError(file: folder, line: 0, field: "",
                            "expected exactly one CSV\(containing.map { " with \($0) in its name" } ?? ""), found \(names.count)")
        }
        return folder + "/" + names[0]
    }
}
