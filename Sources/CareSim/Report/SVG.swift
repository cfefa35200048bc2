import Foundation

/// A hand-written SVG fragment builder: charts are drawn in Swift and embedded in the page, so a
/// report needs no scripts, fonts or network. Coordinates are user units of the `viewBox`; the
/// element scales to the page's width (and to paper when printed).
public struct SVG: Sendable {
    public let width: Double
    public let height: Double
    public private(set) var body: String = ""

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// The finished element; `id` names the chart (tests and the page's contents find it by it).
    public func render(id: String, title: String) -> String {
        "<svg id=\"\(SVG.escape(id))\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(SVG.n(width)) \(SVG.n(height))\" style=\"max-width: \(SVG.n(width * 1.25))px\" "
            + "role=\"img\" aria-labelledby=\"\(SVG.escape(id))-title\"><title id=\"\(SVG.escape(id))-title\">\(SVG.escape(title))</title>\n"
            + body + "</svg>"
    }

    public mutating func raw(_ s: String) { body += s + "\n" }

    public mutating func rect(x: Double, y: Double, width: Double, height: Double, cls: String, fill: String? = nil, title: String? = nil) {
        let f = fill.map { " fill=\"\($0)\"" } ?? ""
        let t = title.map { "<title>\(SVG.escape($0))</title>" } ?? ""
        body += "<rect class=\"\(cls)\" x=\"\(SVG.n(x))\" y=\"\(SVG.n(y))\" width=\"\(SVG.n(max(0, width)))\" height=\"\(SVG.n(max(0, height)))\"\(f)>\(t)</rect>\n"
    }

    public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, cls: String, stroke: String? = nil) {
        let s = stroke.map { " stroke=\"\($0)\"" } ?? ""
        body += "<line class=\"\(cls)\" x1=\"\(SVG.n(x1))\" y1=\"\(SVG.n(y1))\" x2=\"\(SVG.n(x2))\" y2=\"\(SVG.n(y2))\"\(s)/>\n"
    }

    public mutating func path(_ d: String, cls: String, attributes: String = "", title: String? = nil) {
        let t = title.map { "<title>\(SVG.escape($0))</title>" } ?? ""
        body += "<path class=\"\(cls)\" d=\"\(d)\"\(attributes.isEmpty ? "" : " " + attributes)>\(t)</path>\n"
    }

    public mutating func circle(cx: Double, cy: Double, r: Double, cls: String, fill: String? = nil) {
        let f = fill.map { " fill=\"\($0)\"" } ?? ""
        body += "<circle class=\"\(cls)\" cx=\"\(SVG.n(cx))\" cy=\"\(SVG.n(cy))\" r=\"\(SVG.n(r))\"\(f)/>\n"
    }

    public enum Anchor: String, Sendable { case start, middle, end }

    public mutating func text(_ s: String, x: Double, y: Double, anchor: Anchor = .start, cls: String = "label") {
        body += "<text class=\"\(cls)\" x=\"\(SVG.n(x))\" y=\"\(SVG.n(y))\" text-anchor=\"\(anchor.rawValue)\">\(SVG.escape(s))</text>\n"
    }

    /// A polyline through points as path data ("M x y L x y ...").
    public static func polyline(_ points: [(Double, Double)]) -> String {
        points.enumerated().map { ($0.offset == 0 ? "M" : "L") + n($0.element.0) + " " + n($0.element.1) }.joined(separator: " ")
    }

    /// A closed polygon's path data.
    public static func polygon(_ points: [(Double, Double)]) -> String { polyline(points) + " Z" }

    /// A coordinate with two decimals at most (keeps files small and diffs stable).
    public static func n(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let r = (x * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(format: "%.2f", r).replacingOccurrences(of: #"0+$"#, with: "", options: .regularExpression)
    }

    /// Text for HTML and SVG content and attributes.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// The colour of series `i` (a palette readable in print and by most colour-blind readers: Okabe-Ito).
    public static func colour(_ i: Int) -> String {
        let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
        return palette[((i % palette.count) + palette.count) % palette.count]
    }
}
