import CareSimEngine
import Foundation

// Stocks: the monthly counts by stage, age band and placement, and those open at the end of
// the measured year.
extension PathwayReplication {
    /// The stocks at the end of the measured year (each child in its group at that day).
    func countOpen() {
        for (i, c) in children.enumerated() where hot[i].live {
            let h = hot[i]
            let t = team(of: Int32(i))
            if let t, h.state == .cp { m.teamCPOpen[t] += 1 }
            if let t, h.state == .care { m.teamLookedAfterOpen[t] += 1 }
            let band = PathwayMeasures.ageBand(age(Int32(i), at: measureTo))
            let placement = h.placement.index
            tally(Int32(i), measureTo) {
                if c.inNeedAtCensus(h.state) {
                    $0.cinOpen += 1
                    $0.cinOpenBands[PathwayMeasures.durationBand(measureTo - c.openSince)] += 1
                }
                if h.state == .cp { $0.cpOpen += 1 }
                if h.state == .care {
                    $0.lookedAfterOpen += 1
                    if c.unaccompanied { $0.unaccompaniedOpen += 1 }
                    $0.lookedAfterAgeBands[band] += 1
                    $0.placementCounts[placement] += 1
                }
            }
        }
    }

    func sampleStocks(_ now: Double) {
        var counts = Array(repeating: 0, count: CaseState.allCases.count * 8 * 16)
        for i in hot.indices where hot[i].live {
            let h = hot[i]
            let band = PathwayMeasures.ageBand((now - h.born) / 365.25)
            let placement = h.state == .care ? h.placement.index : -1
            counts[(Int(h.state.rawValue) * 8 + band) * 16 + placement + 1] += 1
        }
        for key in counts.indices where counts[key] > 0 {
            let placement = key % 16 - 1
            let band = (key / 16) % 8
            let state = CaseState(rawValue: UInt8(key / 128))!
            stocks.append(PathwayStock(time: now, state: state, ageBand: band,
                                       placement: placement >= 0 ? PlacementType.allCases[placement] : nil, count: counts[key]))
        }
    }
}
