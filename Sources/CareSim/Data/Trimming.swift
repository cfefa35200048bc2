/// Whitespace trimming for the cells of published tables, without Foundation: on Linux,
/// `trimmingCharacters(in: .whitespaces)` goes through NSString and UTF-16 and was about a tenth
/// of a small local authority's `caresim baseline` (perf), spent reading the same tables' cells.
/// The same set as Foundation's `CharacterSet.whitespaces` on Linux: the character tabulation
/// (U+0009), the Unicode space separators (general category Zs) and the zero-width space
/// (U+200B); line breaks are not trimmed. DataTableTests.trimmingAsFoundationDoes compares the two
/// over every scalar.
extension StringProtocol {
    public var trimmingWhitespace: String {
        let scalars = unicodeScalars
        // Most cells have nothing to trim: one look at each end.
        if let first = scalars.first, let last = scalars.last, !Self.isWhitespace(first), !Self.isWhitespace(last) { return String(self) }
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, Self.isWhitespace(scalars[start]) { start = scalars.index(after: start) }
        while end > start, Self.isWhitespace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        var trimmed = String.UnicodeScalarView()
        trimmed.append(contentsOf: scalars[start..<end])
        return String(trimmed)
    }

    @inline(__always)
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }
}
