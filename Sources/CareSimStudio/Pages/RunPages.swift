import CareSim
import CareSimEngine
import Foundation
import GRDB
import Hummingbird

/// Runs: a paired comparison queued, its progress (replications done, time left), cancelling
/// it, its results (the saving with its interval, the headline differences, the whole report)
/// and its files; the list of saved runs, and two runs side by side.
extension StudioServer {
    func createRun(_ request: Request, _ scenarioID: Int64) async throws -> Response {
        let s = try scenarioRow(scenarioID)
        guard s.status == "ready" else { throw StudioError.conflict("the scenario is \(s.status): it can be run once it is ready") }
        let f = try await Form.read(request, limit: limit)
        var errors: [String: String] = [:]
        let maxReps = studio.configuration.maxReplications
        let reps = f["replications"].flatMap(Int.init)
        if reps == nil || reps! < 2 || reps! > maxReps {
            errors["replications"] = "--replications: expected a whole number from 2 to \(maxReps) (an interval needs two pairs), got '\(f["replications"] ?? "")'"
        }
        let years = f["years"].flatMap(Int.init)
        if years == nil || years! < 1 || years! > 20 {
            errors["years"] = "costs.years: expected a whole number of years from 1 to 20, got '\(f["years"] ?? "")'"
        }
        let name = f["name"] ?? ""
        if name.count > 200 { errors["run_name"] = "a name of at most 200 characters, got \(name.count)" }
        if !errors.isEmpty {
            return try scenarioPage(scenarioID, runErrors: errors, runForm: f, status: .badRequest)
        }
        let runName = name.isEmpty ? "\(s.name), \(reps!) pairs, \(years!) years" : name
        let id: Int64 = try await studio.store.queue.write { db in
            var r = RunRecord(scenarioId: scenarioID, name: runName, status: "queued", replications: reps!, years: years!,
                              seed: 20_150_331, createdAt: Date())
            try r.insert(db)
            return r.id!
        }
        try await enqueue(.run(id), studio.runComparison(id)) { db in _ = try RunRecord.deleteOne(db, key: id) }
        return Reply.seeOther("/runs/\(id)")
    }

    func runRow(_ id: Int64) throws -> RunRecord {
        guard let r = try studio.store.queue.read({ try RunRecord.fetchOne($0, key: id) }) else {
            throw StudioError.notFound("there is no run \(id) (it may have been deleted)")
        }
        return r
    }

    func runTable(_ runs: [RunRecord], select: Bool = false) -> String {
        HTML.table((select ? ["A", "B"] : []) + ["Run", "Status", "Pairs", "Years", "Saving (95% CI)", "Submitted"], runs.map { r in
            (select ? ["<input type=\"radio\" name=\"a\" value=\"\(r.id!)\" aria-label=\"A\">", "<input type=\"radio\" name=\"b\" value=\"\(r.id!)\" aria-label=\"B\">"] : [])
            + [HTML.link("/runs/\(r.id!)", r.name), HTML.status(r.status), "\(r.replications)", "\(r.years)", HTML.escape(Self.saving(r) ?? ""),
               HTML.escape(Self.time(r.createdAt))]
        }, id: "runs")
    }

    static func time(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_GB")
        f.dateFormat = "d MMM yyyy HH:mm"
        return f.string(from: d)
    }

    /// "£2.85m (95% CI £2.46m to £3.23m)": a net saving only. Without the model's cost the
    /// studio shows no saving (a gross one, before paying for the model, is too easily read as
    /// what the model saves); the report has it, labelled gross.
    static func saving(_ r: RunRecord) -> String? {
        guard let m = r.savingMean else { return nil }
        if r.savingBasis == "gross" { return "cost not given" }
        let ci = (r.savingLow.flatMap { l in r.savingHigh.map { h in " (95% CI " + ReportFormat.interval(l, h, .money) + ")" } }) ?? ""
        return ReportFormat.money(m) + ci
    }

