import CareSimEngine
import Testing

@Suite("Simulator")
struct SimulatorTests {
    @Test("next(until:) stops at the horizon and leaves later events")
    func horizon() {
        var sim = Simulator()
        for t in [5.0, 1, 3, 2] { sim.schedule(Event(time: t, kind: 0, tag: Int32(t))) }
        #expect(sim.pendingEvents == 4)
        #expect(sim.next(until: 3)?.time == 1)
        #expect(sim.now == 1)
        #expect(sim.next(until: 3)?.time == 2)
        // An event exactly at the horizon is taken.
        #expect(sim.next(until: 3)?.time == 3)
        #expect(sim.now == 3)
        #expect(sim.next(until: 4) == nil)
        #expect(sim.now == 4, "the clock stops at the horizon")
        #expect(sim.pendingEvents == 1)
        #expect(sim.eventsHandled == 3)
        // Later calls pick up the remaining event.
        #expect(sim.next(until: 10)?.tag == 5)
        #expect(sim.now == 5)
        #expect(sim.next(until: 10) == nil)
        #expect(sim.now == 10)
        #expect(sim.pendingEvents == 0)
        #expect(sim.eventsHandled == 4)
    }

    @Test("the clock never runs backwards on an earlier horizon")
    func clockDoesNotRewind() {
        var sim = Simulator()
        #expect(sim.now == 0)
        #expect(sim.next(until: 5) == nil)
        #expect(sim.now == 5)
        #expect(sim.next(until: 3) == nil)
        #expect(sim.now == 5)
        sim.schedule(after: 2, kind: 7, target: 1, entity: 2, tag: 3)
        let e = sim.next(until: 100)
        #expect(e?.time == 7)
        #expect(e?.kind == 7 && e?.target == 1 && e?.entity == 2 && e?.tag == 3)
    }

    @Test("now advances monotonically and equals each event's time")
    func monotoneClock() {
        var sim = Simulator()
        let stream = RandomStream(master: 4, replication: 0, name: "sim-clock")
        for _ in 0..<50 { sim.schedule(after: 10 * stream.uniform(), kind: 0) }
        var times: [Double] = []
        var matches = true
        sim.run(until: 200) { sim, e in
            matches = matches && sim.now == e.time
            times.append(sim.now)
            // Follow-ups at random delays, some zero.
            if stream.uniform() < 0.9 {
                sim.schedule(after: stream.uniform() < 0.2 ? 0 : 5 * stream.uniform(), kind: 0)
            }
        }
        #expect(matches)
        #expect(times.count > 100)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(times.last! <= 200)
        #expect(sim.now == 200)
        #expect(sim.eventsHandled == times.count)
    }

    @Test("run(until:) handles events scheduled while handling")
    func eventsScheduledDuringHandling() {
        var sim = Simulator()
        sim.schedule(Event(time: 0, kind: 1))
        sim.schedule(Event(time: 2, kind: 9, tag: 100))
        var log: [(Double, Int32, Int32)] = []
        sim.run(until: 10) { sim, e in
            log.append((e.time, e.kind, e.tag))
            if e.kind == 1 {
                // A chain: the next link one day later, and a same-time event that must run
                // after anything already scheduled for this instant.
                sim.schedule(after: 1, kind: 1, tag: e.tag + 1)
                sim.schedule(after: 0, kind: 2, tag: e.tag)
            }
        }
        // Chain events at 0...10 (11 links), each followed by its same-time event; the event at 2
        // scheduled up front comes before the chain link scheduled later for time 2.
        #expect(log.filter { $0.1 == 1 }.map(\.0) == (0...10).map(Double.init))
        #expect(log.filter { $0.1 == 2 }.count == 11)
        let atTwo = log.filter { $0.0 == 2 }.map(\.1)
        #expect(atTwo == [9, 1, 2])
        for i in log.indices where log[i].1 == 1 {
            #expect(i + 1 < log.count && log[i + 1].1 == 2 && log[i + 1].2 == log[i].2)
        }
        #expect(sim.pendingEvents == 1, "the link at 11 is left for later")
        #expect(sim.now == 10)
        #expect(sim.eventsHandled == 23)
    }
}
