/// What Family Safeguarding did in the measured year.
public struct FamilySafeguardingMeasures: Sendable {
    /// Children whose family got every specialist it needed.
    public var specialistAllocations = 0
    /// Children whose family engaged, and whose family changed.
    public var engaged = 0
    public var changed = 0
    /// Children whose family needed a specialist but found no place.
    public var noSpecialistPlace = 0
    /// Children in care who went home at a review after their family changed.
    public var reunified = 0

    /// The model's rows of summary.csv ("practice.fs.…"), one value per replication.
    static func rows(_ measures: [FamilySafeguardingMeasures], perChild k: Double, _ rows: inout [(String, [Double])]) {
        func count(_ name: String, _ v: (FamilySafeguardingMeasures) -> Int) { rows.append(("practice.fs." + name, measures.map { Double(v($0)) * k })) }
        count("specialist_allocations") { $0.specialistAllocations }
        count("engaged") { $0.engaged }
        count("changed") { $0.changed }
        count("no_specialist_place") { $0.noSpecialistPlace }
        count("reunified") { $0.reunified }
    }
}