    func runList() throws -> Response {
        let runs = try studio.store.queue.read { db in try RunRecord.order(Column("id").desc).fetchAll(db) }
        var body = ""
        if runs.isEmpty {
            body = "<p>No runs yet: open a scenario and run it.</p>"
        } else {
            body = "<form method=\"get\" action=\"/runs/compare\">" + runTable(runs, select: true)
                + "<button type=\"submit\" id=\"compare-runs\">Compare runs A and B</button></form>"
        }
        return Reply.html(HTML.page(title: "Runs", body: body))
    }

    func progressText(_ r: RunRecord, position: Int?) -> String {
        switch r.status {
        case "queued": return position.map { $0 > 0 ? "waiting: \($0) in the queue" : "starting" } ?? "waiting"
        case "running":
            var t = "\(r.done) of \(r.replications) pairs done"
            if r.done > 0, let start = r.startedAt {
                let elapsed = Date().timeIntervalSince(start)
                let left = elapsed / Double(r.done) * Double(r.replications - r.done)
                t += ", about " + Self.duration(left) + " left"
            }
            return t
        default: return r.status
        }
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 120 ? "\(s / 60) min" : "\(s) s"
    }

    func runPage(_ id: Int64) async throws -> Response {
        let r = try runRow(id)
        let position = r.isFinished ? nil : await studio.queue.position(.run(id))
        let s = try? scenarioRow(r.scenarioId)
        var body = "<p>Scenario: " + (s.map { HTML.link("/scenarios/\($0.id!)", $0.name) } ?? "deleted")
            + "; \(r.replications) pairs (common random numbers, seed \(r.seed)); \(r.years) years costed. \(HTML.status(r.status))</p>"
        switch r.status {
        case "queued", "running":
            let pct = r.replications > 0 ? 100 * r.done / r.replications : 0
            body += """
            <div data-progress="/runs/\(id)/progress"><div class="progress"><div style="width:\(pct)%"></div></div>
            <p class="progress-text" id="progress-text">\(HTML.escape(progressText(r, position: position)))</p></div>
            <p class="hint">The run goes on if you close this page; come back to it from Runs.</p>
            \(HTML.button("/runs/\(id)/cancel", "Cancel the run", confirm: "Cancel this run?", cls: "danger", id: "cancel-run"))
            """
        case "failed":
            body += "<p class=\"error\" id=\"run-error\">\(HTML.escape(r.error ?? "failed"))</p>"
        case "cancelled":
            body += "<p>The run was cancelled before every pair ran; nothing was kept.</p>"
        default:
            body += try runResults(r)
        }
        body += "<h2>Manage</h2>" + HTML.rename("/runs/\(id)/rename", r.name, prefix: "run") + " "
        if r.isFinished {
            body += HTML.button("/runs/\(id)/again", "Run again", cls: "secondary", id: "run-again") + " "
                + HTML.button("/runs/\(id)/delete", "Delete", confirm: "Delete this run and its files?", cls: "danger", id: "delete-run")
        }
        return Reply.html(HTML.page(title: r.name, body: body))
    }

