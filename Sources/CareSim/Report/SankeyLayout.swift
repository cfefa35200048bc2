/// The arithmetic of a flow (Sankey) diagram: stages in columns, each link a band whose width is
/// its volume times one scale for the whole diagram, so widths compare across the page.
///
/// Stages are ordered by `order` (names not in it follow in the order given). A link to a later
/// stage goes forward; a column is the longest forward path from a stage with no forward inflow;
/// stages nothing leaves (exits) share the last column. The pathway has loops (CIN to section 47,
/// return home to care, re-referral), so a link to an earlier stage is drawn *back*: out of its
/// source's right side, down into a lane below the stages, left, and up into its target's left
/// side. A node is as tall as the larger of what enters and what leaves it in the period (stocks
/// change, so the two differ).
public struct SankeyLayout: Sendable {
    public struct Input: Sendable {
        public var from: String
        public var to: String
        public var value: Double
        public init(from: String, to: String, value: Double) {
            self.from = from
            self.to = to
            self.value = value
        }
    }

    public struct Node: Sendable {
        public var name: String
        public var column: Int
        public var x: Double
        public var y: Double
        public var height: Double
        public var inflow: Double
        public var outflow: Double
        public var value: Double { max(inflow, outflow) }
    }

    public struct Link: Sendable {
        public var from: String
        public var to: String
        public var value: Double
        /// The band's width: value x scale.
        public var width: Double
        /// Centre of the band where it leaves its source (right side) and enters its target (left side).
        public var sourceX: Double, sourceY: Double
        public var targetX: Double, targetY: Double
        public var backward: Bool
        /// The centre line of a backward link's lane below the stages.
        public var laneY: Double?
    }

    public var nodes: [Node]
    public var links: [Link]
    /// Drawing units per unit of volume.
    public var scale: Double
    public var width: Double
    /// The height used, lanes for backward links included.
    public var height: Double
    public var columns: Int

    public init(_ inputs: [Input], order: [String] = [], width: Double = 900, height: Double = 420,
                nodeWidth: Double = 14, nodePadding: Double = 14, laneGap: Double = 6) {
        let flows = inputs.filter { $0.value > 0 && $0.from != $0.to }
        var names: [String] = []
        for f in flows {
            for n in [f.from, f.to] where !names.contains(n) { names.append(n) }
        }
        let appearance = names  // read a copy: sorting needs exclusive access to names
        func rank(_ n: String) -> Int { order.firstIndex(of: n) ?? order.count + appearance.firstIndex(of: n)! }
        names.sort { rank($0) < rank($1) }
        let position = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        func forward(_ f: Input) -> Bool { position[f.from]! < position[f.to]! }

        // Columns: longest forward path; exits (no outflow) in the last column.
        var column = [String: Int]()
        for n in names {
            let known = column  // read a copy: the assignment below needs exclusive access
            column[n] = flows.filter { $0.to == n && forward($0) }.map { known[$0.from]! + 1 }.max() ?? 0
        }
        let hasOutflow = Set(flows.map(\.from))
        let last = max(1, (names.filter { hasOutflow.contains($0) }.compactMap { column[$0] }.max() ?? 0) + 1)
        for n in names where !hasOutflow.contains(n) { column[n] = last }
        columns = last + 1

        var inflow = [String: Double](), outflow = [String: Double]()
        for f in flows {
            outflow[f.from, default: 0] += f.value
            inflow[f.to, default: 0] += f.value
        }
        func value(_ n: String) -> Double { max(inflow[n] ?? 0, outflow[n] ?? 0) }
        let byColumn = (0..<columns).map { c in names.filter { column[$0] == c } }
        var scale = Double.infinity
        for col in byColumn where !col.isEmpty {
            let total: Double = col.reduce(0.0) { $0 + value($1) }
            scale = min(scale, (height - nodePadding * Double(col.count - 1)) / total)
        }
        if !scale.isFinite { scale = 1 }
        self.scale = scale
        self.width = width

        var nodes: [String: Node] = [:]
        for (c, col) in byColumn.enumerated() {
            let total: Double = col.reduce(0.0) { $0 + value($1) * scale } + nodePadding * Double(max(0, col.count - 1))
            var y = (height - total) / 2
            for n in col {
                let h = value(n) * scale
                nodes[n] = Node(name: n, column: c, x: Double(c) * (width - nodeWidth) / Double(columns - 1), y: y, height: h,
                                inflow: inflow[n] ?? 0, outflow: outflow[n] ?? 0)
                y += h + nodePadding
            }
        }
        self.nodes = names.map { nodes[$0]! }

        // Stack each node's links: forward ones by the other end's height, backward ones below.
        func centre(_ n: String) -> Double { nodes[n]!.y + nodes[n]!.height / 2 }
        var sourceY = [Int: Double](), targetY = [Int: Double]()
        for n in names {
            func key(_ i: Int, _ other: String) -> (Int, Double) { (forward(flows[i]) ? 0 : 1, centre(other)) }
            let outs = flows.indices.filter { flows[$0].from == n }.sorted { key($0, flows[$0].to) < key($1, flows[$1].to) }
            var y = nodes[n]!.y
            for i in outs {
                sourceY[i] = y + flows[i].value * scale / 2
                y += flows[i].value * scale
            }
            let ins = flows.indices.filter { flows[$0].to == n }.sorted { key($0, flows[$0].from) < key($1, flows[$1].from) }
            y = nodes[n]!.y
            for i in ins {
                targetY[i] = y + flows[i].value * scale / 2
                y += flows[i].value * scale
            }
        }
        // Lanes below the stages for backward links, the shortest spans nearest.
        let bottom = nodes.values.map { $0.y + $0.height }.max() ?? height
        var laneY = [Int: Double]()
        var lane = bottom + 2 * laneGap
        func span(_ i: Int) -> Double { abs(nodes[flows[i].from]!.x - nodes[flows[i].to]!.x) }
        for i in flows.indices.filter({ !forward(flows[$0]) }).sorted(by: { span($0) < span($1) }) {
            let w = flows[i].value * scale
            laneY[i] = lane + w / 2
            lane += w + laneGap
        }
        self.height = max(height, lane)
        links = flows.indices.map { i in
            let f = flows[i]
            return Link(from: f.from, to: f.to, value: f.value, width: f.value * scale,
                        sourceX: nodes[f.from]!.x + nodeWidth, sourceY: sourceY[i]!, targetX: nodes[f.to]!.x, targetY: targetY[i]!,
                        backward: !forward(f), laneY: laneY[i])
        }
    }

    public func node(_ name: String) -> Node? { nodes.first { $0.name == name } }
}
