import CareSim
import CareSimEngine
import Foundation
import GRDB
import Hummingbird

/// A scenario: an authority with a practice model (the files `caresim scenario` writes), its
/// effect sizes with their sources and grades, editable as ranges, its costs, and its runs.
extension StudioServer {
    /// The form's checks, in the words of `caresim scenario` and `caresim validate`; the
    /// message goes beside its field.
    struct ScenarioForm {
        var name: String
        var model: PracticeModelChoice
        var coverage: Double
        var localities: (k: Int, n: Int)?

        static func parse(_ f: Form, authorityName: String) -> (ScenarioForm?, [String: String]) {
            var errors: [String: String] = [:]
            let modelText = f["model"] ?? ""
            let model = PracticeModelChoice(rawValue: modelText)
            if model == nil {
                errors["model"] = "--model: expected one of \(PracticeModelChoice.allCases.map(\.rawValue).joined(separator: ", ")), got '\(modelText)'"
            }
            var coverage = 1.0
            var localities: (Int, Int)?
            switch f["coverage_kind"] ?? "all" {
            case "all": break
            case "share":
                if let c = f["coverage"].flatMap(Double.init), c > 0, c <= 1 { coverage = c } else {
                    errors["coverage"] = "--coverage: expected a share above 0 and at most 1, got '\(f["coverage"] ?? "")'"
                }
            case "localities":
                if let k = f["k"].flatMap(Int.init), let n = f["n"].flatMap(Int.init), k >= 1, k <= n, n <= 1000 {
                    localities = (k, n)
                    coverage = Double(k) / Double(n)
                } else {
                    errors["localities"] = "--localities: expected K/N with whole numbers 1 <= K <= N, got '\(f["k"] ?? "")/\(f["n"] ?? "")'"
                }
            default: errors["coverage_kind"] = "expected all, share or localities"
            }
            var name = f["name"] ?? ""
            if name.count > 200 { errors["name"] = "a name of at most 200 characters, got \(name.count)" }
            if name.isEmpty, let model { name = "\(authorityName) with \(model.title)" }
            guard errors.isEmpty, let model else { return (nil, errors) }
            return (ScenarioForm(name: name, model: model, coverage: coverage, localities: localities), errors)
        }
    }

    static func field(_ name: String, _ errors: [String: String], _ content: String) -> String {
        let e = errors[name]
        return "<div class=\"field\(e == nil ? "" : " invalid")\" id=\"field-\(name)\">\(content)"
            + (e.map { "<p class=\"error\" id=\"error-\(name)\">\(HTML.escape($0))</p>" } ?? "") + "</div>"
    }

    func scenarioForm(code: String, name: String, year: Int, values f: Form, errors: [String: String]) -> String {
        let chosen = f["model"] ?? PracticeModelChoice.familySafeguarding.rawValue
        let kind = f["coverage_kind"] ?? "all"
        let options = PracticeModelChoice.allCases.map { m in
            "<option value=\"\(m.rawValue)\"\(m.rawValue == chosen ? " selected" : "")>\(HTML.escape(m.title)) (as in \(HTML.escape(m.site)))</option>"
        }.joined()
        func radio(_ v: String, _ label: String) -> String {
            "<label class=\"hint\"><input type=\"radio\" name=\"coverage_kind\" value=\"\(v)\"\(kind == v ? " checked" : "")> \(label)</label>"
        }
        var s = "<form method=\"post\" action=\"/authorities/\(HTML.escape(code))/scenarios?year=\(year)\" id=\"scenario-form\">"
        s += Self.field("model", errors, "<label for=\"model\">Practice model</label><select id=\"model\" name=\"model\">\(options)</select>")
        s += Self.field("coverage_kind", errors, "<fieldset><legend>Coverage</legend>" + radio("all", "all families")
                        + radio("share", "a share of families") + radio("localities", "K of N localities") + "</fieldset>")
        s += Self.field("coverage", errors, "<label for=\"coverage\">Share of families (above 0, at most 1)</label>"
                        + "<input class=\"small\" id=\"coverage\" name=\"coverage\" value=\"\(HTML.escape(f["coverage"] ?? ""))\" placeholder=\"0.4\">")
        s += Self.field("localities", errors, "<label for=\"k\">Localities covered (K of N)</label><input class=\"small\" id=\"k\" name=\"k\" value=\"\(HTML.escape(f["k"] ?? ""))\" placeholder=\"4\">"
                        + " of <input class=\"small\" id=\"n\" aria-label=\"N, the number of localities\" name=\"n\" value=\"\(HTML.escape(f["n"] ?? ""))\" placeholder=\"10\">")
        s += Self.field("name", errors, "<label for=\"name\">Name (optional)</label><input id=\"name\" name=\"name\" size=\"50\" value=\"\(HTML.escape(f["name"] ?? ""))\" placeholder=\"\(HTML.escape(name)) with ...\">")
        s += "<p class=\"hint\">The studio writes the authority's baseline, its counterpart and the model scaled to it, as <code>caresim scenario</code> does (about ten seconds with the fit, longer for the largest authorities).</p>"
        s += "<button type=\"submit\" id=\"create-scenario\">Create the scenario</button></form>"
        return s
    }

