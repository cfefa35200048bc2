import CareSim
import Foundation
import GRDB
import Hummingbird

/// Picking an authority, its baseline (published history and projection, the targets it meets
/// and misses, the caveats about its data) and the form that adds a practice model.
extension StudioServer {
    static let years = 2013...2015

    func year(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters.get("year") else { return 2015 }
        guard let y = Int(text), Self.years.contains(y) else {
            throw StudioError.badRequest("year: expected a year ending 31 March from \(Self.years.lowerBound) to \(Self.years.upperBound), got '\(text)'")
        }
        return y
    }

    func home(_ request: Request) throws -> Response {
        let asked = request.uri.queryParameters.get("q")
        let query = asked ?? ""
        let year = try year(request)
        var body = """
        <p>Choose a local authority to see its baseline and try a practice model against it. Everything runs on this machine.</p>
        <form method="get" action="/authorities" role="search">
        <label for="q">Local authority (name or ONS code)</label>
        <input id="q" name="q" value="\(HTML.escape(query))" placeholder="Leeds, E08000035, ..." autofocus>
        <button type="submit">Search</button></form>
        """
        if asked != nil || request.uri.path == "/authorities" {  // an empty search lists every authority
            let found: (matches: [AuthorityCatalogue.Entry], hint: String?)
            do { found = try studio.catalogue.search(query, year: year) } catch {
                throw StudioError.conflict("the published figures cannot be read: \(error)")
            }
            if let hint = found.hint { body += "<p class=\"error\" id=\"search-hint\">\(HTML.escape(hint))</p>" }
            let rows = found.matches.prefix(200).map { e in
                [HTML.link("/authorities/\(e.authority.code)", e.authority.name), HTML.escape(e.authority.code),
                 HTML.escape(e.missingFrom.isEmpty ? "" : "not in: " + e.missingFrom.joined(separator: "; "))]
            }
            if !rows.isEmpty { body += HTML.table(["Authority", "Code", "Data"], rows, id: "authorities") }
        }
        let recent = try studio.store.queue.read { db in
            try ScenarioRecord.order(Column("id").desc).limit(10).fetchAll(db)
        }
        if !recent.isEmpty {
            body += "<h2>Recent scenarios</h2>" + scenarioTable(recent)
        }
        return Reply.html(HTML.page(title: "CareSim Studio", body: body))
    }

    func entry(_ code: String, year: Int) throws -> AuthorityCatalogue.Entry {
        guard StudioFiles.isAreaCode(code) else { throw StudioError.notFound("'\(code)' is not an ONS area code (a letter and eight digits)") }
        let e: AuthorityCatalogue.Entry?
        do { e = try studio.catalogue.authority(code: code, year: year) } catch {
            throw StudioError.conflict("the published figures cannot be read: \(error)")
        }
        guard let e else { throw StudioError.notFound("no local authority has the code \(code) in the figures of \(year)") }
        return e
    }

    func baselineRow(_ code: String, year: Int) throws -> BaselineRecord? {
        try studio.store.queue.read { db in
            try BaselineRecord.filter(Column("authorityCode") == code && Column("year") == year).fetchOne(db)
        }
    }

    func authority(_ request: Request, _ code: String) throws -> Response {
        let year = try year(request)
        let e = try entry(code, year: year)
        var body = "<p>ONS code \(HTML.escape(code)); published figures of the year ending 31 March \(year).</p>"
        if !e.missingFrom.isEmpty {
            body += "<p class=\"notice\">Not matched in: \(HTML.escape(e.missingFrom.joined(separator: "; "))). A baseline may not be possible.</p>"
        }
        body += "<h2>Baseline</h2>" + (try baselineSection(code, year: year))
        body += "<h2>Add a practice model</h2>" + scenarioForm(code: code, name: e.authority.name, year: year, values: Form(""), errors: [:])
        let scenarios = try studio.store.queue.read { db in
            try ScenarioRecord.filter(Column("authorityCode") == code).order(Column("id").desc).fetchAll(db)
        }
        if !scenarios.isEmpty { body += "<h2>Saved scenarios for \(HTML.escape(e.authority.name))</h2>" + scenarioTable(scenarios) }
        return Reply.html(HTML.page(title: e.authority.name, body: body))
    }

