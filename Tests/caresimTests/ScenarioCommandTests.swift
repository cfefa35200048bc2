import Foundation
import Testing

/// `caresim scenario`: an LA's baseline and the same LA with a practice model, ready to compare.
@Suite("caresim scenario")
struct ScenarioCommandTests {
    static func write(_ la: String, _ model: String, _ extra: [String] = []) throws -> (CLITests.Outcome, String) {
        let dir = CLITests.temporary().appendingPathComponent(la.lowercased() + "-" + model).path
        let r = try CLITests.caresim(["scenario", "--la", la, "--model", model, "--out", dir, "--no-fit"] + extra, in: CLITests.root)
        return (r, dir)
    }

    static func text(_ dir: String, _ name: String) throws -> String { try String(contentsOfFile: dir + "/" + name, encoding: .utf8) }

    /// The integer after `key: ` on the first line holding it.
    static func value(_ text: String, _ key: String) -> Int? {
        guard let line = text.split(separator: "\n").first(where: { $0.contains(key + ": ") }) else { return nil }
        let after = line.components(separatedBy: key + ": ")[1]
        return Int(after.prefix { $0.isNumber })
    }

    @Test("every model for a small and a large LA: four files, values scaled, every effect graded, arms differing only in the model",
          arguments: ["family-safeguarding", "no-wrong-door", "rsw-units", "family-group-conferences"])
    func everyModel(model: String) throws {
        var sizes: [String: String] = [:]
        for la in ["Rutland", "Leeds"] {
            let (r, dir) = try Self.write(la, model)
            #expect(r.status == 0, "\(r.stderr)")
            let file = la.lowercased() + "-2014-15.yaml"
            for f in [file, "targets.csv", "baseline.yaml", model + ".yaml"] {
                #expect(FileManager.default.fileExists(atPath: dir + "/" + f), "\(la) \(model): \(f) missing")
            }
            let alt = try Self.text(dir, model + ".yaml")
            sizes[la] = alt
            #expect(alt.hasPrefix("# Written by caresim scenario: \(la) with "))
            #expect(alt.contains("\nextends: baseline.yaml\n"))
            // Every distribution's line says its evidence grade.
            let lines = alt.split(separator: "\n", omittingEmptySubsequences: false)
            for (i, line) in lines.enumerated() where line.contains("distribution: ") && !line.contains("{distribution") {
                let key = lines[i - 1]
                #expect(key.contains("# grade: "), "\(model): \(key) has no evidence grade")
            }
            for (i, line) in lines.enumerated() where line.contains("{distribution") {
                #expect(lines[i - 1].contains("# grade: "), "\(model): \(line) has no evidence grade on the line above")
            }
            #expect(!alt.contains("Hertfordshire 2014-15") && !alt.contains("la/hertfordshire"), "nothing of a site's own scenario")
            // The site's name appears only where a size is derived from it.
            for line in lines where line.contains("Hertfordshire") || line.contains("North Yorkshire") || line.contains("Hackney") {
                #expect(line.contains("'s ") && (line.contains(" x ") || line.contains("scaled")) || line.contains("/ "),
                        "\(la) \(model): a site named without a derivation: \(line)")
            }
            let base = try Self.text(dir, "baseline.yaml")
            #expect(base.contains("\nextends: \(file)\n") && base.contains("\ndirect_work:"))
            #expect(!base.contains("police_callouts") && !base.contains("adult_admissions"), "no site's wider costs in \(la)'s counterpart")
            // compare accepts the pair as it is (nothing but the model differs).
            let cmp = try CLITests.caresim(["compare", dir + "/baseline.yaml", dir + "/" + model + ".yaml", "--replications", "2",
                                            "--set", "scale=0.3", "--out", dir + "/results"])
            #expect(cmp.status == 0, "\(la) \(model): \(cmp.stderr)")
            #expect(!cmp.stdout.contains("(allowed)"))
            if model != "family-safeguarding" { #expect(cmp.stdout.contains("gross saving"), "\(model) has no published cost: \(cmp.stdout)") }
            else { #expect(cmp.stdout.contains("net of the intervention's cost"), "\(cmp.stdout)") }
        }
        // Sizes follow the LA: Leeds (about 1,900 enquiries) gets several times Rutland's (about 60).
        let key = ["family-safeguarding": "posts", "no-wrong-door": "places", "rsw-units": "posts", "family-group-conferences": ""][model]!
        if !key.isEmpty {
            let small = try #require(Self.value(sizes["Rutland"]!, key)), large = try #require(Self.value(sizes["Leeds"]!, key))
            #expect(large >= 5 * small, "\(model) \(key): Leeds \(large), Rutland \(small)")
        }
    }

    @Test("Family Safeguarding's posts are Hertfordshire's scaled by the published measure, and by the coverage")
    func scaling() throws {
        let (whole, dir) = try Self.write("Leeds", "family-safeguarding")
        #expect(whole.status == 0, "\(whole.stderr)")
        let alt = try Self.text(dir, "family-safeguarding.yaml")
        // Leeds 2014-15: 1,930 section 47 enquiries + 372 care starts; Hertfordshire 2,151 + 489.
        let ratio = (1930.0 + 372) / (2151 + 489)
        #expect(Self.value(alt, "posts") == Int((22 * ratio).rounded()))
        #expect(alt.contains("Hertfordshire's 22 x 0.872 (Leeds 2302 / Hertfordshire 2640)"))
        #expect(alt.contains("setup: \(Int((280 * ratio).rounded()) * 1000)"))
        let (half, hdir) = try Self.write("Leeds", "family-safeguarding", ["--localities", "1/2"])
        #expect(half.status == 0, "\(half.stderr)")
        let halfAlt = try Self.text(hdir, "family-safeguarding.yaml"), halfBase = try Self.text(hdir, "baseline.yaml")
        #expect(Self.value(halfAlt, "posts") == Int((22 * ratio * 0.5).rounded()))
        #expect(halfAlt.contains("teams: [locality_1]"))
        #expect(halfBase.contains("{name: locality_1, serves: {localities: [0, 0.5]}"))
        #expect(halfBase.contains("{name: locality_2, "))
        let cmp = try CLITests.caresim(["compare", hdir + "/baseline.yaml", hdir + "/family-safeguarding.yaml", "--replications", "2",
                                        "--set", "scale=0.3", "--out", hdir + "/results"])
        #expect(cmp.status == 0, "\(cmp.stderr)")
    }

    @Test("bad requests are refused with a clear error and nothing written")
    func refusals() throws {
        let dir = CLITests.temporary()
        let existing = dir.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: existing, withIntermediateDirectories: true)
        try "my notes".write(to: existing.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let r = try CLITests.caresim(["scenario", "--la", "Leeds", "--model", "rsw-units", "--out", existing.path, "--no-fit"], in: CLITests.root)
        #expect(r.status == 1)
        #expect(r.stderr.contains("the directory exists and is not empty"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: existing.path) == ["notes.txt"])
        func refused(_ args: [String], _ message: String) throws {
            let out = dir.appendingPathComponent(UUID().uuidString).path
            let r = try CLITests.caresim(["scenario", "--la", "Leeds", "--out", out, "--no-fit"] + args, in: CLITests.root)
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr.contains(message), "\(args): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out), "\(args): nothing written")
        }
        try refused(["--model", "signs-of-safety"], "--model: expected one of family-safeguarding, no-wrong-door, rsw-units, family-group-conferences")
        try refused(["--model", "no-wrong-door", "--coverage", "0.5"], "No Wrong Door is not run by case-holding teams")
        try refused(["--model", "rsw-units", "--localities", "3/2"], "--localities: expected K/N")
        try refused(["--model", "rsw-units", "--coverage", "1.5"], "--coverage: expected a share above 0 and at most 1")
        try refused([], "give exactly one of --model MODEL and --intervention FILE")
        let file = dir.appendingPathComponent("fgc.yaml").path
        try "interventions:\n  - name: x\nscale: 0.5\n".write(toFile: file, atomically: true, encoding: .utf8)
        try refused(["--intervention", file], "fgc.yaml:3: scale: an intervention file holds interventions:")
    }

    @Test("an intervention file becomes the alternative, on the same counterpart")
    func interventionFile() throws {
        let dir = CLITests.temporary()
        let file = dir.appendingPathComponent("pause.yaml").path
        try """
            # An intervention of our own
            interventions:
              - name: pause
                eligible: {stages: [cin], share: 0.5}
                cost: {per_child: 2000}
                effects:
                  cin_care: {distribution: lognormal, mu: -0.2, sigma: 0.1}   # assumed
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out").path
        let r = try CLITests.caresim(["scenario", "--la", "Rutland", "--intervention", file, "--out", out, "--no-fit"], in: CLITests.root)
        #expect(r.status == 0, "\(r.stderr)")
        let alt = try Self.text(out, "pause.yaml")
        #expect(alt.contains("extends: baseline.yaml") && alt.contains("# An intervention of our own") && alt.contains("cost: {per_child: 2000}"))
        let cmp = try CLITests.caresim(["compare", out + "/baseline.yaml", out + "/pause.yaml", "--replications", "2", "--out", out + "/results"])
        #expect(cmp.status == 0, "\(cmp.stderr)")
        #expect(cmp.stdout.contains("net of the intervention's cost"), "\(cmp.stdout)")
    }
}