    func createScenario(_ request: Request, _ code: String) async throws -> Response {
        let year = try year(request)
        let e = try entry(code, year: year)
        let f = try await Form.read(request, limit: limit)
        let (parsed, errors) = ScenarioForm.parse(f, authorityName: e.authority.name)
        guard let parsed else {
            let body = "<p class=\"error\">The scenario was not created: see the messages beside the fields.</p>"
                + scenarioForm(code: code, name: e.authority.name, year: year, values: f, errors: errors)
            return Reply.html(HTML.page(title: e.authority.name, body: body), status: .badRequest)
        }
        let id: Int64 = try await studio.store.queue.write { db in
            var s = ScenarioRecord(name: parsed.name, authorityCode: code, authorityName: e.authority.name, model: parsed.model.rawValue,
                                   coverage: parsed.coverage, localitiesK: parsed.localities?.k, localitiesN: parsed.localities?.n,
                                   year: year, fit: studio.configuration.fit, status: "building", createdAt: Date())
            try s.insert(db)
            return s.id!
        }
        try await enqueue(.scenario(id), studio.buildScenario(id)) { db in _ = try ScenarioRecord.deleteOne(db, key: id) }
        return Reply.seeOther("/scenarios/\(id)")
    }

    func scenarioRow(_ id: Int64) throws -> ScenarioRecord {
        guard let s = try studio.store.queue.read({ try ScenarioRecord.fetchOne($0, key: id) }) else {
            throw StudioError.notFound("there is no scenario \(id) (it may have been deleted)")
        }
        return s
    }

    func scenarioTable(_ rows: [ScenarioRecord]) -> String {
        HTML.table(["Scenario", "Authority", "Model", "Coverage", "Year", "Status"], rows.map { s in
            [HTML.link("/scenarios/\(s.id!)", s.name), HTML.escape(s.authorityName),
             HTML.escape(PracticeModelChoice(rawValue: s.model)?.title ?? s.model), HTML.escape(s.coverageText), "\(s.year)", HTML.status(s.status)]
        }, id: "scenarios")
    }

    func scenarioList() throws -> Response {
        let rows = try studio.store.queue.read { db in try ScenarioRecord.order(Column("id").desc).fetchAll(db) }
        let body = rows.isEmpty ? "<p>No scenarios yet: " + HTML.link("/", "choose an authority") + " and add a practice model.</p>" : scenarioTable(rows)
        return Reply.html(HTML.page(title: "Scenarios", body: body))
    }

    func scenarioStatus(_ id: Int64) throws -> Response {
        let s = try scenarioRow(id)
        return Reply.json(["status": s.status, "finished": s.status != "building", "done": 0, "total": 0,
                           "text": s.status == "building" ? "writing and fitting the scenario" : s.status])
    }

