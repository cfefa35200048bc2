/// `manifest.json`: what was run, so a result can be reproduced. Everything but the `runtime`
/// block is a function of the scenario, seed and replications alone (and, in a shard's
/// directory, which shard it is). In `runtime`, `events` is deterministic too; `threads` and
/// `wall_time_seconds` depend on the machine and the moment.
public enum Manifest {
    public static func make(_ result: ExperimentResult) -> String {
        make(experiment: result.experiment, files: RunOutput.names(result).filter { $0 != "manifest.json" },
             wallTime: result.wallTime, events: result.totalEvents)
    }

    /// `files`: the data files beside the manifest (every file in the directory but itself).
    public static func make(experiment: Experiment, files: [String], wallTime: Double, events: Int) -> String {
        render(fields(experiment: experiment, files: files, wallTime: wallTime, events: events))
    }

    /// The top-level fields in order, each with its value as JSON text.
    static func fields(experiment e: Experiment, files names: [String], wallTime: Double, events: Int) -> [(key: String, value: String)] {
        let s = e.scenario
        var fields: [(key: String, value: String)] = [
            ("caresim_version", CanonicalJSON.string(CareSimVersion.string)),
            ("scenario_name", CanonicalJSON.string(s.name)),
            ("scenario_file", CanonicalJSON.string(s.file)),
            ("scenario_hash", CanonicalJSON.string(s.contentHash)),
            ("seed", String(e.seed)),
            ("replications", String(e.replications)),
            ("generator", CanonicalJSON.string(s.generator.rawValue)),
            ("effect_sizes", CanonicalJSON.string(e.centralEffects ? "central: distribution means" : "drawn once per replication")),
            ("stream_seeding", CanonicalJSON.string("seed of stream = fold32(splitmix64 chain of (seed, replication, fnv1a64(stream name)))")),
            ("files", files(names)),
            ("scenario", indent(CanonicalJSON.encode(s.resolved, indent: 2))),
        ]
        if e.hold {
            fields.append(("inputs", CanonicalJSON.string("held constant: no referral trend, seasonality or year factors")))
        }
        if let shard = e.shard {
            let r = shard.replications(of: e.replications)
            fields.append(("shard", "{\"index\": \(shard.index), \"count\": \(shard.count), \"first_replication\": \(r.lowerBound), \"last_replication\": \(r.upperBound - 1)}"))
        }
        fields.append(("runtime", runtime(threads: e.threads, wallTime: wallTime, events: events)))
        return fields
    }

    static func render(_ fields: [(key: String, value: String)]) -> String {
        "{\n" + fields.map { "  \(CanonicalJSON.string($0.key)): \($0.value)" }.joined(separator: ",\n") + "\n}\n"
    }

    /// The fields of a manifest `render` wrote (merge reads shards' manifests with it, so the
    /// merged manifest keeps their exact text): a top-level field starts on a line indented by
    /// two spaces and a quote; nested lines are indented further, and strings never hold a raw
    /// line break. nil for any other text.
    static func parse(_ text: String) -> [(key: String, value: String)]? {
        guard text.hasPrefix("{\n"), text.hasSuffix("\n}\n") else { return nil }
        var fields: [(key: String, lines: [Substring])] = []
        for line in text.dropFirst(2).dropLast(3).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  \"") {
                guard let colon = line.range(of: "\": ") else { return nil }
                fields.append((String(line[line.index(line.startIndex, offsetBy: 3)..<colon.lowerBound]), [line[colon.upperBound...]]))
            } else {
                guard !fields.isEmpty else { return nil }
                fields[fields.count - 1].lines.append(line)
            }
        }
        var parsed = fields.map { (key: $0.key, value: $0.lines.joined(separator: "\n")) }
        for i in parsed.indices.dropLast() {
            guard parsed[i].value.hasSuffix(",") else { return nil }
            parsed[i].value.removeLast()
        }
        return render(parsed) == text ? parsed : nil
    }

    static func files(_ names: [String]) -> String {
        "[" + names.map(CanonicalJSON.string).joined(separator: ", ") + "]"
    }

    static func runtime(threads: Int, wallTime: Double, events: Int) -> String {
        "{\n    \"threads\": \(threads),\n    \"wall_time_seconds\": \(ScenarioNumber.format((wallTime * 1000).rounded() / 1000)),\n    \"events\": \(events)\n  }"
    }

    static func indent(_ json: String) -> String {
        json.replacingOccurrences(of: "\n", with: "\n  ")
    }
}
