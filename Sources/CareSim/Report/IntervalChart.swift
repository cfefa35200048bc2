/// Horizontal estimates with 95% intervals, one row per item (a cost line, a share, a
/// difference): a bar from zero to the estimate when `bars`, else a dot, and a whisker for the
/// interval. Several series per row sit side by side (one per arm). A zero line is drawn when
/// zero is in range, so the reader sees at once whether an interval excludes no change.
public enum IntervalChart {
    public struct Value: Sendable {
        public var series: String
        public var colour: String
        public var mean: Double
        public var low: Double?
        public var high: Double?
        public init(series: String, colour: String, mean: Double, low: Double?, high: Double?) {
            self.series = series
            self.colour = colour
            self.mean = mean
            self.low = low
            self.high = high
        }
    }

    public struct Row: Sendable {
        public var label: String
        public var values: [Value]
        public init(label: String, values: [Value]) {
            self.label = label
            self.values = values
        }
    }

    public static func render(id: String, title: String, rows: [Row], kind: ReportFormat.Kind, bars: Bool = true,
                              width: Double = 900, labelWidth: Double = 280) -> String {
        let perValue = 16.0, gap = 10.0, top = 24.0, bottom = 30.0
        let heights = rows.map { Double(max(1, $0.values.count)) * perValue + gap }
        let height = top + heights.reduce(0, +) + bottom
        var svg = SVG(width: width, height: height)
        let all = rows.flatMap(\.values)
        let lo = all.map { min($0.low ?? $0.mean, $0.mean) }.min() ?? 0, hi = all.map { max($0.high ?? $0.mean, $0.mean) }.max() ?? 1
        let domain = LinearScale.niceDomain(lo, hi)
        let left = labelWidth, right = width - 70
        let xs = LinearScale(domain: domain, range: (left, right))
        for t in xs.ticks(6) {
            svg.line(x1: xs(t), y1: top - 4, x2: xs(t), y2: height - bottom, cls: "grid")
            svg.text(ReportFormat.value(t, kind), x: xs(t), y: height - bottom + 16, anchor: .middle, cls: "tick")
        }
        if domain.0 <= 0, domain.1 >= 0 { svg.line(x1: xs(0), y1: top - 8, x2: xs(0), y2: height - bottom, cls: "zero") }
        var y = top
        for (row, h) in zip(rows, heights) {
            svg.text(row.label, x: left - 8, y: y + h / 2 + 1, anchor: .end, cls: "label")
            for (k, v) in row.values.enumerated() {
                let cy = y + Double(k) * perValue + perValue / 2
                if bars {
                    let x0 = xs(min(0, v.mean)), x1 = xs(max(0, v.mean))
                    svg.rect(x: x0, y: cy - 5.5, width: max(1, x1 - x0), height: 11, cls: "bar", fill: v.colour,
                             title: "\(v.series): \(ReportFormat.value(v.mean, kind))")
                } else {
                    svg.circle(cx: xs(v.mean), cy: cy, r: 4, cls: "dot", fill: v.colour)
                }
                if let l = v.low, let u = v.high {
                    svg.line(x1: xs(l), y1: cy, x2: xs(u), y2: cy, cls: "whisker")
                    svg.line(x1: xs(l), y1: cy - 4, x2: xs(l), y2: cy + 4, cls: "whisker")
                    svg.line(x1: xs(u), y1: cy - 4, x2: xs(u), y2: cy + 4, cls: "whisker")
                }
                svg.text(ReportFormat.value(v.mean, kind), x: right + 6, y: cy + 3.5, cls: "tick")
            }
            y += h
        }
        return svg.render(id: id, title: title)
    }
}
