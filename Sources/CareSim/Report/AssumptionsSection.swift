/// The plain-language page of assumptions and sources, per scenario (ScenarioAssumptions), and
/// the manifests as written.
enum AssumptionsSection {
    static func make(_ model: ReportModel) -> ReportSection {
        var html = "<p>What the scenario assumes, in its author's words: each value below carries a comment in the scenario"
            + " file naming its source (a published table and column), or saying it was <em>fitted</em> (chosen so the model"
            + " meets published figures) or <em>assumed</em> (no published figure was found). The comments are read from the"
            + " scenario file the manifest names; the values the run used are in the manifest below.</p>"
        var seen: Set<String> = []
        for a in model.arms where seen.insert(a.scenario.file + a.scenario.hash).inserted {
            let s = ScenarioAssumptions(arm: a.scenario, resultsDirectory: a.directory)
            html += "<h3>\(SVG.escape(a.scenario.name))</h3>"
            guard let file = s.file, s.problem == nil else {
                html += "<p class=\"unavailable\">Not available: \(SVG.escape(s.problem ?? "no scenario file"))</p>"
                continue
            }
            html += s.hashMatches
                ? "<p class=\"ok\">Read from \(SVG.escape(file)); its content hash matches the manifest's (\(SVG.escape(a.scenario.hash))), so these are the values that were run.</p>"
                : "<p class=\"warning\">Read from \(SVG.escape(file)), whose content hash differs from the manifest's (\(SVG.escape(a.scenario.hash))): the file has changed since the run, or the run overrode values with --set. The manifest's values are the ones that were run.</p>"
            for h in s.headers {
                html += "<div class=\"scenario-header\"><p class=\"caption\">\(SVG.escape(h.file))</p><pre>\(SVG.escape(h.text))</pre></div>"
            }
            let counts = [ScenarioAssumptions.Basis.source, .fitted, .assumed].map { b in (b, s.entries.filter { $0.basis == b }.count) }
            html += "<p>\(s.entries.count) commented values: " + counts.map { "\($0.1) \(label($0.0))" }.joined(separator: ", ") + ".</p>"
            var t = HTMLTable(header: ["field", "value", "basis", "comment", "where"], cls: "data assumptions")
            for e in s.entries {
                t.append([.html("<code>\(SVG.escape(e.path))</code>"), .html("<code>\(SVG.escape(e.value))</code>"),
                          .html("<span class=\"basis \(e.basis.rawValue)\">\(label(e.basis))</span>"), .text(e.comment), .text(e.location)])
            }
            html += t.html
        }
        return ReportSection(id: "assumptions", title: "Assumptions and sources", html: html)
    }

    static func label(_ b: ScenarioAssumptions.Basis) -> String {
        switch b {
        case .source: "source or note"
        case .fitted: "fitted"
        case .assumed: "assumed"
        }
    }

    static func manifests(_ model: ReportModel) -> ReportSection {
        var html = "<p>The manifest records what was run: version, scenario and content hash, seed, replications, the resolved"
            + " scenario (run directories) and run time. The same scenario, seed and replications give the same results.</p>"
        for m in model.manifests {
            html += "<p class=\"caption\">\(SVG.escape(m.label.isEmpty ? "" : m.label + ": "))\(SVG.escape(m.directory))/manifest.json</p>"
                + "<pre class=\"manifest\">\(SVG.escape(m.manifest.text))</pre>"
        }
        return ReportSection(id: "manifest", title: "Manifest", html: html)
    }
}
