import CareSimEngine

/// Summary metrics: one value per replication for each metric name.
///
/// - `mean_stock.<stage>`: time-averaged number at the stage (waiting or in service) over
///   [warm-up, horizon].
/// - `arrival_rate.<stage>`: arrivals per day at the stage in the window.
/// - `mean_stay.<stage>`: with `outputs.stays` or `outputs.duration_bands`, mean days at the stage
///   (waiting included) of stays that ended in the window.
/// - `stay_share.<stage>.<lower>-<upper>`: with `outputs.duration_bands`, the share of those stays
///   whose length fell in each band (the last band, `<lower>+`, is open).
/// - `repeat_share.<stage>` and `reentry_share.<stage>`: with `outputs.reentry_window`, the share
///   of arrivals in the window by entities that had been at the stage before during their time
///   in the system, and by those whose previous arrival there was at most that many days earlier.
/// - `mean_queue.<stage>`, `mean_wait.<stage>` (days) and `utilisation.<stage>` (busy share of
///   servers): for stages with a number of servers.
/// - Then the scenario's own names (`metrics:`), each another metric times a scale.
public enum Metrics {
    /// "0-91", "91-182", ..., "730+": the band's edges in days.
    public static func bandLabel(_ band: Int, _ edges: [Double]) -> String {
        let lower = band == 0 ? 0 : edges[band - 1]
        return band == edges.count ? "\(ScenarioNumber.format(lower))+" : "\(ScenarioNumber.format(lower))-\(ScenarioNumber.format(edges[band]))"
    }

    public static func perReplication(_ result: ExperimentResult) -> [(metric: String, values: [Double])] {
        switch result.byModel {
        case .pathway(let parameters, let runs): PathwayMetrics.perReplication(runs, parameters: parameters)
        case .network(let network, let runs): networkMetrics(runs, network)
        }
    }

    /// A network scenario's metrics for each replication.
    static func networkMetrics(_ replications: [NetworkResult], _ network: Scenario.Network) -> [(metric: String, values: [Double])] {
        let first = replications[0]
        var rows: [(String, [Double])] = []
        func add(_ name: String, _ value: (NetworkResult.StationStatistics) -> Double?) {
            for (s, station) in first.stations.enumerated() {
                rows.append(("\(name).\(station.name)", replications.compactMap { value($0.stations[s]) }))
            }
        }
        add("mean_stock") { $0.meanInSystem }
        add("arrival_rate") { $0.arrivalRate }
        if first.tracksStays { add("mean_stay") { $0.meanStay } }
        if first.stations.first?.repeatArrivals != nil {
            add("repeat_share") { st in st.arrivals > 0 ? Double(st.repeatArrivals!) / Double(st.arrivals) : nil }
            add("reentry_share") { st in st.arrivals > 0 ? Double(st.reentries!) / Double(st.arrivals) : nil }
        }
        let edges = first.durationBands
        if !edges.isEmpty {
            for (s, station) in first.stations.enumerated() {
                for band in 0...edges.count {
                    let values = replications.compactMap { rep -> Double? in
                        let st = rep.stations[s]
                        return st.completedStays > 0 ? Double(st.staysByBand[band]) / Double(st.completedStays) : nil
                    }
                    rows.append(("stay_share.\(station.name).\(bandLabel(band, edges))", values))
                }
            }
        }
        let queued = first.stations.indices.filter { first.stations[$0].servers != nil }
        for family in ["mean_queue", "mean_wait", "utilisation"] {
            for s in queued {
                let name = "\(family).\(first.stations[s].name)"
                let values = replications.compactMap { rep -> Double? in
                    let st = rep.stations[s]
                    switch family {
                    case "mean_queue": return st.meanQueued
                    case "mean_wait": return st.meanWait
                    default: return st.meanBusy / Double(st.servers!)
                    }
                }
                rows.append((name, values))
            }
        }
        // Scenario-named metrics (validated to exist when the scenario was loaded).
        for alias in network.metricAliases {
            if let base = rows.first(where: { $0.0 == alias.from }) {
                rows.append((alias.name, base.1.map { $0 * alias.scale }))
            }
        }
        return rows
    }
}
