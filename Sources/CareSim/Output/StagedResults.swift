import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A results directory being written: files go into `.NAME.partial-PID` beside the target while
/// a lock on `.NAME.lock` is held, and `commit` swaps them into place (ResultsDirectory's rules).
/// Opened before the replications run, so a directory that may not be replaced, or one another
/// process is writing, is refused before any work is done. Dropped without `commit`, it removes
/// its staging directory and releases the lock: nothing is left behind.
public final class StagedResults {
    public typealias WriteError = ResultsDirectory.WriteError

    /// The directory as the user gave it.
    public let directory: String
    let target: URL
    let staging: URL
    private var lock: DirectoryLock?
    private var handles: [String: FileHandle] = [:]
    /// Every file written, in order (what the old directory's removal may delete in the new one).
    public private(set) var names: [String] = []
    private var committed = false
    /// After `commit`: a note when the old results could not be removed whole (a file CareSim
    /// did not write appeared in them during the run; it was kept, in the directory named).
    public private(set) var leftBehind: String?

    public init(directory: String) throws(WriteError) {
        try ResultsDirectory.checkName(directory, option: "--out")
        self.directory = directory
        target = URL(fileURLWithPath: directory).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw WriteError(description: "cannot write results to \(directory): cannot create \(parent.path): \(ResultsDirectory.describe(error))")
        }
        lock = try DirectoryLock(parent.appendingPathComponent(".\(name).lock").path, directory: directory)
        if let why = ResultsDirectory.refusal(target.path) {
            lock = nil
            throw WriteError(description: "cannot write results to \(directory): \(why); nothing was written")
        }
        Self.removeStale(in: parent, name: name)
        staging = parent.appendingPathComponent(".\(name).partial-\(getpid())")
        do {
            try Self.removeOwn(staging)
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            lock = nil
            throw WriteError(description: "cannot write results to \(directory): cannot create \(staging.path): \(ResultsDirectory.describe(error))")
        }
    }

    deinit { if !committed { discard() } }

    /// Writes a whole file.
    public func write(_ contents: String, to name: String) throws(WriteError) {
        try append(contents, to: name)
    }

    /// Appends to a file (created on first use).
    public func append(_ contents: String, to name: String) throws(WriteError) {
        precondition(!committed, "results already committed")
        precondition(!name.contains("/") && !name.hasPrefix("."), "a results file name is a plain name")
        do {
            let handle: FileHandle
            if let h = handles[name] {
                handle = h
            } else {
                let path = staging.appendingPathComponent(name).path
                guard FileManager.default.createFile(atPath: path, contents: nil) else {
                    throw WriteError(description: "cannot write results to \(directory): cannot create \(path): \(String(cString: strerror(errno)))")
                }
                handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
                handles[name] = handle
                names.append(name)
            }
            try handle.write(contentsOf: Data(contents.utf8))
        } catch let error as WriteError {
            throw error
        } catch {
            throw WriteError(description: "cannot write results to \(directory): writing \(name): \(ResultsDirectory.describe(error))")
        }
    }

    /// The staging directory: beside the target, so a path relative to it resolves as from the
    /// target (a scenario written there that `extends:` another by a relative path).
    public var stagingDirectory: String { staging.path }

    /// A scratch file in the staging directory (hidden, removed before the swap).
    public func scratchPath(_ name: String) -> String { staging.appendingPathComponent("." + name).path }

    /// Puts the written files in the target's place. The target is checked again first (it may
    /// have changed during a long run); the old results are then removed, only their own files.
    public func commit() throws(WriteError) {
        precondition(!committed, "results already committed")
        for (_, h) in handles { try? h.synchronize(); try? h.close() }
        handles = [:]
        let fm = FileManager.default
        if let scratch = try? fm.contentsOfDirectory(atPath: staging.path) {
            for s in scratch where s.hasPrefix(".") { try? fm.removeItem(at: staging.appendingPathComponent(s)) }
        }
        if let why = ResultsDirectory.refusal(target.path) {
            throw WriteError(description: "cannot write results to \(directory): \(why) (it changed while CareSim ran); nothing was written")
        }
        do {
            if ResultsDirectory.fileType(target.path) == nil {
                guard rename(staging.path, target.path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            } else if DirectorySwap.exchange(staging.path, target.path) {
                leftBehind = Self.removeOld(staging)  // the old results are now at the staging path
            } else {
                // No atomic exchange on this file system: move the old results aside first.
                let retired = staging.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).old-\(getpid())")
                guard rename(target.path, retired.path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                guard rename(staging.path, target.path) == 0 else {
                    let e = errno
                    _ = rename(retired.path, target.path)
                    throw POSIXError(POSIXErrorCode(rawValue: e) ?? .EIO)
                }
                leftBehind = Self.removeOld(retired)
            }
        } catch {
            throw WriteError(description: "cannot write results to \(directory): \(ResultsDirectory.describe(error))")
        }
        committed = true
        lock = nil
    }

    /// Removes the staging directory and releases the lock.
    public func discard() {
        for (_, h) in handles { try? h.close() }
        handles = [:]
        try? FileManager.default.removeItem(at: staging)
        committed = true
        lock = nil
    }

    /// Removes a directory CareSim wrote: the files it recognises as its own, hidden scratch
    /// files, then the directory. Anything else stays, and so does the directory.
    static func removeOwn(_ dir: URL) throws {
        let fm = FileManager.default
        guard ResultsDirectory.fileType(dir.path) == .typeDirectory, let entries = try? fm.contentsOfDirectory(atPath: dir.path) else { return }
        let listed = ResultsDirectory.manifestFiles(dir.appendingPathComponent("manifest.json").path)
        for entry in entries where entry.hasPrefix(".") || ResultsDirectory.isCareSimFile(entry, in: dir.path, listed: listed ?? Set(entries.filter(isOutputName))) {
            try fm.removeItem(at: dir.appendingPathComponent(entry))
        }
        guard rmdir(dir.path) == 0 else {
            throw WriteError(description: "\(dir.path) still holds files CareSim did not write; they were left there")
        }
    }

    /// Removes replaced results; a note naming what was kept when that is not everything.
    static func removeOld(_ dir: URL) -> String? {
        do {
            try removeOwn(dir)
            return nil
        } catch {
            return "the replaced results' directory \(dir.path) was kept: it holds files CareSim did not write"
        }
    }

    /// A name CareSim gives its files (a staging directory has no manifest until it is complete).
    static func isOutputName(_ name: String) -> Bool {
        (name.hasSuffix(".csv") || name.hasSuffix(".json")) && !name.contains("/")
    }

    /// Staging and retired directories of `name` left by processes that are no longer running.
    static func removeStale(in parent: URL, name: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return }
        for entry in entries {
            for kind in [".partial-", ".old-"] {
                let prefix = ".\(name)\(kind)"
                guard entry.hasPrefix(prefix), let pid = Int32(entry.dropFirst(prefix.count)), pid > 0,
                      pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
                try? removeOwn(parent.appendingPathComponent(entry))
            }
        }
    }
}

