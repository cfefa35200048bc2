import Foundation

/// Writes a run's files so that an interrupted run never leaves a half-written result: all
/// files go into a temporary directory beside the target, which then replaces the target.
public enum ResultsDirectory {
    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func write(_ files: [(name: String, contents: String)], to directory: String) throws(WriteError) {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).partial-\(pid)")
        let retired = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(pid)")
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: target.path, isDirectory: &isDir), !isDir.boolValue {
            throw WriteError(description: "cannot write results to \(directory): it exists and is not a directory")
        }
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            try? fm.removeItem(at: staging)
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            for file in files {
                try Data(file.contents.utf8).write(to: staging.appendingPathComponent(file.name))
            }
            if fm.fileExists(atPath: target.path) {
                try? fm.removeItem(at: retired)
                try fm.moveItem(at: target, to: retired)
                try fm.moveItem(at: staging, to: target)
                try fm.removeItem(at: retired)
            } else {
                try fm.moveItem(at: staging, to: target)
            }
        } catch {
            try? fm.removeItem(at: staging)
            throw WriteError(description: "cannot write results to \(directory): \(error.localizedDescription)")
        }
    }

    /// Writes one file atomically (temporary name in the same directory, then rename).
    public static func writeFile(_ contents: String, to path: String) throws(WriteError) {
        do {
            try Data(contents.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw WriteError(description: "cannot write \(path): \(error.localizedDescription)")
        }
    }
}
