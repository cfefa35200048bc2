import CareSim
import CareSimEngine
import Foundation
import GRDB

/// The studio's three kinds of work, each run by the job queue on a thread of its own:
/// writing a scenario pair (`caresim scenario`), running a paired comparison (`caresim compare`
/// and `caresim report`), and an authority's baseline with its projection (`caresim baseline`,
/// `caresim run`, `caresim check`). Files are written into a staging folder and swapped into
/// place (StagedResults); the row says `done` only after that, so a crash leaves a failed row,
/// never a row pointing at half-written files.
extension Studio {
    /// Replications of an authority's baseline run (its fan charts).
    static let baselineReplications = 20
    /// Years projected after the measured year on the authority page.
    static let baselineYears = 5

    func baselineRequest(authority: String, year: Int, out: String) -> Baseline.Request {
        var b = Baseline.Request(authority: authority, out: out)
        b.year = year
        b.data = configuration.data
        b.base = configuration.englandScenario
        b.englandTargets = configuration.englandTargets(year)
        b.fit = configuration.fit
        b.command = "caresim serve"
        return b
    }

    // MARK: scenario

    func buildScenario(_ id: Int64) -> JobQueue.Work {
        { [self] _ in
            do {
                guard let row = try store.queue.read({ try ScenarioRecord.fetchOne($0, key: id) }) else { return }
                let folder = files.scenario(id)
                var r = ModelScenario.Request(baseline: baselineRequest(authority: row.authorityName, year: row.year, out: ""), out: folder)
                r.model = PracticeModelChoice(rawValue: row.model)
                r.coverage = row.coverage
                if let k = row.localitiesK, let n = row.localitiesN { r.localities = (k, n) }
                let staged = try StagedResults(directory: folder)
                let output = try ModelScenario.build(r)
                for f in output.files { try staged.write(f.text, to: f.name) }
                for f in output.files where f.name.hasSuffix(".yaml") {
                    _ = try Scenario.load(file: (staged.stagingDirectory as NSString).appendingPathComponent(f.name))
                }
                try staged.commit()
                let notes = output.baseline.notes.map { "\($0.field): \($0.text)" }
                try store.queue.write { db in
                    guard var s = try ScenarioRecord.fetchOne(db, key: id) else { return }
                    s.status = "ready"
                    s.alternativeFile = output.alternativeName
                    s.notes = String(decoding: try JSONEncoder().encode(notes), as: UTF8.self)
                    try s.update(db)
                }
            } catch {
                try? store.queue.write { db in
                    try db.execute(sql: "UPDATE scenario SET status = 'failed', error = ? WHERE id = ?", arguments: ["\(error)", id])
                }
            }
        }
    }

    /// The alternative the runs use: the edited file when effect sizes or costs were edited.
    static let editedFile = "studio-edits.yaml"

    func alternativePath(_ s: ScenarioRecord) -> String? {
        let folder = files.scenario(s.id!)
        if let edited = files.regularFile(folder, Self.editedFile) { return edited }
        return s.alternativeFile.flatMap { files.regularFile(folder, $0) }
    }

    // MARK: run

    func runComparison(_ id: Int64) -> JobQueue.Work {
        { [self] cancellation in
            do {
                guard var run = try store.queue.read({ try RunRecord.fetchOne($0, key: id) }),
                      let scenario = try store.queue.read({ try ScenarioRecord.fetchOne($0, key: run.scenarioId) }) else { return }
                if cancellation.isCancelled { return markCancelled(id) }
                run.status = "running"
                run.startedAt = Date()
                try store.queue.write { try run.update($0) }
                let folder = files.scenario(scenario.id!)
                guard let basePath = files.regularFile(folder, "baseline.yaml"), let altPath = alternativePath(scenario) else {
                    throw StudioError.conflict("the scenario's files are missing; build the scenario again")
                }
                let years = try Override(parsing: "costs.years=\(run.years)")
                let base = try Scenario.load(file: basePath, overrides: [years])
                let alternative = try Scenario.load(file: altPath, overrides: [years])
                let paired = try PairedExperiment(base: base, alternative: alternative, replications: run.replications,
                                                  seed: UInt64(run.seed), threads: configuration.threads, cohort: .all)
                let others = paired.differences.others
                if !others.isEmpty {
                    throw StudioError.conflict("the arms differ outside the practice model: " + others.prefix(5).map { ArmDifferences.describe($0) }.joined(separator: "; "))
                }
                let staged = try StagedResults(directory: files.run(id))
                let store = self.store
                let result = try paired.run(progress: { done in
                    try? store.queue.write { db in try db.execute(sql: "UPDATE run SET done = ? WHERE id = ? AND done < ?", arguments: [done, id, done]) }
                }, cancellation: cancellation)
                let savings = try ComparisonOutput.write(result, into: staged)
                try staged.commit()
                let report = try Report.make(results: files.run(id))
                try files.writeAtomically(files.withoutStoragePaths(report), folder: files.run(id), name: "report.html")
                let manifest = try? String(contentsOfFile: files.run(id) + "/manifest.json", encoding: .utf8)
                try store.queue.write { db in
                    guard var r = try RunRecord.fetchOne(db, key: id) else { return }
                    r.status = "done"
                    r.done = r.replications
                    r.finishedAt = Date()
                    r.manifest = manifest
                    if let total = savings?.rows.last {
                        r.savingMean = total.discounted.mean
                        r.savingLow = total.discounted.ci95Low
                        r.savingHigh = total.discounted.ci95High
                        r.savingBasis = savings!.isGross ? "gross" : "net"
                    }
                    try r.update(db)
                }
            } catch is Cancelled {
                markCancelled(id)
            } catch {
                try? store.queue.write { db in
                    try db.execute(sql: "UPDATE run SET status = 'failed', error = ?, finishedAt = ? WHERE id = ?", arguments: ["\(error)", Date(), id])
                }
            }
        }
    }

