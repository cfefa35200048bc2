import Foundation

/// The page: one self-contained HTML file (inline CSS and SVG, no scripts, fonts or network),
/// laid out for a laptop screen and, with the print rules, for A4 paper.
enum ReportPage {
    static func html(title: String, subtitle: String, facts: [(String, String)], sections: [ReportSection]) -> String {
        let contents = sections.map { "<li><a href=\"#\($0.id)\">\(SVG.escape($0.title))</a></li>" }.joined()
        let factRows = facts.map { "<tr><th>\(SVG.escape($0.0))</th><td>\(SVG.escape($0.1))</td></tr>" }.joined()
        let body = sections.map { "<section id=\"\($0.id)\"><h2>\(SVG.escape($0.title))</h2>\n\($0.html)\n</section>" }.joined(separator: "\n")
        return """
        <!DOCTYPE html>
        <html lang="en-GB">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="caresim report \(SVG.escape(CareSimVersion.string))">
        <title>\(SVG.escape(title))</title>
        <style>
        \(css)
        </style>
        </head>
        <body>
        <header>
        <h1>\(SVG.escape(title))</h1>
        <p class="subtitle">\(SVG.escape(subtitle))</p>
        <table class="facts">\(factRows)</table>
        <nav><ol>\(contents)</ol></nav>
        </header>
        <main>
        \(body)
        </main>
        <footer><p>Made by caresim report \(SVG.escape(CareSimVersion.string)) from the files in the results directory. Official statistics the scenarios draw on: Department for Education and Office for National Statistics, Crown copyright, Open Government Licence v3.0.</p></footer>
        </body>
        </html>

        """
    }

    static let css = """
    :root { --ink: #1b1b1b; --muted: #555; --rule: #d0d0d0; --panel: #f6f6f4; }
    * { box-sizing: border-box; }
    body { margin: 0 auto; max-width: 1100px; padding: 24px 32px 48px; color: var(--ink); background: #fff;
           font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
    h1 { font-size: 26px; margin: 0 0 4px; }
    h2 { font-size: 20px; margin: 36px 0 8px; padding-top: 10px; border-top: 2px solid var(--ink); }
    h3 { font-size: 16px; margin: 20px 0 6px; }
    p { max-width: 75ch; }
    .subtitle { color: var(--muted); margin: 0 0 12px; }
    table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
    th, td { padding: 3px 8px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
    thead th { border-bottom: 2px solid var(--ink); }
    td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    table.facts th { font-weight: 600; color: var(--muted); border: 0; padding: 1px 12px 1px 0; }
    table.facts td { border: 0; padding: 1px 0; }
    table.assumptions td:nth-child(4) { max-width: 46ch; }
    table.assumptions td:nth-child(5) { color: var(--muted); font-size: 11px; }
    code { font-size: 12px; word-break: break-word; }
    nav ol { columns: 2; margin: 8px 0 0; padding-left: 20px; }
    svg.chart { display: block; width: 100%; height: auto; margin: 8px 0 4px; }
    svg .label { font-size: 12px; fill: var(--ink); }
    svg .node-label { font-size: 11px; font-weight: 600; fill: var(--ink); }
    svg .node-value { font-size: 10.5px; fill: var(--ink); }
    svg .halo { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
    svg .panel-title { font-size: 13px; font-weight: 600; fill: var(--ink); }
    svg .tick { font-size: 10.5px; fill: var(--muted); }
    svg .grid { stroke: #e4e4e4; stroke-width: 1; }
    svg .axis { stroke: #888; stroke-width: 1; }
    svg .zero { stroke: var(--ink); stroke-width: 1.2; }
    svg .band { fill-opacity: 0.22; stroke: none; }
    svg .range-95 { fill-opacity: 0.16; stroke: none; }
    svg .range-50 { fill-opacity: 0.35; stroke: none; }
    svg .mean { fill: none; stroke-width: 2; }
    svg .link { fill-opacity: 0.38; stroke: none; }
    svg .link.back { fill-opacity: 0.2; }
    svg .node { stroke: none; }
    svg .bar { fill-opacity: 0.75; }
    svg .whisker { stroke: var(--ink); stroke-width: 1.3; }
    svg .published { fill: var(--ink); stroke: #fff; stroke-width: 1; }
    svg .marker { stroke: #888; stroke-width: 1.2; stroke-dasharray: 4 3; }
    svg .marker.practice { stroke: #E69F00; }
    .legend { font-size: 13px; }
    .swatch { display: inline-block; width: 12px; height: 12px; margin-right: 5px; vertical-align: -1px; }
    .caption { font-size: 13px; font-weight: 600; margin: 14px 0 2px; }
    .unavailable { color: var(--muted); background: var(--panel); padding: 8px 12px; border-left: 4px solid var(--rule); }
    .warning { background: #fff4e0; padding: 8px 12px; border-left: 4px solid #E69F00; }
    .ok { color: var(--muted); }
    .summary { background: var(--panel); padding: 4px 16px 8px; border-left: 4px solid var(--ink); }
    .summary .headline { font-size: 17px; }
    .summary ul { margin: 0 0 8px; padding-left: 20px; max-width: 75ch; }
    .basis { font-size: 11px; padding: 1px 6px; border-radius: 8px; white-space: nowrap; background: #e8eef6; }
    .basis.assumed { background: #fde2cf; }
    .basis.fitted { background: #dcefe6; }
    pre { background: var(--panel); padding: 10px; font-size: 11px; white-space: pre-wrap; word-break: break-word; }
    pre.manifest { max-height: none; }
    footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
    @media print {
      @page { size: A4; margin: 14mm 12mm; }
      body { max-width: none; padding: 0; font-size: 10.5pt; }
      nav { display: none; }
      h2 { break-before: page; border-top: 0; }
      section:first-of-type h2 { break-before: auto; }
      svg.chart, table.facts, .legend { break-inside: avoid; }
      tr { break-inside: avoid; }
      a { color: inherit; text-decoration: none; }
      pre { font-size: 8pt; }
    }
    """
}
