/// The pathway's flow diagram for one period, drawn from a SankeyLayout: stages as bars, moves
/// as bands of the mean volume over replications (hover or the table give the interval).
public enum SankeyChart {
    /// The pathway's stages in the order a child meets them (cp before cin: more children step
    /// down from a plan to CIN than step up from CIN straight to a plan, so fewer bands go back).
    public static let pathwayOrder = ["new_referral", "referral", "front_door", "assessment", "section47", "cp", "cin",
                                      "looked_after", "returned_home", "closed"]

    /// The links to draw. Results written before flows.csv had one row per move counted a child
    /// leaving care to go home twice, as the move to `returned_home` and as `ceased_returned_home`;
    /// for those the diagram keeps the move only, so every child is drawn once.
    public static func inputs(_ period: FlowVolumes.Period) -> [SankeyLayout.Input] {
        let pairs = Set(period.links.map { $0.from + "\t" + $0.to })
        return period.links.filter { l in
            !(l.to.hasPrefix("ceased_") && pairs.contains(l.from + "\t" + String(l.to.dropFirst("ceased_".count))))
        }.map { SankeyLayout.Input(from: $0.from, to: $0.to, value: $0.stat.mean) }
    }

    public static func order(_ flows: FlowVolumes, _ period: FlowVolumes.Period) -> [String] {
        if flows.pathway { return pathwayOrder }
        var seen: [String] = []
        for l in period.links where !seen.contains(l.from) { seen.append(l.from) }
        return seen
    }

    /// A stage or exit as a reader should tell it apart: the `closed` stage (a closed case that
    /// may be re-referred) from the `case_closed` exit (closed, and the child leaves), and the
    /// ways of leaving care.
    public static func nodeLabel(_ name: String) -> String {
        switch name {
        case "closed": return "closed, may return"
        case "case_closed": return "closed and left"
        case "new_referral": return "new referrals"
        case "left_at_18": return "turned 18"
        default:
            if name.hasPrefix("ceased_") { return "left care: " + ReportFormat.label(String(name.dropFirst("ceased_".count))) }
            return ReportFormat.label(name)
        }
    }

    public static let margin = (left: 10.0, right: 215.0, top: 40.0, bottom: 20.0)

    public static func layout(_ flows: FlowVolumes, _ period: FlowVolumes.Period) -> SankeyLayout {
        SankeyLayout(inputs(period), order: order(flows, period), width: 840, height: 460)
    }

    static let nodeWidth = 14.0

    /// A link's outline. Forward: two cubic curves (top and bottom edges) between the source's
    /// right side and the target's left side. Backward: out to the right, down into its lane,
    /// left, and up into the target, the outer edge `width` beyond the inner one all round.
    static func outline(_ l: SankeyLayout.Link, width w: Double) -> String {
        let sx = l.sourceX, tx = l.targetX, s0 = l.sourceY - w / 2, s1 = l.sourceY + w / 2, t0 = l.targetY - w / 2, t1 = l.targetY + w / 2
        func p(_ x: Double, _ y: Double) -> String { SVG.n(x) + " " + SVG.n(y) }
        guard l.backward, let lane = l.laneY else {
            let mx = (sx + tx) / 2
            return "M\(p(sx, s0)) C\(p(mx, s0)) \(p(mx, t0)) \(p(tx, t0)) L\(p(tx, t1)) C\(p(mx, t1)) \(p(mx, s1)) \(p(sx, s1)) Z"
        }
        let r = 10.0, top = lane - w / 2, bottom = lane + w / 2
        return "M\(p(sx, s0)) C\(p(sx + r + w, s0)) \(p(sx + r + w, bottom)) \(p(sx, bottom)) L\(p(tx, bottom)) "
            + "C\(p(tx - r - w, bottom)) \(p(tx - r - w, t0)) \(p(tx, t0)) L\(p(tx, t1)) "
            + "C\(p(tx - r, t1)) \(p(tx - r, top)) \(p(tx, top)) L\(p(sx, top)) C\(p(sx + r, top)) \(p(sx + r, s1)) \(p(sx, s1)) Z"
    }

    public static func render(id: String, title: String, layout: SankeyLayout) -> String {
        let m = margin
        var svg = SVG(width: layout.width + m.left + m.right, height: layout.height + m.top + m.bottom)
        let colour = Dictionary(uniqueKeysWithValues: layout.nodes.enumerated().map { ($1.name, SVG.colour($0)) })
        svg.raw("<g transform=\"translate(\(SVG.n(m.left)),\(SVG.n(m.top)))\">")
        for l in layout.links.sorted(by: { $0.width > $1.width }) {
            // A band is a filled outline (exact width at both ends), at least half a unit wide to stay visible.
            let w = max(0.5, l.width)
            svg.path(outline(l, width: w), cls: l.backward ? "link back" : "link",
                     attributes: "fill=\"\(colour[l.from]!)\" data-value=\"\(SVG.n(l.value))\" data-width=\"\(SVG.n(l.width))\"",
                     title: "\(nodeLabel(l.from)) → \(nodeLabel(l.to)): \(ReportFormat.grouped(l.value, decimals: 0))")
        }
        let last = layout.nodes.map(\.column).max() ?? 0
        for n in layout.nodes {
            svg.rect(x: n.x, y: n.y, width: nodeWidth, height: max(1, n.height), cls: "node", fill: colour[n.name]!,
                     title: "\(nodeLabel(n.name)): in \(ReportFormat.grouped(n.inflow, decimals: 0)), out \(ReportFormat.grouped(n.outflow, decimals: 0))")
            let name = nodeLabel(n.name), value = ReportFormat.grouped(n.value, decimals: 0)
            if n.column == last {
                // Exits: one line to the right, where the margin leaves room.
                svg.text(name + " " + value, x: n.x + nodeWidth + 4, y: n.y + n.height / 2 + 4, cls: "node-label halo")
            } else {
                // Stages: the name above the bar (a word a line), the volume below; columns are about 90 units apart.
                let words = name.count > 11 ? name.split(separator: " ").map(String.init) : [name]
                let x = n.column == 0 ? n.x : n.x + nodeWidth / 2
                let anchor: SVG.Anchor = n.column == 0 ? .start : .middle
                for (k, word) in words.enumerated() {
                    svg.text(word, x: x, y: n.y - 4 - Double(words.count - 1 - k) * 12, anchor: anchor, cls: "node-label halo")
                }
                svg.text(value, x: x, y: n.y + n.height + 12, anchor: anchor, cls: "node-value halo")
            }
        }
        svg.raw("</g>")
        return svg.render(id: id, title: title)
    }
}
