/// The groups a pathway run's metrics are split by when the scenario has a practice model that
/// changes who works with a child (No Wrong Door, Family Safeguarding teams or Reclaiming Social
/// Work units): the summary then repeats the pathway metrics once per group, as
/// `model.<group>.<metric>`.
///
/// Each child event counts in one group, the child's at that moment:
/// - `no_wrong_door` once the No Wrong Door hub has served the child (an outreach referral or a
///   hub bed); it stays there for good;
/// - otherwise the group of the team holding the child's case, or, when no team holds it (at a
///   referral, say), of the team it would be allocated to: `family_safeguarding` for a Family
///   Safeguarding team (also when the team is an RSW unit too), `rsw_units` for an RSW unit team;
/// - otherwise (another team, or no workforce) `standard`.
/// Stocks at the year's end take the child's group at that day, placements in the stability year
/// its group at that year's end.
public enum PracticeModelGroup: String, Sendable, CaseIterable {
    case noWrongDoor = "no_wrong_door"
    case familySafeguarding = "family_safeguarding"
    case rswUnits = "rsw_units"
    case standard

    /// The group of the cases team `t` holds (before any hub).
    static func ofTeam(_ t: Int, _ m: PracticeModels) -> PracticeModelGroup {
        if m.familySafeguarding?.teams.contains(t) == true { return .familySafeguarding }
        if m.rswUnits?.teams.contains(t) == true { return .rswUnits }
        return .standard
    }

    /// The groups that can occur in the scenario, in declaration order; empty when it has none
    /// of the models above (no split: a scenario with only `direct_work:` or `wider_effects:`
    /// has no groups to tell apart).
    public static func groups(_ p: PathwayParameters) -> [PracticeModelGroup] {
        let m = p.practice
        guard m.noWrongDoor != nil || m.familySafeguarding != nil || m.rswUnits != nil else { return [] }
        var possible: Set<PracticeModelGroup> = m.noWrongDoor != nil ? [.noWrongDoor] : []
        if let w = p.workforce {
            for t in w.teams.indices { possible.insert(ofTeam(t, m)) }
        } else {
            possible.insert(.standard)
        }
        return allCases.filter { possible.contains($0) }
    }
}