    func runResults(_ r: RunRecord) throws -> String {
        let id = r.id!
        var body = ""
        if r.savingMean != nil, r.savingBasis == "gross" {
            body += "<p class=\"notice\" id=\"saving-needs-cost\">No saving is shown: the model's cost was not given, so what it saves "
                + "cannot be set against what it costs. Give its cost on " + HTML.link("/scenarios/\(r.scenarioId)", "the scenario's page")
                + " (in a duplicate, if this scenario has runs) and run it again. The differences below, and the report's gross saving "
                + "(before paying for the model), are this run's.</p>"
        } else if let m = r.savingMean {
            body += "<p class=\"headline\">Net saving (discounted, all costed years, after the model's cost): "
                + "<strong id=\"saving\">\(HTML.escape(ReportFormat.money(m)))</strong>"
                + " <span id=\"saving-ci\">(95% CI \(HTML.escape(ReportFormat.interval(r.savingLow ?? m, r.savingHigh ?? m, .money))))</span></p>"
        } else {
            body += "<p class=\"notice\">No saving: the scenarios have no costs.</p>"
        }
        let folder = studio.files.run(id)
        if let path = studio.files.regularFile(folder, "comparison.csv"), let rows = try? Self.comparisonRows(path) {
            let headline = Self.headlineMetrics
            let picked = headline.compactMap { m in rows.first { $0.metric == m } }
            if !picked.isEmpty {
                body += "<h2>Headline differences (alternative − base, 95% CI)</h2>" + HTML.table(
                    ["Measure", "Base", "Alternative", "Difference", "95% CI"],
                    picked.map { [HTML.escape($0.metric), $0.base, $0.alternative, $0.difference, HTML.escape($0.ci)].enumerated().map { i, c in
                        i == 0 ? c : "<span class=\"num\">\(c)</span>"
                    } }, id: "differences")
            }
        }
        body += "<h2>Report</h2><p>" + HTML.link("/runs/\(id)/report", "Open the report on its own page")
            + " (every section: summary, differences, savings, fan charts, stocks, flows, caseloads, assumptions).</p>"
        body += "<iframe class=\"report\" title=\"Report\" src=\"/runs/\(id)/report\"></iframe>"
        body += "<h2>Downloads</h2><ul class=\"plain\" id=\"run-files\">" + studio.files.files(in: folder).map {
            "<li>" + HTML.link("/runs/\(id)/files/\($0)", $0) + "</li>"
        }.joined() + "</ul>"
        if let s = try? scenarioRow(r.scenarioId) {
            body += "<p>The scenario's files: " + HTML.link("/scenarios/\(s.id!)", s.name) + ".</p>"
        }
        return body
    }

    /// The measures a run's page and the side-by-side page show (comparison.csv has every one).
    static let headlineMetrics = ["referrals", "section47_enquiries", "cp_plans_started", "cp_plans_open", "children_in_need_open",
                                  "looked_after_started", "looked_after_open", "cost.total"]

    struct ComparisonRow {
        var metric: String, base: String, alternative: String, difference: String, ci: String
    }

    static func comparisonRows(_ path: String) throws -> [ComparisonRow] {
        let table = try DataTable(file: path)
        let metric = try table.column("metric"), base = try table.column("base_mean"), alt = try table.column("alternative_mean")
        let diff = try table.column("difference"), lo = try table.column("ci95_low"), hi = try table.column("ci95_high")
        return table.rows.map { row in
            let money = row[metric].hasPrefix("cost.") || row[metric].hasPrefix("saving")
            func n(_ s: String) -> String { Double(s).map { HTML.figure($0, money: money) } ?? s }
            return ComparisonRow(metric: row[metric], base: n(row[base]), alternative: n(row[alt]), difference: n(row[diff]),
                                 ci: "\(n(row[lo])) to \(n(row[hi]))")
        }
    }

    /// A new run of the same scenario with the same pairs, years and seed (the duplicate of a run:
    /// after a failure or a cancel, or to check that it reproduces).
    func runAgain(_ id: Int64) async throws -> Response {
        let r = try runRow(id)
        let s = try scenarioRow(r.scenarioId)
        guard s.status == "ready" else { throw StudioError.conflict("the scenario is \(s.status): it can be run once it is ready") }
        let newID: Int64 = try await studio.store.queue.write { db in
            var copy = RunRecord(scenarioId: r.scenarioId, name: r.name + " (again)", status: "queued", replications: r.replications,
                                 years: r.years, seed: r.seed, createdAt: Date())
            try copy.insert(db)
            return copy.id!
        }
        try await enqueue(.run(newID), studio.runComparison(newID)) { db in _ = try RunRecord.deleteOne(db, key: newID) }
        return Reply.seeOther("/runs/\(newID)")
    }

