import CareSim
import Foundation
import GRDB
import Hummingbird
import Logging
import NIOCore

/// The studio's web server: the routes and the application (Hummingbird). Pages are rendered
/// on the server; the only script is `HTML.script`, served by the binary.
public struct StudioServer: Sendable {
    public let studio: Studio
    /// Required on every request when set (`--token`, needed to listen beyond loopback).
    public let token: String?

    public init(studio: Studio, token: String?) {
        self.studio = studio
        self.token = token
    }

    public typealias Context = BasicRequestContext

    public func router() -> Router<Context> {
        let router = Router(context: Context.self)
        router.add(middleware: ErrorPages())
        if let token { router.add(middleware: TokenCheck(token: token)) }
        router.get("/static/studio.css") { _, _ in Reply.text(HTML.css, contentType: "text/css; charset=utf-8") }
        router.get("/static/studio.js") { _, _ in Reply.text(HTML.script, contentType: "text/javascript; charset=utf-8") }
        router.get("/") { request, _ in try home(request) }
        router.get("/authorities") { request, _ in try home(request) }
        router.get("/authorities/:code") { request, context in try authority(request, context.parameters.require("code")) }
        router.post("/authorities/:code/baseline") { request, context in try await startBaseline(request, context.parameters.require("code")) }
        router.get("/authorities/:code/baseline/report") { request, context in try baselineReport(request, context.parameters.require("code")) }
        router.get("/authorities/:code/baseline/status") { request, context in try baselineStatus(request, context.parameters.require("code")) }
        router.post("/authorities/:code/scenarios") { request, context in try await createScenario(request, context.parameters.require("code")) }
        router.get("/scenarios") { _, _ in try scenarioList() }
        router.get("/scenarios/:id") { _, context in try scenarioPage(try id(context)) }
        router.get("/scenarios/:id/status") { _, context in try scenarioStatus(try id(context)) }
        router.post("/scenarios/:id/effects") { request, context in try await saveEffects(request, try id(context)) }
        router.post("/scenarios/:id/rebuild") { _, context in try await rebuildScenario(try id(context)) }
        router.post("/scenarios/:id/rename") { request, context in try await renameScenario(request, try id(context)) }
        router.post("/scenarios/:id/duplicate") { _, context in try duplicateScenario(try id(context)) }
        router.post("/scenarios/:id/delete") { _, context in try deleteScenario(try id(context)) }
        router.get("/scenarios/:id/files/:name") { _, context in try scenarioFile(try id(context), context.parameters.require("name")) }
        router.post("/scenarios/:id/runs") { request, context in try await createRun(request, try id(context)) }
        router.get("/runs") { _, _ in try runList() }
        router.get("/runs/compare") { request, _ in try compareRuns(request) }
        router.get("/runs/:id") { _, context in try await runPage(try id(context)) }
        router.get("/runs/:id/progress") { _, context in try await runProgress(try id(context)) }
        router.post("/runs/:id/cancel") { _, context in try await cancelRun(try id(context)) }
        router.post("/runs/:id/again") { _, context in try await runAgain(try id(context)) }
        router.post("/runs/:id/rename") { request, context in try await renameRun(request, try id(context)) }
        router.post("/runs/:id/delete") { _, context in try await deleteRun(try id(context)) }
        router.get("/runs/:id/report") { _, context in try runFile(try id(context), "report.html", inline: true) }
        router.get("/runs/:id/files/:name") { _, context in try runFile(try id(context), context.parameters.require("name")) }
        return router
    }

    func id(_ context: Context) throws -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else {
            throw StudioError.notFound("there is no such scenario or run: expected a number in the address")
        }
        return id
    }

    /// The application, listening on `host`:`port` (0: a free port, told to `onRunning`).
    public func application(host: String, port: Int, logLevel: Logger.Level = .warning,
                            onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        var logger = Logger(label: "caresim.serve")
        logger.logLevel = logLevel
        return Application(router: router(),
                           configuration: .init(address: .hostname(host, port: port), serverName: "CareSim Studio"),
                           onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
                           logger: logger)
    }

    /// Serves until the process is stopped (SIGINT or SIGTERM end it gracefully).
    public func run(host: String, port: Int, onRunning: @escaping @Sendable (Int) async -> Void) async throws {
        try await application(host: host, port: port, onRunning: onRunning).runService()
    }

    var limit: Int { studio.configuration.maxBody }

    /// Queues a job whose row is already written; when the queue is full, `undo` takes the row
    /// back and the request is refused with 429.
    func enqueue(_ key: JobQueue.Key, _ work: @escaping JobQueue.Work, undo: @escaping @Sendable (Database) throws -> Void) async throws {
        do { try await studio.queue.submit(key, work) } catch {
            try await studio.store.queue.write(undo)
            throw StudioError.tooMany(error.description)
        }
    }
}
