/// The wider events (police call-outs, adult admissions, missing episodes) of the measured year.
public struct WiderEffectsMeasures: Sendable {
    /// Open family-years of exposure, weighted by the relative rate that applied, and the
    /// expected missing episodes, from monthly samples; the event counts are drawn from them at
    /// the year's end.
    public var policeExposureYears = 0.0
    public var admissionsExposureYears = 0.0
    public var missingExposure = 0.0
    public var policeCallouts = 0
    public var adultAdmissions = 0
    public var missingEpisodes = 0

    /// The rows of summary.csv ("wider.…") for the events the scenario models, one value per
    /// replication.
    static func rows(_ measures: [WiderEffectsMeasures], _ w: WiderEffects?, perChild k: Double, _ rows: inout [(String, [Double])]) {
        func count(_ name: String, _ v: (WiderEffectsMeasures) -> Int) { rows.append(("wider." + name, measures.map { Double(v($0)) * k })) }
        if w?.police != nil { count("police_callouts") { $0.policeCallouts } }
        if w?.admissions != nil { count("adult_admissions") { $0.adultAdmissions } }
        if w?.missing != nil { count("missing_episodes") { $0.missingEpisodes } }
    }
}
