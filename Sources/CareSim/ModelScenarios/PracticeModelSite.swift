/// The practice models `caresim scenario` can add to an LA's baseline, each with the site whose
/// published evidence its effect sizes come from, and the measure by which its posts, beds and
/// places are scaled from that site to another authority.
public enum PracticeModelChoice: String, CaseIterable, Sendable {
    case familySafeguarding = "family-safeguarding"
    case noWrongDoor = "no-wrong-door"
    case rswUnits = "rsw-units"
    case familyGroupConferences = "family-group-conferences"

    /// The scenario key of the model (`practice_models.<key>`, or the intervention's name).
    public var key: String {
        switch self {
        case .familySafeguarding: "family_safeguarding"
        case .noWrongDoor: "no_wrong_door"
        case .rswUnits: "rsw_units"
        case .familyGroupConferences: "family_group_conference"
        }
    }

    public var title: String {
        switch self {
        case .familySafeguarding: "Family Safeguarding"
        case .noWrongDoor: "No Wrong Door"
        case .rswUnits: "Reclaiming Social Work units"
        case .familyGroupConferences: "Family Group Conferences"
        }
    }

    /// The authority whose published figures size the model (its evidence's site).
    public var site: String {
        switch self {
        case .familySafeguarding: "Hertfordshire"
        case .noWrongDoor: "North Yorkshire"
        case .rswUnits: "Hackney"
        case .familyGroupConferences: "Leeds"
        }
    }

    /// Whether the model works in case-holding teams (so it can cover some localities only).
    public var isTeamBased: Bool { self == .familySafeguarding || self == .rswUnits }

    /// The published measure (a metric of the year's targets, from the LA's own figures) by
    /// which the model's posts, beds or places are scaled from its site to an authority, and
    /// how it is described in the written scenario.
    public var scaleMeasure: (metrics: [String], shares: [String], description: String) {
        switch self {
        case .familySafeguarding:
            (["section47_enquiries", "looked_after_started"], [],
             "children entering the stages the specialists join at in the year: section 47 enquiries + children starting to be looked after")
        case .noWrongDoor:
            (["looked_after_started"], ["entry_age_10_to_15_share", "entry_age_16_plus_share"],
             "adolescents starting to be looked after in the year: children starting x the share aged 10 and over")
        case .rswUnits, .familyGroupConferences:
            (["section47_enquiries"], [], "section 47 enquiries in the year")
        }
    }
}

/// Evidence grades of an effect size or a figure, as the written scenarios state them.
public enum EvidenceGrade: String, Sendable {
    /// From a published evaluation of the model.
    case evaluation
    /// From the council's own published figures (a project summary).
    case councilFigures = "council figures"
    /// From a secondary summary of the evidence (a report quoting another source).
    case secondarySummary = "secondary summary"
    /// No published figure: a judgement, with a wide interval.
    case assumed
}
