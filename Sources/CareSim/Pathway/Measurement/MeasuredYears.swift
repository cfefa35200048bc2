import CareSimEngine

// The measured year, the stability year and every year to 31 March: what is counted when each
// starts and ends (the counts of events within them are made by the stages, while `measuring`).
extension PathwayReplication {
    /// The measured year starts: children already in care count as looked after during it.
    func measuredYearStarts(_ now: Double) {
        measuring = true
        for i in children.indices where hot[i].live && hot[i].state == .care {
            children[i].countedLookedAfter = true
            tally(Int32(i), now) { $0.lookedAfterDuringYear += 1 }
        }
    }

    /// The measured year ends: days in care, the stocks open at 31 March, the year's wider
    /// events and the workforce as it stands.
    func measuredYearEnds(_ now: Double) {
        for i in children.indices where hot[i].live && hot[i].state == .care { countCareDays(Int32(i), until: now) }
        measuring = false
        countOpen()
        drawWider()
        if let wf = workforce {
            m.agencyFTE = wf.agencyFTE
            m.filledFTE = wf.filledFTE
            m.vacantPosts = wf.vacantPosts
            m.posts = wf.posts.count
            m.unallocated = wf.waitingCount
        }
    }

    /// The stability year starts: every child in care starts it with the placement they are in.
    func stabilityYearStarts() {
        stabilityYear += 1
        for i in children.indices where hot[i].live && hot[i].state == .care {
            children[i].placementYear = stabilityYear
            children[i].placementsInYear = 1
        }
    }

    /// The stability year ends: children in care by the placements they had in it.
    func stabilityYearEnds(_ now: Double) {
        for (i, c) in children.enumerated() where hot[i].live && hot[i].state == .care {
            let n = c.placementYear == stabilityYear ? Int(c.placementsInYear) : 1
            tally(Int32(i), now) { $0.placementsInYear[min(2, max(1, n) - 1)] += 1 }
        }
        stabilityYear += 1
    }

    /// 31 March: placements in the year ending, counted as the stability year's are; then every
    /// child in care starts the next year with the placement they are in.
    func placementYearEnds() {
        let y = Int(placementYearIndex)
        placementYearIndex += 1
        for i in children.indices where hot[i].live && hot[i].state == .care {
            let n = children[i].placementsYearIndex == Int16(y) ? Int(children[i].placementsThisYear) : 1
            m.placementsByYear[y][min(2, max(1, n) - 1)] += 1
            children[i].placementsYearIndex = placementYearIndex
            children[i].placementsThisYear = 1
        }
    }
}
