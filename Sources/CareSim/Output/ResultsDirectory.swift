import Foundation

/// Where CareSim writes a run's, a check's, a comparison's or a merge's files, and the rules
/// that keep a user's own files safe.
///
/// **What CareSim replaces.** `--out DIR` may name a directory that does not exist, an empty
/// directory, or a *CareSim results directory*: one whose `manifest.json` is a CareSim manifest
/// (a JSON object with `caresim_version` and a `files` list) and whose every other entry is a
/// regular file that the manifest lists, or `report.html` written by `caresim report` (it carries
/// `<meta name="generator" content="caresim report ...">`). Anything else (a directory holding
/// a file or folder CareSim did not write, a file, a symbolic link, an empty name, `.` or `..`)
/// is refused before anything runs, naming the directory and what is in the way, and nothing is
/// touched.
///
/// **How.** The files are written into `.NAME.partial-PID` beside the target (StagedResults),
/// which then takes the target's place in one step (`renameat2(RENAME_EXCHANGE)` on Linux:
/// there is no moment when DIR is missing); the old results, now under the staging name, are
/// removed file by file, only the files recognised above, and the emptied directory last. A
/// lock (`.NAME.lock`, flock) held from before the run until the swap makes a second process
/// writing the same DIR refuse at once. Staging directories of processes that are no longer
/// running (killed mid-run) are removed by the next write to the same DIR.
public enum ResultsDirectory {
    public struct WriteError: Error, CustomStringConvertible, Sendable {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// The marker `caresim report` writes into every page.
    public static let reportMarker = "<meta name=\"generator\" content=\"caresim report "

    /// Writes `files` to `directory` atomically (see the type's rules).
    public static func write(_ files: [(name: String, contents: String)], to directory: String) throws(WriteError) {
        let staged = try StagedResults(directory: directory)
        for file in files { try staged.write(file.contents, to: file.name) }
        try staged.commit()
    }

    /// Why `path` may not be replaced, or nil when it may: it does not exist, is an empty
    /// directory, or is a CareSim results directory.
    public static func refusal(_ path: String) -> String? {
        let fm = FileManager.default
        guard let type = fileType(path) else { return nil }
        guard type == .typeDirectory else {
            return type == .typeSymbolicLink
                ? "it is a symbolic link (give the directory it points to, or another name)"
                : "it exists and is not a directory"
        }
        guard let entries = try? fm.contentsOfDirectory(atPath: path) else {
            return "it cannot be listed (check its permissions)"
        }
        if entries.isEmpty { return nil }
        return foreignEntry(in: path, entries: entries)
    }

    /// The first entry CareSim did not write, described; nil when every entry is CareSim's.
    static func foreignEntry(in path: String, entries: [String]) -> String? {
        let listed = manifestFiles(join(path, "manifest.json"))
        for entry in entries.sorted() where !isCareSimFile(entry, in: path, listed: listed) {
            let what = fileType(join(path, entry)) == .typeDirectory ? "the folder \(entry)/" : entry
            if listed == nil {
                return "it holds \(what) and has no CareSim manifest.json, so it is not a CareSim results directory"
                    + " (CareSim replaces only a directory it wrote; choose a new or empty directory)"
            }
            return "it holds \(what), which CareSim did not write"
                + " (CareSim replaces only a directory holding nothing but its own files; move \(entry) or choose another directory)"
        }
        return nil
    }

    /// An entry CareSim wrote: manifest.json with a CareSim manifest, a regular file the manifest
    /// lists, or a report page caresim report wrote.
    static func isCareSimFile(_ entry: String, in path: String, listed: Set<String>?) -> Bool {
        guard let listed, fileType(join(path, entry)) == .typeRegular else { return false }
        if entry == "manifest.json" || listed.contains(entry) { return true }
        return entry.hasSuffix(".html") && isReport(join(path, entry))
    }

    /// The `files` a CareSim manifest lists, or nil when the file is not a CareSim manifest.
    static func manifestFiles(_ file: String) -> Set<String>? {
        guard fileType(file) == .typeRegular, let data = FileManager.default.contents(atPath: file),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              object["caresim_version"] is String, let files = object["files"] as? [String],
              files.allSatisfy({ !$0.contains("/") && $0 != "." && $0 != ".." })
        else { return nil }
        return Set(files)
    }

    /// A page written by caresim report (its generator tag in the first few kilobytes).
    public static func isReport(_ file: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: file) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        return String(decoding: head, as: UTF8.self).contains(reportMarker)
    }

    /// Writes one file atomically (temporary name in the same directory, then rename). An existing
    /// file is replaced only when `replaceable` says CareSim wrote it.
    public static func writeFile(_ contents: String, to path: String, what: String = "file",
                                 replaceable: (String) -> Bool = { _ in false }) throws(WriteError) {
        try checkName(path, option: "--out")
        if let type = fileType(path) {
            guard type == .typeRegular else {
                throw WriteError(description: "cannot write \(path): it exists and is "
                    + (type == .typeDirectory ? "a directory (give a file name, such as \(join(path, "report.html")))" : "not a regular file"))
            }
            guard replaceable(path) else {
                throw WriteError(description: "cannot write \(path): the file exists and CareSim did not write it"
                    + " (CareSim replaces only a \(what) it wrote; move it or choose another name)")
            }
        }
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url, options: .atomic)
        } catch {
            throw WriteError(description: "cannot write \(path): \(describe(error))")
        }
    }

    /// Refuses names that would put results over the current directory or its parent.
    static func checkName(_ path: String, option: String) throws(WriteError) {
        let trimmed = path.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            throw WriteError(description: "\(option): expected a directory name, got nothing")
        }
        let last = (trimmed as NSString).lastPathComponent
        if trimmed.hasSuffix("/.") || trimmed.hasSuffix("/..") || [".", "..", "/", "~"].contains(last) || trimmed == "/" {
            throw WriteError(description: "\(option) \(path): expected a new directory's name (such as results/mine), not the current, parent or root directory")
        }
    }

    static func fileType(_ path: String) -> FileAttributeType? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        return attributes[.type] as? FileAttributeType
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// A system error in words (not "NSCocoaErrorDomain error 512").
    static func describe(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        switch CocoaError.Code(rawValue: ns.code) {
        case .fileWriteNoPermission, .fileReadNoPermission: return "permission denied"
        case .fileWriteOutOfSpace: return "no space left on the device"
        case .fileWriteVolumeReadOnly: return "the file system is read-only"
        case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or directory"
        default: return ns.localizedDescription
        }
    }
}
