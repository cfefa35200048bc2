import Foundation
import Testing
@testable import CareSim

/// Hand-written fast paths give exactly what the general code they replace gives.
@Suite("fast paths agree with the general code")
struct FastPathTests {
    @Test("ageBand unrolled equals band over ageBandEdges, at every edge, between, beyond, and for NaN")
    func ageBand() {
        var xs: [Double] = [-1, 0, .nan, .infinity, -.infinity, 17.999, 18, 100]
        for e in PathwayMeasures.ageBandEdges { xs += [e, e.nextDown, e.nextUp] }
        var g = SystemRandomNumberGenerator()
        for _ in 0..<10_000 { xs.append(Double.random(in: -2...20, using: &g)) }
        for x in xs {
            #expect(PathwayMeasures.ageBand(x) == PathwayMeasures.band(x, PathwayMeasures.ageBandEdges), "age \(x)")
        }
    }

    @Test("dateString equals String(format: \"%04d-%02d-%02d\") over 150 years of days")
    func dateString() {
        let calendar = SimulationCalendar(year: 2013, month: 4, day: 1)
        for day in stride(from: -400.0, through: 150 * 365.25, by: 1.25) {
            let s = calendar.dateString(day)
            let parts = s.split(separator: "-").map { Int($0)! }
            #expect(s == String(format: "%04d-%02d-%02d", parts[0], parts[1], parts[2]), "day \(day)")
            #expect(calendar.day(year: parts[0], month: parts[1], day: parts[2]) == day.rounded(.down), "day \(day): \(s)")
        }
    }

    @Test("the hand-written indices of routes, placement types and flow endpoints are their places in allCases and all")
    func indices() {
        for (i, route) in CareExit.allCases.enumerated() { #expect(route.index == i, "\(route)") }
        for (i, type) in PlacementType.allCases.enumerated() { #expect(type.index == i, "\(type)") }
        for (i, e) in FlowEndpoint.all.enumerated() { #expect(e.index == i, "\(e.name)") }
        #expect(Set(FlowEndpoint.all.map(\.name)).count == FlowEndpoint.count)
    }

    @Test("stock cells: every state, age band and placement has its own index, read back, in the order stocks.csv lists them")
    func stockCells() {
        var expected = 0
        for state in CaseState.allCases {
            for band in PathwayMeasures.ageBandNames.indices {
                for placement in [nil] + PlacementType.allCases.map(Optional.some) {
                    let index = StockCell.index(state: state, ageBand: band, placement: placement)
                    #expect(index == expected, "\(state) \(band) \(String(describing: placement))")
                    let cell = StockCell(index: index)
                    #expect(cell.state == state && cell.ageBand == band && cell.placement == placement)
                    expected += 1
                }
            }
        }
        #expect(expected == StockCell.count)
    }

    @Test("a CSV field is quoted when it holds a comma, a quote or a line break, including \\r\\n")
    func csvField() {
        #expect(CSVTable.field("plain") == "plain")
        #expect(CSVTable.field("a,b") == "\"a,b\"")
        #expect(CSVTable.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVTable.field("a\nb") == "\"a\nb\"")
        #expect(CSVTable.field("a\r\nb") == "\"a\r\nb\"")
    }
}