    func baselineSection(_ code: String, year: Int) throws -> String {
        guard let b = try baselineRow(code, year: year) else {
            return """
            <p>The baseline is the authority's own referrals, stocks and rates of the year, fitted by simulation, projected \
            \(Studio.baselineYears) years with nothing changed (\(Studio.baselineReplications) replications). It takes from a few seconds to a minute, by the authority's size.</p>
            \(HTML.button("/authorities/\(code)/baseline?year=\(year)", "Build the baseline", id: "build-baseline"))
            """
        }
        switch b.status {
        case "queued", "running":
            return """
            <div data-progress="/authorities/\(HTML.escape(code))/baseline/status?year=\(year)"><p>\(HTML.status(b.status)) \
            <span class="progress-text">building the baseline</span></p></div>
            """
        case "failed":
            return "<p>\(HTML.status("failed")) <span class=\"error\">\(HTML.escape(b.error ?? ""))</span></p>"
                + HTML.button("/authorities/\(code)/baseline?year=\(year)", "Try again", id: "build-baseline")
        default:
            let checks = b.checkList
            let met = checks.filter(\.met).count
            var s = "<p id=\"targets-met\">Meets <strong>\(met)</strong> of its \(checks.count) published targets of \(year - 1)-\(String(format: "%02d", year % 100)).</p>"
            let missed = checks.filter { !$0.met }
            if !missed.isEmpty {
                s += "<p>Missed:</p>" + HTML.table(["Measure", "Published", "Simulated (95% interval)", "Tolerance"], missed.map { c in
                    [HTML.escape(c.metric), HTML.figure(c.published, decimals: 4),
                     c.simulated.map { HTML.figure($0, decimals: 3) + (c.low.map { l in " (\(HTML.figure(l, decimals: 3)) to \(HTML.figure(c.high ?? l, decimals: 3)))" } ?? "") } ?? "none",
                     HTML.escape(c.tolerance)]
                }, id: "targets-missed")
            }
            let notes = b.noteList
            if !notes.isEmpty {
                s += "<details><summary>Caveats the baseline reports about \(HTML.escape(b.authorityName))'s figures (\(notes.count))</summary><ul>"
                    + notes.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul></details>"
            }
            s += "<p>Published history and the projection (fan charts), and the rest of the baseline's report: "
                + HTML.link("/authorities/\(code)/baseline/report?year=\(year)", "open the baseline report") + "</p>"
            s += "<iframe class=\"report\" title=\"Baseline report\" src=\"/authorities/\(HTML.escape(code))/baseline/report?year=\(year)\"></iframe>"
            return s
        }
    }

    func startBaseline(_ request: Request, _ code: String) async throws -> Response {
        let year = try year(request)
        let e = try entry(code, year: year)
        if let b = try baselineRow(code, year: year), b.status == "queued" || b.status == "running" || b.status == "done" {
            return Reply.seeOther("/authorities/\(code)?year=\(year)")
        }
        // A failed attempt's row and whatever it wrote go first (the studio's own folders).
        let folder = studio.files.baseline(code: code, year: year)
        studio.files.remove(folder)
        studio.files.remove(folder + ".scenario")
        let id: Int64 = try await studio.store.queue.write { db in
            try db.execute(sql: "DELETE FROM baseline WHERE authorityCode = ? AND year = ?", arguments: [code, year])
            var b = BaselineRecord(authorityCode: code, authorityName: e.authority.name, year: year, status: "queued", createdAt: Date())
            try b.insert(db)
            return b.id!
        }
        try await enqueue(.baseline(id), studio.buildBaseline(id)) { db in _ = try BaselineRecord.deleteOne(db, key: id) }
        return Reply.seeOther("/authorities/\(code)?year=\(year)")
    }

    func baselineStatus(_ request: Request, _ code: String) throws -> Response {
        let year = try year(request)
        guard StudioFiles.isAreaCode(code), let b = try baselineRow(code, year: year) else { throw StudioError.notFound("no baseline for \(code) in \(year)") }
        let finished = !["queued", "running"].contains(b.status)
        return Reply.json(["status": b.status, "finished": finished, "done": 0, "total": 0, "text": finished ? b.status : "building the baseline (\(b.status))"])
    }

    func baselineReport(_ request: Request, _ code: String) throws -> Response {
        let year = try year(request)
        guard StudioFiles.isAreaCode(code), let b = try baselineRow(code, year: year), b.status == "done",
              let path = studio.files.regularFile(studio.files.baseline(code: code, year: year), "report.html") else {
            throw StudioError.notFound("no baseline report for \(code) in \(year): build the baseline first")
        }
        return try Reply.file(path, name: "report.html", inline: true)
    }
}
