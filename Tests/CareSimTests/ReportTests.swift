import CareSimEngine
import Foundation
import Testing
@testable import CareSim

/// `caresim report`: the page's charts are drawn from the results (not just present), the flow
/// diagram's arithmetic holds, comparisons show differences with intervals, and what is not a
/// results directory is refused.
@Suite("HTML report")
struct ReportTests {
    /// Small real runs shared by the tests: Hertfordshire with and without Family Safeguarding
    /// (3 replications each, workforce and costs included) and their paired comparison.
    struct Fixture: Sendable {
        var base: String
        var model: String
        var comparison: String
    }

    static let fixture: Fixture = {
        let dir = TestSupport.temporaryDirectory()
        let counterpart = try! Scenario.load(file: TestSupport.scenario("hertfordshire-family-safeguarding-counterpart.yaml"))
        let fs = try! Scenario.load(file: TestSupport.scenario("hertfordshire-family-safeguarding.yaml"))
        let f = Fixture(base: dir.appendingPathComponent("base").path, model: dir.appendingPathComponent("model").path,
                        comparison: dir.appendingPathComponent("comparison").path)
        try! RunOutput.write(Experiment(scenario: counterpart, replications: 3, seed: 11, threads: 2).run(), to: f.base)
        try! RunOutput.write(Experiment(scenario: fs, replications: 3, seed: 11, threads: 2).run(), to: f.model)
        try! ComparisonOutput.write(try! PairedExperiment(base: counterpart, alternative: fs, replications: 3, seed: 11, threads: 2, cohort: .served).run(), to: f.comparison)
        return f
    }()

