/// A plain HTML table; cells are escaped unless given as `.html`. Numeric columns align right.
public struct HTMLTable: Sendable {
    public enum Cell: Sendable {
        case text(String)
        case number(String)
        case html(String)
    }

    public var header: [String]
    public var rows: [[Cell]] = []
    public var cls: String

    public init(header: [String], cls: String = "data") {
        self.header = header
        self.cls = cls
    }

    public mutating func append(_ row: [Cell]) { rows.append(row) }

    public var html: String {
        var out = "<table class=\"\(cls)\"><thead><tr>" + header.map { "<th>\(SVG.escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for row in rows {
            out += "<tr>" + row.map { cell in
                switch cell {
                case .text(let s): "<td>\(SVG.escape(s))</td>"
                case .number(let s): "<td class=\"num\">\(SVG.escape(s))</td>"
                case .html(let s): "<td>\(s)</td>"
                }
            }.joined() + "</tr>\n"
        }
        return out + "</tbody></table>"
    }
}

/// One part of the report page: its anchor, heading and body.
public struct ReportSection: Sendable {
    public var id: String
    public var title: String
    public var html: String

    /// A section whose data the results do not have: says so, and why, instead of failing.
    static func unavailable(id: String, title: String, _ why: String) -> ReportSection {
        ReportSection(id: id, title: title, html: "<p class=\"unavailable\">Not available: \(SVG.escape(why))</p>")
    }
}
