import CareSimEngine
import Testing

@Suite("EntityPool")
struct EntityPoolTests {
    @Test func idsAreRecycled() {
        let pool = EntityPool()
        let a = pool.create(at: 0)
        let b = pool.create(at: 1)
        let c = pool.create(at: 2)
        #expect([a, b, c] == [0, 1, 2])
        #expect(pool.entered == [0, 1, 2])
        pool.release(b)
        #expect(pool.live == 2)
        let d = pool.create(at: 5)
        #expect(d == b, "the released id is reused")
        #expect(pool.entered.count == 3, "no new slot when an id is free")
        #expect(pool.entered[Int(d)] == 5, "the entry time is reset")
        pool.release(a)
        pool.release(c)
        let e = pool.create(at: 6)
        let f = pool.create(at: 7)
        #expect(Set([e, f]) == Set([a, c]))
        #expect(pool.entered.count == 3)
        #expect(pool.entered[Int(e)] == 6 && pool.entered[Int(f)] == 7)
        let g = pool.create(at: 8)
        #expect(g == 3, "a new id only when none is free")
        #expect(pool.entered.count == 4)
    }

    @Test("peakLive tracks the maximum number present")
    func peak() {
        let pool = EntityPool()
        #expect(pool.live == 0 && pool.peakLive == 0)
        let stream = RandomStream(master: 8, replication: 0, name: "pool")
        var present: [Int32] = []
        var maxPresent = 0
        for step in 0..<5000 {
            if present.isEmpty || stream.uniform() < 0.52 {
                present.append(pool.create(at: Double(step)))
            } else {
                pool.release(present.remove(at: stream.integer(below: present.count)))
            }
            maxPresent = max(maxPresent, present.count)
            #expect(pool.live == present.count)
            #expect(pool.peakLive == maxPresent)
        }
        // Ids present at once are distinct, and storage follows the peak, not the total created.
        #expect(Set(present).count == present.count)
        #expect(pool.entered.count == maxPresent)
        for id in present { pool.release(id) }
        #expect(pool.live == 0)
        #expect(pool.peakLive == maxPresent, "the peak survives releases")
    }
}
