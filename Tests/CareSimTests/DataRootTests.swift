import Foundation
import Testing
@testable import CareSim

/// DataRoot.locate: the order of the places looked in, the paths it gives, and what it says when
/// nothing is found.
@Suite("The CareSim data folder")
struct DataRootTests {
    /// A folder holding DataRoot.markers (empty files and folders: only their presence counts).
    static func dataFolder(_ url: URL) throws -> String {
        let fm = FileManager.default
        try fm.createDirectory(at: url.appendingPathComponent("data/dfe"), withIntermediateDirectories: true)
        try fm.createDirectory(at: url.appendingPathComponent("calibration"), withIntermediateDirectories: true)
        try fm.createDirectory(at: url.appendingPathComponent("scenarios"), withIntermediateDirectories: true)
        try Data().write(to: url.appendingPathComponent("scenarios/england-2014-15.yaml"))
        return url.path
    }

    struct Layout {
        var env, prefix, binary, repository, work, build: String
    }

    /// CARESIM_DATA's folder, an install (prefix/bin/caresim beside prefix/share/caresim), a
    /// repository holding the working directory, and another holding a build's executable.
    static func layout() throws -> Layout {
        let top = TestSupport.temporaryDirectory()
        let fm = FileManager.default
        let env = try dataFolder(top.appendingPathComponent("env"))
        let prefix = top.appendingPathComponent("prefix")
        _ = try dataFolder(prefix.appendingPathComponent("share/caresim"))
        let repository = try dataFolder(top.appendingPathComponent("repository"))
        let work = top.appendingPathComponent("repository/results/run")
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        let build = try dataFolder(top.appendingPathComponent("checkout"))
        try fm.createDirectory(atPath: build + "/.build/release", withIntermediateDirectories: true)
        return Layout(env: env, prefix: prefix.path, binary: prefix.path + "/bin/caresim", repository: repository, work: work.path,
                      build: build)
    }

    @Test func orderEnvironmentThenPrefixThenWorkingDirectoryThenExecutable() throws {
        let l = try Self.layout()
        func locate(_ env: [String: String], _ executable: String?) throws -> DataRoot {
            try DataRoot.locate(.init(environment: env, workingDirectory: l.work, executable: executable))
        }
        #expect(try locate(["CARESIM_DATA": l.env], l.binary) == DataRoot(path: l.env, origin: .environment))
        #expect(try locate(["CARESIM_DATA": ""], l.binary) == DataRoot(path: l.prefix + "/share/caresim", origin: .installPrefix), "empty is unset")
        #expect(try locate([:], l.binary) == DataRoot(path: l.prefix + "/share/caresim", origin: .installPrefix))
        // Without the install, the repository above the working directory (an absolute path: only
        // the working directory and folders below it are shown relative).
        let inRepository = try locate([:], l.build + "/.build/release/caresim")
        #expect(inRepository == DataRoot(path: l.repository, origin: .workingDirectory))
        #expect(inRepository.data == l.repository + "/data" && inRepository.englandScenario == l.repository + "/scenarios/england-2014-15.yaml")
        #expect(inRepository.englandTargets(year: 2014) == l.repository + "/calibration/england-2013-14.csv")
        // From a working directory outside any repository, the repository above the executable.
        let outside = try DataRoot.locate(.init(environment: [:], workingDirectory: l.prefix, executable: l.build + "/.build/release/caresim"))
        #expect(outside == DataRoot(path: l.build, origin: .executable))
        #expect(outside.data == l.build + "/data")
    }

    @Test func theWorkingDirectoryItselfGivesThePathsAsBefore() throws {
        let l = try Self.layout()
        let r = try DataRoot.locate(.init(environment: [:], workingDirectory: l.repository, executable: nil))
        #expect(r.path == "" && r.data == "data" && r.englandScenario == "scenarios/england-2014-15.yaml")
        #expect(r.englandTargets(year: 2015) == "calibration/england-2014-15.csv")
        // And a folder below it, relative.
        _ = try Self.dataFolder(URL(fileURLWithPath: l.repository + "/results/nested"))
        let below = try DataRoot.locate(.init(environment: ["CARESIM_DATA": l.repository + "/results/run/../nested/"],
                                              workingDirectory: l.repository, executable: nil))
        #expect(below == DataRoot(path: "results/nested", origin: .environment))
        #expect(below.data == "results/nested/data")
        // A relative CARESIM_DATA is read from the working directory.
        let relative = try DataRoot.locate(.init(environment: ["CARESIM_DATA": "../env"], workingDirectory: l.repository, executable: nil))
        #expect(relative == DataRoot(path: l.env, origin: .environment))
    }

    @Test func aWrongEnvironmentVariableStopsTheSearch() throws {
        let l = try Self.layout()
        try FileManager.default.removeItem(atPath: l.env + "/calibration")
        do {
            _ = try DataRoot.locate(.init(environment: ["CARESIM_DATA": l.env], workingDirectory: l.repository, executable: l.binary))
            Issue.record("a CARESIM_DATA without calibration/ was accepted")
        } catch {
            #expect(error.environmentValue == l.env)
            #expect(error.description == "CARESIM_DATA=\(l.env): expected a folder holding data/dfe/, scenarios/england-2014-15.yaml, calibration/, but \(l.env) has no calibration/")
        }
    }

    @Test func nothingFoundListsEveryFolderLookedIn() throws {
        let top = TestSupport.temporaryDirectory()
        let work = top.appendingPathComponent("a/b").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: top.appendingPathComponent("a/data/dfe"), withIntermediateDirectories: true)
        do {
            _ = try DataRoot.locate(.init(environment: ["HOME": "/"], workingDirectory: work, executable: top.path + "/x/bin/caresim"))
            Issue.record("found a data folder where there is none")
        } catch {
            let folders = error.looked.map { $0.folder }
            var expected = [top.path + "/x/share/caresim"]
            var p = work
            while true {
                expected.append(p)
                if p == "/" { break }
                p = (p as NSString).deletingLastPathComponent
            }
            expected += [top.path + "/x/bin", top.path + "/x"]
            #expect(folders == expected)
            #expect(error.looked.map { $0.origin } == [.installPrefix] + Array(repeating: .workingDirectory, count: expected.count - 3) + [.executable, .executable])
            #expect(error.looked[0].missing == "is not a folder")
            let a = try #require(error.looked.first { $0.folder == top.path + "/a" })
            #expect(a.missing == "has no scenarios/england-2014-15.yaml, calibration/", "what the folder lacks, and only that")
            #expect(error.description.hasPrefix("cannot find the CareSim data (a folder holding data/dfe/, scenarios/england-2014-15.yaml, calibration/); CARESIM_DATA is not set"))
            #expect(error.description.contains("\n  \(top.path)/a (a folder at or above the working directory): has no scenarios/england-2014-15.yaml, calibration/"))
        }
    }
}
