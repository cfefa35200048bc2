import CareSimEngine
import Testing

@Suite("DiscreteTable")
struct DiscreteTableTests {
    static let weightSets: [[Double]] = [
        [1, 1, 1, 1],
        [0.464, 0.176, 0.2, 0.16],
        [5, 0, 1, 0, 0.25, 12],
        [1e-3, 3e-3, 2e-3],          // need not sum to 1
        [7],
    ]

    @Test("probability is weight over total", arguments: weightSets)
    func probabilities(_ weights: [Double]) {
        let table = DiscreteTable(weights: weights)
        let total = weights.reduce(0, +)
        for i in weights.indices {
            #expect(abs(table.probability(i) - weights[i] / total) < 1e-15)
        }
        #expect(table.weights == weights)
    }

    @Test("draw frequencies match the weights (chi-square, 0.1% level)", arguments: weightSets.indices)
    func frequencies(_ index: Int) {
        let weights = Self.weightSets[index]
        let table = DiscreteTable(weights: weights)
        let stream = RandomStream(master: 3, replication: index, name: "discrete-table")
        let n = 200_000
        var counts = Array(repeating: 0, count: weights.count)
        for _ in 0..<n {
            let i = table.draw(stream)
            #expect(weights.indices.contains(i))
            counts[i] += 1
        }
        for i in weights.indices where weights[i] == 0 {
            #expect(counts[i] == 0, "index \(i) has weight 0 but was drawn \(counts[i]) times")
        }
        if weights.count == 1 {
            #expect(counts == [n])
            return
        }
        let total = weights.reduce(0, +)
        let chi = chiSquare(observed: counts, probabilities: weights.map { $0 / total })
        #expect(chi.df >= 1)
        #expect(chi.statistic <= chi.critical, "chi-square \(chi.statistic) on \(chi.df) df > \(chi.critical); counts \(counts)")
    }

    @Test("a shared table gives each stream its own reproducible sequence")
    func sharedTableUsesCallerStream() {
        let table = DiscreteTable(weights: [1, 2, 3, 4])
        let a = RandomStream(name: "a", seed: 11)
        let b = RandomStream(name: "b", seed: 11)
        let c = RandomStream(name: "c", seed: 12)
        let fromA = (0..<200).map { _ in table.draw(a) }
        let fromB = (0..<200).map { _ in table.draw(b) }
        let fromC = (0..<200).map { _ in table.draw(c) }
        #expect(fromA == fromB)
        #expect(fromA != fromC)
    }
}
