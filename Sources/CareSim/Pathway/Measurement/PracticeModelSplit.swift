/// One replication's attribution of children to practice-model groups (PracticeModelGroup):
/// indices into `groups` and into `PathwayMeasures.byPracticeModel`.
struct PracticeModelSplit {
    let groups: [PracticeModelGroup]
    /// teamGroup[t]: the group of the cases team t holds.
    let teamGroup: [Int]
    /// The group of children the No Wrong Door hub has served (nil: no hub).
    let noWrongDoor: Int?
    /// The group of children with no team (a scenario without a workforce): standard.
    let noTeam: Int

    /// nil when the scenario has no groups (no split).
    init?(_ p: PathwayParameters) {
        groups = PracticeModelGroup.groups(p)
        guard !groups.isEmpty else { return nil }
        let index = Dictionary(uniqueKeysWithValues: groups.enumerated().map { ($1, $0) })
        teamGroup = (p.workforce?.teams.indices ?? 0..<0).map { index[PracticeModelGroup.ofTeam($0, p.practice)]! }
        noWrongDoor = index[.noWrongDoor]
        noTeam = index[.standard] ?? 0  // standard is a group whenever a child can have no team
    }
}

/// Counting pathway measures by practice-model group. Reads the child and the workforce only:
/// it draws no random numbers and schedules nothing, so the run is the same with or without it.
extension PathwayReplication {
    /// The child's group now: No Wrong Door once the hub has served it, otherwise its team's
    /// (the team holding its case, or the one it would be allocated to).
    func practiceGroup(_ id: Int32, _ now: Double, _ split: PracticeModelSplit) -> Int {
        if let g = split.noWrongDoor, children[Int(id)].servedByHub { return g }
        guard workforce != nil else { return split.noTeam }
        return split.teamGroup[team(of: id) ?? teamFor(id, now)]
    }

    /// Applies `count` to the measures of the whole run and, when the run is split by practice
    /// model, to those of the child's group.
    @inline(__always)
    func tally(_ id: Int32, _ now: Double, _ count: (inout PathwayMeasures) -> Void) {
        count(&m)
        if let split = practiceSplit {
            let g = practiceGroup(id, now, split)
            count(&m.byPracticeModel[g])
        }
    }
}
