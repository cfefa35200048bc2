import ArgumentParser
import CareSim
import CareSimStudio
import Foundation

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start CareSim Studio: the model in a web browser, on this machine (authorities, practice models, paired runs, reports).",
        discussion: """
        Open the address it prints in a browser. Pick an authority, see its baseline, add a practice \
        model with a form, run the paired comparison, read the saving and the report, download every \
        file. Scenarios and runs are kept in --db (SQLite) and its storage folder beside it \
        (<db name>-files/), so they are there after a restart; a run that was going when the studio \
        stopped is marked failed. Runs go through a queue: --jobs run at once (each on every core), \
        up to --queue wait, more are refused until some finish.

        The studio listens on 127.0.0.1 (this machine only) by default. Another --host (such as \
        0.0.0.0 on a council server) needs an access token: --token TOKEN, or one is generated and \
        printed; every request must then carry it (the printed address sets it in the browser). \
        Nothing is fetched from or sent to the network.
        """ + "\n\n" + DataOptions.discussion
    )

    @Option(help: "The address to listen on (127.0.0.1: this machine only).")
    var host = "127.0.0.1"

    @Option(help: "The port (0: any free port, printed).")
    var port = 8080

    @Option(help: "The studio's database (SQLite); its files go in <name>-files/ beside it (default: ~/.local/share/caresim/studio.sqlite).")
    var db: String?

    @Option(help: "The access token every request must carry (required to listen beyond 127.0.0.1; generated when not given there).")
    var token: String?

    @Option(help: "Runs at once (each uses every core).")
    var jobs = 1

    @Option(help: "Runs that may wait in the queue; more are refused (HTTP 429) until some finish.")
    var queue = 64

    @Flag(help: "Write scenarios without fitting the baseline by simulation (faster, less exact: caresim scenario --no-fit).")
    var noFit = false

    @OptionGroup var dataOptions: DataOptions

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port: expected 0 to 65535, got \(port)") }
        if jobs < 1 { throw ValidationError("--jobs: expected at least 1, got \(jobs)") }
        if queue < 0 { throw ValidationError("--queue: expected 0 or more, got \(queue)") }
        if let token, token.count < 16 || !token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) }) {
            throw ValidationError("--token: expected at least 16 letters, digits, - or _, got \(token.count) characters")
        }
    }

    static let isLoopback: @Sendable (String) -> Bool = { ["127.0.0.1", "localhost", "::1"].contains($0) }

    func run() async throws {
        let paths = try dataOptions.paths(year: 2015, needs: [.data, .base, .englandTargets])
        let data = paths.data!, base = paths.base!
        let givenTargets = dataOptions.englandTargets
        let root = try? DataRoot.locate()
        let database = db ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/share/caresim/studio.sqlite")
        var config = Studio.Configuration(database: database, data: data, englandScenario: base, englandTargets: { year in
            givenTargets ?? root?.englandTargets(year: year) ?? CareSim.Baseline.defaultEnglandTargets(year: year)
        })
        config.limits = JobQueue.Limits(workers: jobs, capacity: queue)
        config.fit = !noFit
        var accessToken = token
        if accessToken == nil, !Self.isLoopback(host) {
            var bytes = [UInt8](repeating: 0, count: 24)
            for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255) }
            accessToken = bytes.map { String(format: "%02x", $0) }.joined()
        }
        let studio: Studio
        do { studio = try Studio(config) } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        let server = StudioServer(studio: studio, token: accessToken)
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let tokenShown = accessToken
        let listening: @Sendable (Int) async -> Void = { bound in
            let address = "http://\(shownHost == "0.0.0.0" ? (ProcessInfo.processInfo.hostName) : shownHost):\(bound)/" + (tokenShown.map { "?token=\($0)" } ?? "")
            FileHandle.standardOutput.write(Data(("CareSim Studio: open \(address)\n"
                + "scenarios and runs in \(database) and \(studio.files.root.path); stop with Ctrl-C\n").utf8))
        }
        do {
            try await server.run(host: host, port: port, onRunning: listening)
        } catch {
            printError("error: the studio could not listen on \(host):\(port): \(error)")
            throw ExitCode(1)
        }
    }
}