/// An exclusive, non-blocking flock on a lock file beside the target, released when dropped
/// (and by the kernel when the process dies). The file is removed on release; a process that
/// locked a file since removed tries again, so two processes never both hold the lock.
final class DirectoryLock {
    let path: String
    private let fd: Int32

    init(_ path: String, directory: String) throws(ResultsDirectory.WriteError) {
        self.path = path
        for _ in 0..<8 {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw ResultsDirectory.WriteError(description: "cannot write results to \(directory): cannot create the lock \(path): \(String(cString: strerror(errno)))")
            }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let e = errno
                close(fd)
                if e == EWOULDBLOCK {
                    throw ResultsDirectory.WriteError(description: "cannot write results to \(directory): another caresim process is writing it"
                        + " (lock \(path) is held); wait for it to finish or choose another --out")
                }
                throw ResultsDirectory.WriteError(description: "cannot write results to \(directory): cannot lock \(path): \(String(cString: strerror(e)))")
            }
            var mine = stat(), there = stat()
            if fstat(fd, &mine) == 0, stat(path, &there) == 0, mine.st_ino == there.st_ino, mine.st_dev == there.st_dev {
                self.fd = fd
                return
            }
            close(fd)  // removed by its last holder between open and flock: take the new one
        }
        throw ResultsDirectory.WriteError(description: "cannot write results to \(directory): the lock \(path) keeps changing; is another caresim process writing it?")
    }

    deinit {
        unlink(path)
        close(fd)
    }
}

/// Swaps two directories in one step (Linux renameat2 with RENAME_EXCHANGE, looked up at run
/// time: Swift's Glibc module does not declare it).
enum DirectorySwap {
    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    private static let renameat2: RenameAt2? = {
        #if os(Linux)
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
        #else
        return nil
        #endif
    }()

    static let available = renameat2 != nil

    /// True when a and b were exchanged; false when the system cannot (nothing changed then).
    static func exchange(_ a: String, _ b: String) -> Bool {
        guard let f = renameat2 else { return false }
        let RENAME_EXCHANGE: UInt32 = 2
        return f(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) == 0
    }
}
