/// An LA's unaccompanied asylum-seeking children (`care.unaccompanied`), from the only figure
/// published for them: those looked after at 31 March (CLA `CLA_UASC`) of the measured year and
/// the two before it (2013, 2014 and 2015 for 2014-15, as below).
///
/// Arrivals come at ages uniform on [15, 18) (`age`) and stay until 18, so a stay is uniform on
/// (0, 3) years (mean 1.5) and w_k, the expected share of a year's arrivals still looked after
/// k to k + 1 years later, is the integral of 1 - s / 3 over that year: 5/6, 1/2, 1/6. The
/// stock at 31 March of year y is then the sum over k of w_k times the arrivals of the year k
/// before. Taking the years before 2013-14 at the steady rate of the 2013 stock (stock / 1.5),
/// the 2014 and 2015 stocks give the arrivals of 2013-14 (the run-in year, as a factor on the
/// measured year's) and 2014-15 (`per_year`). Without a run-in year (a warm start at the start
/// of the measured year) the arrivals of the year before are used for the measured year's alone.
public struct LocalUnaccompanied: Sendable {
    public static let arrivalAges: ClosedRange<Double> = 15...18

    public var perYear: Annotated<Double>
    /// 2013-14's arrivals over 2014-15's (nil: the same, or no run-in year).
    public var runIn: Annotated<Double>?

    /// Years after arrival k: the expected share still looked after over [k, k + 1), for stays
    /// uniform on (0, `longest`) years.
    static func remaining(_ k: Int, longest: Double) -> Double {
        let a = Double(k), b = min(Double(k + 1), longest)
        guard b > a else { return 0 }
        return (b - a) - (b * b - a * a) / (2 * longest)
    }

    /// Nil (with a note) when the LA's stock at the end of the measured year is suppressed,
    /// missing or 0: no arrivals. `runIn`: whether the run has a year before the measured one.
    static func derive(_ f: LocalFigures, runIn hasRunIn: Bool = true, note: (String, String) -> Void) throws(DataError) -> LocalUnaccompanied? {
        let s = f.sources
        let field = "care.unaccompanied"
        // Named for 2015: s15 the stock at the end of the measured year, s14 and s13 a year and two before.
        let y = s.year
        let v15 = try f.la(s.lookedAfter, "CLA_UASC")
        guard let s15 = v15.number, s15 > 0 else {
            if v15.number == nil { note(field, "\(LocalFigures.describe(s.lookedAfter, "CLA_UASC", v15)) for this LA: no unaccompanied children arrive (at most 5 were looked after)") }
            return nil
        }
        func stock(_ t: BaselineSources.Table, _ year: Int) -> Double {
            if let row = try? f.row(t), let x = try? t.table.value(row: row, column: "CLA_UASC").number { return x }
            note(field, "\(t.label) CLA_UASC suppressed or not available for this LA: the stock at 31 March \(year) taken as \(y)'s")
            return s15
        }
        guard let cla13 = s.lookedAfterTwoBefore, let cla14 = s.lookedAfterBefore else {
            throw DataError(file: s.dataDirectory, line: 0, field: field, "expected the looked-after tables of the two years before the measured one")
        }
        let s13 = stock(cla13, y - 2), s14 = stock(cla14, y - 1)
        let longest = arrivalAges.upperBound - arrivalAges.lowerBound
        let w = (0..<Int(longest.rounded(.up))).map { remaining($0, longest: longest) }
        let r13 = s13 / (longest / 2)
        let r14 = max(0, (s14 - w.dropFirst().reduce(0, +) * r13) / w[0])
        let r15 = max(0, (s15 - w[1] * r14 - w.dropFirst(2).reduce(0, +) * r13) / w[0])
        let stocks = "\(cla13.label)/\(cla14.label)/\(s.lookedAfter.label) CLA_UASC \(ShareArithmetic.text(s13)), \(ShareArithmetic.text(s14)), \(ShareArithmetic.text(s15))"
        let span = BaselineSources.span(y), before = BaselineSources.span(y - 1)
        guard r15 >= 0.5 else {
            note(field, "\(stocks) leave no arrivals in \(span) at stays to 18 from ages 15 to 18: none arrive")
            return nil
        }
        let perYear = Annotated(value: r15, comment: String(
            format: "unaccompanied asylum-seeking children arriving in %@, from the stocks at 31 March (%@) with arrivals at ages 15 to 18 staying until 18 (LocalUnaccompanied)",
            span, stocks))
        let factor = max(0.05, r14 / r15)
        let runIn = !hasRunIn || abs(factor - 1) < 0.0005 ? nil : Annotated(value: factor, comment: String(
            format: "%@'s arrivals %.1f over %@'s%@", before, r14, span, factor > r14 / r15 ? " (held at 0.05 or more)" : ""))
        return LocalUnaccompanied(perYear: perYear, runIn: runIn)
    }
}
