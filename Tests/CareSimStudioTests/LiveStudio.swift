import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import CareSim
@testable import CareSimStudio

/// A studio serving on a free port of 127.0.0.1 for the length of a test, and a client that
/// speaks HTTP to it as a browser would (without following redirects, so each status is seen).
/// The studio's tests go through the whole stack: Hummingbird's HTTP server, the routes, the
/// store and the files.
struct LiveStudio {
    let studio: Studio
    let port: Int
    let token: String?

    /// A fresh storage folder under the system's temporary directory.
    static func temporaryDatabase() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caresim-studio-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("studio.sqlite").path
    }

    /// Removes a test's folder (the database's).
    static func remove(_ database: String) {
        try? FileManager.default.removeItem(atPath: (database as NSString).deletingLastPathComponent)
    }

    /// The repository's data, England scenario and targets (tests run from the package root).
    static func configuration(database: String, workers: Int = 1, capacity: Int = 64) -> Studio.Configuration {
        var c = Studio.Configuration(database: database, data: "data", englandScenario: "scenarios/england-2014-15.yaml",
                                     englandTargets: { Baseline.defaultEnglandTargets(year: $0) })
        c.fit = false
        c.threads = 2
        c.limits = JobQueue.Limits(workers: workers, capacity: capacity)
        c.maxBody = 64 * 1024
        return c
    }

    /// A new studio (`configuration`) on a fresh storage folder, served while `body` runs; the
    /// folder is removed afterwards.
    static func serveNew<T: Sendable>(_ body: @Sendable (LiveStudio) async throws -> T) async throws -> T {
        let db = temporaryDatabase()
        defer { remove(db) }
        return try await serve(try Studio(configuration(database: db)), body)
    }

    /// Serves `studio` while `body` runs, then stops the server (the studio stays open for the caller).
    static func serve<T: Sendable>(_ studio: Studio, token: String? = nil, _ body: @Sendable (LiveStudio) async throws -> T) async throws -> T {
        let server = StudioServer(studio: studio, token: token)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        // Stopped by cancelling its task, which the server logs as errors about open connections: not shown.
        let app = server.application(host: "127.0.0.1", port: 0, logLevel: .critical) { port in continuation.yield(port) }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await app.runService()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw TestFailure("the server did not start") }
            let live = LiveStudio(studio: studio, port: port, token: token)
            do {
                let result = try await body(live)
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    struct Reply: Sendable {
        var status: Int
        var headers: [String: String]
        var body: String
        var location: String? { headers["location"] }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:] }
    }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> Reply {
        try await request("GET", path, body: nil, headers: headers)
    }

    /// A form post (application/x-www-form-urlencoded).
    func post(_ path: String, _ fields: [String: String] = [:], headers: [String: String] = [:]) async throws -> Reply {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = fields.sorted { $0.key < $1.key }.map {
            "\($0.key.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&")
        return try await request("POST", path, body: Data(body.utf8), headers: ["Content-Type": "application/x-www-form-urlencoded"].merging(headers) { $1 })
    }

    func request(_ method: String, _ path: String, body: Data?, headers: [String: String] = [:]) async throws -> Reply {
        var r = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        r.httpMethod = method
        r.httpBody = body
        for (k, v) in headers { r.setValue(v, forHTTPHeaderField: k) }
        let session = URLSession(configuration: .ephemeral, delegate: NoRedirects(), delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        return try await withCheckedThrowingContinuation { continuation in
            session.dataTask(with: r) { data, response, error in
                if let error { return continuation.resume(throwing: error) }
                let http = response as! HTTPURLResponse
                var headers: [String: String] = [:]
                for (k, v) in http.allHeaderFields { headers[String(describing: k).lowercased()] = String(describing: v) }
                continuation.resume(returning: Reply(status: http.statusCode, headers: headers, body: String(decoding: data ?? Data(), as: UTF8.self)))
            }.resume()
        }
    }

    /// Polls a JSON status address until it says finished (or `seconds` pass).
    func waitFinished(_ path: String, seconds: Double = 120) async throws -> [String: Any] {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            let j = try await get(path, headers: ["Accept": "application/json"]).json
            if j["finished"] as? Bool == true { return j }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw TestFailure("\(path) did not finish within \(seconds) s")
    }

    /// Creates a scenario by the form and waits until it is written; returns its id.
    func createScenario(_ fields: [String: String], code: String = "E08000035") async throws -> Int64 {
        let r = try await post("/authorities/\(code)/scenarios?year=2015", fields)
        guard r.status == 303, let location = r.location, let id = Int64(location.split(separator: "/").last ?? "") else {
            throw TestFailure("creating a scenario: \(r.status) \(r.body.prefix(300))")
        }
        let j = try await waitFinished("/scenarios/\(id)/status")
        guard j["status"] as? String == "ready" else { throw TestFailure("scenario \(id) is \(j["status"] ?? "?"): \(try await get("/scenarios/\(id)").body.prefix(2000))") }
        return id
    }

    /// Starts a run of a scenario; returns its id.
    func startRun(_ scenario: Int64, replications: Int, years: Int = 1, name: String = "") async throws -> Int64 {
        let r = try await post("/scenarios/\(scenario)/runs", ["replications": "\(replications)", "years": "\(years)", "name": name])
        guard r.status == 303, let location = r.location, let id = Int64(location.split(separator: "/").last ?? "") else {
            throw TestFailure("starting a run: \(r.status) \(r.body.prefix(300))")
        }
        return id
    }
}

private final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
