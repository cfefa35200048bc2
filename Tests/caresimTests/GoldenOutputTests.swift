import Foundation
import Testing

/// Every shipped scenario's outputs, byte for byte, over small runs: a change to the code that
/// moves any number in any file fails here. Restructuring and speed work must keep every file
/// identical; a change meant to move results regenerates the list (`make golden`) and says why
/// in its commit.
///
/// Each case runs one command (a scenario with two replications, a paired comparison, or a
/// calibration check) and compares each file it writes, but the manifest (which holds run
/// times), with `GoldenOutputs.txt`: its size and FNV-1a 64-bit hash.
@Suite("golden outputs of the shipped scenarios")
struct GoldenOutputTests {
    static let root = CLITests.root
    static let list = root.appendingPathComponent("Tests/caresimTests/GoldenOutputs.txt")

    /// A case: its name in the list and the caresim arguments (without --out).
    struct Case: CustomStringConvertible {
        var name: String
        var arguments: [String]
        var description: String { name }
    }

    /// Every scenario file shipped in scenarios/ (run), the three paired comparisons and the
    /// England calibration check, each small enough to take a second or two.
    static let cases: [Case] = {
        var cases: [Case] = []
        let dirs = ["scenarios", "scenarios/la", "scenarios/reference"]
        for dir in dirs {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(dir).path)) ?? []
            for file in files.sorted() where file.hasSuffix(".yaml") {
                let name = String(file.dropLast(5))
                var args = ["run", "\(dir)/\(file)", "--replications", "2"]
                if name.hasPrefix("england-") { args += ["--set", "scale=0.03"] }
                if name == "rn1-england" { args += ["--replications", "1"] }
                cases.append(Case(name: name, arguments: args))
            }
        }
        for (name, base, alternative, extra) in [
            ("compare-family-safeguarding", "hertfordshire-family-safeguarding-counterpart", "hertfordshire-family-safeguarding", ["--cohort", "served"]),
            ("compare-no-wrong-door", "north-yorkshire-no-wrong-door-counterpart", "north-yorkshire-no-wrong-door", []),
            ("compare-rsw-units", "rsw-units-counterpart", "rsw-units", []),
        ] {
            cases.append(Case(name: name, arguments: ["compare", "scenarios/\(base).yaml", "scenarios/\(alternative).yaml", "--replications", "3"] + extra))
        }
        cases.append(Case(name: "check-england", arguments: ["check", "scenarios/england-2014-15.yaml", "--set", "scale=0.03", "--replications", "2",
                                                             "--targets", "calibration/england-2014-15.csv"]))
        return cases
    }()

    /// FNV-1a, 64 bits, of a file's bytes.
    static func fnv1a(_ data: Data) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in data {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return h
    }

    /// "case/file hash size" for each file a case wrote, sorted.
    static func digest(_ c: Case) throws -> [String] {
        let out = CLITests.temporary().appendingPathComponent("out")
        let r = try CLITests.caresim(c.arguments + ["--out", out.path, "--threads", "2", "--quiet"], in: root)
        // check exits 1 when targets are missed (they are, at this scale); anything else is a failure.
        #expect(r.status == 0 || (c.name.hasPrefix("check-") && r.status == 1), "\(c.name): exit \(r.status): \(r.stderr)")
        var lines: [String] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() where file != "manifest.json" {
            let data = try Data(contentsOf: out.appendingPathComponent(file))
            lines.append("\(c.name)/\(file) \(String(fnv1a(data), radix: 16)) \(data.count)")
        }
        try? FileManager.default.removeItem(at: out.deletingLastPathComponent())
        return lines
    }

    static func expected() throws -> [String: [String]] {
        let text = try String(contentsOf: list, encoding: .utf8)
        var byCase: [String: [String]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.isEmpty {
            let name = String(line.prefix { $0 != "/" })
            byCase[name, default: []].append(String(line))
        }
        return byCase
    }

    @Test("every case is in the list, and the list has no case that is gone")
    func listMatchesCases() throws {
        // make golden rewrites the list while this runs beside it.
        guard ProcessInfo.processInfo.environment["CARESIM_UPDATE_GOLDEN"] != "1" else { return }
        let listed = Set(try Self.expected().keys)
        let names = Set(Self.cases.map(\.name))
        #expect(listed == names, "not listed: \(names.subtracting(listed).sorted()); listed but gone: \(listed.subtracting(names).sorted()) (make golden)")
    }

    @Test("outputs byte-identical to the list", arguments: cases)
    func outputs(_ c: Case) throws {
        let got = try Self.digest(c)
        if ProcessInfo.processInfo.environment["CARESIM_UPDATE_GOLDEN"] == "1" {
            try Self.update(c.name, got)
            return
        }
        let want = try Self.expected()[c.name] ?? []
        #expect(got == want, "\(c.name): outputs changed (a result-moving change runs make golden and says why in its commit)")
    }

    /// Rewrites the list's lines for one case (make golden).
    static let lock = NSLock()
    static func update(_ name: String, _ lines: [String]) throws {
        lock.lock()
        defer { lock.unlock() }
        let text = (try? String(contentsOf: list, encoding: .utf8)) ?? ""
        var kept = text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("\(name)/") && !$0.hasPrefix("#") && !$0.isEmpty }
        kept += lines
        let header = """
            # Written by make golden (GoldenOutputTests): each shipped scenario's outputs over small runs,
            # as "case/file FNV-1a-64 bytes". A change that moves results regenerates this and says why.
            """
        try (header + "\n" + kept.sorted().joined(separator: "\n") + "\n").write(to: list, atomically: true, encoding: .utf8)
    }
}