    /// The `<svg id="...">...</svg>` element of a chart.
    static func chart(_ html: String, _ id: String) -> String? {
        guard let start = html.range(of: "<svg id=\"\(id)\"") else { return nil }
        guard let end = html.range(of: "</svg>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    static func attribute(_ name: String, in element: Substring) -> String? {
        guard let r = element.range(of: " \(name)=\"") else { return nil }
        return String(element[r.upperBound...].prefix { $0 != "\"" })
    }

    /// Elements of one kind (`<path`, `<rect`) with a class.
    static func elements(_ svg: String, _ tag: String, cls: String) -> [Substring] {
        svg.components(separatedBy: "<\(tag) ").dropFirst().map { Substring(" " + $0.prefix { $0 != ">" }) }
            .filter { attribute("class", in: $0)?.split(separator: " ").contains(Substring(cls)) == true }
    }

    /// Whether a chart draws something of non-zero size: a path with at least two points, a rect
    /// with area, or dots with whiskers.
    static func drawn(_ svg: String) -> Bool {
        let paths = svg.components(separatedBy: "<path ").dropFirst().compactMap { attribute("d", in: Substring($0)) }
            .filter { $0.split(separator: "L").count >= 2 || $0.contains("C") }
        let rects = svg.components(separatedBy: "<rect ").dropFirst().filter {
            (Double(attribute("width", in: Substring($0)) ?? "0") ?? 0) > 0 && (Double(attribute("height", in: Substring($0)) ?? "0") ?? 0) > 0
        }
        let dots = elements(svg, "circle", cls: "dot").filter { (Double(attribute("r", in: $0) ?? "0") ?? 0) > 0 }
        let whiskers = elements(svg, "line", cls: "whisker").filter { attribute("x1", in: $0) != attribute("x2", in: $0) }
        return !paths.isEmpty || !rects.isEmpty || (!dots.isEmpty && !whiskers.isEmpty)
    }

    @Test("a run's report draws every chart: stock bands, the flow diagram, caseloads, stability and costs")
    func runReport() throws {
        let html = try Report.make(results: Self.fixture.model)
        for id in ["chart-stocks", "chart-flows", "chart-caseloads", "chart-stability", "chart-costs"] {
            let svg = try #require(Self.chart(html, id), "no \(id)")
            #expect(Self.drawn(svg), "\(id) draws nothing")
        }
        // A band polygon per stage panel, closed and with points above and below the mean line.
        let stocks = try #require(Self.chart(html, "chart-stocks"))
        let bands = Self.elements(stocks, "path", cls: "band")
        #expect(bands.count == 8, "one band per pathway stage, got \(bands.count)")
        for b in bands { #expect(Self.attribute("d", in: b)?.hasSuffix("Z") == true) }
        #expect(Self.elements(try #require(Self.chart(html, "chart-caseloads")), "path", cls: "band").count >= 1)
        #expect(Self.elements(try #require(Self.chart(html, "chart-flows")), "path", cls: "link").count > 20)
        // Self-contained: no scripts, no external resources (the SVG namespace is a name, not a fetch).
        #expect(!html.contains("<script"))
        #expect(!html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http"))
        #expect(!html.contains("Not available"), "a run with a workforce and costs has every section")
        // Assumptions come from the scenario's comments, and the hash says they are the run's.
        #expect(html.contains("its content hash matches the manifest"))
        #expect(html.contains("practice_models.family_safeguarding.engagement"))
        #expect(html.contains("class=\"basis assumed\""))
        #expect(html.contains("class=\"basis fitted\""))
    }

    @Test("fan charts from years.csv: a panel per measure, published points, the run's line and band, the measured year and practice start marked")
    func fanCharts() throws {
        let html = try Report.make(results: Self.fixture.model)
        let svg = try #require(Self.chart(html, "chart-years"), "no chart-years")
        #expect(html.contains("<section id=\"years\">"))
        let years = try YearRows(file: Self.fixture.model + "/years.csv")
        #expect(years.measures.count == PathwayYears.Measure.allCases.count)
        // One panel per measure, titled.
        let titles = svg.components(separatedBy: "class=\"panel-title\"").count - 1
        #expect(titles == years.measures.count, "\(titles) panels for \(years.measures.count) measures")
        for m in years.measures { #expect(svg.contains(">\(SVG.escape(FanChart.title(m)))</text>")) }
        // Per measure (every measure has at least two years of the run): the 95% and 50% ranges of single runs as two
        // bands, the mean as a line, and not the older single band of the mean's interval.
        #expect(years.hasRanges)
        #expect(Self.elements(svg, "path", cls: "range-95").count == years.measures.count)
        #expect(Self.elements(svg, "path", cls: "range-50").count == years.measures.count)
        #expect(Self.elements(svg, "path", cls: "band").isEmpty)
        #expect(Self.elements(svg, "path", cls: "mean").count == years.measures.count)
        for b in Self.elements(svg, "path", cls: "range-95") + Self.elements(svg, "path", cls: "range-50") {
            #expect(Self.attribute("d", in: b)?.hasSuffix("Z") == true)
        }
        // The caption and key say what the bands are.
        #expect(html.contains("where a single year's outcome falls in 95% of runs") && html.contains("where it falls in 50% of runs"))
        #expect(html.contains("class=\"legend fan-key\""))
        #expect(!html.contains("No 50% band"))
        // A published point for every published figure in the file.
        let published = years.rows.values.flatMap { $0 }.filter { $0.published != nil }.count
        #expect(published > 0)
        #expect(Self.elements(svg, "circle", cls: "published").count == published)
        // The measured year and (Family Safeguarding) the practice model's start, in every panel.
        #expect(Self.elements(svg, "line", cls: "measured").count == years.measures.count)
        #expect(Self.elements(svg, "line", cls: "practice").count == years.measures.count)
        // Without practice models, no practice marker.
        let base = try #require(Self.chart(try Report.make(results: Self.fixture.base), "chart-years"))
        #expect(Self.elements(base, "line", cls: "practice").isEmpty && !Self.elements(base, "line", cls: "measured").isEmpty)
        // A paired comparison holds each arm's years.csv: both arms drawn, the practice start marked.
        let paired = try #require(Self.chart(try Report.make(results: Self.fixture.comparison), "chart-years"))
        #expect(Self.drawn(paired) && !Self.elements(paired, "line", cls: "practice").isEmpty)
    }

    /// A copy of a run directory whose years.csv is rewritten by `edit` (its header and rows as fields).
    static func copy(_ run: String, years edit: ([String]) -> [String]) throws -> String {
        let dir = TestSupport.temporaryDirectory().appendingPathComponent("run").path
        try FileManager.default.copyItem(atPath: run, toPath: dir)
        let text = try String(contentsOfFile: dir + "/years.csv", encoding: .utf8)
        let lines = text.split(separator: "\n").map { edit($0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)).joined(separator: ",") }
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/years.csv", atomically: true, encoding: .utf8)
        return dir
    }

    @Test("fan charts from the 50% and 95% ranges lie between the range columns; an older years.csv draws its one band; other headers are refused")
    func fanChartFormats() throws {
        // The bands' corners are the range columns: in each panel the 95% band spans at least the 50% band.
        let years = try YearRows(file: Self.fixture.model + "/years.csv")
        let rows = try #require(years.rows["looked_after_open"]?.filter { $0.n > 0 })
        for r in rows {
            let r95 = try #require(r.range95), r50 = try #require(r.range50)
            #expect(r95.low <= r50.low && r50.low <= r50.high && r50.high <= r95.high)
            #expect(r.n == 3)
        }

        // The seven columns written before the ranges (an older caresim's results): read, and drawn as then.
        let old = try Self.copy(Self.fixture.model) { fields in Array(fields[0..<5] + fields[9..<11]) }
        #expect(try String(contentsOfFile: old + "/years.csv", encoding: .utf8).hasPrefix(YearsTable.legacyHeader.joined(separator: ",") + "\n"))
        let legacy = try YearRows(file: old + "/years.csv")
        #expect(!legacy.hasRanges && legacy.measures == years.measures)
        #expect(legacy.rows.values.flatMap { $0 }.allSatisfy { $0.range95 == nil && $0.range50 == nil })
        #expect(legacy.rows["referrals"]?.map(\.mean) == years.rows["referrals"]?.map(\.mean))
        let html = try Report.make(results: old)
        let svg = try #require(Self.chart(html, "chart-years"))
        #expect(Self.elements(svg, "path", cls: "band").count == years.measures.count)
        #expect(Self.elements(svg, "path", cls: "range-95").isEmpty && Self.elements(svg, "path", cls: "range-50").isEmpty)
        #expect(Self.elements(svg, "path", cls: "mean").count == years.measures.count)
        #expect(html.contains("No 50% band is drawn") && html.contains("the uncertainty of the mean, not the spread of single runs"))
        #expect(!html.contains("falls in 95% of runs") && !html.contains("fan-key"))

        // Two runs compared, one of them older: each arm drawn from what its file has, and the caption says which is which.
        let both = try Report.make(results: Self.fixture.base, compare: old)
        let pair = try #require(Self.chart(both, "chart-years"))
        #expect(Self.elements(pair, "path", cls: "range-95").count == years.measures.count)
        #expect(Self.elements(pair, "path", cls: "band").count == years.measures.count)
        #expect(both.contains("years.csv is from an older caresim"))

        // Any other header: the file, the line and both headers the report reads.
        let other = try Self.copy(Self.fixture.model) { fields in Array(fields[0..<9] + fields[10..<11]) }
        let e1 = #expect(throws: ReportError.self) { try Report.make(results: other) }
        let message = e1?.description ?? ""
        #expect(message.contains(other + "/years.csv:1: expected the header " + YearsTable.header.joined(separator: ",")), "\(message)")
        #expect(message.contains(YearsTable.legacyHeader.joined(separator: ",")), "\(message)")
        #expect(message.contains("got measure,year_ending,mean,lower_95,upper_95,range_lower_95,range_lower_50,range_upper_50,range_upper_95,published"))
        // A range with its ends the wrong way round: the line and the columns.
        let swapped = try Self.copy(Self.fixture.model) { f in
            f[0] == "referrals" && f[9] != "0" && f[9] != "n" ? Array(f[0..<5]) + [f[8], f[6], f[7], f[5]] + Array(f[9...]) : f
        }
        let e2 = #expect(throws: ReportError.self) { try YearRows(file: swapped + "/years.csv") }
        #expect(e2?.description.contains(swapped + "/years.csv:") == true, "\(String(describing: e2))")
        #expect(e2?.description.contains("expected range_lower_95 at most range_upper_95") == true, "\(String(describing: e2))")
    }

    @Test("stock bands: the mean over replications of each stage summed over ages and placements, and its t interval")
    func stockArithmetic() throws {
        let file = Self.fixture.model + "/stocks.csv"
        let bands = try StockBands(file: file)
        let t = try DataTable(file: file)
        let day = bands.times[5]
        var sums = [Double](repeating: 0, count: bands.replications)
        for r in t.rows where Double(r[1]) == day && r[3] == "looked_after" { sums[Int(r[0])!] += Double(r[6])! }
        let expected = SummaryStatistic(sums)
        let point = try #require(bands.series["looked_after"]?[5])
        #expect(abs(point.stat.mean - expected.mean) < 1e-9)
        #expect(point.stat.ci95Low == expected.ci95Low && point.stat.ci95High == expected.ci95High)
        #expect(point.stat.ci95Low! < point.stat.mean && point.stat.mean < point.stat.ci95High!)
        #expect(bands.replications == 3)
    }

    @Test("Sankey layout: widths proportional to volumes, stacked without overlap, loops drawn back below the stages")
    func sankeyArithmetic() throws {
        let inputs = [SankeyLayout.Input(from: "a", to: "b", value: 100), .init(from: "a", to: "c", value: 50),
                      .init(from: "c", to: "b", value: 20), .init(from: "b", to: "d", value: 80), .init(from: "d", to: "a", value: 10),
                      .init(from: "b", to: "exit", value: 40)]
        let s = SankeyLayout(inputs, order: ["a", "c", "b", "d"], width: 600, height: 300, nodePadding: 10)
        for l in s.links { #expect(abs(l.width - l.value * s.scale) < 1e-9) }
        #expect(s.node("a")?.column == 0 && s.node("c")?.column == 1 && s.node("b")?.column == 2 && s.node("d")?.column == 3)
        #expect(s.node("exit")?.column == s.columns - 1)
        // b receives 120 and sends 120; a sends 150: the tallest column (a, or b and exit) fixes the scale.
        #expect(abs(s.node("b")!.height - 120 * s.scale) < 1e-9)
        #expect(abs(s.node("a")!.height - 150 * s.scale) < 1e-9)
        let column2 = 120.0 /* b */, column4 = 40.0 + 0 /* exit alone in the last column */
        let scale: Double = min(300 / 150, 300 / column2, 300 / 80, 300 / column4, 300 / 50)
        #expect(abs(s.scale - scale) < 1e-9)
        // Links leaving a node tile its right side from its top, in order, without gaps or overlaps.
        let out = s.links.filter { $0.from == "b" }.sorted { $0.sourceY < $1.sourceY }
        var y = s.node("b")!.y
        for l in out {
            #expect(abs(l.sourceY - l.width / 2 - y) < 1e-9)
            y += l.width
        }
        #expect(abs(y - (s.node("b")!.y + s.node("b")!.height)) < 1e-9)
        // The loop d -> a goes back, in a lane below every node.
        let back = try #require(s.links.first { $0.from == "d" })
        #expect(back.backward && s.links.filter(\.backward).count == 1)
        #expect(back.laneY! > s.nodes.map { $0.y + $0.height }.max()!)
    }

    @Test("the report's flow diagram draws each band at its volume times one scale, each child once")
    func sankeyOfARun() throws {
        let flows = try FlowVolumes(file: Self.fixture.model + "/flows.csv")
        let period = try #require(flows.period(preferring: "2015"))
        #expect(period.key == "2015")
        let inputs = SankeyChart.inputs(period)
        #expect(!period.links.contains { $0.to == "ceased_returned_home" }, "leaving care to go home is one move, to returned_home")
        #expect(period.links.contains { $0.from == "looked_after" && $0.to == "returned_home" })
        #expect(inputs.count == period.links.count)
        #expect(SankeyChart.nodeLabel("closed") != SankeyChart.nodeLabel("case_closed"))
        let layout = SankeyChart.layout(flows, period)
        let svg = SankeyChart.render(id: "x", title: "x", layout: layout)
        var ratios: [Double] = []
        for p in Self.elements(svg, "path", cls: "link") {
            // The outline starts at the top of the band's source end and closes at its bottom.
            let numbers = Self.attribute("d", in: p)!.split(whereSeparator: { "MCLZ ".contains($0) }).compactMap { Double($0) }
            let drawn = numbers[numbers.count - 1] - numbers[1]
            #expect(numbers[0] == numbers[numbers.count - 2], "the outline closes where it started")
            let v = Double(Self.attribute("data-value", in: p)!)!
            if drawn >= 2 { ratios.append(drawn / v) }
        }
        #expect(ratios.count > 10)
        // Coordinates are rounded to 0.01 units in the file: the ratio is the layout's scale to that precision.
        for r in ratios { #expect(abs(r - layout.scale) / layout.scale < 0.01, "width / volume \(r) against scale \(layout.scale)") }
        // Referral: everything that enters is what new and re-referred families bring.
        let referral = try #require(layout.node("referral"))
        let mean = { (from: String, to: String) in period.links.first { $0.from == from && $0.to == to }?.stat.mean ?? 0 }
        #expect(abs(referral.inflow - mean("new_referral", "referral") - mean("closed", "referral")) < 1e-6)
    }

    @Test("a paired comparison's report shows the differences with their intervals, and savings")
    func pairedReport() throws {
        let html = try Report.make(results: Self.fixture.comparison)
        for id in ["chart-differences", "chart-savings", "chart-stability", "chart-costs"] {
            let svg = try #require(Self.chart(html, id), "no \(id)")
            #expect(Self.drawn(svg), "\(id) draws nothing")
        }
        #expect(html.contains("<strong>paired</strong>"))
        let rows = try SummaryRows.readComparison(Self.fixture.comparison + "/comparison.csv")
        let cp = try #require(rows.first { $0.metric == "cp_plans_open" })
        #expect(cp.low != nil && cp.high != nil && cp.low! < cp.high!)
        #expect(html.contains(SVG.escape(ReportFormat.interval(cp.low, cp.high, .number))), "the interval of cp_plans_open is shown")
        // Dots and whiskers: one per headline metric.
        let diffs = try #require(Self.chart(html, "chart-differences"))
        #expect(diffs.components(separatedBy: "class=\"dot\"").count - 1 >= 8)
        #expect(diffs.components(separatedBy: "class=\"whisker\"").count - 1 >= 8 * 3)
        // A comparison directory holds each arm's time series: every section is drawn, both arms in each stock panel.
        // Every section is available but the sensitivity, which the fixture's few replications cannot give.
        let unavailable = html.components(separatedBy: "Not available: ").dropFirst().map { String($0.prefix(37)) }
        #expect(unavailable == ["the comparison has no sensitivity.csv"], "\(unavailable)")
        // The served cohort in words, and what pairing bought for each headline measure.
        #expect(html.contains("<h2>The served cohort</h2>") || html.contains(">The served cohort<"))
        #expect(html.contains(">served cohort: care entries<"), "cohort metrics labelled in words")
        let pairing = try #require(html.components(separatedBy: "id=\"pairing\"").dropFirst().first)
        #expect(pairing.contains("replications independent seeds would need"))
        let vr = try #require(rows.first { $0.metric == "cp_plans_open" }?.varianceReduction)
        #expect(pairing.contains(ReportFormat.number(vr)), "cp_plans_open's variance reduction \(vr) is shown")
        for id in ["chart-stocks", "chart-flows", "chart-caseloads", "chart-years"] {
            #expect(Self.chart(html, id).map(Self.drawn) == true, "\(id) missing or empty")
        }
        #expect(Self.elements(Self.chart(html, "chart-stocks")!, "path", cls: "band").count == 16)
    }

    @Test("labels and units: dotted cohort names read as words, differences of shares in percentage points")
    func labelsAndPoints() {
        #expect(ReportFormat.label("cp_plans_open") == "cp plans open")
        #expect(ReportFormat.label("cohort.at_home.first_year.days_in_care_per_child")
                == "served cohort, served at home, first year: days in care per child")
        #expect(ReportFormat.label("cohort.care_entries") == "served cohort: care entries")
        #expect(ReportFormat.differenceKind(of: "ceased_adoption_share") == .points)
        #expect(ReportFormat.value(-0.0234, .points) == "−2.34 pp")
        #expect(ReportFormat.value(0.125, .points) == "12.5 pp")
        #expect(ReportFormat.differenceKind(of: "cp_plans_open") == .number)
        #expect(MetricUnit.of("model.family_safeguarding.cp_plans_open") == "plans")
        #expect(MetricUnit.of("team.units.days_in_care") == "days")
        #expect(MetricUnit.ofDifference("placements_in_year_one_share") == "share (0.01 = 1 percentage point)")
        #expect(MetricUnit.of("saving.total.discounted") == "£" && MetricUnit.of("cohort.children") == "children")
    }

    @Test("a gross saving is said to be gross in the report, with no return per pound or break-even year")
    func grossSavingsReport() throws {
        let net = try Report.make(results: Self.fixture.comparison)
        #expect(!net.contains("Gross saving"))
        // The fixture's savings.csv turned gross the way compare writes one: every row's basis, no return or break-even rows.
        let dir = TestSupport.temporaryDirectory().appendingPathComponent("gross").path
        try FileManager.default.copyItem(atPath: Self.fixture.comparison, toPath: dir)
        let lines = try String(contentsOfFile: dir + "/savings.csv", encoding: .utf8).split(separator: "\n")
        #expect(lines[0].hasSuffix(",basis"))
        let kept = lines.filter { !$0.contains("return_per_pound") && !$0.contains("break_even") }
            .map { $0.hasSuffix(",net") ? String($0.dropLast(3)) + "gross" : String($0) }
        try (kept.joined(separator: "\n") + "\n").write(toFile: dir + "/savings.csv", atomically: true, encoding: .utf8)
        let html = try Report.make(results: dir)
        #expect(html.contains("Gross saving, intervention cost not given."))
        #expect(!html.contains("Return per pound") && !html.contains("Break-even year"))
        #expect(Self.chart(html, "chart-savings").map(Self.drawn) == true)
    }

    @Test("two run directories are compared unpaired, with Welch intervals, and both arms drawn")
    func unpairedReport() throws {
        let html = try Report.make(results: Self.fixture.base, compare: Self.fixture.model)
        #expect(html.contains("<strong>unpaired</strong>") && html.contains("Welch"))
        for id in ["chart-differences", "chart-savings", "chart-stocks", "chart-flows", "chart-flows-2", "chart-caseloads"] {
            #expect(Self.chart(html, id).map(Self.drawn) == true, "\(id) missing or empty")
        }
        // Both arms' bands in each stock panel.
        #expect(Self.elements(Self.chart(html, "chart-stocks")!, "path", cls: "band").count == 16)
    }

    @Test("Welch's interval: degrees of freedom between the two samples' and a half-width of t x se")
    func welch() {
        let b = MetricSummary(metric: "m", mean: 10, sd: 2, low: nil, high: nil, n: 5)
        let a = MetricSummary(metric: "m", mean: 13, sd: 3, low: nil, high: nil, n: 4)
        let d = WelchDifference.make(base: b, alternative: a, metric: "m")
        #expect(d.difference == 3 && !d.paired)
        let se = (4.0 / 5 + 9.0 / 4).squareRoot()
        let half = d.high! - 3
        #expect(abs((3 - d.low!) - half) < 1e-12)
        // df = 5.04 (Welch-Satterthwaite): the t quantile lies between those for 5 and 6 degrees of freedom.
        #expect(half / se < SummaryStatistic.tQuantile(confidence: 0.95, degreesOfFreedom: 5))
        #expect(half / se > SummaryStatistic.tQuantile(confidence: 0.95, degreesOfFreedom: 6))
    }

    @Test("what is not a results directory is refused, naming the path and the missing file")
    func notResults() throws {
        let empty = TestSupport.temporaryDirectory().path
        let e1 = #expect(throws: ReportError.self) { try Report.make(results: empty) }
        #expect(e1?.description.contains(empty + "/manifest.json is missing") == true, "\(String(describing: e1))")
        let e2 = #expect(throws: ReportError.self) { try Report.make(results: empty + "/nowhere") }
        #expect(e2?.description.contains("does not exist") == true)
        // A run directory without its stocks.
        let partial = TestSupport.temporaryDirectory()
        for f in ["summary.csv", "flows.csv", "manifest.json"] {
            try FileManager.default.copyItem(atPath: Self.fixture.model + "/" + f, toPath: partial.appendingPathComponent(f).path)
        }
        let e3 = #expect(throws: ReportError.self) { try Report.make(results: partial.path) }
        #expect(e3?.description.contains("stocks.csv is missing") == true)
        // A comparison directory given to --compare is a mistake.
        let e4 = #expect(throws: ReportError.self) { try Report.make(results: Self.fixture.base, compare: Self.fixture.comparison) }
        #expect(e4?.description.contains("--compare expected a caresim run directory") == true)
    }

    @Test("missing optional files: their sections say they are not available")
    func optionalFiles() throws {
        let dir = TestSupport.temporaryDirectory()
        for f in ["summary.csv", "stocks.csv", "flows.csv", "manifest.json"] {
            try FileManager.default.copyItem(atPath: Self.fixture.model + "/" + f, toPath: dir.appendingPathComponent(f).path)
        }
        let html = try Report.make(results: dir.path)
        #expect(Self.chart(html, "chart-caseloads") == nil)
        #expect(html.contains("Not available over time: caseloads.csv is not in the results"))
        #expect(html.contains("Costs by year and item: not available"))
        #expect(Self.chart(html, "chart-stocks") != nil && Self.chart(html, "chart-costs") != nil)
    }
}