    func scenarioPage(_ id: Int64, effectErrors: [String: String] = [:], form: Form? = nil, runErrors: [String: String] = [:],
                      runForm: Form? = nil, status: HTTPResponse.Status = .ok) throws -> Response {
        let s = try scenarioRow(id)
        let model = PracticeModelChoice(rawValue: s.model)
        var body = "<p>\(HTML.escape(s.authorityName)) (\(HTML.escape(s.authorityCode))), year ending 31 March \(s.year): "
            + "\(HTML.escape(model?.title ?? s.model)) in \(HTML.escape(s.coverageText)). \(HTML.status(s.status))</p>"
        switch s.status {
        case "building":
            body += "<div data-progress=\"/scenarios/\(id)/status\"><p><span class=\"progress-text\">writing and fitting the scenario</span></p></div>"
        case "failed":
            body += "<p class=\"error\" id=\"scenario-error\">\(HTML.escape(s.error ?? "failed"))</p>"
                + HTML.button("/scenarios/\(id)/rebuild", "Write the scenario again", id: "rebuild-scenario")
        default:
            if !runErrors.isEmpty || !effectErrors.isEmpty {
                body += "<p class=\"error\" id=\"form-errors\">Nothing was \(runErrors.isEmpty ? "saved" : "started"): see the messages beside the fields.</p>"
            }
            body += try scenarioReady(s, effectErrors: effectErrors, form: form, runErrors: runErrors, runForm: runForm)
        }
        body += "<h2>Manage</h2>" + HTML.rename("/scenarios/\(id)/rename", s.name, prefix: "scenario") + " "
            + (s.status == "ready" ? HTML.button("/scenarios/\(id)/duplicate", "Duplicate", cls: "secondary", id: "duplicate-scenario") + " " : "")
            + (s.status == "building" ? "" : HTML.button("/scenarios/\(id)/delete", "Delete", confirm: "Delete this scenario and its files?", cls: "danger", id: "delete-scenario"))
        return Reply.html(HTML.page(title: s.name, body: body), status: status)
    }

