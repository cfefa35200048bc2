import CareSim
import Foundation
import GRDB
import Testing
@testable import CareSimStudio

/// Every route of the studio over HTTP: status codes, the validation messages beside their
/// fields, escaping, path traversal, the job queue's bound, cancellation, persistence across a
/// restart, and the token. Scenarios are written without the fit (Configuration.fit = false) and
/// runs are of a few pairs, so the suite takes seconds.
@Suite(.serialized) struct StudioRouteTests {
    @Test func pagesSearchAndErrors() async throws {
        try await LiveStudio.serveNew { s in
            let home = try await s.get("/")
            #expect(home.status == 200)
            #expect(home.body.contains("id=\"q\""))
            #expect(try await s.get("/static/studio.css").status == 200)
            let js = try await s.get("/static/studio.js")
            #expect(js.status == 200 && js.headers["content-type"]?.contains("javascript") == true)

            let leeds = try await s.get("/authorities?q=leeds")
            #expect(leeds.body.contains("/authorities/E08000035"))
            let byCode = try await s.get("/authorities?q=E08000035")
            #expect(byCode.body.contains(">Leeds<"))
            let near = try await s.get("/authorities?q=north%20yorks%20county")
            #expect(near.body.contains("search-hint") && near.body.contains("North Yorkshire"), "near names as the CLI gives them")

            let page = try await s.get("/authorities/E08000035")
            #expect(page.status == 200 && page.body.contains("scenario-form") && page.body.contains("Build the baseline"))
            #expect(try await s.get("/authorities/E99999999").status == 404)
            #expect(try await s.get("/authorities/..%2F..%2Fetc").status == 404)
            #expect(try await s.get("/authorities/E08000035?year=1999").status == 400)
            #expect(try await s.get("/scenarios/12345").status == 404)
            #expect(try await s.get("/runs/12345").status == 404)
            #expect(try await s.get("/runs/abc").status == 404)
            let missing = try await s.get("/no/such/page")
            #expect(missing.status == 404 && missing.body.contains("there is no page"))
            #expect(!missing.body.contains("Error(") && !missing.body.contains(".swift"), "no internals in an error page")
            let json = try await s.get("/runs/12345", headers: ["Accept": "application/json"])
            #expect(json.status == 404 && (json.json["error"] as? String)?.contains("no run 12345") == true)
            let posted = try await s.post("/", [:])
            #expect(posted.status == 405 || posted.status == 404)
        }
    }

    @Test func scenarioFormValidatesBesideEachField() async throws {
        try await LiveStudio.serveNew { s in
            let studio = s.studio
            let path = "/authorities/E08000035/scenarios?year=2015"
            let badModel = try await s.post(path, ["model": "magic", "coverage_kind": "all"])
            #expect(badModel.status == 400)
            #expect(badModel.body.contains("id=\"error-model\"") && badModel.body.contains("--model: expected one of family-safeguarding"))
            let badK = try await s.post(path, ["model": "family-safeguarding", "coverage_kind": "localities", "k": "11", "n": "10"])
            #expect(badK.status == 400 && badK.body.contains("id=\"error-localities\""))
            #expect(badK.body.contains("value=\"11\""), "the form keeps what was typed")
            let badShare = try await s.post(path, ["model": "no-wrong-door", "coverage_kind": "share", "coverage": "1.5"])
            #expect(badShare.status == 400 && badShare.body.contains("--coverage: expected a share above 0 and at most 1, got &#39;1.5&#39;"))
            let big = try await s.post(path, ["model": "family-safeguarding", "name": String(repeating: "x", count: 70_000)])
            #expect(big.status == 413)
            let json = try await s.request("POST", path, body: Data("{}".utf8), headers: ["Content-Type": "application/json"])
            #expect(json.status == 400 && json.body.contains("expected a form"))
            let count = try await studio.store.queue.read { try ScenarioRecord.fetchCount($0) }
            #expect(count == 0, "nothing is created from a refused form")
        }
    }

