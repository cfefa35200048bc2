import Foundation

/// One published figure a scenario must reproduce, with its tolerance.
public struct CalibrationTarget: Sendable, Equatable {
    public enum ToleranceKind: String, Sendable {
        /// Passes when |simulated - value| <= tolerance x |value|.
        case relative
        /// Passes when |simulated - value| <= tolerance.
        case absolute
    }

    public var metric: String
    public var value: Double
    public var tolerance: Double
    public var kind: ToleranceKind
    public var unit: String
    public var period: String
    public var source: String
    /// Where the target was read from, for messages.
    public var file: String
    public var line: Int

    /// The largest accepted difference from the target.
    public var allowedDifference: Double {
        kind == .relative ? tolerance * abs(value) : tolerance
    }

    public func accepts(_ simulated: Double) -> Bool {
        abs(simulated - value) <= allowedDifference
    }
}

/// Targets files: `metric,value,unit,tolerance,tolerance_kind,period,source` (unit, period and
/// source are optional), one row per metric, as in calibration/england-2014-15.csv.
public enum CalibrationTargets {
    public static func load(file: String) throws(DataError) -> [CalibrationTarget] {
        try parse(try DataTable(file: file))
    }

    public static func parse(_ table: DataTable) throws(DataError) -> [CalibrationTarget] {
        for required in ["metric", "value", "tolerance", "tolerance_kind"] { _ = try table.column(required) }
        guard !table.rows.isEmpty else {
            throw DataError(file: table.file, line: 2, field: "metric", "expected at least one target (a row: metric,value,tolerance,tolerance_kind), but the file has only its header")
        }
        var targets: [CalibrationTarget] = []
        var seen: [String: Int] = [:]
        for r in table.rows.indices {
            let line = table.lines[r]
            let metric = try table.text(row: r, column: "metric")
            guard !metric.isEmpty else { throw DataError(file: table.file, line: line, field: "metric", "expected a metric name") }
            if let first = seen[metric] {
                throw DataError(file: table.file, line: line, field: "metric", "expected each metric once, but '\(metric)' is also on line \(first)")
            }
            seen[metric] = line
            guard case .number(let value) = try table.value(row: r, column: "value") else {
                throw DataError(file: table.file, line: line, field: "value", "expected the published figure, got a suppressed or missing cell")
            }
            guard case .number(let tolerance) = try table.value(row: r, column: "tolerance"), tolerance >= 0 else {
                throw DataError(file: table.file, line: line, field: "tolerance", "expected a tolerance >= 0")
            }
            let kindText = try table.text(row: r, column: "tolerance_kind")
            guard let kind = CalibrationTarget.ToleranceKind(rawValue: kindText) else {
                throw DataError(file: table.file, line: line, field: "tolerance_kind", "expected relative or absolute, got '\(kindText)'")
            }
            func optional(_ name: String) -> String { (try? table.text(row: r, column: name)) ?? "" }
            targets.append(CalibrationTarget(metric: metric, value: value, tolerance: tolerance, kind: kind,
                                             unit: optional("unit"), period: optional("period"), source: optional("source"),
                                             file: table.file, line: line))
        }
        return targets
    }
}
