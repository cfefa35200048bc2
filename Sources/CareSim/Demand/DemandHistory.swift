import Foundation

/// What the published series say about demand for one area, up to a year ending 31 March
/// (`through`): new referrals per child in each year (the census's referrals over its own
/// mid-year population of children aged 0-17), the least-squares trend of their logarithm
/// with its standard error, and the ONS child population of each year. Nothing after
/// `through` is read: a back-test's projection depends only on what was published by then.
public struct DemandHistory: Sendable {
    /// A year's ratio: referrals per child (or a conversion's numerator over its denominator).
    public struct Year: Sendable, Equatable {
        public var year: Int
        public var referrals: Double
        public var children: Double
        public var rate: Double { referrals / children }
    }

    public var area: String
    public var through: Int
    /// Years with both referrals and the census's population, ascending.
    public var rates: [Year]
    /// ONS children aged 0-17 at the mid-year before each year ending 31 March, for years up
    /// to `through` (empty when the area's code is not in the extracts: codes of 2021).
    public var population: [Int: Double]
    public var populationSource: String
    /// Each conversion's published numerator and denominator by year (Demand.Conversion.ratio),
    /// years with both, ascending.
    public var conversions: [Demand.Conversion: [Year]] = [:]

    /// The series for `area` (an LA's ONS code or name, or England) in `data`: rates up to
    /// `through`, the population up to `populationThrough` (default `through`; a baseline for
    /// use, not a back-test, lists every year the extracts hold).
    public static func load(area: String, code: String, dataDirectory data: String, through: Int, populationThrough: Int? = nil) -> DemandHistory {
        var reader = PublishedYears(area: area, dataDirectory: data)
        var rates: [Year] = []
        for y in PublishedYears.years(dataDirectory: data) where y <= through {
            let mid = y - 1
            guard let referrals = reader.figure(.referrals, year: y)?.value,
                  let file = try? PublishedStocks.onlyCSV(in: PublishedYears.censusFolder(data, y), containing: nil),
                  let children = reader.read(file, code: ["new_la_code", "geog_c"], ["Mid\(mid)Pop017", "Mid\(mid)Pop0-17"])?.value,
                  children > 0, referrals > 0 else { continue }
            rates.append(Year(year: y, referrals: referrals, children: children))
        }
        var population: [Int: Double] = [:]
        var source = "ONS mid-year estimates (data/ons/child-population), ages 0-16 with 17 taken equal to 16"
        let last = populationThrough ?? through
        // No column after the last year wanted is read (the mid-year before it).
        if let ons = try? ChildPopulation.load(folder: "\(data)/ons/child-population", throughYear: last == .max ? .max : last - 1) {
            for mid in ons.years where last == .max || mid + 1 <= last {
                let v = code == LocalAuthority.england.code ? ons.england(year: mid) : ons.children(code: code, year: mid)
                if let v { population[mid + 1] = v }
            }
        }
        if population[through] == nil {
            // The area's 2021 code is not in the extracts (or they lack the year): the census's own population.
            population = Dictionary(uniqueKeysWithValues: rates.map { ($0.year, $0.children) })
            source = "the census's own mid-year population of children aged 0-17 (Mid<year>Pop017), as the ONS extracts do not have this area's code"
        }
        var conversions: [Demand.Conversion: [Year]] = [:]
        for c in Demand.Conversion.allCases {
            var series: [Year] = []
            for y in PublishedYears.years(dataDirectory: data) where y <= through {
                guard let n = reader.figure(metric: c.ratio.numerator, year: y)?.value, let d = reader.figure(metric: c.ratio.denominator, year: y)?.value,
                      n > 0, d > 0 else { continue }
                series.append(Year(year: y, referrals: n, children: d))
            }
            conversions[c] = series
        }
        return DemandHistory(area: area, through: through, rates: rates, population: population, populationSource: source, conversions: conversions)
    }

    /// The trend a year of the per-child rate: exp(b) - 1 for the least-squares slope b of
    /// log(rate) on the year, its standard error exp(b) x se(b) (residual variance on n - 2
    /// degrees of freedom); nil with fewer than three years.
    public var trend: RateProjection.Trend? { Self.trend(rates) }

    /// A conversion's trend (the same least squares on its log ratio), nil with fewer than three years.
    public func trend(_ c: Demand.Conversion) -> RateProjection.Trend? { Self.trend(conversions[c] ?? []) }

    /// The standard deviation of a series' year-on-year log changes about their mean (the
    /// innovations of a random walk with drift), less the part the published counts' own Poisson
    /// noise explains (about 1/n + 1/d a year for a ratio of counts n over d: the model draws that
    /// noise itself); nil with fewer than two changes (two, from the three years a back-test
    /// through 2013 has, give a rough figure: better than none). At most 0.5.
    static func volatility(_ rates: [Year]) -> Double? {
        let pairs = zip(rates, rates.dropFirst()).filter { $1.year == $0.year + 1 }
        let changes = pairs.map { log($1.rate / $0.rate) }
        guard changes.count >= 2 else { return nil }
        let m = changes.reduce(0, +) / Double(changes.count)
        let total = changes.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(changes.count - 1)
        func noise(_ y: Year) -> Double { 1 / y.referrals + 1 / y.children }
        let sampling = pairs.reduce(0) { $0 + noise($1.0) + noise($1.1) } / Double(pairs.count)
        return min(0.5, max(0, total - sampling).squareRoot())
    }

