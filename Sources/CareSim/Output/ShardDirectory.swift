import Foundation

/// A directory written by `caresim run --shard K/N`, as `caresim merge` reads it: its manifest's
/// fields (kept as text, so the merged manifest is the unsharded run's to the byte), which
/// replications it holds, and its runtime.
struct ShardDirectory {
    let path: String
    let fields: [(key: String, value: String)]
    let shard: Shard
    /// The global indices of the replications it holds.
    let held: Range<Int>
    let replications: Int
    let version: String
    let scenarioName: String
    /// The manifest's `files` (the data files and metrics.csv; not manifest.json).
    let files: [String]
    let threads: Int
    let wallTime: Double
    let events: Int

    init(path: String) throws(Merge.MergeError) {
        self.path = path
        let manifest = Self.join(path, "manifest.json")
        let text = try Self.read(manifest, what: "a manifest written by caresim run --shard")
        guard let fields = Manifest.parse(text) else {
            throw Merge.MergeError("\(manifest): expected a manifest written by caresim run --shard, but it is not in caresim's layout")
        }
        self.fields = fields
        func value(_ key: String) throws(Merge.MergeError) -> Any {
            guard let v = fields.first(where: { $0.key == key })?.value else {
                throw Merge.MergeError("\(manifest): \(key): expected the field, but the manifest has none"
                                       + (key == "shard" ? " (the directory was not written by caresim run --shard)" : ""))
            }
            guard let json = try? JSONSerialization.jsonObject(with: Data(v.utf8), options: .fragmentsAllowed) else {
                throw Merge.MergeError("\(manifest): \(key): expected JSON, got \(v.prefix(60))")
            }
            return json
        }
        func integer(_ object: [String: Any], _ key: String, in block: String) throws(Merge.MergeError) -> Int {
            guard let n = object[key] as? Int else { throw Merge.MergeError("\(manifest): \(block).\(key): expected a whole number") }
            return n
        }
        guard let version = try value("caresim_version") as? String else { throw Merge.MergeError("\(manifest): caresim_version: expected a string") }
        guard let name = try value("scenario_name") as? String else { throw Merge.MergeError("\(manifest): scenario_name: expected a string") }
        guard let total = try value("replications") as? Int, total >= 1 else {
            throw Merge.MergeError("\(manifest): replications: expected a whole number >= 1")
        }
        guard let files = try value("files") as? [String] else { throw Merge.MergeError("\(manifest): files: expected a list of file names") }
        guard files.contains(ReplicationMetrics.fileName) else {
            throw Merge.MergeError("\(manifest): files: expected \(ReplicationMetrics.fileName) among the files of a shard, got \(files.joined(separator: ", "))")
        }
        guard let s = try value("shard") as? [String: Any] else { throw Merge.MergeError("\(manifest): shard: expected an object") }
        let index = try integer(s, "index", in: "shard"), count = try integer(s, "count", in: "shard")
        let first = try integer(s, "first_replication", in: "shard"), last = try integer(s, "last_replication", in: "shard")
        do {
            shard = try Shard(index: index, count: count)
            try shard.check(total: total)
        } catch {
            throw Merge.MergeError("\(manifest): shard: \(error)")
        }
        held = shard.replications(of: total)
        guard first == held.lowerBound, last == held.upperBound - 1 else {
            throw Merge.MergeError("\(manifest): shard: expected replications \(held.lowerBound) to \(held.upperBound - 1) (shard \(shard) of \(total)), got \(first) to \(last)")
        }
        guard let runtime = try value("runtime") as? [String: Any] else { throw Merge.MergeError("\(manifest): runtime: expected an object") }
        threads = try integer(runtime, "threads", in: "runtime")
        events = try integer(runtime, "events", in: "runtime")
        guard let wall = runtime["wall_time_seconds"] as? Double else { throw Merge.MergeError("\(manifest): runtime.wall_time_seconds: expected a number") }
        wallTime = wall
        replications = total
        self.version = version
        scenarioName = name
        self.files = files
    }

    /// One of the directory's files, whole.
    func read(_ name: String) throws(Merge.MergeError) -> String {
        try Self.read(Self.join(path, name), what: "the file listed in its manifest.json")
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    static func read(_ file: String, what: String) throws(Merge.MergeError) -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue {
            throw Merge.MergeError("\(file): expected \(what), but it is a directory")
        }
        do {
            return try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            guard FileManager.default.fileExists(atPath: file) else { throw Merge.MergeError("\(file): expected \(what), but it does not exist") }
            throw Merge.MergeError("\(file): expected \(what), but it cannot be read as UTF-8: \(ResultsDirectory.describe(error))")
        }
    }
}
