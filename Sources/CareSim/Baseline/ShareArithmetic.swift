import Foundation

/// The arithmetic of turning an LA's published counts into shares and adjustments of the
/// England scenario's fitted values.
public enum ShareArithmetic {
    /// The weight of England's value in an LA's share or rate used as a multiplier: as if 20
    /// more children (or events) had been seen at England's rate. Negligible for a large LA;
    /// keeps a small LA's adjustments from resting on a handful of children.
    public static let priorStrength = 20.0

    /// An LA share shrunk towards England's: (p n + m e) / (n + m).
    public static func smoothedShare(_ p: Double, n: Double, england e: Double) -> Double {
        (p * n + priorStrength * e) / (n + priorStrength)
    }

    /// A rate (events per unit) shrunk towards England's: (k + m) / (n + m / e), with `priorStrength` events.
    public static func smoothedRate(events k: Double, per n: Double, england e: Double) -> Double {
        guard e > 0 else { return n > 0 ? k / n : 0 }
        return (k + priorStrength) / (n + priorStrength / e)
    }

    /// Shares of a whole from published parts, some of which may be suppressed (nil): each
    /// suppressed part gets the rest of `total` (what the published parts leave), split in
    /// proportion to England's shares of those parts. Nil when the total is not published.
    /// Returns the shares and, per part, whether it was filled from the remainder.
    public static func localShares(_ parts: [Double?], total: Double?, england: [Double]) -> (shares: [Double], filled: [Bool], remainder: Double)? {
        guard let total, total > 0 else { return nil }
        let known = parts.compactMap { $0 }.reduce(0, +)
        let filled = parts.map { $0 == nil }
        let remainder = max(0, total - known)
        let weight = zip(parts, england).filter { $0.0 == nil }.map(\.1).reduce(0, +)
        let count = Double(filled.filter { $0 }.count)
        var values = parts.enumerated().map { i, v -> Double in
            if let v { return v }
            return weight > 0 ? remainder * england[i] / weight : remainder / max(1, count)
        }
        let sum = values.reduce(0, +)
        guard sum > 0 else { return nil }
        values = values.map { $0 / sum }
        return (values, filled, remainder)
    }

    /// Multiplies each probability by the ratio of its category and rescales to sum to 1.
    public static func adjusted(_ probabilities: [Double], ratios: [Double]) -> [Double] {
        let raw = zip(probabilities, ratios).map { $0 * $1 }
        let total = raw.reduce(0, +)
        return total > 0 ? raw.map { $0 / total } : probabilities
    }

    /// Shares rounded to `decimals` places that still sum to exactly 1 (the largest absorbs
    /// the rounding), so the decoder's sum check holds for the written text.
    public static func rounded(_ shares: [Double], decimals: Int = 6) -> [Double] {
        let unit = pow(10, Double(decimals))
        let total = shares.reduce(0, +)
        guard total > 0 else { return shares }
        var units = shares.map { Int(($0 / total * unit).rounded()) }
        let diff = Int(unit) - units.reduce(0, +)
        if let i = units.indices.max(by: { units[$0] < units[$1] }) { units[i] += diff }
        return units.map { Double($0) / unit }
    }

    /// A number as written in a scenario: integers without a point, others with at most
    /// `decimals` places and no trailing zeros.
    public static func text(_ x: Double, decimals: Int = 6) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        var s = String(format: "%.\(decimals)f", x)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// A percentage for comments, one decimal.
    public static func percent(_ p: Double) -> String { String(format: "%.1f%%", p * 100) }
}
