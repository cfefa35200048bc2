import Foundation
@testable import CareSim

/// Paths and helpers shared by the model tests.
enum TestSupport {
    /// The package root, found from this file's location.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func scenario(_ relative: String) -> String {
        root.appendingPathComponent("scenarios").appendingPathComponent(relative).path
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("caresim-tests-\(UUID().uuidString)")
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

    static func overrides(_ texts: [String]) throws -> [Override] {
        try texts.map { try Override(parsing: $0) }
    }
}
