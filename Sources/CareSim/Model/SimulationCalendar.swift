import Foundation

/// Maps simulation days to calendar dates and back, and converts calendar durations to the
/// working days the statistics report. Day 0 is the scenario's start date (for example the
/// 31 March a run is warm-started from).
public struct SimulationCalendar: Sendable, Equatable {
    /// Year, month and day of simulation day 0.
    public let startYear: Int, startMonth: Int, startDay: Int
    private let startOrdinal: Int

    /// Working days per calendar day: 5 of 7 days, less the 8 bank holidays of an English
    /// year: (365.25 x 5/7 - 8) / 365.25. The census counts assessment and conference
    /// timescales in working days; the model keeps calendar days and converts when it reports.
    public static let workingDaysPerDay = (365.25 * 5.0 / 7.0 - 8.0) / 365.25

    public init(year: Int, month: Int, day: Int) {
        startYear = year
        startMonth = month
        startDay = day
        startOrdinal = Self.ordinal(year: year, month: month, day: day)
    }

    /// The simulation day of a date (midnight at its start).
    public func day(year: Int, month: Int, day: Int) -> Double {
        Double(Self.ordinal(year: year, month: month, day: day) - startOrdinal)
    }

    /// The simulation day on which the year ending 31 March `year` ends (the end of 31 March).
    public func endOfMarch(_ year: Int) -> Double {
        day(year: year, month: 3, day: 31) + 1
    }

    /// The window [1 April year-1, end of 31 March year) in simulation days.
    public func yearEndingMarch(_ year: Int) -> ClosedRange<Double> {
        day(year: year - 1, month: 4, day: 1)...endOfMarch(year)
    }

    public static func workingDays(fromCalendarDays days: Double) -> Double { days * workingDaysPerDay }
    public static func calendarDays(fromWorkingDays days: Double) -> Double { days / workingDaysPerDay }

    /// Days since 1 March of year 0 in the proleptic Gregorian calendar (a standard civil-from-
    /// days construction), so date arithmetic needs no time zones.
    static func ordinal(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe
    }

    /// The date (YYYY-MM-DD) of simulation day `day` (rounded down).
    public func dateString(_ day: Double) -> String {
        var z = startOrdinal + Int(day.rounded(.down))
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        z = yoe + era * 400 + (m <= 2 ? 1 : 0)
        // As String(format: "%04d-%02d-%02d"), without Foundation's formatter (a fifth of an LA run's
        // time went on writing the stocks' dates).
        func padded(_ n: Int, _ width: Int) -> String {
            let digits = String(abs(n))
            return (n < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count - (n < 0 ? 1 : 0))) + digits
        }
        return padded(z, 4) + "-" + padded(m, 2) + "-" + padded(d, 2)
    }
}
