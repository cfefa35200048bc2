import CareSim
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// CareSim Studio (`caresim serve`): the whole model through a browser on the analyst's own
/// machine. Holds the store (SQLite), the storage directory, the job queue and the published
/// figures' catalogue of authorities; `StudioServer` serves its pages.
public final class Studio: Sendable {
    public struct Configuration: Sendable {
        /// The SQLite file; its storage directory is beside it (`<name>-files/`).
        public var database: String
        /// The published figures (data/), the England scenario and the England targets of 2015.
        public var data: String
        public var englandScenario: String
        public var englandTargets: @Sendable (Int) -> String
        public var limits = JobQueue.Limits()
        /// Threads each run uses (default: every core).
        public var threads = ProcessInfo.processInfo.activeProcessorCount
        /// Whether scenarios are fitted by simulation, as `caresim scenario` does (tests turn it off).
        public var fit = true
        /// The largest request body accepted (forms), in bytes.
        public var maxBody = 256 * 1024
        /// The largest number of replications a run may ask for.
        public var maxReplications = 1000

        public init(database: String, data: String, englandScenario: String, englandTargets: @escaping @Sendable (Int) -> String) {
            self.database = database
            self.data = data
            self.englandScenario = englandScenario
            self.englandTargets = englandTargets
        }
    }

    public let configuration: Configuration
    public let store: StudioStore
    public let files: StudioFiles
    public let queue: JobQueue
    let catalogue: AuthorityCatalogue
    private let lockDescriptor: Int32

    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Opens the store and the storage directory (refusing a folder another process serves),
    /// marks work interrupted by a previous stop as failed, and removes what it left behind.
    public init(_ configuration: Configuration) throws {
        self.configuration = configuration
        let db = URL(fileURLWithPath: configuration.database).standardizedFileURL
        let folder = db.deletingLastPathComponent().appendingPathComponent(db.deletingPathExtension().lastPathComponent + "-files")
        do {
            try FileManager.default.createDirectory(at: db.deletingLastPathComponent(), withIntermediateDirectories: true)
            files = try StudioFiles(root: folder.path)
        } catch {
            throw StartError(description: "cannot use the storage directory \(folder.path): \(error)")
        }
        // One studio per storage directory: a second would fail the first's running jobs.
        let lockPath = files.root.appendingPathComponent(".lock").path
        lockDescriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lockDescriptor >= 0, flock(lockDescriptor, LOCK_EX | LOCK_NB) == 0 else {
            if lockDescriptor >= 0 { close(lockDescriptor) }
            throw StartError(description: "another caresim serve is using \(configuration.database) (its storage \(files.root.path) is locked); stop it or give another --db")
        }
        do {
            store = try StudioStore(path: db.path)
        } catch {
            throw StartError(description: "cannot open the database \(configuration.database): \(error)")
        }
        try store.failInterrupted()
        let (scenarios, runs) = try store.queue.read { db in
            (Set(try Int64.fetchAll(db, sql: "SELECT id FROM scenario")), Set(try Int64.fetchAll(db, sql: "SELECT id FROM run")))
        }
        files.sweep(keepScenarios: scenarios, keepRuns: runs)
        queue = JobQueue(limits: configuration.limits)
        catalogue = AuthorityCatalogue(data: configuration.data)
    }

    deinit {
        flock(lockDescriptor, LOCK_UN)
        close(lockDescriptor)
    }
}
