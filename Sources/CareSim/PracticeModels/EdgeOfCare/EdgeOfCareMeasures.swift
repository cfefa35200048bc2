/// What one edge-of-care service (RSW units' clinicians or No Wrong Door's outreach) did in the
/// measured year.
public struct EdgeOfCareMeasures: Sendable {
    /// Referrals in the first half of the measured year (so each has six months' follow-up
    /// inside it), those whose work resolved the concern, and how many entered care within six
    /// months.
    public var referred = 0
    public var resolved = 0
    public var enteredCare = 0
    /// Those who turned 18 (leaving children's services) within the six months.
    public var leftAt18 = 0

    /// The service's rows of summary.csv ("practice.<key>.…"), one value per replication.
    static func rows(_ key: String, _ measures: [EdgeOfCareMeasures], perChild k: Double, _ rows: inout [(String, [Double])]) {
        rows.append(("practice.\(key).edge_referrals", measures.map { Double($0.referred) * k }))
        rows.append(("practice.\(key).edge_resolved_share", measures.compactMap { $0.referred > 0 ? Double($0.resolved) / Double($0.referred) : nil }))
        // Of those referred in the year's first half, the share not in care six months later
        // (those who turned 18 before then left children's services: not counted).
        rows.append(("practice.\(key).stayed_home_share", measures.compactMap {
            let followed = $0.referred - $0.leftAt18
            return followed > 0 ? 1 - Double($0.enteredCare) / Double(followed) : nil
        }))
    }
}
