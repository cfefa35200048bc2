/// The pathway model's summary metrics, named as in `calibration/england-2014-15.csv` where the
/// statistics publish them. Counts are divided by the scenario's scale, so a reduced-scale run
/// reports England-sized numbers. Flows and shares are over the measured year (to 31 March
/// `calendar.measure_year_ending`); `*_open` and stock shares at its end; placements in the
/// year over the stability year.
///
/// When the scenario has practice-model groups (PracticeModelGroup), the pathway metrics
/// (`pathwayRows`) follow once more for each group, named `model.<group>.<metric>`, after every
/// other row: each child event counted in the group the child was in at that moment, each stock
/// in its group at the year's end. A group's counts sum with the others' to the whole LA's.
public enum PathwayMetrics {
    public static func perReplication(_ results: [PathwayResult], parameters p: PathwayParameters) -> [(metric: String, values: [Double])] {
        var rows: [(String, [Double])] = []
        let k = 1 / p.scale
        func count(_ name: String, _ value: (PathwayMeasures) -> Int) {
            rows.append((name, results.map { Double(value($0.measures)) * k }))
        }
        func value(_ name: String, _ v: (PathwayMeasures) -> Double?) {
            rows.append((name, results.compactMap { v($0.measures) }))
        }
        // The pathway rows of the whole LA; placements in the year come after the costs, where
        // they have always been.
        let pathway = pathwayRows(results.map(\.measures), p)
        let stability = pathway.filter { $0.0.hasPrefix(stabilityPrefix) }
        rows += pathway.filter { !$0.0.hasPrefix(stabilityPrefix) }
        if let w = p.workforce {
            value("caseload_per_fte") { $0.caseloadSamples.isEmpty ? nil : $0.caseloadSamples.reduce(0, +) / Double($0.caseloadSamples.count) }
            value("allocation_mean_wait_days") { $0.allocations > 0 ? $0.allocationWaitDays / Double($0.allocations) : nil }
            value("worker_changes_per_case") { $0.casesClosed > 0 ? Double($0.workerChanges) / Double($0.casesClosed) : nil }
            value("agency_share") { $0.filledFTE > 0 ? $0.agencyFTE / $0.filledFTE : nil }
            value("vacancy_rate") { $0.posts > 0 ? Double($0.vacantPosts) / Double($0.posts) : nil }
            count("unallocated_cases") { $0.unallocated }
            // The FTE-weighted share of filled case-holding time spent in direct work (monthly).
            value("direct_work_share") { $0.practice.directWork.meanShare }
            if w.teams.count > 1 || !p.practice.isEmpty {
                for (t, team) in w.teams.enumerated() {
                    let k = "team.\(team.name)"
                    count(k + ".allocations") { $0.teamAllocations[t] }
                    value(k + ".allocation_mean_wait_days") { $0.teamAllocations[t] > 0 ? $0.teamAllocationWaitDays[t] / Double($0.teamAllocations[t]) : nil }
                    count(k + ".cp_plans_started") { $0.teamCPStarts[t] }
                    count(k + ".care_entries") { $0.teamCareEntries[t] }
                    count(k + ".cp_plans_open") { $0.teamCPOpen[t] }
                    count(k + ".looked_after_open") { $0.teamLookedAfterOpen[t] }
                    value(k + ".days_in_care") { $0.teamCareDays[t] / p.scale }
                    value(k + ".days_in_care_of_entrants") { $0.teamEntrantCareDays[t] / p.scale }
                    value(k + ".caseload_per_fte") { $0.teamCaseloadSamples[t].isEmpty ? nil : $0.teamCaseloadSamples[t].reduce(0, +) / Double($0.teamCaseloadSamples[t].count) }
                }
            }
        }
        for (i, iv) in p.interventions.enumerated() {
            let k = "intervention.\(iv.name)"
            count(k + ".joined") { $0.interventionJoined[i] }
            count(k + ".care_entries") { $0.interventionCareEntries[i] }
            count(k + ".cp_plans_started") { $0.interventionCPStarts[i] }
            value(k + ".days_in_care") { $0.interventionCareDays[i] / p.scale }
            value(k + ".cost") { Double($0.interventionJoined[i]) / p.scale * iv.costPerChild + iv.setupCost }
            for (effect, _) in iv.effects {
                value(k + ".effect.\(effect.rawValue)") { $0.interventionEffects[i][effect.rawValue] }
            }
        }
        PracticeMeasures.rows(results, p, &rows)
        rows += CostMetrics.rows(results, p)
        rows += stability
        // Placements in the year for every year of the run (DfE's stability shares), so that a
        // comparison sees the years after a practice model starts, not only the stability year.
        for y in 0..<(results.first?.measures.placementsByYear.count ?? 0) {
            for (i, n) in ["one", "two", "three_plus"].enumerated() {
                rows.append(("\(yearStabilityPrefix)\(p.startYear + 1 + y).\(n)_share", results.compactMap { r in
                    let c = r.measures.placementsByYear[y], total = c.reduce(0, +)
                    return total > 0 ? Double(c[i]) / Double(total) : nil
                }))
            }
        }
        cohortRows(results, p, &rows)
        for (g, group) in PracticeModelGroup.groups(p).enumerated() {
            rows += pathwayRows(results.map { $0.measures.byPracticeModel[g] }, p, prefix: "model.\(group.rawValue).")
        }
        return rows
    }

