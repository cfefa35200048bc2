import CareSimEngine
import Foundation

// A child's slot: created, moved between states (with the move counted), and released.
extension PathwayReplication {
    /// The stream for child `id`'s next decision of kind `d`, restarted at (its key, how many
    /// such decisions it has drawn).
    @inline(__always)
    func rng(_ d: Decision, _ id: Int32) -> RandomStream {
        let i = Int(id)
        let n = children[i].draws.counts[d.rawValue]
        children[i].draws.counts[d.rawValue] = n &+ 1
        let s = keyed.streams[d.rawValue]
        s.rekey(children[i].draws.key, counter: UInt64(n))
        return s
    }

    /// A new child with key `key` (nil: the warm start's next).
    func create(born: Double, at now: Double, key: UInt64? = nil) -> Int32 {
        let id: Int32
        if let f = free.popLast() {
            id = f
        } else {
            id = Int32(children.count)
            children.append(.empty)
            hot.append(.empty)
        }
        let generation = hot[Int(id)].generation
        hot[Int(id)] = ChildHot(born: born, token: hot[Int(id)].token &+ 1, generation: generation, state: .closed, live: true, placement: .foster)
        var c = Child.empty
        c.stateSince = now
        if let key {
            c.draws.key = key
        } else {
            c.draws.key = ChildDraws.warmStarted(warmPlaced)
            warmPlaced += 1
        }
        (c.cohortFrom, c.cohortAtHome) = cohortStart(for: c.draws.key)
        children[Int(id)] = c
        drawFamily(id)
        created += 1
        live += 1
        peak = max(peak, live)
        scheduleEighteenth(id, now, generation: generation, before: nextBirthdaySweep)
        return id
    }

    /// The child leaves the simulation for `reason` (counted for the conservation check).
    func release(_ id: Int32, _ reason: FlowEndpoint) {
        countCohortTime(id, sim.now)
        caseCloses(id, sim.now)
        leaving(id, sim.now)
        departures[reason.index] += 1
        hot[Int(id)].live = false
        hot[Int(id)].generation &+= 1
        hot[Int(id)].token &+= 1
        live -= 1
        free.append(id)
    }

    /// Moves the child to `state` and schedules the end of it after `days` (nil: no end event).
    func enter(_ id: Int32, _ state: CaseState, at now: Double, endsAfter days: Double?, choice: PendingEnd = .close, countsFlow: Bool = true) {
        if countsFlow, !placing { flows.count(.state(hot[Int(id)].state), .state(state), at: now) }
        if children[Int(id)].cohortFrom < now { countCohortTime(id, now) }
        hot[Int(id)].state = state
        children[Int(id)].stateSince = now
        hot[Int(id)].token &+= 1
        children[Int(id)].choice = choice
        children[Int(id)].endsAt = days.map { now + $0 } ?? .infinity
        if let days {
            sim.schedule(Event(time: now + days, kind: Kind.stateEnd.rawValue, entity: id, tag: hot[Int(id)].token))
        }
    }

    /// Children who left the simulation, by how, named.
    var departureNames: [String: Int] {
        var names: [String: Int] = [:]
        for e in FlowEndpoint.all where departures[e.index] > 0 { names[e.name] = departures[e.index] }
        return names
    }

    /// Child `id`'s age in years at `time`.
    @inline(__always)
    func age(_ id: Int32, at time: Double) -> Double { (time - hot[Int(id)].born) / 365.25 }
}

/// One child as a whole, read from the two arrays (for tests and inspection, not the hot path).
@dynamicMemberLookup
struct ChildView {
    let id: Int32
    let hot: ChildHot
    let child: Child

    subscript<T>(dynamicMember path: KeyPath<Child, T>) -> T { child[keyPath: path] }
    var state: CaseState { hot.state }
    var placement: PlacementType { hot.placement }
    var born: Double { hot.born }
    func age(at time: Double) -> Double { (time - hot.born) / 365.25 }
    var inNeedAtCensus: Bool { child.inNeedAtCensus(hot.state) }
}

extension PathwayReplication {
    /// The children present now, in slot order.
    var liveChildren: [ChildView] {
        hot.indices.filter { hot[$0].live }.map { ChildView(id: Int32($0), hot: hot[$0], child: children[$0]) }
    }
}
