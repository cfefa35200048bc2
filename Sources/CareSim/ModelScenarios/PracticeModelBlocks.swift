/// The alternative scenario `caresim scenario` writes for each practice model: the model's block
/// with its effect sizes (each with its source and evidence grade: the values of the shipped
/// site scenarios, which the practice-model tests check against the published evidence) and its
/// posts, beds and places scaled from the site to the authority (ModelScenario.Scale).
enum PracticeModelBlocks {
    static func scenario(_ model: PracticeModelChoice, scale: ModelScenario.Scale, la: String, span: String,
                         team: ModelScenario.Team, split: ModelScenario.Split?) -> String {
        let covered = split.map { " in \($0.covered) (a share \(ScenarioNumber.format($0.coverage)) of families)" } ?? ""
        var text = """
            # Written by caresim scenario: \(la) with \(model.title)\(covered), against baseline.yaml (the counterpart).
            # Effect sizes are \(model.title)'s, from its published evidence (docs/explanation/practice-models-evidence.md),
            # each with its evidence grade: evaluation, council figures, secondary summary or assumed. Posts, beds
            # and places are \(scale.site)'s scaled to \(la) by \(scale.measure) (\(scale.year)):
            # \(scale.how).
            extends: baseline.yaml
            name: \(la) \(span) with \(model.title)
            description: >
              \(la)'s pathway in \(span) with \(model.title) from the start of the measured year\(covered).

            """
        switch model {
        case .familySafeguarding: text += familySafeguarding(scale, team: split?.covered ?? team.name)
        case .noWrongDoor: text += noWrongDoor(scale)
        case .rswUnits: text += rswUnits(scale, team: team, split: split)
        case .familyGroupConferences: text += familyGroupConferences()
        }
        return text
    }

    static func familySafeguarding(_ s: ModelScenario.Scale, team: String) -> String {
        let posts = s.count(22)
        let staff = s.count(280)
        return """
            practice_models:
              family_safeguarding:
                teams: [\(team)]
                stages: [section47, cp, looked_after]   # grade: council figures. Specialists join at an enquiry, a CP plan or care (docs/explanation/evidence.md#seeds-002)
                specialists:   # posts of each discipline: \(posts.how); 30 children (about 18 families) each at once (assumed)
                  - {role: domestic_abuse_worker, factors: [domestic_violence], posts: \(posts.value), cases_each: 30}
                  - {role: mental_health_practitioner, factors: [mental_health], posts: \(posts.value), cases_each: 30}
                  - {role: substance_misuse_worker, factors: [alcohol_misuse, drug_misuse], posts: \(posts.value), cases_each: 30}
                engagement:                    # grade: assumed. P(a parent engages), with motivational interviewing; mean 0.7
                  distribution: beta
                  a: 14
                  b: 6
                plan_if_engaged:               # grade: evaluation (CP plans down 30%) to council figures (49%), fitted with change below:
                  distribution: lognormal      # relative probability of a CP plan for an engaged family, median 0.4 (about 0.3 to 0.54)
                  mu: -0.9163
                  sigma: 0.15
                change:                        # grade: evaluation to council figures, fitted: P(an engaged family's risk reduces), mean 0.8,
                  distribution: beta           # so that CP plans fall by 30-49% in the first year (docs/explanation/model.md, section 4)
                  a: 16
                  b: 4
                change_days:                   # grade: assumed, fitted with change: allocation to change, mean 80 days
                  distribution: gamma
                  shape: 4
                  scale: 20
                risk_after_change:             # grade: assumed. Relative escalation hazard once the risk reduced (about 0.27 to 0.6)
                  distribution: lognormal
                  mu: -0.9163
                  sigma: 0.2
                reunification:                 # grade: assumed. P(a child in care goes home at the next review after the family changed), mean 0.8
                  distribution: beta
                  a: 16
                  b: 4
                work_days:                     # grade: assumed. A specialist works with a family for about 6 months (mean 200 days)
                  distribution: gamma
                  shape: 4
                  scale: 50
                recording_multiplier:          # grade: council figures ("drastically reduces" recording, docs/explanation/evidence.md#seeds-002);
                  distribution: beta           # the size is assumed: recording x 0.6 (about 0.4 to 0.8)
                  a: 12
                  b: 8
            costs:
              practice_models:
                family_safeguarding:
                  setup: \(staff.value * 1000)   # grade: assumed. About £1,000 of training for each of \(staff.value) staff: \(staff.how)
                  per_post:                    # grade: assumed. A year per post, salary and on-costs (no published figure)
                    domestic_abuse_worker: 40000
                    mental_health_practitioner: 50000
                    substance_misuse_worker: 40000

            """
    }

