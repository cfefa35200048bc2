/// Default unit costs, each with its source. Weekly placement costs are national, 2014-15 prices
/// (the year ending 31 March 2015): section 251 outturn spend for the year divided by the children
/// in those placements at 31 March 2015 and by 52 weeks, as docs/explanation/model.md, section 3,
/// quotes them. `CostTests` recomputes both from the data files.
public enum CostDefaults {
    /// HM Treasury Green Book: the social time preference rate, 3.5% a year.
    public static let discountRate = 0.035
    /// The financial year of the section 251 outturn (s251ye2015.xlsx), year ending 31 March.
    public static let priceYear = 2015

    /// Foster care, per child-week: data/dfe/section251/s251ye2015.xlsx, line 7 "Fostering
    /// services", TotalExpenditure summed over the 152 LAs (£1,540.3m), divided by CLA15
    /// CLA_Fost (52,050, England at 31 March 2015) and by 52: £569.1.
    public static let fosterWeekly = 569.0
    /// Children's homes, secure units and hostels, per child-week: s251ye2015.xlsx line 6
    /// "Residential care" (£1,016.0m) / CLA15 CLA_Secure (6,570) / 52: £2,974.
    public static let residentialWeekly = 2970.0

    /// Weekly cost by placement type where a scenario names no cost for a provider of that type.
    /// Only foster and residential come from data; the rest are assumed (see each).
    public static func weekly(_ type: PlacementType) -> Double {
        switch type {
        case .foster: fosterWeekly
        case .residential: residentialWeekly
        // Assumed: no separate section 251 line; priced as children's homes.
        case .otherResidential, .residentialSchool: residentialWeekly
        // Assumed: a No Wrong Door hub bed is a children's home bed (its running costs beyond
        // that go under costs.practice_models.no_wrong_door).
        case .hubBed: residentialWeekly
        // Assumed: supported accommodation and lodgings (mostly 16 and over); no line in data/.
        case .otherCommunity: 1000
        // Assumed: no placement fee; the social work is in staff costs.
        case .withParents, .placedForAdoption: 0
        }
    }
}
