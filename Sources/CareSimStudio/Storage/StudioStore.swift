import Foundation
import GRDB

/// The studio's saved scenarios and runs, in SQLite (GRDB). Rows hold what a page lists and
/// the run's manifest; the files themselves are in the storage directory (`StudioFiles`), one
/// folder per scenario and per run, named by row id. A row is written only after its files are
/// in place, and removed together with them (`StudioFiles.remove`), so a crash leaves either
/// the old or the new state.
public final class StudioStore: Sendable {
    public let queue: DatabaseQueue

    public init(path: String) throws {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(5)
        queue = try DatabaseQueue(path: path, configuration: config)
        try Self.migrator.migrate(queue)
    }

    /// An in-memory store, for tests.
    public init() throws {
        var config = Configuration()
        config.foreignKeysEnabled = true
        queue = try DatabaseQueue(configuration: config)
        try Self.migrator.migrate(queue)
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.create(table: "scenario") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull()
                t.column("authorityCode", .text).notNull()
                t.column("authorityName", .text).notNull()
                t.column("model", .text).notNull()
                t.column("coverage", .double).notNull()
                t.column("localitiesK", .integer)
                t.column("localitiesN", .integer)
                t.column("year", .integer).notNull()
                t.column("fit", .boolean).notNull()
                // building | ready | failed
                t.column("status", .text).notNull()
                t.column("error", .text)
                // JSON: [{path, value}] applied to the alternative (edited effect sizes, costs).
                t.column("edits", .text).notNull().defaults(to: "[]")
                t.column("alternativeFile", .text)
                t.column("notes", .text).notNull().defaults(to: "[]")
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("scenario", onDelete: .restrict).notNull()
                t.column("name", .text).notNull()
                // queued | running | done | failed | cancelled
                t.column("status", .text).notNull()
                t.column("replications", .integer).notNull()
                t.column("years", .integer).notNull()
                t.column("seed", .integer).notNull()
                t.column("done", .integer).notNull().defaults(to: 0)
                t.column("error", .text)
                t.column("manifest", .text)
                t.column("savingMean", .double)
                t.column("savingLow", .double)
                t.column("savingHigh", .double)
                t.column("savingBasis", .text)
                t.column("createdAt", .datetime).notNull()
                t.column("startedAt", .datetime)
                t.column("finishedAt", .datetime)
            }
            try db.create(table: "baseline") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("authorityCode", .text).notNull()
                t.column("authorityName", .text).notNull()
                t.column("year", .integer).notNull()
                // queued | running | done | failed | cancelled
                t.column("status", .text).notNull()
                t.column("error", .text)
                t.column("notes", .text).notNull().defaults(to: "[]")
                t.column("checks", .text).notNull().defaults(to: "[]")
                t.column("createdAt", .datetime).notNull()
                t.uniqueKey(["authorityCode", "year"])
            }
        }
        return m
    }

    /// After a restart: work that was queued or running when the server stopped cannot resume
    /// (its process is gone), so it is marked failed, saying why.
    public func failInterrupted() throws {
        try queue.write { db in
            let why = "the studio stopped before this finished; run it again"
            try db.execute(sql: "UPDATE run SET status = 'failed', error = ?, finishedAt = ? WHERE status IN ('queued', 'running')",
                           arguments: [why, Date()])
            try db.execute(sql: "UPDATE scenario SET status = 'failed', error = ? WHERE status = 'building'", arguments: [why])
            try db.execute(sql: "UPDATE baseline SET status = 'failed', error = ? WHERE status IN ('queued', 'running')", arguments: [why])
        }
    }
}

/// A field set on the alternative scenario (an edited effect size or cost), by dotted path.
public struct ScenarioEdit: Codable, Sendable, Equatable {
    public var path: String
    public var value: String
}

public struct ScenarioRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord, Identifiable {
    public static let databaseTableName = "scenario"
    public var id: Int64?
    public var name: String
    public var authorityCode: String
    public var authorityName: String
    public var model: String
    public var coverage: Double
    public var localitiesK: Int?
    public var localitiesN: Int?
    public var year: Int
    public var fit: Bool
    public var status: String
    public var error: String?
    public var edits: String = "[]"
    public var alternativeFile: String?
    public var notes: String = "[]"
    public var createdAt: Date

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public var editList: [ScenarioEdit] {
        (try? JSONDecoder().decode([ScenarioEdit].self, from: Data(edits.utf8))) ?? []
    }

    public var noteList: [String] {
        (try? JSONDecoder().decode([String].self, from: Data(notes.utf8))) ?? []
    }

    /// "4 of 10 localities" or "a share 0.4 of families".
    public var coverageText: String {
        if let k = localitiesK, let n = localitiesN { return "\(k) of \(n) localities" }
        return coverage >= 1 ? "all families" : "a share \(ScenarioText.number(coverage)) of families"
    }
}

public struct RunRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord, Identifiable {
    public static let databaseTableName = "run"
    public var id: Int64?
    public var scenarioId: Int64
    public var name: String
    public var status: String
    public var replications: Int
    public var years: Int
    public var seed: Int64
    public var done: Int = 0
    public var error: String?
    public var manifest: String?
    public var savingMean: Double?
    public var savingLow: Double?
    public var savingHigh: Double?
    public var savingBasis: String?
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public var isFinished: Bool { ["done", "failed", "cancelled"].contains(status) }
}

public struct BaselineRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord, Identifiable {
    public static let databaseTableName = "baseline"
    public var id: Int64?
    public var authorityCode: String
    public var authorityName: String
    public var year: Int
    public var status: String
    public var error: String?
    public var notes: String = "[]"
    public var checks: String = "[]"
    public var createdAt: Date

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public var noteList: [String] {
        (try? JSONDecoder().decode([String].self, from: Data(notes.utf8))) ?? []
    }

    public var checkList: [TargetCheck] {
        (try? JSONDecoder().decode([TargetCheck].self, from: Data(checks.utf8))) ?? []
    }
}

/// One published target of the baseline's year against the simulated figure.
public struct TargetCheck: Codable, Sendable, Equatable {
    public var metric: String
    public var published: Double
    public var simulated: Double?
    public var low: Double?
    public var high: Double?
    public var tolerance: String
    public var met: Bool
}
