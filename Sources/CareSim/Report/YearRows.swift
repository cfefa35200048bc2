import Foundation

/// A pathway run's `years.csv` read for the report's fan charts: for each measure (in the
/// file's order) its rows by year ending 31 March, the model's mean and 95% interval where the
/// run has the year (n above 0) and the published figure where there is one.
public struct YearRows: Sendable {
    public struct Row: Sendable {
        public var year: Int
        public var mean: Double?
        public var low: Double?
        public var high: Double?
        public var n: Int
        public var published: Double?
    }

    public var measures: [String]
    public var rows: [String: [Row]]

    public init(file: String) throws(ReportError) {
        let t: DataTable
        do { t = try DataTable(file: file) } catch { throw ReportError(error) }
        guard t.header == YearsTable.header else {
            throw ReportError("\(file): expected the header \(YearsTable.header.joined(separator: ",")) (a caresim run's years.csv), got \(t.header.joined(separator: ","))")
        }
        var measures: [String] = [], rows: [String: [Row]] = [:]
        for (i, r) in t.rows.enumerated() {
            func number(_ s: String) throws(ReportError) -> Double? {
                if s.isEmpty { return nil }
                guard let x = Double(s), x.isFinite else {
                    throw ReportError("\(file):\(t.lines[i]): expected a number or nothing, got '\(s)'")
                }
                return x
            }
            guard let year = Int(r[1]), let n = Int(r[5]) else {
                throw ReportError("\(file):\(t.lines[i]): expected a year ending and a number of replications, got '\(r[1])' and '\(r[5])'")
            }
            if rows[r[0]] == nil { measures.append(r[0]) }
            rows[r[0], default: []].append(Row(year: year, mean: try number(r[2]), low: try number(r[3]), high: try number(r[4]), n: n,
                                               published: try number(r[6])))
        }
        self.measures = measures
        self.rows = rows
    }
}
