/// What the practice models did in the measured year: each model's own measures (defined in its
/// folder, with the rows it writes to summary.csv), and what they share.
public struct PracticeMeasures: Sendable {
    /// The edge-of-care services: [RSW units' clinicians, No Wrong Door's outreach].
    public var edgeOfCare = [EdgeOfCareMeasures(), EdgeOfCareMeasures()]
    public var familySafeguarding = FamilySafeguardingMeasures()
    public var noWrongDoor = NoWrongDoorMeasures()
    public var wider = WiderEffectsMeasures()
    public var directWork = DirectWorkMeasures()
    /// Children's home placements started by 12 to 17 year olds (hub beds not included).
    public var residentialStarted12to17 = 0
    /// The effect sizes of this replication.
    public var effects: [(String, Double)] = []

    public init() {}

    /// The practice models' rows of summary.csv, one value per replication: each model's own,
    /// then what they share, then the effect sizes drawn.
    static func rows(_ results: [PathwayResult], _ p: PathwayParameters, _ rows: inout [(String, [Double])]) {
        let m = p.practice
        guard !m.isEmpty else { return }
        let k = 1 / p.scale
        let measures = results.map(\.measures.practice)
        for (i, key) in ["rsw", "nwd"].enumerated() where i == 0 ? m.rswUnits != nil : m.noWrongDoor != nil {
            EdgeOfCareMeasures.rows(key, measures.map { $0.edgeOfCare[i] }, perChild: k, &rows)
        }
        if m.familySafeguarding != nil { FamilySafeguardingMeasures.rows(measures.map(\.familySafeguarding), perChild: k, &rows) }
        if m.noWrongDoor != nil { NoWrongDoorMeasures.rows(measures.map(\.noWrongDoor), perChild: k, &rows) }
        rows.append(("residential_placements_started_12_to_17", measures.map { Double($0.residentialStarted12to17) * k }))
        WiderEffectsMeasures.rows(measures.map(\.wider), m.wider, perChild: k, &rows)
        guard let first = measures.first else { return }
        for (e, (name, _)) in first.effects.enumerated() {
            rows.append(("effect." + name, measures.map { $0.effects[e].1 }))
        }
    }
}
