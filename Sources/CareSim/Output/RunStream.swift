import CareSimEngine
import Foundation

/// What a streamed run keeps: each metric's statistic over the replications, the event count
/// and the time, not the replications themselves.
public struct RunSummary: Sendable {
    public var experiment: Experiment
    /// Every summary metric in summary order (nil: no replication has a value).
    public var metrics: [(metric: String, statistic: SummaryStatistic?)]
    public var totalEvents: Int
    public var wallTime: Double
}

extension Experiment {
    /// Runs the replications and streams each one's rows of `stocks.csv`, `flows.csv`,
    /// `caseloads.csv`, `costs.csv` (and a shard's `metrics.csv` and `year_values.csv`) to `staged`
    /// as soon as it and every earlier replication are done, then writes `summary.csv`,
    /// `years.csv` (a pathway run's, from every replication's few yearly values) and `manifest.json` (which
    /// lists `extraFiles` too: files the caller writes before committing). Files are byte for
    /// byte what `RunOutput.files` makes from the whole result, whatever `threads` is; memory
    /// holds a few replications at a time, not all of them. With `staged` nil, nothing is
    /// written and only the summary is made (`caresim check` without `--out`).
    public func run(streamingTo staged: StagedResults?, extraFiles: [String] = [],
                    progress: (@Sendable (Int) -> Void)? = nil) throws(ResultsDirectory.WriteError) -> RunSummary {
        let start = Date()
        let one = replicator()
        let first = replicationIndices.lowerBound
        let sharded = shard != nil
        let writes = staged != nil
        var names: [String]?
        var spill: MetricSpill?
        var events = 0
        // years.csv: its cells (the first replication's) and every replication's values of them.
        var yearCells: [YearsTable.Cell]?
        var yearValues: [[Double]] = []
        try ReplicationRunner.forEachInOrder(Array(replicationIndices), threads: threads, progress: progress, { r in
            let result = one(r)
            let rows = Metrics.perReplication(result)
            let values = rows.map(\.values.first)
            let files = !writes ? [] : RunOutput.dataFiles(result, metrics: sharded ? ReplicationMetrics.Values(
                metrics: rows.map(\.metric), firstReplication: r, values: [values]) : nil)
            var years: (cells: [YearsTable.Cell], values: [Double])?
            if case .pathway(let p, let runs) = result.byModel, let run = runs.first { years = YearsTable.values(run, p) }
            return StreamedReplication(files: files, metrics: rows.map(\.metric), values: values, events: result.totalEvents,
                                       yearCells: years?.cells, years: years?.values)
        }, consume: { (r: Int, rep: StreamedReplication) throws(ResultsDirectory.WriteError) in
            if names == nil {
                names = rep.metrics
                spill = try MetricSpill(width: rep.metrics.count, path: staged?.scratchPath("metrics.bin"))
            }
            precondition(rep.metrics == names!, "replication \(r) has other metrics than replication \(first)")
            try spill!.append(rep.values)
            if let cells = rep.yearCells, let values = rep.years {
                if yearCells == nil { yearCells = cells }
                precondition(cells == yearCells!, "replication \(r) counts other years than replication \(first)")
                yearValues.append(values)
            }
            events += rep.events
            for file in rep.files {
                try staged!.append(r == first ? file.contents : String(RunOutput.body(file.contents)), to: file.name)
            }
        })
        let statistics = try spill!.statistics()
        let summary = RunSummary(experiment: self, metrics: Array(zip(names!, statistics)).map { (metric: $0.0, statistic: $0.1) },
                                 totalEvents: events, wallTime: Date().timeIntervalSince(start))
        if let staged {
            try staged.write(SummaryTable.make(statistics: summary.metrics).text, to: "summary.csv")
            if let p = scenario.pathway, let cells = yearCells {
                let table = YearsTable.make(rows: YearsTable.published(p, cells: cells), cells: cells, replications: yearValues)
                try staged.write(table.text, to: YearsTable.fileName)
            }
            try staged.write(Manifest.make(experiment: self, files: RunOutput.names(self).filter { $0 != "manifest.json" } + extraFiles,
                                           wallTime: summary.wallTime, events: events), to: "manifest.json")
        }
        return summary
    }
}

/// One replication's rendered rows and metrics, made on the worker that ran it.
struct StreamedReplication: Sendable {
    var files: [(name: String, contents: String)]
    var metrics: [String]
    var values: [Double?]
    var events: Int
    /// A pathway replication's years.csv cells and its value of each (nil: a network scenario).
    var yearCells: [YearsTable.Cell]?
    var years: [Double]?
}
