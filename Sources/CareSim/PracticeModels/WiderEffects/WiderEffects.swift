import CareSimEngine

/// Events outside children's services (`wider_effects:`): domestic-abuse police call-outs and
/// adult emergency admissions of families with parental factors, with their relative rate once
/// the family's risk has reduced; and missing episodes of adolescents in care.
public struct WiderEffects: Sendable {
    /// Events of open families with any of `factors` (indices into the scenario's factors).
    public struct FamilyEvents: Sendable {
        public var factors: [Int]
        public var perFamilyYear: Double
        /// Relative rate once the family's risk has reduced.
        public var afterChange: Distribution
    }

    /// Missing episodes per child-year of children in care aged [minAge, maxAge), by placement.
    public struct MissingEpisodes: Sendable {
        public var minAge: Double
        public var maxAge: Double
        /// Children's homes (and hub beds), and every other placement.
        public var residentialPerYear: Double
        public var otherPerYear: Double
    }

    public var police: FamilyEvents?
    public var admissions: FamilyEvents?
    public var missing: MissingEpisodes?
}
