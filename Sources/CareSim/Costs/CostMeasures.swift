/// What one replication measured for costs and placement sufficiency, per financial year
/// (index 0 is the year that starts on day 0), unscaled: divide by the scale for
/// England-sized (or LA-sized) numbers.
public struct CostMeasures: Sendable {
    /// The year ending 31 March of index 0, and the index of the first costed year (the
    /// measured year).
    public var firstYearEnding: Int
    public var firstCosted: Int
    public var providerCount: Int
    /// Child-days, [year][actual provider * providerCount + preferred provider].
    public var providerDays: [[Double]]
    /// Child-days in placements outside the authority's area, [year].
    public var outOfAreaDays: [Double]
    /// Placements started (the warm start's are not), those not with the preferred provider
    /// because it was full, those placed over capacity (every fallback full), and those out of
    /// area, [year].
    public var started: [Int]
    public var fallback: [Int]
    public var emergency: [Int]
    public var outOfAreaStarted: [Int]
    /// Case-holding FTE-days, [year][team * 3 + (permanent, agency, vacant)]; empty without a workforce.
    public var staffDays: [[Double]]
    /// Children who joined each generic intervention, [year][intervention].
    public var joined: [[Int]]
    /// Wider events, [year] (the measured year's are the `wider.*` metrics' own draws).
    public var policeEvents: [Int]
    public var admissionEvents: [Int]

    public var years: Int { providerDays.count }

    /// Child-days with provider `actual` (any preferred) in year y.
    public func days(year y: Int, provider actual: Int) -> Double {
        (0..<providerCount).reduce(0) { $0 + providerDays[y][actual * providerCount + $1] }
    }
}
