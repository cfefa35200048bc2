/// Small multiples of lines with bands: one panel per stage (or team), each with its own y axis
/// (stages differ by orders of magnitude), one coloured series per arm. A band is a polygon
/// along the series' upper edge and back along its lower edge.
public enum BandChart {
    public struct Point: Sendable {
        public var x: Double
        public var y: Double
        public var low: Double?
        public var high: Double?
        public init(x: Double, y: Double, low: Double?, high: Double?) {
            self.x = x
            self.y = y
            self.low = low
            self.high = high
        }
    }

    public struct Series: Sendable {
        public var name: String
        public var colour: String
        public var points: [Point]
        public init(name: String, colour: String, points: [Point]) {
            self.name = name
            self.colour = colour
            self.points = points
        }
    }

    public struct Panel: Sendable {
        public var title: String
        public var series: [Series]
        public init(title: String, series: [Series]) {
            self.title = title
            self.series = series
        }
    }

    public static let panelWidth = 310.0, panelHeight = 190.0
    static let inner = (left: 52.0, right: 12.0, top: 26.0, bottom: 30.0)

    /// `xTicks` gives the tick positions and labels for an x range.
    public static func render(id: String, title: String, panels: [Panel], columns: Int = 3,
                              xTicks: (Double, Double) -> [(Double, String)], kind: ReportFormat.Kind = .count) -> String {
        let cols = max(1, min(columns, panels.count))
        let rows = (panels.count + cols - 1) / cols
        // Fewer panels than columns share the row's width, so one team's chart is wide, not huge.
        let width = Double(max(columns, 1)) * panelWidth / Double(cols)
        var svg = SVG(width: Double(cols) * width, height: Double(rows) * panelHeight)
        for (i, panel) in panels.enumerated() {
            let ox = Double(i % cols) * width, oy = Double(i / cols) * panelHeight
            draw(panel, into: &svg, at: (ox, oy), width: width, xTicks: xTicks, kind: kind)
        }
        return svg.render(id: id, title: title)
    }

    static func draw(_ panel: Panel, into svg: inout SVG, at o: (Double, Double), width: Double, xTicks: (Double, Double) -> [(Double, String)],
                     kind: ReportFormat.Kind) {
        // Counts cannot be negative: a t interval's lower end below zero (few, noisy replications) is cut at zero.
        let floor = kind == .count ? 0.0 : -Double.infinity
        let points = panel.series.flatMap(\.points).map { Point(x: $0.x, y: $0.y, low: $0.low.map { max(floor, $0) }, high: $0.high) }
        guard let x0 = points.map(\.x).min(), let x1 = points.map(\.x).max() else { return }
        let lo = points.map { $0.low ?? $0.y }.min()!, hi = points.map { $0.high ?? $0.y }.max()!
        let yd = LinearScale.niceDomain(lo, hi)
        let left = o.0 + inner.left, right = o.0 + width - inner.right
        let top = o.1 + inner.top, bottom = o.1 + panelHeight - inner.bottom
        let xs = LinearScale(domain: (x0, x1), range: (left, right)), ys = LinearScale(domain: yd, range: (bottom, top))
        svg.text(panel.title, x: left, y: o.1 + 16, cls: "panel-title")
        for t in ys.ticks(4) {
            svg.line(x1: left, y1: ys(t), x2: right, y2: ys(t), cls: "grid")
            let label = kind == .count || kind == .number ? ReportFormat.grouped(t, decimals: t == t.rounded() ? 0 : 1) : ReportFormat.value(t, kind)
            svg.text(label, x: left - 4, y: ys(t) + 3.5, anchor: .end, cls: "tick")
        }
        for (x, label) in xTicks(x0, x1) {
            svg.line(x1: xs(x), y1: bottom, x2: xs(x), y2: bottom + 4, cls: "axis")
            // Labels at the ends align inwards, so they stay within the panel.
            let anchor: SVG.Anchor = xs(x) > right - 24 ? .end : xs(x) < left + 24 ? .start : .middle
            svg.text(label, x: xs(x), y: bottom + 16, anchor: anchor, cls: "tick")
        }
        svg.line(x1: left, y1: bottom, x2: right, y2: bottom, cls: "axis")
        for s in panel.series {
            let banded = s.points.filter { $0.low != nil && $0.high != nil }
            if banded.count == s.points.count, banded.count > 1 {
                let upper = banded.map { (xs($0.x), ys($0.high!)) }
                let lower = banded.reversed().map { (xs($0.x), ys(max(floor, $0.low!))) }
                svg.path(SVG.polygon(upper + lower), cls: "band", attributes: "fill=\"\(s.colour)\"")
            }
            svg.path(SVG.polyline(s.points.map { (xs($0.x), ys($0.y)) }), cls: "mean", attributes: "stroke=\"\(s.colour)\"")
        }
    }

    /// Ticks for a pathway run's monthly dates: each 1 April (the start of a financial year),
    /// thinned to at most six.
    public static func dateTicks(times: [Double], dates: [String]) -> (Double, Double) -> [(Double, String)] {
        { _, _ in
            var ticks = zip(times, dates).filter { $0.1.hasSuffix("-04-01") }.map { ($0.0, "Apr " + $0.1.prefix(4)) }
            if ticks.isEmpty { ticks = zip(times, dates).filter { $0.1.hasSuffix("-01-01") }.map { ($0.0, String($0.1.prefix(4))) } }
            let step = max(1, (ticks.count + 5) / 6)
            return ticks.enumerated().filter { $0.offset % step == 0 }.map(\.element)
        }
    }

    /// Ticks for days from the start, as years.
    public static func yearTicks(_ x0: Double, _ x1: Double) -> [(Double, String)] {
        let s = LinearScale(domain: (x0 / 365, x1 / 365), range: (0, 1))
        return s.ticks(5).map { ($0 * 365, "year " + ReportFormat.number($0)) }
    }
}
