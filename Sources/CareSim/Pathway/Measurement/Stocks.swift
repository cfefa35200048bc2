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
                if h.state == .cp {
                    $0.cpOpen += 1
                    $0.cpAgeBands[band] += 1
                }
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
        var counts = Array(repeating: 0, count: StockCell.count)
        for i in hot.indices where hot[i].live {
            let h = hot[i]
            let band = PathwayMeasures.ageBand((now - h.born) / 365.25)
            counts[StockCell.index(state: h.state, ageBand: band, placement: h.state == .care ? h.placement : nil)] += 1
        }
        for index in counts.indices where counts[index] > 0 {
            let cell = StockCell(index: index)
            stocks.append(PathwayStock(time: now, state: cell.state, ageBand: cell.ageBand, placement: cell.placement, count: counts[index]))
        }
    }
}

/// One cell of the monthly stock count: a state, an age band (PathwayMeasures.ageBand) and, in
/// care, a placement type. Cells are numbered by state, then age band, then placement (none
/// first, then PlacementType's order), the order stocks.csv lists them in.
struct StockCell {
    static let ageBands = PathwayMeasures.ageBandNames.count
    /// None (not in care), then each placement type.
    static let placements = PlacementType.allCases.count + 1
    static let count = CaseState.allCases.count * ageBands * placements

    let state: CaseState
    let ageBand: Int
    let placement: PlacementType?

    @inline(__always)
    static func index(state: CaseState, ageBand: Int, placement: PlacementType?) -> Int {
        (Int(state.rawValue) * ageBands + ageBand) * placements + (placement.map { $0.index + 1 } ?? 0)
    }

    init(index: Int) {
        let p = index % Self.placements
        state = CaseState(rawValue: UInt8(index / (Self.ageBands * Self.placements)))!
        ageBand = (index / Self.placements) % Self.ageBands
        placement = p == 0 ? nil : PlacementType.allCases[p - 1]
    }
}
