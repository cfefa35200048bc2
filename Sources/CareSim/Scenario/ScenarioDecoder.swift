import Foundation
import CareSimEngine

/// Turns a resolved scenario tree into a `Scenario`, checking every field. All problems are
/// reported together, each with file, line, column, field path and what was expected.
public enum ScenarioDecoder {
    static let requiredTopLevel = ["name", "time", "arrivals", "stages"]
    static let optionalTopLevel = ["description", "model", "seed", "replications", "generator", "exits", "ageing", "initial", "outputs", "metrics"]

    public static func decode(_ tree: ScenarioNode, file: String) throws(ScenarioError) -> Scenario {
        var r = FieldReader()
        let scenario = decode(tree, file: file, reader: &r)
        if let scenario, r.issues.isEmpty { return scenario }
        let ordered = r.issues.sorted {
            ($0.location.file, $0.location.line, $0.location.column) < ($1.location.file, $1.location.line, $1.location.column)
        }
        throw ScenarioError(ordered.isEmpty ? [ScenarioIssue(tree.location, "", "invalid scenario")] : ordered)
    }

    static func decode(_ tree: ScenarioNode, file: String, reader r: inout FieldReader) -> Scenario? {
        if let model = tree["model"] {
            switch r.choice(model, "model", [("network", false), ("pathway", true)]) {
            case true?: return PathwayDecoder.decode(tree, file: file, reader: &r)
            case false?: break
            case nil: return nil
            }
        }
        guard let top = r.fields(tree, "", required: requiredTopLevel, optional: optionalTopLevel) else { return nil }

        let header = ScenarioHeader(top, reader: &r)
        let (name, description, seed, replications, generator) = (header.name, header.description, header.seed, header.replications, header.generator)

        var horizon: Double?, warmup: Double? = 0
        if let t = top["time"], let f = r.fields(t, "time", required: ["horizon"], optional: ["warmup"]) {
            horizon = f["horizon"].flatMap {
                r.double($0, "time.horizon", "a number of days > 0 and at most \(ScenarioNumber.format(ScenarioLimits.maxHorizonDays)) (200 years)",
                         { $0 > 0 && $0 <= ScenarioLimits.maxHorizonDays })
            }
            warmup = f["warmup"].map { r.double($0, "time.warmup", "a number of days >= 0", { $0 >= 0 }) } ?? 0
            if let h = horizon, let w = warmup, w >= h, let node = f["warmup"] {
                r.fail(node, "time.warmup", "expected a warm-up shorter than the horizon (\(ScenarioNumber.format(h)) days), got \(ScenarioNumber.format(w))")
            }
        }

        var stockInterval: Double? = 30, flowPeriod: Double? = 365, durationBands: [Double]? = []
        var reentryWindow: Double?
        var recordStays: Bool? = false
        if let o = top["outputs"], let f = r.fields(o, "outputs", optional: ["stock_interval", "flow_period", "stays", "duration_bands", "reentry_window"]) {
            recordStays = f["stays"].map { r.choice($0, "outputs.stays", [("true", true), ("false", false)]) } ?? false
            reentryWindow = f["reentry_window"].flatMap { r.double($0, "outputs.reentry_window", "a number of days > 0", { $0 > 0 }) }
            let period = "a number of days of at least \(ScenarioNumber.format(ScenarioLimits.minOutputPeriodDays))"
            stockInterval = f["stock_interval"].map { r.double($0, "outputs.stock_interval", period, { $0 >= ScenarioLimits.minOutputPeriodDays }) } ?? 30
            flowPeriod = f["flow_period"].map { r.double($0, "outputs.flow_period", period, { $0 >= ScenarioLimits.minOutputPeriodDays }) } ?? 365
            durationBands = f["duration_bands"].map { bandEdges($0, "outputs.duration_bands", reader: &r) } ?? []
        }

        // Exits first: stage routing refers to them.
        var exits = [Scenario.defaultExit]
        if let e = top["exits"] {
            if case .sequence(let items, _) = e {
                for (i, item) in items.enumerated() {
                    guard let n = r.string(item, "exits.\(i)") else { continue }
                    if !FieldReader.isValidName(n) {
                        r.fail(item, "exits.\(i)", "expected a name of letters, digits and underscores starting with a letter, got '\(n)'")
                    } else if exits.contains(n) {
                        r.fail(item, "exits.\(i)", "expected each exit once ('exit' is always declared), got '\(n)' again")
                    } else {
                        exits.append(n)
                    }
                }
            } else {
                r.fail(e, "exits", "expected a list of exit names, got \(r.describe(e))")
            }
        }

        var ageing: Scenario.Ageing?? = .some(nil)
        if let a = top["ageing"], let f = r.fields(a, "ageing", required: ["leave_at", "exit"]) {
            let years = f["leave_at"].flatMap { r.double($0, "ageing.leave_at", "an age in years > 0", { $0 > 0 }) }
            let exit = f["exit"].flatMap { r.string($0, "ageing.exit") }
            if let exit, !exits.contains(exit), let node = f["exit"] {
                r.fail(node, "ageing.exit", "expected one of the exits (\(exits.joined(separator: ", "))), got '\(exit)'; declare it under exits")
                ageing = nil
            } else if let years, let exit {
                ageing = .some(Scenario.Ageing(leaveAtYears: years, exit: exit))
            } else {
                ageing = nil
            }
        } else if top["ageing"] != nil {
            ageing = nil
        }

        var aliases: [Scenario.MetricAlias] = []
        if let m = top["metrics"] {
            for e in r.namedEntries(m, "metrics", what: "metric names") {
                let path = "metrics.\(e.key)"
                guard let f = r.fields(e.value, path, required: ["from"], optional: ["scale"]),
                      let from = f["from"].flatMap({ r.string($0, path + ".from") }) else { continue }
                guard let scale = f["scale"].map({ r.double($0, path + ".scale", "a finite number", { _ in true }) }) ?? 1 else { continue }
                aliases.append(.init(name: e.key, from: from, scale: scale, location: f["from"]!.location, path: path + ".from"))
            }
        }

        let stageEntries = top["stages"].map { r.namedEntries($0, "stages", what: "stages") } ?? []
        if let s = top["stages"], stageEntries.isEmpty, case .mapping = s {
            r.fail(s, "stages", "expected at least one stage")
        }
        let stageNames = stageEntries.map(\.key)
        for e in stageEntries where exits.contains(e.key) {
            r.fail(e.keyLocation, "stages.\(e.key)", "expected a stage name different from the exits (\(exits.joined(separator: ", ")))")
        }
        let destinations = stageNames + exits
        var stages: [Scenario.Stage] = []
        for e in stageEntries {
            if let stage = decodeStage(e, destinations: destinations, leaveAt: ageing??.leaveAtYears, reader: &r) { stages.append(stage) }
        }

        var initial: [Scenario.InitialGroup] = []
        var initialOK = true
        if let i = top["initial"] {
            for e in r.namedEntries(i, "initial", what: "stages") {
                let path = "initial.\(e.key)"
                if !stageNames.contains(e.key) {
                    r.fail(e.keyLocation, path, "expected one of the stages (\(stageNames.joined(separator: ", "))), got '\(e.key)'\(r.suggestion(e.key, stageNames))")
                    initialOK = false
                    continue
                }
                guard let f = r.fields(e.value, path, required: ["count"], optional: ["age", "elapsed"]),
                      let count = f["count"].flatMap({ r.int($0, path + ".count", "a whole number of children >= 0", { $0 >= 0 }) })
                else { initialOK = false; continue }
                let age = f["age"].map { r.distribution($0, path + ".age") }
                let elapsed = f["elapsed"].map { r.distribution($0, path + ".elapsed") }
                if case .some(nil) = age { initialOK = false; continue }
                if case .some(nil) = elapsed { initialOK = false; continue }
                initial.append(.init(stage: e.key, count: count, age: age ?? nil, elapsed: elapsed ?? nil))
            }
        }

        let arrivalEntries = top["arrivals"].map { r.namedEntries($0, "arrivals", what: "arrival streams") } ?? []
        if let a = top["arrivals"], arrivalEntries.isEmpty, case .mapping = a {
            r.fail(a, "arrivals", "expected at least one arrival stream")
        }
        var arrivals: [Scenario.Arrival] = []
        for e in arrivalEntries {
            let path = "arrivals.\(e.key)"
            guard let f = r.fields(e.value, path, required: ["to"], optional: ["rate", "interarrival", "age"]) else { continue }
            let age = f["age"].map { r.distribution($0, path + ".age") }
            if case .some(nil) = age { continue }
            let to = f["to"].flatMap { r.string($0, path + ".to") }
            if let to, let node = f["to"], !stageNames.contains(to) {
                r.fail(node, path + ".to", "expected one of the stages (\(stageNames.joined(separator: ", "))), got '\(to)'\(r.suggestion(to, stageNames))")
            }
            var interarrival: Distribution?
            switch (f["rate"], f["interarrival"]) {
            case (let rate?, nil):
                interarrival = r.double(rate, path + ".rate", "an arrival rate per day > 0", { $0 > 0 }).map { .exponential(mean: 1 / $0) }
            case (nil, let d?):
                interarrival = r.distribution(d, path + ".interarrival")
            case (.some, .some):
                r.fail(e.value, path, "expected either rate (a Poisson process) or interarrival, not both")
            case (nil, nil):
                r.fail(e.value, path + ".rate", "missing required field 'rate' (or 'interarrival')")
            }
            // What can be simulated: at most maxArrivalsPerStream expected arrivals over the horizon.
            if let interarrival, let horizon, horizon / interarrival.mean > ScenarioLimits.maxArrivalsPerStream {
                let node = f["rate"] ?? f["interarrival"] ?? e.value
                r.fail(node, f["rate"] != nil ? path + ".rate" : path + ".interarrival",
                       "expected at most \(ScenarioNumber.format(ScenarioLimits.maxArrivalsPerStream)) arrivals over the horizon "
                       + "(\(ScenarioNumber.format(horizon)) days: a rate of at most \(ScenarioNumber.format((ScenarioLimits.maxArrivalsPerStream / horizon).rounded(.down))) a day), "
                       + "got \(ScenarioNumber.format(1 / interarrival.mean)) a day")
                continue
            }
            if let to, let interarrival, stageNames.contains(to) {
                arrivals.append(.init(name: e.key, stage: to, interarrival: interarrival, age: age ?? nil))
            }
        }

        guard let name, let seed, let replications, let generator, let horizon, let warmup, let stockInterval, let flowPeriod,
              let durationBands, let ageing, let recordStays, initialOK,
              stages.count == stageEntries.count, !stages.isEmpty, arrivals.count == arrivalEntries.count, !arrivals.isEmpty
        else { return nil }
        return Scenario(name: name, description: description, seed: UInt64(seed), replications: replications,
                        generator: generator, horizon: horizon, warmup: warmup,
                        model: .network(.init(arrivals: arrivals, stages: stages, exits: exits, stockInterval: stockInterval,
                                              flowPeriod: flowPeriod, durationBands: durationBands, reentryWindow: reentryWindow,
                                              recordStays: recordStays, ageing: ageing, metricAliases: aliases, initial: initial)),
                        resolved: tree, file: file)
    }