    func scenarioReady(_ s: ScenarioRecord, effectErrors: [String: String], form: Form?,
                       runErrors: [String: String] = [:], runForm: Form? = nil) throws -> String {
        let id = s.id!
        let folder = studio.files.scenario(id)
        guard let original = s.alternativeFile, let altPath = studio.files.regularFile(folder, original),
              let yaml = try? String(contentsOfFile: altPath, encoding: .utf8) else {
            return "<p class=\"error\">The scenario's files are missing.</p>"
        }
        let edits = ScenarioEdits(s.editList)
        let runs = try studio.store.queue.read { db in try RunRecord.filter(Column("scenarioId") == id).order(Column("id").desc).fetchAll(db) }
        var body = "<h2>Run a paired comparison</h2>"
        let rf = runForm ?? Form("")
        body += """
        <form method="post" action="/scenarios/\(id)/runs" id="run-form">
        \(Self.field("replications", runErrors, "<label for=\"replications\">Pairs (replications of each arm, same seeds)</label><input class=\"small\" id=\"replications\" name=\"replications\" value=\"\(HTML.escape(rf["replications"] ?? "20"))\">"))
        \(Self.field("years", runErrors, "<label for=\"years\">Years costed and projected from the measured year</label><input class=\"small\" id=\"years\" name=\"years\" value=\"\(HTML.escape(rf["years"] ?? "5"))\">"))
        \(Self.field("run_name", runErrors, "<label for=\"run_name\">Name (optional)</label><input id=\"run_name\" name=\"name\" size=\"40\" value=\"\(HTML.escape(rf["name"] ?? ""))\">"))
        <button type="submit" id="start-run">Run</button></form>
        """
        if !runs.isEmpty { body += "<h3>Runs of this scenario</h3>" + runTable(runs) }

        // Effect sizes and costs.
        let effects = EffectSize.find(yaml: yaml, edits: edits)
        let key = PracticeModelChoice(rawValue: s.model)?.key ?? s.model
        let costs = ModelCosts.find(yaml: yaml, key: key, edits: edits)
        let locked = !runs.isEmpty
        body += "<h2>Effect sizes</h2>"
        body += "<p class=\"hint\">Each is drawn once per replication from its distribution; the range is where 95% of draws fall. "
            + (locked ? "This scenario has runs, so it is not edited: duplicate it to try other values.</p>"
                      : "Type another range to move it (the same kind of distribution, refitted to your range).</p>")
        body += "<form method=\"post\" action=\"/scenarios/\(id)/effects\" id=\"effects-form\">"
        var rows: [[String]] = []
        for (i, e) in effects.enumerated() {
            let r = e.distribution.range95
            let low = form?["low\(i)"] ?? r.map { ScenarioText.number($0.low) } ?? ""
            let high = form?["high\(i)"] ?? r.map { ScenarioText.number($0.high) } ?? ""
            let err = effectErrors[e.path]
            let input = e.editable && !locked
                ? "<input class=\"small\" name=\"low\(i)\" value=\"\(HTML.escape(low))\" aria-label=\"low\"> to <input class=\"small\" name=\"high\(i)\" value=\"\(HTML.escape(high))\" aria-label=\"high\">"
                  + "<input type=\"hidden\" name=\"path\(i)\" value=\"\(HTML.escape(e.path))\">"
                : HTML.escape("\(low) to \(high)")
            rows.append(["<code>\(HTML.escape(e.path))</code>", HTML.escape("\(e.distribution.name), mean \(ScenarioText.number(e.distribution.mean))"),
                         input + (err.map { "<p class=\"error\" id=\"error-effect-\(i)\">\(HTML.escape($0))</p>" } ?? ""),
                         (e.edited ? "<span class=\"grade\">edited in the studio</span> " : "")
                            + (e.grade.map { "<span class=\"grade\">\(HTML.escape($0))</span> " } ?? "") + HTML.escape(e.comment)])
        }
        body += HTML.table(["Effect", "Distribution", "95% range", "Source and evidence grade"], rows, id: "effects")
        body += "<h3>Cost of the model</h3>"
        if !costs.isGiven {
            body += "<p class=\"notice\" id=\"cost-missing\">No published cost for \(HTML.escape(PracticeModelChoice(rawValue: s.model)?.title ?? s.model)): "
                + "give its cost below to see a saving. Without it, runs show the differences the model makes but no saving "
                + "(their report gives the gross saving, before paying for the model).</p>"
        }
        func costField(_ name: String, _ label: String, _ value: Double?) -> String {
            let v = form?[name] ?? value.map(ScenarioText.number) ?? ""
            let input = locked ? HTML.escape(v.isEmpty ? "none" : "£" + v)
                : "<input class=\"small\" name=\"\(name)\" value=\"\(HTML.escape(v))\" placeholder=\"£\">"
            return Self.field(name, effectErrors, "<label>\(HTML.escape(label))</label>\(input)")
        }
        if PracticeModelChoice(rawValue: s.model) != .familyGroupConferences {
            body += costField("cost_setup", "Set-up, once in the first year (£)", costs.setup)
            body += costField("cost_per_year", "Running cost a year (£)", costs.perYear)
            for (role, value) in costs.perPost { body += costField("cost_post_\(role)", "A \(role.replacingOccurrences(of: "_", with: " ")) post a year (£)", value) }
        } else {
            body += "<p class=\"hint\">Family Group Conferences are an intervention: give their cost in the downloaded scenario file (its interventions block).</p>"
        }
        if !locked { body += "<button type=\"submit\" id=\"save-effects\">Save effect sizes and costs</button>" }
        body += "</form>"

        let notes = s.noteList
        if !notes.isEmpty {
            body += "<details><summary>Notes on the baseline's data (\(notes.count))</summary><ul>" + notes.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul></details>"
        }
        body += "<h2>Files</h2><ul class=\"plain\" id=\"scenario-files\">" + studio.files.files(in: folder).map {
            "<li>" + HTML.link("/scenarios/\(id)/files/\($0)", $0) + "</li>"
        }.joined() + "</ul><p class=\"hint\">The same files <code>caresim scenario</code> writes: compare them with <code>caresim compare baseline.yaml \(HTML.escape(Studio.editedFileIfAny(folder, s)))</code>.</p>"
        return body
    }

