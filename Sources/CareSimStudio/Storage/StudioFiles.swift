import Foundation

/// The studio's storage directory: `scenarios/<id>/`, `runs/<id>/` and `baselines/<code>-<year>/`,
/// beside a marker file that says the studio made it. Folders are named only from row ids and
/// validated authority codes, never from what a request says, and a file is served only when it
/// is a regular file listed in its folder, whose real path is inside the storage directory: no
/// `..`, absolute path or symbolic link reaches anything else.
public struct StudioFiles: Sendable {
    public let root: URL
    static let marker = ".caresim-studio"

    public struct Refusal: Error, CustomStringConvertible {
        public var description: String
    }

    /// Opens (creating when missing) the storage directory. A folder that exists, is not empty
    /// and was not made by the studio is refused: the studio deletes folders it owns, and must
    /// not take over someone else's.
    public init(root path: String) throws {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw Refusal(description: "\(path) exists and is not a directory") }
            let entries = try fm.contentsOfDirectory(atPath: url.path)
            if !entries.isEmpty, !entries.contains(Self.marker) {
                throw Refusal(description: "\(path) exists, is not empty and was not made by caresim serve (no \(Self.marker) in it): "
                              + "give --db a file in a new or empty folder, or in a folder the studio made")
            }
        }
        try fm.createDirectory(at: url, withIntermediateDirectories: true)
        let markerPath = url.appendingPathComponent(Self.marker).path
        if !fm.fileExists(atPath: markerPath) {
            try Data("This folder is CareSim Studio's storage (caresim serve): scenarios, runs and baselines it wrote.\n".utf8)
                .write(to: URL(fileURLWithPath: markerPath), options: .atomic)
        }
        for d in ["scenarios", "runs", "baselines"] {
            try fm.createDirectory(at: url.appendingPathComponent(d), withIntermediateDirectories: true)
        }
        // realpath, so that containment checks compare like with like.
        root = URL(fileURLWithPath: (url.path as NSString).resolvingSymlinksInPath)
    }

    public func scenario(_ id: Int64) -> String { root.appendingPathComponent("scenarios/\(id)").path }
    public func run(_ id: Int64) -> String { root.appendingPathComponent("runs/\(id)").path }
    public func baseline(code: String, year: Int) -> String { root.appendingPathComponent("baselines/\(code)-\(year)").path }

    /// Whether `code` is an ONS area code (a letter and eight digits), the only kind of name a
    /// baseline folder takes.
    public static func isAreaCode(_ code: String) -> Bool {
        let u = Array(code.utf8)
        return u.count == 9 && (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(u[0]) && u.dropFirst().allSatisfy { (48...57).contains($0) }
    }

    /// The regular files of a folder the studio wrote (hidden ones excluded), sorted.
    public func files(in folder: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { !$0.hasPrefix(".") && regularFile(folder, $0) != nil }.sorted()
    }

    /// The path of `name` in `folder` when it is a plain name of a regular file (not a link)
    /// whose real path is inside the storage directory; nil otherwise.
    public func regularFile(_ folder: String, _ name: String) -> String? {
        guard !name.isEmpty, !name.contains("/"), !name.contains("\0"), name != ".", name != "..", !name.hasPrefix(".") else { return nil }
        let path = (folder as NSString).appendingPathComponent(name)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular else { return nil }  // lstat: a link is .typeSymbolicLink
        let real = (path as NSString).resolvingSymlinksInPath
        guard real.hasPrefix(root.path + "/") else { return nil }
        return real
    }

    /// Removes a folder the studio wrote: renamed aside first (so it disappears at once, whole),
    /// then deleted. Only inside the storage directory.
    public func remove(_ folder: String) {
        let fm = FileManager.default
        let url = URL(fileURLWithPath: folder).standardizedFileURL
        guard url.path.hasPrefix(root.path + "/"), fm.fileExists(atPath: url.path) else { return }
        let trash = url.deletingLastPathComponent().appendingPathComponent(".trash-\(url.lastPathComponent)-\(UUID().uuidString)")
        if (try? fm.moveItem(at: url, to: trash)) != nil {
            try? fm.removeItem(at: trash)
        } else {
            try? fm.removeItem(at: url)
        }
    }

    /// At start: removes what an interrupted studio left (folders being removed or written, and
    /// folders whose rows are gone: a crash between a row's deletion and its folder's).
    public func sweep(keepScenarios: Set<Int64>, keepRuns: Set<Int64>) {
        let fm = FileManager.default
        for (kind, keep) in [("scenarios", keepScenarios), ("runs", keepRuns)] {
            let dir = root.appendingPathComponent(kind)
            for name in (try? fm.contentsOfDirectory(atPath: dir.path)) ?? [] {
                let path = dir.appendingPathComponent(name)
                if name.hasPrefix(".trash-") || name.contains(".partial-") || name.hasSuffix(".lock") {
                    try? fm.removeItem(at: path)
                } else if let id = Int64(name), !keep.contains(id) {
                    try? fm.removeItem(at: path)
                }
            }
        }
        let dir = root.appendingPathComponent("baselines")
        for name in (try? fm.contentsOfDirectory(atPath: dir.path)) ?? [] where name.hasPrefix(".") {
            try? fm.removeItem(at: dir.appendingPathComponent(name))
        }
    }

    /// A page with the storage folder's absolute path taken out of the paths it names
    /// (a run's folder as runs/3, a scenario file as scenarios/2 and its name): a report is read by people on other machines.
    public func withoutStoragePaths(_ text: String) -> String {
        text.replacingOccurrences(of: HTML.escape(root.path + "/"), with: "").replacingOccurrences(of: root.path + "/", with: "")
    }

    /// Writes a file in a folder the studio owns atomically (a hidden temporary file renamed).
    public func writeAtomically(_ text: String, folder: String, name: String) throws {
        precondition(!name.contains("/") && !name.hasPrefix("."))
        let tmp = (folder as NSString).appendingPathComponent(".\(name).tmp-\(UUID().uuidString)")
        try Data(text.utf8).write(to: URL(fileURLWithPath: tmp))
        guard rename(tmp, (folder as NSString).appendingPathComponent(name)) == 0 else {
            try? FileManager.default.removeItem(atPath: tmp)
            throw Refusal(description: "cannot write \(name) in \(folder): \(String(cString: strerror(errno)))")
        }
    }
}