    /// Band edges: a list of increasing numbers of days > 0.
    static func bandEdges(_ node: ScenarioNode, _ path: String, reader r: inout FieldReader) -> [Double]? {
        guard case .sequence(let items, _) = node, !items.isEmpty else {
            r.fail(node, path, "expected a list of increasing band edges in days, such as [91, 182, 365, 730]")
            return nil
        }
        var edges: [Double] = []
        for (i, item) in items.enumerated() {
            let previous = edges.last ?? 0
            guard let x = r.double(item, "\(path).\(i)", "a number of days greater than \(ScenarioNumber.format(previous))", { $0 > previous })
            else { return nil }
            edges.append(x)
        }
        return edges
    }

    /// `leaveAt`: the age at which entities leave (ageing.leave_at), when they do: bands starting
    /// at or above it are unreachable.
    static func decodeStage(_ entry: ScenarioNode.Entry, destinations: [String], leaveAt: Double?, reader r: inout FieldReader) -> Scenario.Stage? {
        let path = "stages.\(entry.key)"
        guard let f = r.fields(entry.value, path, optional: ["servers", "queue", "duration", "next", "next_by_age", "competing"]) else { return nil }
        var servers: Int?? = .some(nil)
        if let s = f["servers"] {
            servers = r.limit(s, path + ".servers", "a whole number of servers >= 1, or unlimited", minimum: 1)
        }
        if let q = f["queue"] {
            _ = r.choice(q, path + ".queue", [("fifo", ())])
            if case .some(nil) = servers {
                r.fail(q, path + ".queue", "expected no queue on an unlimited stage (set servers to a number to have one)")
            }
        }

        func destination(_ name: String, _ location: SourceLocation, _ p: String) -> Bool {
            if destinations.contains(name) { return true }
            r.fail(location, p, "expected a stage or an exit (\(destinations.joined(separator: ", "))), got '\(name)'\(r.suggestion(name, destinations))")
            return false
        }

        /// `{destination: probability, ...}` summing to 1.
        func probabilities(_ n: ScenarioNode, _ at: String) -> [(String, Double)]? {
            guard case .mapping(let entries, _) = n, !entries.isEmpty else {
                r.fail(n, at, "expected a mapping of destinations to probabilities, such as {closed: 0.45, cin: 0.55}")
                return nil
            }
            var next: [(String, Double)] = []
            var ok = true
            for e in entries {
                let p = "\(at).\(e.key)"
                guard destination(e.key, e.keyLocation, p),
                      let prob = r.double(e.value, p, "a probability between 0 and 1", { $0 >= 0 && $0 <= 1 })
                else { ok = false; continue }
                next.append((e.key, prob))
            }
            let total = next.reduce(0) { $0 + $1.1 }
            if ok, abs(total - 1) > 1e-9 {
                r.fail(n, at, "expected probabilities that sum to 1, got \(ScenarioNumber.format((total * 1e9).rounded() / 1e9))")
                ok = false
            }
            return ok ? next : nil
        }

        /// `[{below: years, next: {...}}, ..., {next: {...}}]`: bands of increasing age, the last
        /// without `below` (everyone older, and children of unknown age).
        func byAge(_ n: ScenarioNode, _ at: String) -> [(belowYears: Double, next: [(to: String, probability: Double)])]? {
            guard case .sequence(let items, _) = n, !items.isEmpty else {
                r.fail(n, at, "expected a list of age bands such as [{below: 10, next: {...}}, {next: {...}}]")
                return nil
            }
            var bands: [(belowYears: Double, next: [(to: String, probability: Double)])] = []
            var ok = true
            for (i, item) in items.enumerated() {
                let p = "\(at).\(i)"
                let last = i == items.count - 1
                guard let g = r.fields(item, p, required: ["next"], optional: ["below"]) else { ok = false; continue }
                var below = Double.infinity
                if let b = g["below"] {
                    if last {
                        r.fail(b, p + ".below", "expected no 'below' on the last band, which takes everyone older")
                        ok = false
                    }
                    let previous = bands.last?.belowYears ?? 0
                    if let x = r.double(b, p + ".below", "an age in years greater than \(ScenarioNumber.format(previous))", { $0 > previous }) {
                        below = x
                    } else { ok = false }
                } else if !last {
                    r.fail(item, p + ".below", "missing required field 'below' (only the last band may omit it)")
                    ok = false
                }
                if let leaveAt, let previous = bands.last?.belowYears, previous >= leaveAt {
                    r.fail(item, p, "expected a reachable band, but the bands before it already cover every age up to ageing.leave_at (\(ScenarioNumber.format(leaveAt)))")
                    ok = false
                }
                if let next = g["next"].flatMap({ probabilities($0, p + ".next") }) {
                    bands.append((below, next.map { (to: $0.0, probability: $0.1) }))
                } else { ok = false }
            }
            return ok ? bands : nil
        }

        let routing: Scenario.Routing?
        if f["next"] != nil, f["next_by_age"] != nil {
            r.fail(entry.value, path, "expected either next or next_by_age, not both")
        }
        let nextNode = f["next"] ?? f["next_by_age"]
        let nextPath = path + (f["next"] != nil || f["next_by_age"] == nil ? ".next" : ".next_by_age")
        switch (f["duration"], nextNode, f["competing"]) {
        case (let d?, let n?, nil):
            let duration = r.distribution(d, path + ".duration")
            if f["next"] == nil {
                let bands = byAge(n, nextPath)
                routing = duration.flatMap { d in bands.map { .probabilitiesByAge(duration: d, bands: $0) } }
            } else {
                let next = probabilities(n, nextPath)
                routing = duration.flatMap { d in next.map { .probabilities(duration: d, next: $0.map { (to: $0.0, probability: $0.1) }) } }
            }
        case (nil, nil, let c?):
            var options: [(String, Distribution)] = []
            var ok = true
            if case .mapping(let entries, _) = c, !entries.isEmpty {
                for e in entries {
                    let p = "\(path).competing.\(e.key)"
                    guard destination(e.key, e.keyLocation, p), let d = r.distribution(e.value, p) else { ok = false; continue }
                    options.append((e.key, d))
                }
            } else {
                r.fail(c, path + ".competing", "expected a mapping of destinations to time distributions")
                ok = false
            }
            routing = ok ? .competingHazards(options) : nil
        case (_, _, .some):
            r.fail(entry.value, path, "expected either competing, or duration with next, not both")
            routing = nil
        case (nil, _, nil):
            r.fail(entry.value, path + ".duration", "missing required field 'duration' (with 'next'), or 'competing'")
            routing = nil
        case (.some, nil, nil):
            r.fail(entry.value, path + ".next", "missing required field 'next' or 'next_by_age' (where children go when the duration ends)")
            routing = nil
        }
        guard let routing, case .some(let s) = servers else { return nil }
        return Scenario.Stage(name: entry.key, servers: s, routing: routing)
    }
}