    static func trend(_ rates: [Year]) -> RateProjection.Trend? {
        let n = Double(rates.count)
        guard rates.count >= 3 else { return nil }
        let xs = rates.map { Double($0.year) }, ys = rates.map { log($0.rate) }
        let mx = xs.reduce(0, +) / n, my = ys.reduce(0, +) / n
        let sxx = xs.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        let sxy = zip(xs, ys).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let b = sxy / sxx
        let ssr = zip(xs, ys).reduce(0) { r, p in let e = p.1 - (my + b * (p.0 - mx)); return r + e * e }
        let se = (ssr / (n - 2) / sxx).squareRoot()
        return .init(estimate: exp(b) - 1, standardError: exp(b) * se)
    }

    /// Where a section's trends come from.
    public enum TrendSource: String, Sendable, CaseIterable {
        /// The area's own series.
        case local
        /// England's series of the same years (pooled: an LA's three or four years are too few
        /// and too noisy to estimate a trend from); the volatility stays the area's own.
        case england
    }

    /// The `demand:` section for a scenario measured in the year `through`, projecting the
    /// referral rate and the conversions as `projection` says, with comments naming
    /// the figures. A series with fewer than three years is held constant. With `pooled`
    /// (England's history of the same years), every trend is England's. `runIn`: the conversions
    /// given a factor in a run-in year (`by_year`), with the comment saying where it came from; the
    /// others have none.
    public func section(_ projection: DemandProjection, pooled: DemandHistory? = nil,
                        runIn: [Demand.Conversion: (year: Int, factor: Double, comment: String)] = [:]) -> [String] {
        func f(_ x: Double) -> String { String(format: "%.4f", x) }
        /// `series`: the area's own (its volatility); `trendSeries`: the one `trend` was estimated
        /// from (England's when pooled).
        func lines(_ indent: String, _ method: RateProjection.Method, _ trend: RateProjection.Trend?, _ trendSeries: [Year], _ series: [Year]) -> [String] {
            let m = trend == nil ? .constant : method
            let t = trend ?? .init(estimate: 0, standardError: 0)
            var out = ["\(indent)projection: \(m.rawValue)" + (trendSeries.count < 3 ? "   # fewer than three years published: held constant" : "")]
            // A scenario takes a trend of -50% to +100% a year; a steeper fit (a small LA's conversion
            // over three years) is held at the end of that range, and the comment says so.
            let estimate = min(RateProjection.Trend.largest, max(RateProjection.Trend.smallest, t.estimate))
            let held = estimate != t.estimate ? "least squares gave \(f(t.estimate)), held at the range's end; " : ""
            out.append("\(indent)trend_per_year: {estimate: \(f(estimate)), standard_error: \(f(t.standardError))}   # "
                       + held + (pooled != nil ? "England's: " : "") + "least squares on the log, "
                       + "\(trendSeries.first.map { String($0.year) } ?? "-") to \(trendSeries.last.map { String($0.year) } ?? "-"); drawn once per replication")
            if m == .damped { out.append("\(indent)damping: \(projection.damping)   # the trend kept each year (1: linear, 0: constant)") }
            if let v = Self.volatility(series) {
                out.append("\(indent)volatility_per_year: \(f(v))   # sd of the year-on-year log changes (\(series.count - 1)) less their counts' Poisson noise; a shock a projected year, drawn once per replication")
            }
            return out
        }
        var out: [String] = []
        out.append("demand:   # written by CareSim from the published series up to the year ending 31 March \(through)")
        out.append("  from_year: \(through)   # the measured year: later years are projected from it")
        out.append("  child_population:   # \(populationSource); year_ending is the year after the mid-year")
        for (y, v) in population.sorted(by: { $0.key < $1.key }) {
            out.append("    - {year_ending: \(y), children: \(Int(v.rounded()))}")
        }
        let series = rates.map { "\($0.year): \(String(format: "%.1f", $0.rate * 10_000))" }.joined(separator: ", ")
        out.append("  referral_rate:   # referrals per 10,000 children (census referrals / its mid-year population): \(series.isEmpty ? "none published" : series)")
        out += lines("    ", projection.referralRate, pooled.map { $0.trend } ?? trend, pooled?.rates ?? rates, rates)
        // Every conversion is written, held where its series is not published, so that nothing of
        // the scenario this one extends (England's) is inherited.
        out.append("  conversions:")
        for c in Demand.Conversion.allCases {
            let s = conversions[c] ?? []
            let values = s.isEmpty ? "not published for this area (suppressed or missing): held" : s.map { "\($0.year): \(String(format: "%.4f", $0.rate))" }.joined(separator: ", ")
            out.append("    \(c.rawValue):   # \(c.ratio.numerator) / \(c.ratio.denominator): \(values)")
            out += lines("      ", projection.conversions, pooled.map { $0.trend(c) } ?? trend(c), pooled.map { $0.conversions[c] ?? [] } ?? s, s)
            if let r = runIn[c] {
                out.append("      by_year: [{year_ending: \(r.year), factor: \(String(format: "%.4f", r.factor))}]   # " + r.comment)
            } else {
                out.append("      by_year: null   # not England's run-in year factors: years before from_year keep this year's rate")
            }
        }
        return out
    }
}
