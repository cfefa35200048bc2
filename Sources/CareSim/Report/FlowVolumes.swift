import CareSimEngine

/// Moves between stages per period across replications, from `flows.csv`: per period and
/// (from, to) pair, the mean count over replications and its 95% interval (a replication with
/// no row for a pair moved no one that way). A pathway run's periods are years to 31 March
/// (`year_ending`); a network run's are `outputs.flow_period` days (`period,start,end`).
public struct FlowVolumes: Sendable {
    public struct Link: Sendable {
        public var from: String
        public var to: String
        public var stat: SummaryStatistic
    }

    public struct Period: Sendable {
        /// "2015" (year ending 31 March) or "days 0-365".
        public var label: String
        public var key: String
        /// Length in days, for choosing a complete period (a network run's last may be partial).
        public var days: Double?
        public var links: [Link]
    }

    public var periods: [Period]
    public var replications: Int
    public var pathway: Bool

    public init(file: String) throws(ReportError) {
        let t: DataTable
        do { t = try DataTable(file: file) } catch { throw ReportError(error) }
        pathway = t.header.contains("year_ending")
        do throws(DataError) {
            let cRep = try t.column("replication"), cFrom = try t.column("from"), cTo = try t.column("to"), cCount = try t.column("count")
            let cKey = try t.column(pathway ? "year_ending" : "period")
            let cStart = pathway ? nil : try t.column("start"), cEnd = pathway ? nil : try t.column("end")
            var counts: [String: [String: [Int: Double]]] = [:]  // period -> "from\tto" -> replication -> count
            var keys: [String] = [], pairs: [String: [String]] = [:]
            var info: [String: (String, Double?)] = [:]
            var reps: Set<Int> = []
            for (i, row) in t.rows.enumerated() {
                guard let r = Int(row[cRep]), let n = Double(row[cCount]) else {
                    throw DataError(file: file, line: t.lines[i], field: "", "expected a whole replication number and a count")
                }
                let key = row[cKey]
                if counts[key] == nil {
                    keys.append(key)
                    if let cStart, let cEnd, let s = Double(row[cStart]), let e = Double(row[cEnd]) {
                        info[key] = ("days \(SVG.n(s))–\(SVG.n(e))", e - s)
                    } else {
                        info[key] = ("year to 31 March \(key)", nil)
                    }
                }
                let pair = row[cFrom] + "\t" + row[cTo]
                if counts[key]?[pair] == nil { pairs[key, default: []].append(pair) }
                counts[key, default: [:]][pair, default: [:]][r, default: 0] += n
                reps.insert(r)
            }
            replications = reps.count
            let order = reps.sorted()
            periods = keys.map { key in
                let links = (pairs[key] ?? []).map { pair -> Link in
                    let parts = pair.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                    let byRep = counts[key]?[pair] ?? [:]
                    return Link(from: parts[0], to: parts[1], stat: SummaryStatistic(order.map { byRep[$0] ?? 0 }))
                }
                return Period(label: info[key]!.0, key: key, days: info[key]!.1, links: links)
            }
        } catch {
            throw ReportError(error)
        }
    }

    /// The period the diagram shows: the measured year of a pathway run when it has one
    /// (`preferred`), otherwise the last complete period.
    public func period(preferring preferred: String?) -> Period? {
        if let preferred, let p = periods.first(where: { $0.key == preferred }) { return p }
        guard let full = periods.compactMap(\.days).max() else { return periods.last }
        return periods.last { ($0.days ?? 0) >= full - 1e-9 } ?? periods.last
    }
}
