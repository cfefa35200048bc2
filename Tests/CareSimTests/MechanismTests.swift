@testable import CareSim
import Testing

@Suite("Pathway mechanisms")
struct MechanismTests {
    @Test("every intervention effect acts at its own named point, and every point is some effect's or a demand conversion's")
    func effectsAndPoints() {
        let points = InterventionParameters.Effect.allCases.map(PathwayPoint.init)
        #expect(Set(points).count == InterventionParameters.Effect.allCases.count)
        let conversions = Set(Demand.Conversion.allCases.flatMap(\.points))
        #expect(Set(points).union(conversions) == Set(PathwayPoint.allCases))
        // The two points no intervention acts at are the conversions' own.
        #expect(Set(PathwayPoint.allCases).subtracting(points) == [.assessmentToSection47, .section47ToConference])
    }
}
