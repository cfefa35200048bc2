/// The unit of a metric, from its name, for the `unit` column of `summary.csv` and
/// `comparison.csv`: what a reader needs to read a figure without the documentation. A
/// difference of two shares is in percentage points, not a share.
public enum MetricUnit {
    public static func of(_ metric: String) -> String {
        let parts = metric.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        // A group's or a team's metric (model.<group>.<metric>, team.<team>.<metric>) and a cohort's are of their metric's unit.
        if (parts.first == "model" || parts.first == "team"), parts.count >= 3 { return of(parts.dropFirst(2).joined(separator: ".")) }
        if parts.first == "cohort", parts.count >= 2 { return of(parts.last!) }
        if metric.hasPrefix("cost.") || metric.hasPrefix("saving.") || metric.hasPrefix("intervention_cost") || metric.hasSuffix(".cost") { return "£" }
        if metric.hasSuffix("_share") || metric.hasPrefix("factor_share.") || metric == "vacancy_rate" || metric.hasPrefix("utilisation.") {
            return "share"
        }
        if metric.hasPrefix("effect.") { return "effect size" }
        if metric.hasPrefix("arrival_rate.") { return "per day" }
        if metric.contains("working_days") { return "working days" }
        if metric.contains("days") || metric.hasPrefix("mean_wait") { return "days" }
        if metric.hasPrefix("mean_stock.") || metric.hasPrefix("mean_queue.") { return "entities" }
        switch metric {
        case "caseload_per_fte": return "cases per FTE"
        case "worker_changes_per_case": return "changes per case"
        case "referrals": return "referrals"
        case "assessments_completed": return "assessments"
        case "section47_enquiries": return "enquiries"
        case "initial_cp_conferences": return "conferences"
        case "allocations", "unallocated_cases": return "cases"
        case "wider.police_callouts": return "call-outs"
        case "wider.adult_admissions": return "admissions"
        case "wider.missing_episodes": return "episodes"
        default: break
        }
        if metric.hasPrefix("placements.") || metric.contains("placements_") { return "placements" }
        if metric.hasPrefix("cin_episodes") { return "episodes" }
        if metric.hasPrefix("cp_plans") { return "plans" }
        return "children"
    }

    /// The unit of a difference between two arms' values of the metric.
    public static func ofDifference(_ metric: String) -> String {
        let u = of(metric)
        return u == "share" ? "share (0.01 = 1 percentage point)" : u
    }
}