    @Test func scenarioRunResultsFilesAndEscaping() async throws {
        try await LiveStudio.serveNew { s in
            let studio = s.studio
            let evil = "<script>alert(1)</script>"
            let id = try await s.createScenario(["model": "family-safeguarding", "coverage_kind": "localities", "k": "4", "n": "10", "name": evil])
            let page = try await s.get("/scenarios/\(id)")
            #expect(page.status == 200)
            #expect(!page.body.contains(evil) && page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "a user's name is escaped")
            #expect(page.body.contains("practice_models.family_safeguarding.engagement") && page.body.contains("grade"))
            #expect(page.body.contains("4 of 10 localities"))
            for f in ["baseline.yaml", "family-safeguarding.yaml", "leeds-2014-15.yaml", "targets.csv"] {
                #expect(try await s.get("/scenarios/\(id)/files/\(f)").status == 200, "download \(f)")
            }

            // Runs: validation, then a real one.
            let one = try await s.post("/scenarios/\(id)/runs", ["replications": "1", "years": "1"])
            #expect(one.status == 400 && one.body.contains("an interval needs two pairs"))
            let run = try await s.startRun(id, replications: 3, years: 1)
            let done = try await s.waitFinished("/runs/\(run)/progress")
            #expect(done["status"] as? String == "done")
            let result = try await s.get("/runs/\(run)")
            #expect(result.body.contains("id=\"saving\"") && result.body.contains("id=\"saving-ci\"") && result.body.contains("Net saving"))
            #expect(result.body.contains("id=\"differences\""))
            let report = try await s.get("/runs/\(run)/report")
            #expect(report.status == 200 && report.body.contains("chart-differences"))
            #expect(!report.body.contains(evil), "the report escapes the scenario's name too")
            let csv = try await s.get("/runs/\(run)/files/comparison.csv")
            #expect(csv.status == 200 && csv.body.hasPrefix("metric,") && csv.headers["content-disposition"]?.contains("attachment") == true)

            // Nothing outside the storage directory is reachable.
            let folder = studio.files.run(run)
            try FileManager.default.createSymbolicLink(atPath: folder + "/passwd.csv", withDestinationPath: "/etc/passwd")
            try "secret".write(toFile: studio.files.root.path + "/outside.csv", atomically: true, encoding: .utf8)
            for bad in ["..%2F..%2Fstudio.sqlite", "%2Fetc%2Fpasswd", "passwd.csv", "..%2Foutside.csv", "..%2F..%2Foutside.csv", ".", "%2E%2E", "manifest.json%00.csv"] {
                let r = try await s.get("/runs/\(run)/files/\(bad)")
                #expect(r.status == 404, "\(bad) -> \(r.status)")
                #expect(!r.body.contains("root:") && !r.body.contains("secret"))
            }
            #expect(try await s.get("/scenarios/\(id)/files/..%2F..%2Fruns%2F\(run)%2Fcomparison.csv").status == 404)

            // A scenario with runs is not edited or deleted: its runs stay reproducible.
            #expect(try await s.post("/scenarios/\(id)/effects", [:]).status == 409)
            #expect(try await s.post("/scenarios/\(id)/delete").status == 409)
            // Rename, duplicate, delete.
            #expect(try await s.post("/runs/\(run)/rename", ["name": "Leeds FS, saved"]).status == 303)
            #expect(try await s.get("/runs").body.contains("Leeds FS, saved"))
            #expect(try await s.post("/runs/\(run)/rename", ["name": ""]).status == 400)
            let copy = try await s.post("/scenarios/\(id)/duplicate")
            #expect(copy.status == 303)
            let copyID = Int64(copy.location!.split(separator: "/").last!)!
            #expect(try await s.get("/scenarios/\(copyID)/files/baseline.yaml").status == 200)
            #expect(try await s.post("/runs/\(run)/delete").status == 303)
            #expect(try await s.get("/runs/\(run)").status == 404)
            #expect(!FileManager.default.fileExists(atPath: folder), "deleting a run removes its files")
            #expect(FileManager.default.fileExists(atPath: studio.files.root.path + "/outside.csv"), "and nothing else")
            #expect(try await s.post("/scenarios/\(id)/delete").status == 303)
            #expect(!FileManager.default.fileExists(atPath: studio.files.scenario(id)))
        }
    }