    static let stabilityPrefix = "placements_in_year_"
    /// `placements_in_year.<year ending>.<one|two|three_plus>_share`.
    public static let yearStabilityPrefix = "placements_in_year."

    /// The pathway metrics of the earlier issues, from referrals to placement shares and
    /// placements in the stability year, for one set of measures per replication: the whole
    /// LA's, or one practice-model group's (`prefix` "model.<group>.").
    static func pathwayRows(_ measures: [PathwayMeasures], _ p: PathwayParameters, prefix: String = "") -> [(String, [Double])] {
        var rows: [(String, [Double])] = []
        let k = 1 / p.scale
        func count(_ name: String, _ value: (PathwayMeasures) -> Int) {
            rows.append((prefix + name, measures.map { Double(value($0)) * k }))
        }
        func share(_ name: String, _ part: (PathwayMeasures) -> Int, of whole: (PathwayMeasures) -> Int) {
            rows.append((prefix + name, measures.compactMap { m in
                let w = whole(m)
                return w > 0 ? Double(part(m)) / Double(w) : nil
            }))
        }
        func value(_ name: String, _ v: (PathwayMeasures) -> Double?) {
            rows.append((prefix + name, measures.compactMap(v)))
        }
        let bandNames = ["under_3_months", "3_to_6_months", "6_to_12_months", "1_to_2_years", "over_2_years"]

        count("referrals") { $0.referrals }
        share("re_referral_share", { $0.reReferrals12Months }, of: { $0.referrals })
        share("referral_nfa_share", { $0.noFurtherAction }, of: { $0.referrals })
        share("referral_assessed_not_in_need_share", { $0.assessedNotInNeed }, of: { $0.referrals })
        count("assessments_completed") { $0.assessmentsCompleted }
        value("assessment_median_working_days") { $0.assessmentMedianWorkingDays }
        value("assessment_within_45_working_days_share") { $0.assessmentsWithin(workingDays: 45) }
        value("assessment_mean_wait_days") { $0.assessmentStarts > 0 ? $0.assessmentWaitDays / Double($0.assessmentStarts) : nil }
        for (i, factor) in p.factors.enumerated() {
            share("factor_share.\(factor.name)", { $0.factorCounts[i] }, of: { $0.inNeedAssessments })
        }
        count("section47_enquiries") { $0.section47 }
        count("initial_cp_conferences") { $0.conferences }
        count("cp_plans_started") { $0.cpStarted }
        count("cp_plans_ended") { $0.cpEnded }
        share("cp_second_or_later_share", { $0.cpSecondOrLater }, of: { $0.cpStarted })
        count("cp_plans_open") { $0.cpOpen }
        for (b, band) in bandNames.enumerated() {
            share("cp_ended_\(band)_share", { $0.cpEndedBands[b] }, of: { $0.cpEnded })
        }
        for (b, band) in PathwayMeasures.ageBandNames.enumerated() {
            share("cp_open_age_\(band)_share", { $0.cpAgeBands[b] }, of: { $0.cpOpen })
        }
        count("cin_episodes_started") { $0.cinStarted }
        count("cin_episodes_ended") { $0.cinEnded }
        count("children_in_need_open") { $0.cinOpen }
        for (b, band) in bandNames.enumerated() {
            share("cin_open_\(band)_share", { $0.cinOpenBands[b] }, of: { $0.cinOpen })
        }
        for (b, band) in bandNames.enumerated() {
            share("cin_ended_\(band)_share", { $0.cinEndedBands[b] }, of: { $0.cinEnded })
        }
        count("looked_after_started") { $0.lookedAfterStarted }
        count("looked_after_ceased") { $0.lookedAfterCeased }
        count("looked_after_open") { $0.lookedAfterOpen }
        count("looked_after_during_year") { $0.lookedAfterDuringYear }
        count("looked_after_reentries") { $0.reentries }
        if p.unaccompanied != nil {
            count("looked_after_unaccompanied_started") { $0.unaccompaniedStarted }
            count("looked_after_unaccompanied") { $0.unaccompaniedOpen }
        }
        let ageNames = ["under_1", "1_to_4", "5_to_9", "10_to_15", "16_plus"]
        for (b, band) in ageNames.enumerated() {
            share("entry_age_\(band)_share", { $0.entryAgeBands[b] }, of: { $0.lookedAfterStarted })
        }
        for (b, band) in ageNames.enumerated() {
            share("looked_after_age_\(band)_share", { $0.lookedAfterAgeBands[b] }, of: { $0.lookedAfterOpen })
        }
        for (i, route) in CareExit.allCases.enumerated() {
            share("ceased_\(route == .age18 ? "age_18" : route.rawValue)_share", { $0.ceasedByRoute[i] }, of: { $0.lookedAfterCeased })
        }
        for (i, route) in p.legalRoutes.enumerated() {
            share("legal_route_\(route.name)_share", { $0.legalRoutes[i] }, of: { $0.lookedAfterStarted })
        }
        for (i, type) in PlacementType.allCases.enumerated() where type != .hubBed || p.practice.noWrongDoor != nil {
            share("placement_\(type == .placedForAdoption ? "for_adoption" : type.rawValue)_share", { $0.placementCounts[i] }, of: { $0.lookedAfterOpen })
        }
        let stability = ["one", "two", "three_plus"]
        for (i, n) in stability.enumerated() {
            share("\(stabilityPrefix)\(n)_share", { $0.placementsInYear[i] }, of: { $0.placementsInYear.reduce(0, +) })
        }
        return rows
    }

