import ArgumentParser
import CareSim

/// The options every command that reads a scenario shares.
struct ScenarioOptions: ParsableArguments {
    @Argument(help: "The scenario file (YAML).")
    var file: String

    @Option(name: .customLong("set"), parsing: .singleValue,
            help: ArgumentHelp("Override one value by its dotted path, e.g. --set stages.assessment.servers=300. Repeatable.",
                               valueName: "path=value"))
    var overrides: [String] = []

    /// Loads and validates, printing every problem and exiting 1 when the scenario is unusable.
    func load() throws -> Scenario { try loadScenario(file, overrides: overrides) }
}

/// Loads and validates `file` with overrides (each with the option that gave it: `--set`,
/// `--set-base`, ...), printing every problem and exiting 1 when the scenario is unusable.
func loadScenario(_ file: String, overrides: [String]) throws -> Scenario {
    try loadScenario(file, overrides: [("--set", overrides)])
}

func loadScenario(_ file: String, overrides groups: [(option: String, texts: [String])]) throws -> Scenario {
    do throws(ScenarioError) {
        return try Scenario.load(file: file, overrides: try Override.parsing(groups))
    } catch {
        printError(error.description)
        if let note = shippedScenariosNote(file) { printError(note) }
        throw ExitCode(1)
    }
}

/// For a scenario file not found at a relative path: where it was looked for, and where the
/// scenarios shipped with CareSim are (DataRoot), when that is elsewhere.
func shippedScenariosNote(_ file: String) -> String? {
    guard !file.hasPrefix("/"), !FileManager.default.fileExists(atPath: file),
          let root = try? DataRoot.locate(), !root.path.isEmpty else { return nil }
    return "note: \(file) is read from the working directory, \(FileManager.default.currentDirectoryPath); "
        + "the scenarios shipped with CareSim are in \(root.scenarios) (found from \(root.origin.description))"
}

func printError(_ text: String) {
    var stderr = StandardError()
    print(text, to: &stderr)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}

import Foundation
