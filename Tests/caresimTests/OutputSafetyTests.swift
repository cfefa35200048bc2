import Foundation
import Testing

/// Every command that writes results refuses to replace what CareSim did not write, refuses `.`
/// and empty names, and a second process writing the same directory (issue: `--out` deleted a
/// user's files).
@Suite("Output safety on the command line")
struct OutputSafetyTests {
    static let base = CLITests.root.appendingPathComponent("scenarios/hertfordshire-family-safeguarding-counterpart.yaml").path
    static let alt = CLITests.root.appendingPathComponent("scenarios/hertfordshire-family-safeguarding.yaml").path

    /// A directory holding a user's file and folder.
    static func usersDirectory() throws -> URL {
        let dir = CLITests.temporary().appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("thesis"), withIntermediateDirectories: true)
        try "precious".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        return dir
    }

    static func untouched(_ dir: URL) throws {
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["notes.txt", "thesis"])
        #expect(try String(contentsOf: dir.appendingPathComponent("notes.txt"), encoding: .utf8) == "precious")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.deletingLastPathComponent().path) == ["mine"])
    }

    @Test("run, check, compare and merge refuse a directory of the user's and touch nothing in it")
    func refuseUsersDirectory() throws {
        let targets = CLITests.root.appendingPathComponent("scenarios/reference/rn1-targets.csv").path
        let shardDir = CLITests.temporary().appendingPathComponent("s1").path
        let shard = try CLITests.caresim(["run", CLITests.rn1] + CLITests.quick + ["--shard", "1/1", "--out", shardDir, "--quiet"])
        #expect(shard.status == 0, "\(shard.stderr)")
        let commands: [[String]] = [
            ["run", CLITests.rn1] + CLITests.quick,
            ["check", CLITests.rn1, "--targets", targets] + CLITests.quick,
            ["compare", Self.base, Self.alt, "--replications", "2"],
            ["merge", shardDir],
        ]
        for command in commands {
            let dir = try Self.usersDirectory()
            let r = try CLITests.caresim(command + ["--out", dir.path])
            #expect(r.status == 1, "\(command[0]) exit \(r.status)")
            #expect(r.stderr.contains("cannot write results to \(dir.path): it holds notes.txt"), "\(command[0]): \(r.stderr)")
            try Self.untouched(dir)
        }
    }

    @Test("run and compare refuse an empty name and the current directory before running", arguments: ["", ".", "./", ".."])
    func refuseCurrentDirectory(_ out: String) throws {
        let dir = CLITests.temporary()
        for command in [["run", CLITests.rn1] + CLITests.quick, ["compare", Self.base, Self.alt, "--replications", "2"]] {
            let r = try CLITests.caresim(command + ["--out", out], in: dir)
            #expect(r.status == 1)
            #expect(r.stderr.hasPrefix("error: --out"), "\(r.stderr)")
            #expect(r.stdout.isEmpty)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        }
    }

    @Test("A run replaces its own earlier results, and caresim report's page with them")
    func replaceOwnResults() throws {
        let out = CLITests.temporary().appendingPathComponent("r").path
        #expect(try CLITests.caresim(["run", CLITests.rn1] + CLITests.quick + ["--out", out, "--quiet"]).status == 0)
        #expect(try CLITests.caresim(["report", out]).status == 0)
        let again = try CLITests.caresim(["run", CLITests.rn1] + CLITests.quick + ["--replications", "2", "--out", out, "--quiet"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == ["flows.csv", "manifest.json", "stocks.csv", "summary.csv"])
    }

    @Test("A second run writing the same directory at once refuses clearly; the first completes")
    func concurrentRuns() throws {
        let out = CLITests.temporary().appendingPathComponent("r").path
        let first = Process()
        first.executableURL = URL(fileURLWithPath: CLITests.binary)
        first.arguments = ["run", CLITests.rn1, "--replications", "80", "--threads", "1", "--out", out, "--quiet"]
        try first.run()
        // Wait until the first holds the lock (its staging directory exists).
        let parent = URL(fileURLWithPath: out).deletingLastPathComponent().path
        for _ in 0..<200 where !((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).contains(where: { $0.hasPrefix(".r.partial-") }) {
            usleep(20_000)
        }
        let second = try CLITests.caresim(["run", CLITests.rn1] + CLITests.quick + ["--out", out])
        first.waitUntilExit()
        #expect(second.status == 1)
        #expect(second.stderr.contains("another caresim process is writing it"), "\(second.stderr)")
        #expect(first.terminationStatus == 0)
        #expect(try String(contentsOfFile: out + "/manifest.json", encoding: .utf8).contains("\"replications\": 80"))
    }

    @Test("A run killed mid-way leaves the old results whole; the next run removes its staging directory")
    func killedRun() throws {
        let out = CLITests.temporary().appendingPathComponent("r").path
        #expect(try CLITests.caresim(["run", CLITests.rn1] + CLITests.quick + ["--out", out, "--quiet"]).status == 0)
        let before = try String(contentsOfFile: out + "/summary.csv", encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLITests.binary)
        p.arguments = ["run", CLITests.rn1, "--replications", "400", "--threads", "1", "--out", out, "--quiet"]
        try p.run()
        let parent = URL(fileURLWithPath: out).deletingLastPathComponent().path
        let staging = ".r.partial-\(p.processIdentifier)"
        for _ in 0..<200 where !((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).contains(staging) { usleep(20_000) }
        usleep(200_000)
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).contains(staging))
        #expect(try String(contentsOfFile: out + "/summary.csv", encoding: .utf8) == before)
        #expect(try CLITests.caresim(["run", CLITests.rn1] + CLITests.quick + ["--out", out, "--quiet"]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == ["r"])
    }

    @Test("report refuses to overwrite a page it did not write; baseline refuses files it did not write")
    func singleFiles() throws {
        let dir = CLITests.temporary()
        let out = dir.appendingPathComponent("r").path
        #expect(try CLITests.caresim(["run", CLITests.rn1] + CLITests.quick + ["--out", out, "--quiet"]).status == 0)
        let page = dir.appendingPathComponent("index.html")
        try "my page".write(to: page, atomically: true, encoding: .utf8)
        let r = try CLITests.caresim(["report", out, "--out", page.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("CareSim did not write"), "\(r.stderr)")
        #expect(try String(contentsOf: page, encoding: .utf8) == "my page")
        let root = CLITests.root.path
        let yaml = dir.appendingPathComponent("la.yaml")
        try "# my own scenario\n".write(to: yaml, atomically: true, encoding: .utf8)
        let b = try CLITests.caresim(["baseline", "--la", "Rutland", "--year", "2015", "--no-fit", "--out", yaml.path,
                                      "--base", root + "/scenarios/england-2014-15.yaml", "--data", root + "/data"])
        #expect(b.status == 1)
        #expect(b.stderr.contains("--out \(yaml.path): the file exists and was not written by caresim baseline"), "\(b.stderr)")
        #expect(try String(contentsOf: yaml, encoding: .utf8) == "# my own scenario\n")
        // Its own earlier baseline it replaces.
        try FileManager.default.removeItem(at: yaml)
        for _ in 0..<2 {
            let ok = try CLITests.caresim(["baseline", "--la", "Rutland", "--year", "2015", "--no-fit", "--out", yaml.path,
                                           "--base", root + "/scenarios/england-2014-15.yaml", "--data", root + "/data"])
            #expect(ok.status == 0, "\(ok.stderr)")
        }
    }
}
