/// What No Wrong Door's hub did in the measured year (its outreach is an edge-of-care service:
/// EdgeOfCareMeasures).
public struct NoWrongDoorMeasures: Sendable {
    /// Hub bed stays started.
    public var hubBedStarts = 0

    /// The hub's rows of summary.csv ("practice.nwd.…"), one value per replication.
    static func rows(_ measures: [NoWrongDoorMeasures], perChild k: Double, _ rows: inout [(String, [Double])]) {
        rows.append(("practice.nwd.hub_bed_starts", measures.map { Double($0.hubBedStarts) * k }))
    }
}