    static func noWrongDoor(_ s: ModelScenario.Scale) -> String {
        let places = s.count(40)
        let beds = s.count(2)
        return """
            practice_models:
              no_wrong_door:
                outreach:
                  ages: [12, 18]               # adolescents, about 12 to 17 (docs/explanation/model.md, section 4)
                  places: \(places.value)   # grade: assumed. Families the hubs' outreach works with at once: \(places.how)
                  work_days:                   # grade: assumed. About 12 weeks of outreach
                    distribution: gamma
                    shape: 4
                    scale: 21
                  hours_per_week: 6            # grade: assumed. Key worker and hub team hours with the family a week
                  resolve_per_hour:            # grade: council figures, fitted: about 86% of those referred stay out of care for six
                    distribution: lognormal    # months (docs/explanation/evidence.md#seeds-001); interval about 0.024 to 0.052
                    mu: -3.3524
                    sigma: 0.2
                hub_beds: \(beds.value)   # grade: secondary summary, fitted: hub beds free for new stays, so that children's home placements about halve: \(beds.how)
                stay_days:                     # grade: assumed. A hub stay of about two months
                  distribution: gamma
                  shape: 4
                  scale: 15
                step_to_family:                # grade: assumed. P(a hub stay leads to a family placement), mean 0.5
                  distribution: beta
                  a: 10
                  b: 10
                key_worker_moves:              # grade: assumed. Relative placement breakdown hazard with a consistent key worker (median 0.8)
                  distribution: lognormal
                  mu: -0.2231
                  sigma: 0.15
                key_worker_missing:            # grade: secondary summary. Missing incidents halved (docs/explanation/model.md, section 4)
                  distribution: lognormal
                  mu: -0.6931
                  sigma: 0.15
            # costs.practice_models.no_wrong_door is not given: the evidence publishes no cost of the hubs, so compare reports a
            # gross saving. Add setup: and per_year: under costs: practice_models: no_wrong_door: for a net one.

            """
    }

    static func rswUnits(_ s: ModelScenario.Scale, team: ModelScenario.Team, split: ModelScenario.Split?) -> String {
        let posts = split?.coveredPosts ?? team.posts
        let units = max(1, Int((Double(posts) / 3).rounded()))
        let clinicianPlaces = max(1, Int((10.0 * Double(units) / 58).rounded()))
        let unitsLine = team.line(name: "rsw_units", posts: units, first: split.map { [("serves", "{localities: [0, \(ScenarioNumber.format($0.coverage))]}")] } ?? [],
                                  replacing: ["allocation": "unit", "role": "unit", "fte": "3", "caseload_limit": "72"])
        let rest = split.map { "\n    - " + team.line(name: $0.rest, posts: $0.restPosts) } ?? ""
        return """
            workforce:
              teams:   # \(posts) case-holding social worker posts\(split == nil ? " (the baseline's)" : " of the covered localities") as \(units) units of three practitioners
                - \(unitsLine)\(rest)
            practice_models:
              rsw_units:
                teams: [rsw_units]
                composition:                   # grade: secondary summary. FTE per unit (docs/explanation/model.md, section 4)
                  consultant_social_worker: 1
                  social_worker: 1
                  child_practitioner: 1
                  unit_coordinator: 1
                  clinician: 0.5               # grade: assumed. A clinician shared between two units
                coordinator_recording_cut:     # grade: assumed. Share of recording the coordinator takes on (mean 0.3)
                  distribution: beta
                  a: 6
                  b: 14
                case_discussion_hours: 3       # grade: assumed. Weekly group case discussion, per practitioner
                clinician:
                  ages: [0, 18]
                  places: \(clinicianPlaces)   # grade: assumed. Children the clinicians work with at once: Hackney's 10 for 58 units x \(units) units / 58
                  work_days:                   # grade: assumed. About 12 weeks of systemic family work
                    distribution: gamma
                    shape: 4
                    scale: 21
                  hours_per_week: 3            # grade: assumed
                  resolve_per_hour:            # grade: evaluation, fitted: about 79% of children referred stay at home for six months
                    distribution: lognormal    # (docs/explanation/evidence.md#seeds-003: 94 of 119); interval about 0.034 to 0.074
                    mu: -2.9957
                    sigma: 0.2
            costs:
              staff:                           # the list replaces the baseline's whole: both roles, per case-holding FTE
                - {role: social_worker, salary: 32000, on_costs: 0.30, agency_premium: 0.5}   # grade: assumed (as England)
                - {role: unit, salary: 32000, on_costs: 0.30, agency_premium: 0.5}            # grade: assumed. A unit's FTE as a social worker's
            # costs.practice_models.rsw_units is not given: the evidence publishes no cost of the coordinators and clinicians, so
            # compare reports a gross saving. Add setup: and per_year: under costs: practice_models: rsw_units: for a net one.

            """
    }

    /// Offered to every family at the stage, so nothing is scaled (and it covers no localities: ModelScenario refuses coverage).
    static func familyGroupConferences() -> String {
        """
        interventions:
          - name: family_group_conference
            eligible:
              stages: [section47]        # grade: secondary summary. Offered at every initial CP conference (Leeds)
              share: 1
            cost: {per_child: 0, setup: 0}   # not given: the published figure is a saving (755 pounds per family), so compare reports a gross saving
            effects:
              # Time in the system 34 -> 24 weeks, about 0.71 (docs/explanation/model.md, section 4); the interval (about 0.58 to 0.86) is assumed.
              # grade: secondary summary
              cp_days: {distribution: lognormal, mu: -0.3425, sigma: 0.1}
              # CP plans and CIN down 13%: a plan after a conference about 0.87 as likely (interval assumed).
              # grade: secondary summary
              conference_plan: {distribution: lognormal, mu: -0.1393, sigma: 0.05}

        """
    }
}