    @Test func effectSizesEditedAsRangesAndCosts() async throws {
        try await LiveStudio.serveNew { s in
            let studio = s.studio
            let original = try await s.createScenario(["model": "no-wrong-door", "coverage_kind": "all"])
            let page = try await s.get("/scenarios/\(original)")
            #expect(page.body.contains("id=\"cost-missing\""), "no published cost: the page says a cost is needed for a saving")
            // Without the model's cost no saving is shown (the report keeps the gross one, labelled).
            let grossRun = try await s.startRun(original, replications: 2, years: 1)
            _ = try await s.waitFinished("/runs/\(grossRun)/progress")
            let grossPage = try await s.get("/runs/\(grossRun)")
            #expect(grossPage.body.contains("id=\"saving-needs-cost\"") && !grossPage.body.contains("id=\"saving\""))
            #expect(try await s.get("/runs").body.contains("cost not given"))
            // A scenario with runs is edited in a duplicate.
            let copy = try await s.post("/scenarios/\(original)/duplicate")
            let id = Int64(try #require(copy.location).split(separator: "/").last!)!
            let text = try String(contentsOfFile: studio.files.scenario(id) + "/no-wrong-door.yaml", encoding: .utf8)
            let effects = EffectSize.find(yaml: text)
            let beta = try #require(effects.firstIndex { $0.distribution.name == "beta" && $0.editable })
            // A beta's range outside 0...1 is refused beside its field, with nothing written.
            let bad = try await s.post("/scenarios/\(id)/effects", ["path\(beta)": effects[beta].path, "low\(beta)": "-0.5", "high\(beta)": "0.9", "cost_setup": "abc"])
            #expect(bad.status == 400)
            #expect(bad.body.contains("\(effects[beta].path): expected a range low &lt; high that a beta distribution can have"))
            #expect(bad.body.contains("id=\"error-cost_setup\"") && bad.body.contains("expected an amount of pounds &gt;= 0, got &#39;abc&#39;"))
            #expect(!FileManager.default.fileExists(atPath: studio.files.scenario(id) + "/" + Studio.editedFile))
            // A good range and a cost: written as a scenario extending the model's, which loads.
            let good = try await s.post("/scenarios/\(id)/effects", ["path\(beta)": effects[beta].path, "low\(beta)": "0.2", "high\(beta)": "0.5",
                                                                   "cost_setup": "100000", "cost_per_year": "250,000"])
            #expect(good.status == 303)
            let edited = studio.files.scenario(id) + "/" + Studio.editedFile
            let scenario = try Scenario.load(file: edited)
            #expect(scenario.name == "Leeds with No Wrong Door (copy)")
            let editedText = try String(contentsOfFile: edited, encoding: .utf8)
            #expect(editedText.contains("extends: no-wrong-door.yaml") && editedText.contains("per_year: 250000"))
            let after = EffectSize.find(yaml: try String(contentsOfFile: studio.files.scenario(id) + "/no-wrong-door.yaml", encoding: .utf8),
                                        edits: ScenarioEdits(try #require(try await studio.store.queue.read { try ScenarioRecord.fetchOne($0, key: id) }).editList))
            let range = try #require(after[beta].distribution.range95)
            #expect(after[beta].edited)
            #expect(abs(range.low - 0.2) < 0.03 && abs(range.high - 0.5) < 0.03, "refitted by moments: close to the range typed, \(range)")
            #expect(!(try await s.get("/scenarios/\(id)").body.contains("id=\"cost-missing\"")), "a cost given: the saving will be net")
            // The comparison runs with the edited file, and the saving is net.
            let run = try await s.startRun(id, replications: 2, years: 1)
            _ = try await s.waitFinished("/runs/\(run)/progress")
            let row = try #require(try await studio.store.queue.read { try RunRecord.fetchOne($0, key: run) })
            #expect(row.status == "done" && row.savingBasis == "net", "\(row.status) \(row.error ?? "")")
            // Run again: the same scenario, pairs, years and seed give the same figures, byte for byte.
            let again = try await s.post("/runs/\(run)/again")
            let second = Int64(try #require(again.location).split(separator: "/").last!)!
            _ = try await s.waitFinished("/runs/\(second)/progress")
            let other = try #require(try await studio.store.queue.read { try RunRecord.fetchOne($0, key: second) })
            #expect(other.savingMean == row.savingMean && other.savingLow == row.savingLow)
            for f in ["comparison.csv", "savings.csv", "replications.csv"] {
                #expect(FileManager.default.contents(atPath: studio.files.run(run) + "/" + f) == FileManager.default.contents(atPath: studio.files.run(second) + "/" + f), "\(f)")
            }
        }
    }

    @Test func queueBoundCancellationAndRestart() async throws {
        let db = LiveStudio.temporaryDatabase()
        defer { LiveStudio.remove(db) }
        var config = LiveStudio.configuration(database: db, workers: 1, capacity: 1)
        config.threads = 1
        var studio: Studio? = try Studio(config)
        let (scenario, cancelled, finished, saving): (Int64, Int64, Int64, String) = try await LiveStudio.serve(studio!) { s in
            let id = try await s.createScenario(["model": "family-safeguarding", "coverage_kind": "all"])
            let long = try await s.startRun(id, replications: 400, years: 1)  // runs: minutes unless cancelled
            let waiting = try await s.startRun(id, replications: 2, years: 1)
            let refused = try await s.post("/scenarios/\(id)/runs", ["replications": "2", "years": "1"])
            #expect(refused.status == 429 && refused.body.contains("queue is full"), "one running, one waiting: the bound")
            #expect(try await s.post("/runs/\(long)/delete").status == 409, "a running run is cancelled before it is deleted")
            // Cancelling the running one: it stops between pairs and keeps nothing; the waiting one then runs.
            while try await s.get("/runs/\(long)/progress", headers: ["Accept": "application/json"]).json["status"] as? String != "running" {
                try await Task.sleep(nanoseconds: 50_000_000)
            }
            #expect(try await s.post("/runs/\(long)/cancel").status == 303)
            let c = try await s.waitFinished("/runs/\(long)/progress", seconds: 60)
            #expect(c["status"] as? String == "cancelled")
            #expect(!FileManager.default.fileExists(atPath: s.studio.files.run(long)))
            let d = try await s.waitFinished("/runs/\(waiting)/progress")
            #expect(d["status"] as? String == "done")
            #expect(try await s.post("/runs/\(waiting)/cancel").status == 409)
            let page = try await s.get("/runs/\(waiting)")
            let saving = String(page.body.split(separator: "id=\"saving\">").last!.prefix(while: { $0 != "<" }))
            return (id, long, waiting, saving)
        }
        // A run left running by a crash: marked failed at the next start, not left running forever.
        try await studio!.store.queue.write { db in
            var r = RunRecord(scenarioId: scenario, name: "interrupted", status: "running", replications: 5, years: 1, seed: 1, createdAt: Date())
            try r.insert(db)
        }
        studio = nil
        let reopened = try Studio(config)
        try await LiveStudio.serve(reopened) { s in
            let list = try await s.get("/runs")
            #expect(list.body.contains("/runs/\(finished)") && list.body.contains("/runs/\(cancelled)"))
            let page = try await s.get("/runs/\(finished)")
            #expect(page.body.contains("id=\"saving\">\(saving)<"), "the same figures after a restart")
            let interrupted = try await reopened.store.queue.read { try RunRecord.filter(Column("name") == "interrupted").fetchOne($0) }
            #expect(interrupted?.status == "failed" && interrupted?.error?.contains("stopped") == true)
        }
    }

    @Test func baselineListsRebuildAndSideBySide() async throws {
        try await LiveStudio.serveNew { s in
            let studio = s.studio
            // An authority's baseline: its own targets checked, its caveats, its report with the fan charts.
            let rutland = "E06000017"
            #expect(try await s.get("/authorities/\(rutland)/baseline/report").status == 404, "no baseline yet")
            #expect(try await s.post("/authorities/\(rutland)/baseline?year=2015").status == 303)
            let b = try await s.waitFinished("/authorities/\(rutland)/baseline/status?year=2015")
            #expect(b["status"] as? String == "done")
            let page = try await s.get("/authorities/\(rutland)")
            #expect(page.body.contains("id=\"targets-met\"") && page.body.contains("published targets of 2014-15"))
            let met = page.body.split(separator: "id=\"targets-met\">Meets <strong>").last.flatMap { Int($0.prefix { $0.isNumber }) }
            #expect((met ?? 0) > 30, "the baseline meets most of its own targets: \(met ?? -1)")
            let report = try await s.get("/authorities/\(rutland)/baseline/report")
            #expect(report.status == 200 && report.body.contains("chart-years"))
            #expect(!report.body.contains(studio.files.root.path), "no storage paths in a page")
            #expect(try await s.post("/authorities/\(rutland)/baseline?year=2015").status == 303, "built once; asking again shows it")
            #expect(try await s.post("/authorities/E99999999/baseline?year=2015").status == 404)

            // Lists, rename, a failed scenario written again, two runs side by side.
            let id = try await s.createScenario(["model": "family-safeguarding", "coverage_kind": "share", "coverage": "0.5"], code: rutland)
            #expect(try await s.post("/scenarios/\(id)/rename", ["name": "Rutland, half"]).status == 303)
            #expect(try await s.get("/scenarios").body.contains("Rutland, half"))
            #expect(try await s.post("/scenarios/\(id)/rebuild").status == 409, "only a failed scenario is written again")
            try await studio.store.queue.write { db in try db.execute(sql: "UPDATE scenario SET status = 'failed', error = 'x' WHERE id = ?", arguments: [id]) }
            studio.files.remove(studio.files.scenario(id))
            #expect(try await s.get("/scenarios/\(id)").body.contains("id=\"rebuild-scenario\""))
            #expect(try await s.post("/scenarios/\(id)/rebuild").status == 303)
            #expect(try await s.waitFinished("/scenarios/\(id)/status")["status"] as? String == "ready")
            let a = try await s.startRun(id, replications: 2, years: 1, name: "first")
            let c = try await s.startRun(id, replications: 3, years: 1, name: "second")
            _ = try await s.waitFinished("/runs/\(a)/progress")
            _ = try await s.waitFinished("/runs/\(c)/progress")
            let side = try await s.get("/runs/compare?a=\(a)&b=\(c)")
            #expect(side.status == 200 && side.body.contains("A: first") && side.body.contains("B: second") && side.body.contains("cp_plans_started"))
            #expect(try await s.get("/runs/compare?a=\(a)").status == 400)
            #expect(try await s.get("/runs/compare?a=\(a)&b=999").status == 404)
        }
    }

    @Test func tokenWhenSet() async throws {
        let db = LiveStudio.temporaryDatabase()
        defer { LiveStudio.remove(db) }
        let studio = try Studio(LiveStudio.configuration(database: db))
        let token = "abcdefghijklmnop0123"
        try await LiveStudio.serve(studio, token: token) { s in
            #expect(try await s.get("/").status == 403)
            #expect(try await s.get("/static/studio.css").status == 403)
            #expect(try await s.get("/?token=wrongwrongwrongwrong").status == 403)
            #expect(try await s.get("/", headers: ["Authorization": "Bearer \(token)"]).status == 200)
            let set = try await s.get("/runs?token=\(token)")
            #expect(set.status == 303 && set.location == "/runs" && set.headers["set-cookie"]?.contains("caresim_studio_token=\(token)") == true)
            #expect(try await s.get("/runs", headers: ["Cookie": "caresim_studio_token=\(token)"]).status == 200)
        }
    }

    @Test func storageIsTheStudiosOwn() async throws {
        // A folder with someone else's files is not taken over.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caresim-studio-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("studio-files"), withIntermediateDirectories: true)
        try "mine".write(to: dir.appendingPathComponent("studio-files/notes.txt"), atomically: true, encoding: .utf8)
        #expect(throws: Studio.StartError.self) { try Studio(LiveStudio.configuration(database: dir.appendingPathComponent("studio.sqlite").path)) }
        #expect(try String(contentsOf: dir.appendingPathComponent("studio-files/notes.txt"), encoding: .utf8) == "mine")
        try? FileManager.default.removeItem(at: dir)
        // One studio per database.
        let db = LiveStudio.temporaryDatabase()
        defer { LiveStudio.remove(db) }
        let first = try Studio(LiveStudio.configuration(database: db))
        #expect(throws: Studio.StartError.self) { try Studio(LiveStudio.configuration(database: db)) }
        _ = first
    }
}
