@testable import CareSim
import Testing

@Suite("Pathway mechanisms")
struct MechanismTests {
    @Test("every intervention effect acts at its own named point, and every point is some effect's")
    func effectsAndPoints() {
        let points = InterventionParameters.Effect.allCases.map(PathwayPoint.init)
        #expect(Set(points).count == InterventionParameters.Effect.allCases.count)
        #expect(Set(points) == Set(PathwayPoint.allCases))
    }
}
