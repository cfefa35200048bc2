import Foundation

/// What the report needs from a results directory's `manifest.json` (Manifest for a run,
/// ComparisonOutput.manifest for a comparison), and the text itself, shown whole in the report.
public struct ManifestInfo: Sendable {
    /// A scenario that was run: its name, the file as given on the command line, and the
    /// content hash of the resolved scenario (Scenario.contentHash).
    public struct Arm: Sendable, Equatable {
        public var name: String
        public var file: String
        public var hash: String
    }

    public var text: String
    public var version: String
    public var seed: String
    public var replications: Int?
    /// One arm for a run, base and alternative for a comparison.
    public var arms: [Arm]
    /// The year to 31 March a pathway run measured (`calendar.measure_year_ending`).
    public var measureYearEnding: String?
    public var description: String?
    public var model: String?
    /// Comparison only: how the arms were paired, and which cohort was followed.
    public var pairing: String?
    public var cohort: String?
    public var effectSizes: String?
    /// The scenario has a `practice_models:` block.
    public var practiceModels = false

    init(file: String) throws(ReportError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw ReportError("\(file): expected a readable manifest.json: \(ResultsDirectory.describe(error))")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data), let m = object as? [String: Any] else {
            throw ReportError("\(file): expected a JSON object (the manifest caresim run or caresim compare writes)")
        }
        text = String(decoding: data, as: UTF8.self)
        func string(_ any: Any?) -> String? {
            switch any {
            case let s as String: return s
            case let n as NSNumber: return n.stringValue
            default: return nil
            }
        }
        version = string(m["caresim_version"]) ?? "unknown"
        seed = string(m["seed"]) ?? "unknown"
        replications = (m["replications"] as? NSNumber)?.intValue
        effectSizes = string(m["effect_sizes"])
        if let base = m["base"] as? [String: Any], let alt = m["alternative"] as? [String: Any] {
            arms = [base, alt].map { Arm(name: string($0["name"]) ?? "", file: string($0["file"]) ?? "", hash: string($0["hash"]) ?? "") }
            pairing = string(m["pairing"])
            cohort = string(m["cohort"])
        } else if let name = string(m["scenario_name"]) {
            arms = [Arm(name: name, file: string(m["scenario_file"]) ?? "", hash: string(m["scenario_hash"]) ?? "")]
        } else {
            throw ReportError("\(file): expected scenario_name (a run's manifest) or base and alternative (a comparison's), found neither")
        }
        let scenario = m["scenario"] as? [String: Any]
        measureYearEnding = string((scenario?["calendar"] as? [String: Any])?["measure_year_ending"]) ?? string(m["measure_year_ending"])
        description = string(scenario?["description"])
        model = string(scenario?["model"])
        practiceModels = scenario?["practice_models"] != nil
    }
}