    /// With a cohort (caresim compare): what happened to its children from joining to the end
    /// of the run, in both arms (CohortMeasures).
    static func cohortRows(_ results: [PathwayResult], _ p: PathwayParameters, _ rows: inout [(String, [Double])]) {
        guard results.contains(where: { $0.cohort != nil }) else { return }
        let k = 1 / p.scale
        let cohorts = results.map { $0.cohort ?? CohortMeasures() }
        func add(_ name: String, _ v: (CohortMeasures) -> Double) { rows.append(("cohort." + name, cohorts.map(v))) }
        func perChild(_ name: String, _ v: @escaping (CohortMeasures) -> Double) {
            rows.append(("cohort." + name, cohorts.compactMap { $0.children > 0 ? v($0) / Double($0.children) : nil }))
        }
        add("children") { Double($0.children) * k }
        add("care_entries") { Double($0.careEntries) * k }
        add("cp_plans_started") { Double($0.cpStarts) * k }
        add("referrals") { Double($0.referrals) * k }
        add("days_in_care") { $0.careDays * k }
        add("days_on_cp_plan") { $0.cpDays * k }
        perChild("days_in_care_per_child") { $0.careDays }
        perChild("weeks_open_per_child") { $0.openDays / 7 }
        // Followed for a whole year after joining (calendar.follow_up_years makes room for it).
        guard cohorts.contains(where: { $0.firstYearChildren > 0 }) else { return }
        add("first_year.children") { Double($0.firstYearChildren) * k }
        rows.append(("cohort.first_year.days_in_care_per_child",
                     cohorts.compactMap { $0.firstYearChildren > 0 ? $0.firstYearCareDays / Double($0.firstYearChildren) : nil }))
        add("at_home.children") { Double($0.atHome) * k }
        add("at_home.first_year.children") { Double($0.atHomeFirstYearChildren) * k }
        add("at_home.first_year.care_entries") { Double($0.atHomeFirstYearCareEntries) * k }
        rows.append(("cohort.at_home.first_year.days_in_care_per_child",
                     cohorts.compactMap { $0.atHomeFirstYearChildren > 0 ? $0.atHomeFirstYearCareDays / Double($0.atHomeFirstYearChildren) : nil }))
    }
}
