import Foundation
@testable import CareSim

/// Paths and helpers shared by the model tests.
enum TestSupport {
    /// The package root, found from this file's location.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func scenario(_ relative: String) -> String {
        root.appendingPathComponent("scenarios").appendingPathComponent(relative).path
    }

    /// The folder every temporary directory of this test process is made in, removed when the
    /// process exits (a crashed run leaves it, one folder, for inspection).
    static let sessionDirectory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("caresim-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestSupport.sessionDirectory) }
        return url
    }()

    /// A fresh temporary directory.
    static func temporaryDirectory() -> URL {
        let url = sessionDirectory.appendingPathComponent(UUID().uuidString)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to a new temporary file and returns its path.
    static func write(_ text: String, name: String = "scenario.yaml", in directory: URL? = nil) -> String {
        let dir = directory ?? temporaryDirectory()
        let url = dir.appendingPathComponent(name)
        try! text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// A committed scenario (by its path under scenarios/) with `key=value` overrides.
    static func load(_ file: String, _ sets: [String] = []) throws -> Scenario {
        try Scenario.load(file: scenario(file), overrides: overrides(sets))
    }

    static func overrides(_ texts: [String]) throws -> [Override] {
        try texts.map { try Override(parsing: $0) }
    }

    /// One replication of a pathway scenario (replication 0 of master seed `master`), not yet run.
    static func replication(_ scenario: Scenario, master: UInt64) throws -> PathwayReplication {
        PathwayReplication(parameters: scenario.pathway!, samplers: try PathwaySamplers(scenario.pathway!), master: master, replication: 0,
                           generator: .mt19937)
    }

    /// The England baseline's standard workforce team, and a team for 12-17-year-olds to insert
    /// before it (a case goes to the first team whose cohort it is in).
    static let standardTeam = "    - name: children_in_need_and_protection\n"
    static let adolescentTeam = """
            - name: adolescents
              serves: {ages: [12, 18]}
              allocation: individual
              role: social_worker
              posts: 6000
              fte: 1
              caseload_limit: 24
              time: {direct: 0.3, recording: 0.55, travel: 0.15}

        """
}
