import CareSimEngine

/// Caseloads over time by team and role, from `caseloads.csv` (monthly; each row a team's
/// distribution of cases per post: mean, p10, p50, p90). Per team and date, each column is
/// averaged over replications: the band is the spread between workers (p10 to p90), not an
/// interval for a mean.
public struct CaseloadBands: Sendable {
    public struct Point: Sendable {
        public var day: Double
        public var date: String
        public var mean: Double, p10: Double, p50: Double, p90: Double
    }

    /// "team (role)" in the file's order, and each one's points by day.
    public var teams: [String]
    public var series: [String: [Point]]

    public init(file: String) throws(ReportError) {
        let t: DataTable
        do { t = try DataTable(file: file) } catch { throw ReportError(error) }
        do throws(DataError) {
            let cTeam = try t.column("team"), cRole = try t.column("role"), cDay = try t.column("day"), cDate = try t.column("date")
            let cols = try ["mean", "p10", "p50", "p90"].map { name throws(DataError) in try t.column(name) }
            var teams: [String] = []
            var acc: [String: [Double: (date: String, sums: [Double], n: Int)]] = [:]
            for (i, row) in t.rows.enumerated() {
                let team = row[cTeam] + " (" + row[cRole].replacingOccurrences(of: "_", with: " ") + ")"
                let values = cols.map { Double(row[$0]) }
                guard let day = Double(row[cDay]), values.allSatisfy({ $0 != nil }) else {
                    throw DataError(file: file, line: t.lines[i], field: "", "expected a day and numeric mean, p10, p50 and p90")
                }
                if acc[team] == nil { teams.append(team) }
                var cell = acc[team, default: [:]][day] ?? (row[cDate], [0, 0, 0, 0], 0)
                for k in 0..<4 { cell.sums[k] += values[k]! }
                cell.n += 1
                acc[team, default: [:]][day] = cell
            }
            self.teams = teams
            series = acc.mapValues { byDay in
                byDay.keys.sorted().map { day in
                    let c = byDay[day]!, n = Double(c.n)
                    return Point(day: day, date: c.date, mean: c.sums[0] / n, p10: c.sums[1] / n, p50: c.sums[2] / n, p90: c.sums[3] / n)
                }
            }
        } catch {
            throw ReportError(error)
        }
    }
}
