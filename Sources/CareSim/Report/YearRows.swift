import Foundation

/// A pathway run's `years.csv` read for the report's fan charts: for each measure (in the
/// file's order) its rows by year ending 31 March, the model's mean and 95% interval of the mean
/// where the run has the year (n above 0), the range of single runs (the replications' 2.5%,
/// 25%, 75% and 97.5% quantiles) where the file has it, and the published figure where there is
/// one. Both headers are read: YearsTable.header, and YearsTable.legacyHeader (results written
/// before the range columns, which have none: `hasRanges` is false).
public struct YearRows: Sendable {
    public struct Row: Sendable {
        public var year: Int
        public var mean: Double?
        public var low: Double?
        public var high: Double?
        /// Where a single year's outcome falls in 95% of runs (2.5% and 97.5% quantiles), and in
        /// 50% (25% and 75%); nil in an older file, with one replication and in history rows.
        public var range95: (low: Double, high: Double)?
        public var range50: (low: Double, high: Double)?
        public var n: Int
        public var published: Double?
    }

    public var measures: [String]
    public var rows: [String: [Row]]
    /// The file has the range columns (YearsTable.header); false for the older seven columns.
    public var hasRanges: Bool

    public init(file: String) throws(ReportError) {
        let t: DataTable
        do { t = try DataTable(file: file) } catch { throw ReportError(error) }
        let ranges: Bool
        switch t.header {
        case YearsTable.header: ranges = true
        case YearsTable.legacyHeader: ranges = false
        default:
            throw ReportError("\(file):1: expected the header \(YearsTable.header.joined(separator: ",")) (a caresim run's years.csv)"
                + " or, from an older caresim, \(YearsTable.legacyHeader.joined(separator: ",")), got \(t.header.joined(separator: ","))")
        }
        let column = Dictionary(uniqueKeysWithValues: t.header.enumerated().map { ($1, $0) })
        var measures: [String] = [], rows: [String: [Row]] = [:]
        for (i, r) in t.rows.enumerated() {
            func number(_ name: String) throws(ReportError) -> Double? {
                let s = r[column[name]!]
                if s.isEmpty { return nil }
                guard let x = Double(s), x.isFinite else {
                    throw ReportError("\(file):\(t.lines[i]): \(name): expected a number or nothing, got '\(s)'")
                }
                return x
            }
            func range(_ lower: String, _ upper: String) throws(ReportError) -> (low: Double, high: Double)? {
                guard ranges else { return nil }
                switch (try number(lower), try number(upper)) {
                case (nil, nil): return nil
                case let (low?, high?) where low <= high: return (low, high)
                default:
                    throw ReportError("\(file):\(t.lines[i]): expected \(lower) at most \(upper), or both empty,"
                        + " got '\(r[column[lower]!])' and '\(r[column[upper]!])'")
                }
            }
            let yearText = r[column["year_ending"]!], nText = r[column["n"]!]
            guard let year = Int(yearText), let n = Int(nText) else {
                throw ReportError("\(file):\(t.lines[i]): expected a year ending and a number of replications, got '\(yearText)' and '\(nText)'")
            }
            let measure = r[column["measure"]!]
            if rows[measure] == nil { measures.append(measure) }
            rows[measure, default: []].append(Row(year: year, mean: try number("mean"), low: try number("lower_95"), high: try number("upper_95"),
                                                  range95: try range("range_lower_95", "range_upper_95"),
                                                  range50: try range("range_lower_50", "range_upper_50"), n: n,
                                                  published: try number("published")))
        }
        self.measures = measures
        self.rows = rows
        hasRanges = ranges
    }
}
