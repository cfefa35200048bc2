import Foundation
import Testing
@testable import CareSim

@Suite("Simulation calendar")
struct SimulationCalendarTests {
    let calendar = SimulationCalendar(year: 2013, month: 3, day: 31)

    @Test func datesAndDays() {
        #expect(calendar.day(year: 2013, month: 3, day: 31) == 0)
        #expect(calendar.day(year: 2013, month: 4, day: 1) == 1)
        // 2014 is not a leap year, 2016 is.
        #expect(calendar.day(year: 2014, month: 3, day: 31) == 365)
        #expect(calendar.day(year: 2016, month: 3, day: 31) - calendar.day(year: 2015, month: 3, day: 31) == 366)
        #expect(calendar.endOfMarch(2015) == 731)
        let year = calendar.yearEndingMarch(2015)
        #expect(year.lowerBound == 366 && year.upperBound == 731)
    }

    /// Against Foundation's Gregorian calendar for many dates.
    @Test func agreesWithFoundation() {
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = TimeZone(identifier: "UTC")!
        let origin = gregorian.date(from: DateComponents(year: 2013, month: 3, day: 31))!
        for offset in stride(from: -4000, through: 8000, by: 97) {
            let date = gregorian.date(byAdding: .day, value: offset, to: origin)!
            let c = gregorian.dateComponents([.year, .month, .day], from: date)
            #expect(calendar.day(year: c.year!, month: c.month!, day: c.day!) == Double(offset), "\(c)")
        }
    }

    @Test func workingDays() {
        // A year has about 253 working days in England.
        let perYear = SimulationCalendar.workingDays(fromCalendarDays: 365.25)
        #expect(abs(perYear - 252.9) < 0.1)
        // The 45-working-day assessment timescale is about 65 calendar days.
        #expect(abs(SimulationCalendar.calendarDays(fromWorkingDays: 45) - 65) < 0.1)
        #expect(abs(SimulationCalendar.workingDays(fromCalendarDays: SimulationCalendar.calendarDays(fromWorkingDays: 28)) - 28) < 1e-12)
    }
}