    func runProgress(_ id: Int64) async throws -> Response {
        let r = try runRow(id)
        let position = await studio.queue.position(.run(id))
        return Reply.json(["status": r.status, "finished": r.isFinished, "done": r.done, "total": r.replications,
                           "text": progressText(r, position: position), "saving": r.savingMean as Any? ?? NSNull()])
    }

    func cancelRun(_ id: Int64) async throws -> Response {
        let r = try runRow(id)
        guard !r.isFinished else { throw StudioError.conflict("the run has already \(r.status == "done" ? "finished" : r.status)") }
        switch await studio.queue.cancel(.run(id)) {
        case .removed: studio.markCancelled(id)
        case .stopping, .notFound: break  // the job marks itself cancelled when it stops
        }
        return Reply.seeOther("/runs/\(id)")
    }

    func renameRun(_ request: Request, _ id: Int64) async throws -> Response {
        _ = try runRow(id)
        let f = try await Form.read(request, limit: limit)
        let name = f["name"] ?? ""
        guard !name.isEmpty, name.count <= 200 else { throw StudioError.badRequest("name: expected 1 to 200 characters, got \(name.count)") }
        try await studio.store.queue.write { db in try db.execute(sql: "UPDATE run SET name = ? WHERE id = ?", arguments: [name, id]) }
        return Reply.seeOther("/runs/\(id)")
    }

    func deleteRun(_ id: Int64) async throws -> Response {
        let r = try runRow(id)
        guard r.isFinished else { throw StudioError.conflict("the run is \(r.status): cancel it first, then delete it") }
        // The row first: a crash before the folder's removal leaves a folder without a row, which the next start removes.
        try await studio.store.queue.write { db in _ = try RunRecord.deleteOne(db, key: id) }
        studio.files.remove(studio.files.run(id))
        return Reply.seeOther("/runs")
    }

    func runFile(_ id: Int64, _ name: String, inline: Bool = false) throws -> Response {
        let r = try runRow(id)
        guard r.status == "done", let path = studio.files.regularFile(studio.files.run(id), name) else {
            throw StudioError.notFound("run \(id) has no file '\(name)'" + (r.status == "done" ? "" : " (it is \(r.status))"))
        }
        return try Reply.file(path, name: name, inline: inline)
    }

    func compareRuns(_ request: Request) throws -> Response {
        guard let a = request.uri.queryParameters.get("a").flatMap({ Int64($0) }),
              let b = request.uri.queryParameters.get("b").flatMap({ Int64($0) }) else {
            throw StudioError.badRequest("choose two runs, A and B (a=ID&b=ID)")
        }
        let ra = try runRow(a), rb = try runRow(b)
        guard ra.status == "done", rb.status == "done" else { throw StudioError.conflict("both runs must have finished") }
        func rows(_ r: RunRecord) -> [String: ComparisonRow] {
            guard let p = studio.files.regularFile(studio.files.run(r.id!), "comparison.csv"), let rows = try? Self.comparisonRows(p) else { return [:] }
            return Dictionary(rows.map { ($0.metric, $0) }, uniquingKeysWith: { x, _ in x })
        }
        let x = rows(ra), y = rows(rb)
        let metrics = Self.headlineMetrics
            .filter { x[$0] != nil || y[$0] != nil }
        var body = HTML.table(["", "A: " + ra.name, "B: " + rb.name], [
            ["Saving (95% CI)", HTML.escape(Self.saving(ra) ?? "none"), HTML.escape(Self.saving(rb) ?? "none")],
            ["Pairs, years", "\(ra.replications), \(ra.years)", "\(rb.replications), \(rb.years)"],
        ] + metrics.map { m in
            [HTML.escape(m), HTML.escape(x[m].map { "\($0.difference) (\($0.ci))" } ?? ""), HTML.escape(y[m].map { "\($0.difference) (\($0.ci))" } ?? "")]
        }, id: "run-comparison")
        body += "<p class=\"hint\">Each column is one run's paired difference (alternative − base) with its 95% interval; the runs themselves are not paired with each other.</p>"
        return Reply.html(HTML.page(title: "Two runs side by side", body: body))
    }
}
