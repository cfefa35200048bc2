import CareSimEngine
import Foundation

// The 18th birthday: the child leaves the pathway from wherever they are.
extension PathwayReplication {
    func ageOut(_ id: Int32, _ now: Double) {
        let c = children[Int(id)]
        let h = hot[Int(id)]
        switch h.state {
        case .care:
            leaveCare(id, now, route: .age18)
            return
        case .assessment:
            if let i = queue.firstIndex(of: id) {
                queue.remove(at: i)
            } else if workforce == nil || workforce!.hasWorker(id) {
                freeSlot(now)
            }  // else: still waiting for a worker (release takes it off that list)
        case .cp:
            if measuring { countCPEnd(id, now, started: c.cpStart) }
        default: break
        }
        if practice != nil { countEdgeLeftAt18(id, now) }
        endEpisode(id, now)
        flows.count(.state(h.state), .leftAt18, at: now)
        release(id, .leftAt18)
    }
}