    func saveEffects(_ request: Request, _ id: Int64) async throws -> Response {
        let s = try scenarioRow(id)
        guard s.status == "ready" else { throw StudioError.conflict("the scenario is \(s.status): it can be edited once it is ready") }
        let runs = try await studio.store.queue.read { db in try RunRecord.filter(Column("scenarioId") == id).fetchCount(db) }
        if runs > 0 { throw StudioError.conflict("this scenario has \(runs) run\(runs == 1 ? "" : "s"), which must stay reproducible: duplicate it to change its effect sizes or costs") }
        let f = try await Form.read(request, limit: limit)
        let folder = studio.files.scenario(id)
        guard let original = s.alternativeFile, let altPath = studio.files.regularFile(folder, original),
              let yaml = try? String(contentsOfFile: altPath, encoding: .utf8) else {
            throw StudioError.conflict("the scenario's files are missing")
        }
        var merged = ScenarioEdits(s.editList)
        let effects = EffectSize.find(yaml: yaml, edits: merged)
        var errors: [String: String] = [:]
        var edits = ScenarioEdits()
        for (i, e) in effects.enumerated() where e.editable {
            guard let lowText = f["low\(i)"], let highText = f["high\(i)"], f["path\(i)"] == e.path else { continue }
            // Unchanged when it is what the page showed (rounded for display).
            if let shown = e.distribution.range95, lowText == ScenarioText.number(shown.low), highText == ScenarioText.number(shown.high) { continue }
            guard let low = Double(lowText), let high = Double(highText) else {
                errors[e.path] = "\(e.path): expected two numbers, low and high, got '\(lowText)' and '\(highText)'"
                continue
            }
            guard let moved = e.distribution.withRange95(low: low, high: high) else {
                errors[e.path] = "\(e.path): expected a range low < high that a \(e.distribution.name) distribution can have"
                    + (e.distribution.name == "beta" ? " (within 0 to 1, and narrower than a share's spread allows)" : e.distribution.name == "lognormal" ? " (above 0)" : "")
                    + ", got \(lowText) to \(highText)"
                continue
            }
            edits.set(e.path, distribution: moved)
        }
        let key = PracticeModelChoice(rawValue: s.model)?.key ?? s.model
        let costs = ModelCosts.find(yaml: yaml, key: key, edits: merged)
        func cost(_ field: String, _ path: String, _ current: Double?) {
            guard let text = f[field] else { return }
            if text.isEmpty { return }
            guard let v = Double(text.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "£", with: "")), v >= 0, v.isFinite else {
                errors[field] = "costs.practice_models.\(key).\(path): expected an amount of pounds >= 0, got '\(text)'"
                return
            }
            if v != current { edits.setCost(key: key, path, v) }
        }
        cost("cost_setup", "setup", costs.setup)
        cost("cost_per_year", "per_year", costs.perYear)
        for (role, value) in costs.perPost { cost("cost_post_\(role)", "per_post.\(role)", value) }
        if !errors.isEmpty {
            return try scenarioPage(id, effectErrors: errors, form: f, status: .badRequest)
        }
        if edits.isEmpty { return Reply.seeOther("/scenarios/\(id)") }
        // Written beside the scenario's files and validated as caresim validate does before it replaces anything.
        merged.apply(edits)
        let text = merged.yaml(extending: original, name: s.name)
        let trialPath = (folder as NSString).appendingPathComponent(".trial-\(UUID().uuidString).yaml")
        try Data(text.utf8).write(to: URL(fileURLWithPath: trialPath))
        defer { try? FileManager.default.removeItem(atPath: trialPath) }
        do {
            _ = try Scenario.load(file: trialPath)
        } catch {
            for issue in error.issues {
                let target = effects.first { issue.path.hasPrefix($0.path) }?.path
                    ?? (issue.path.contains(".per_post.") ? "cost_post_" + (issue.path.split(separator: ".").last.map(String.init) ?? "")
                        : issue.path.hasSuffix(".setup") ? "cost_setup" : issue.path.hasSuffix(".per_year") ? "cost_per_year" : "")
                errors[target, default: ""] += (errors[target] == nil ? "" : "; ") + "\(issue.path): \(issue.message)"
            }
            return try scenarioPage(id, effectErrors: errors, form: f, status: .badRequest)
        }
        try studio.files.writeAtomically(text, folder: folder, name: Studio.editedFile)
        let list = String(decoding: try JSONEncoder().encode(merged.list), as: UTF8.self)
        try await studio.store.queue.write { db in
            try db.execute(sql: "UPDATE scenario SET edits = ? WHERE id = ?", arguments: [list, id])
        }
        return Reply.seeOther("/scenarios/\(id)")
    }

    /// A scenario whose writing failed (or was interrupted by a stop) is written again.
    func rebuildScenario(_ id: Int64) async throws -> Response {
        let s = try scenarioRow(id)
        guard s.status == "failed" else { throw StudioError.conflict("the scenario is \(s.status): only a failed one is written again") }
        try await studio.store.queue.write { db in
            try db.execute(sql: "UPDATE scenario SET status = 'building', error = NULL WHERE id = ?", arguments: [id])
        }
        try await enqueue(.scenario(id), studio.buildScenario(id)) { db in
            try db.execute(sql: "UPDATE scenario SET status = 'failed', error = ? WHERE id = ?", arguments: ["the queue was full", id])
        }
        return Reply.seeOther("/scenarios/\(id)")
    }

    func renameScenario(_ request: Request, _ id: Int64) async throws -> Response {
        _ = try scenarioRow(id)
        let f = try await Form.read(request, limit: limit)
        let name = f["name"] ?? ""
        guard !name.isEmpty, name.count <= 200 else { throw StudioError.badRequest("name: expected 1 to 200 characters, got \(name.count)") }
        try await studio.store.queue.write { db in try db.execute(sql: "UPDATE scenario SET name = ? WHERE id = ?", arguments: [name, id]) }
        return Reply.seeOther("/scenarios/\(id)")
    }

    func duplicateScenario(_ id: Int64) throws -> Response {
        let s = try scenarioRow(id)
        guard s.status == "ready" else { throw StudioError.conflict("the scenario is \(s.status): only a ready scenario can be duplicated") }
        let from = studio.files.scenario(id)
        // The copy's files first (staged and swapped in), then its row.
        let newID: Int64 = try studio.store.queue.write { db in
            var copy = s
            copy.id = nil
            copy.name = s.name + " (copy)"
            copy.status = "building"
            copy.createdAt = Date()
            try copy.insert(db)
            return copy.id!
        }
        do {
            let staged = try StagedResults(directory: studio.files.scenario(newID))
            for name in studio.files.files(in: from) {
                guard let path = studio.files.regularFile(from, name) else { continue }
                try staged.write(try String(contentsOfFile: path, encoding: .utf8), to: name)
            }
            try staged.commit()
            try studio.store.queue.write { db in try db.execute(sql: "UPDATE scenario SET status = 'ready' WHERE id = ?", arguments: [newID]) }
        } catch {
            try studio.store.queue.write { db in
                try db.execute(sql: "UPDATE scenario SET status = 'failed', error = ? WHERE id = ?", arguments: ["copying the files failed: \(error)", newID])
            }
        }
        return Reply.seeOther("/scenarios/\(newID)")
    }

    func deleteScenario(_ id: Int64) throws -> Response {
        let s = try scenarioRow(id)
        if s.status == "building" { throw StudioError.conflict("the scenario is still being written: delete it when it is ready or failed") }
        let runs = try studio.store.queue.read { db in try RunRecord.filter(Column("scenarioId") == id).fetchCount(db) }
        if runs > 0 { throw StudioError.conflict("the scenario has \(runs) run\(runs == 1 ? "" : "s"): delete them first (each run's page has a Delete button)") }
        // The row first: a crash before the folder's removal leaves a folder without a row, which the next start removes.
        try studio.store.queue.write { db in _ = try ScenarioRecord.deleteOne(db, key: id) }
        studio.files.remove(studio.files.scenario(id))
        return Reply.seeOther("/scenarios")
    }

    func scenarioFile(_ id: Int64, _ name: String) throws -> Response {
        _ = try scenarioRow(id)
        guard let path = studio.files.regularFile(studio.files.scenario(id), name) else {
            throw StudioError.notFound("scenario \(id) has no file '\(name)'")
        }
        return try Reply.file(path, name: name)
    }
}

extension Studio {
    static func editedFileIfAny(_ folder: String, _ s: ScenarioRecord) -> String {
        FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(editedFile)) ? editedFile : (s.alternativeFile ?? "")
    }
}
