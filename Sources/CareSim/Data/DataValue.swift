/// One cell of an official statistics table. Suppressed cells (`x`, small numbers withheld)
/// and unavailable ones (`..`, `:`, blank) are kept distinct from numbers and never read as 0.
public enum DataValue: Sendable, Equatable {
    case number(Double)
    case suppressed
    case missing

    /// Reads a published cell: thousands separators and a trailing `%` are allowed.
    public init?(parsing raw: String) {
        let text = raw.trimmingWhitespace
        switch text {
        case "x", "X": self = .suppressed
        case "", "..", ":", "-", "N/A", "NA": self = .missing
        default:
            var digits = text.contains(",") ? text.filter { $0 != "," } : text
            if digits.hasSuffix("%") { digits.removeLast() }
            guard let x = Double(digits), x.isFinite else { return nil }
            self = .number(x)
        }
    }

    public var number: Double? {
        if case .number(let x) = self { return x }
        return nil
    }
}

import Foundation