    func markCancelled(_ id: Int64) {
        try? store.queue.write { db in
            try db.execute(sql: "UPDATE run SET status = 'cancelled', finishedAt = ? WHERE id = ?", arguments: [Date(), id])
        }
    }

    // MARK: baseline

    func buildBaseline(_ id: Int64) -> JobQueue.Work {
        { [self] _ in
            do {
                guard var row = try store.queue.read({ try BaselineRecord.fetchOne($0, key: id) }) else { return }
                row.status = "running"
                try store.queue.write { try row.update($0) }
                let folder = files.baseline(code: row.authorityCode, year: row.year)
                // The scenario and its targets first, in a folder of their own, so the run's manifest names where they stay.
                let scenarioFolder = folder + ".scenario"
                var r = baselineRequest(authority: row.authorityName, year: row.year, out: scenarioFolder + "/scenario.yaml")
                r.targets = scenarioFolder + "/targets.csv"
                r.replications = Self.baselineReplications
                let output = try Baseline.build(r)
                let scenarioStaged = try StagedResults(directory: scenarioFolder)
                try scenarioStaged.write(output.scenario, to: "scenario.yaml")
                if let t = output.targets { try scenarioStaged.write(t, to: "targets.csv") }
                try scenarioStaged.commit()
                let staged = try StagedResults(directory: folder)
                let scenario = try Scenario.load(file: scenarioFolder + "/scenario.yaml", overrides: [try Override(parsing: "costs.years=\(Self.baselineYears)")])
                let experiment = Experiment(scenario: scenario, threads: configuration.threads)
                let summary = try experiment.run(streamingTo: staged)
                var checks: [TargetCheck] = []
                if output.targets != nil {
                    let targets = try CalibrationTargets.load(file: scenarioFolder + "/targets.csv")
                    let check = CalibrationCheck(metrics: summary.metrics, targets: targets)
                    checks = check.rows.map { c in
                        TargetCheck(metric: c.target.metric, published: c.target.value, simulated: c.simulated?.mean,
                                    low: c.simulated?.ci95Low, high: c.simulated?.ci95High,
                                    tolerance: "\(ScenarioText.number(c.target.tolerance))\(c.target.kind == .relative ? " (relative)" : "")", met: c.passed)
                    }
                }
                try staged.commit()
                let report = try Report.make(results: folder)
                try files.writeAtomically(files.withoutStoragePaths(report), folder: folder, name: "report.html")
                let notes = output.notes.map { "\($0.field): \($0.text)" } + output.skippedTargets.map { "target not checked, \($0.field): \($0.text)" }
                try store.queue.write { db in
                    guard var b = try BaselineRecord.fetchOne(db, key: id) else { return }
                    b.status = "done"
                    b.notes = String(decoding: try JSONEncoder().encode(notes), as: UTF8.self)
                    b.checks = String(decoding: try JSONEncoder().encode(checks), as: UTF8.self)
                    try b.update(db)
                }
            } catch {
                try? store.queue.write { db in
                    try db.execute(sql: "UPDATE baseline SET status = 'failed', error = ? WHERE id = ?", arguments: ["\(error)", id])
                }
            }
        }
    }
}

/// A request the studio refuses, with the HTTP status that fits.
enum StudioError: Error, CustomStringConvertible {
    case badRequest(String), notFound(String), conflict(String), tooLarge(String), tooMany(String), forbidden(String)

    var description: String {
        switch self {
        case .badRequest(let s), .notFound(let s), .conflict(let s), .tooLarge(let s), .tooMany(let s), .forbidden(let s): return s
        }
    }
}
