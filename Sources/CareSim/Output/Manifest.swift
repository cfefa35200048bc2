/// `manifest.json`: what was run, so a result can be reproduced. Everything but the `runtime`
/// block is a function of the scenario, seed and replications alone.
public enum Manifest {
    public static func make(_ result: ExperimentResult) -> String {
        let e = result.experiment
        let s = e.scenario
        let fields: [(String, String)] = [
            ("caresim_version", CanonicalJSON.string(CareSimVersion.string)),
            ("scenario_name", CanonicalJSON.string(s.name)),
            ("scenario_file", CanonicalJSON.string(s.file)),
            ("scenario_hash", CanonicalJSON.string(s.contentHash)),
            ("seed", String(e.seed)),
            ("replications", String(e.replications)),
            ("generator", CanonicalJSON.string(s.generator.rawValue)),
            ("effect_sizes", CanonicalJSON.string(e.centralEffects ? "central: distribution means" : "drawn once per replication")),
            ("stream_seeding", CanonicalJSON.string("seed of stream = fold32(splitmix64 chain of (seed, replication, fnv1a64(stream name)))")),
            ("files", "[\"summary.csv\", \"stocks.csv\", \"flows.csv\"" + (CaseloadsTable.applies(result) ? ", \"caseloads.csv\"" : "")
                + (CostsTable.applies(result) ? ", \"costs.csv\"" : "") + "]"),
            ("scenario", indent(CanonicalJSON.encode(s.resolved, indent: 2))),
            ("runtime", "{\n    \"threads\": \(e.threads),\n    \"wall_time_seconds\": \(ScenarioNumber.format((result.wallTime * 1000).rounded() / 1000)),\n    \"events\": \(result.totalEvents)\n  }"),
        ]
        return "{\n" + fields.map { "  \"\($0.0)\": \($0.1)" }.joined(separator: ",\n") + "\n}\n"
    }

    static func indent(_ json: String) -> String {
        json.replacingOccurrences(of: "\n", with: "\n  ")
    }
}
