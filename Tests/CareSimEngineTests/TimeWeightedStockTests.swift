import CareSimEngine
import Testing

@Suite("TimeWeightedStock")
struct TimeWeightedStockTests {
    @Test("integral of a known step function")
    func stepFunction() {
        var s = TimeWeightedStock()
        #expect(s.level == 0)
        #expect(s.integral(at: 3) == 0)
        // Level: 0 on [0,1), 2 on [1,2.5), 5 on [2.5,4), 1 from 4.
        s.add(2, at: 1)
        #expect(s.level == 2)
        #expect(s.integral(at: 2) == 2)
        s.add(3, at: 2.5)
        s.add(-4, at: 4)
        #expect(s.level == 1)
        // 0*1 + 2*1.5 + 5*1.5 + 1*2 = 12.5
        #expect(abs(s.integral(at: 6) - 12.5) < 1e-12)
        #expect(abs(s.integral(at: 4) - 10.5) < 1e-12)
        // Time average over the window [1, 6]: (12.5 - 0) / 5.
        #expect(abs((s.integral(at: 6) - 0) / 5 - 2.5) < 1e-12)
    }

    @Test("several changes at one instant add no area")
    func simultaneousChanges() {
        var s = TimeWeightedStock()
        s.add(1, at: 0)
        s.add(1, at: 2)
        s.add(-1, at: 2)
        s.add(1, at: 2)
        s.add(-2, at: 3)
        // 1 on [0,2), 2 on [2,3), 0 after.
        #expect(s.level == 0)
        #expect(abs(s.integral(at: 3) - 4) < 1e-12)
        #expect(abs(s.integral(at: 100) - 4) < 1e-12)
    }

    @Test("matches a brute-force integral of a random path")
    func randomPath() {
        var s = TimeWeightedStock()
        let stream = RandomStream(master: 6, replication: 0, name: "stock")
        var t = 0.0
        var level = 0
        var area = 0.0
        for _ in 0..<10_000 {
            let dt = stream.exponential(mean: 0.3)
            area += Double(level) * dt
            t += dt
            let delta = level > 0 && stream.uniform() < 0.5 ? -1 : 1
            level += delta
            s.add(delta, at: t)
        }
        #expect(s.level == level)
        #expect(abs(s.integral(at: t + 2) - (area + 2 * Double(level))) <= 1e-9 * area)
    }
}
