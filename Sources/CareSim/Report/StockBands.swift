import CareSimEngine

/// Stocks over time by stage across replications, from `stocks.csv`: for each stage and sample
/// time, the mean over replications and its Student-t 95% interval. A pathway run's file
/// (`replication,day,date,stage,age_band,placement,count`) is summed over age bands and placement
/// types; a network run's (`replication,time,stage,stock,queued`) is read as it is. A stage
/// absent from a replication at a sample time held no one then (the pathway writes no zero rows).
public struct StockBands: Sendable {
    public struct Point: Sendable {
        public var x: Double
        public var stat: SummaryStatistic
    }

    /// Sample times in days from the start, ascending.
    public var times: [Double]
    /// The calendar date of each time (pathway runs), for axis labels.
    public var dates: [String]?
    /// Stages in the order the file first names them.
    public var stages: [String]
    public var series: [String: [Point]]
    public var replications: Int

    public init(file: String) throws(ReportError) {
        let t: DataTable
        do { t = try DataTable(file: file) } catch { throw ReportError(error) }
        let pathway = t.header.contains("date")
        do throws(DataError) {
            let cRep = try t.column("replication"), cStage = try t.column("stage")
            let cTime = try t.column(pathway ? "day" : "time"), cCount = try t.column(pathway ? "count" : "stock")
            let cDate = pathway ? try t.column("date") : nil
            var sums: [String: [Double: [Int: Double]]] = [:]
            var stages: [String] = [], seenStage: Set<String> = []
            var dateOf: [Double: String] = [:]
            var reps: Set<Int> = []
            for (i, row) in t.rows.enumerated() {
                guard let r = Int(row[cRep]), let time = Double(row[cTime]), let count = Double(row[cCount]) else {
                    throw DataError(file: file, line: t.lines[i], field: "", "expected a whole replication number, a time and a count")
                }
                let stage = row[cStage]
                if seenStage.insert(stage).inserted { stages.append(stage) }
                sums[stage, default: [:]][time, default: [:]][r, default: 0] += count
                if let cDate { dateOf[time] = row[cDate] }
                reps.insert(r)
            }
            guard !reps.isEmpty else { throw DataError(file: file, line: 1, field: "", "expected at least one row of stocks") }
            let times = Set(sums.values.flatMap(\.keys)).sorted()
            self.times = times
            dates = pathway ? times.map { dateOf[$0] ?? "" } : nil
            self.stages = stages
            replications = reps.count
            var series: [String: [Point]] = [:]
            for stage in stages {
                series[stage] = times.map { time in
                    let byRep = sums[stage]?[time] ?? [:]
                    return Point(x: time, stat: SummaryStatistic(reps.sorted().map { byRep[$0] ?? 0 }))
                }
            }
            self.series = series
        } catch {
            throw ReportError(error)
        }
    }
}
