import CareSim
import Foundation

/// Server-rendered HTML: every string that came from a user, a file or the data is escaped
/// with `HTML.escape` (or `e`) where it is placed; the page chrome, the stylesheet and the one
/// small script are the studio's own.
enum HTML {
    /// Escapes text for an element's content or a quoted attribute value (the report's escaping).
    static func escape(_ text: String) -> String { SVG.escape(text) }

    /// A whole page: the studio's header, the title, the body. (With --token, the cookie the
    /// token's address set carries it; links need nothing.)
    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title)) · CareSim Studio</title>
        <link rel="stylesheet" href="/static/studio.css">
        <script src="/static/studio.js" defer></script>
        </head><body>
        <header class="top"><a class="brand" href="/">CareSim Studio</a>
        <nav><a href="/">Authorities</a> <a href="/scenarios">Scenarios</a> <a href="/runs">Runs</a></nav></header>
        <main>
        <h1>\(escape(title))</h1>
        \(body)
        </main>
        <footer>CareSim \(escape(CareSimVersion.string)) · runs on this machine; nothing is sent anywhere.</footer>
        </body></html>
        """
    }

    static func link(_ href: String, _ text: String) -> String {
        "<a href=\"\(escape(href))\">\(escape(text))</a>"
    }

    /// A table from rows of already-escaped cells.
    static func table(_ header: [String], _ rows: [[String]], id: String? = nil) -> String {
        var s = "<table\(id.map { " id=\"\(escape($0))\"" } ?? "")><thead><tr>"
        s += header.map { "<th>\(escape($0))</th>" }.joined()
        s += "</tr></thead><tbody>"
        for r in rows { s += "<tr>" + r.map { "<td>\($0)</td>" }.joined() + "</tr>" }
        return s + "</tbody></table>"
    }

    /// A POST form with one button (delete, cancel, duplicate).
    static func button(_ action: String, _ label: String, confirm: String? = nil, cls: String = "", id: String? = nil) -> String {
        "<form class=\"inline\" method=\"post\" action=\"\(escape(action))\"\(confirm.map { " data-confirm=\"\(escape($0))\"" } ?? "")>"
            + "<button class=\"\(cls)\" type=\"submit\"\(id.map { " id=\"\(escape($0))\"" } ?? "")>\(escape(label))</button></form>"
    }

    /// A rename form: a labelled input and a button, with ids `<prefix>-name` and `<prefix>-rename`.
    static func rename(_ action: String, _ current: String, prefix: String) -> String {
        "<form class=\"inline\" method=\"post\" action=\"\(escape(action))\"><label class=\"hint\" for=\"\(prefix)-name\">Name</label> "
            + "<input id=\"\(prefix)-name\" name=\"name\" value=\"\(escape(current))\" size=\"40\"> "
            + "<button type=\"submit\" class=\"secondary\" id=\"\(prefix)-rename\">Rename</button></form>"
    }

    /// A number for a table: grouped thousands, at most `decimals` places (money as £ with no pence).
    static func figure(_ x: Double, money: Bool = false, decimals: Int = 2) -> String {
        guard x.isFinite else { return "\(x)" }
        let f = NumberFormatter()
        f.locale = Locale(identifier: "en_GB")
        f.numberStyle = .decimal
        f.usesGroupingSeparator = true
        f.maximumFractionDigits = money ? 0 : (abs(x) >= 100 ? 0 : decimals)
        f.minimumFractionDigits = 0
        let text = f.string(from: NSNumber(value: money ? x.rounded() : x)) ?? "\(x)"
        guard money else { return text }
        return text.hasPrefix("-") ? "−£" + text.dropFirst() : "£" + text
    }

    static func status(_ s: String) -> String { "<span class=\"status status-\(escape(s))\">\(escape(s))</span>" }

    static let css = """
    body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2733;background:#f6f7f9}
    header.top{display:flex;gap:2em;align-items:center;background:#1f4e79;color:#fff;padding:.6em 1.5em}
    header.top a{color:#fff;text-decoration:none;margin-right:1.2em}.brand{font-weight:700;font-size:1.1em}
    main{max-width:1100px;margin:0 auto;padding:1em 1.5em 3em;background:#fff;min-height:70vh}
    footer{max-width:1100px;margin:0 auto;padding:1em 1.5em;color:#5b6770;font-size:.85em}
    h1{font-size:1.6em;margin:.4em 0 .6em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #dde3ea;padding-bottom:.2em}
    table{border-collapse:collapse;margin:.6em 0;width:100%}th,td{border-bottom:1px solid #e3e8ee;padding:.35em .5em;text-align:left;vertical-align:top}
    th{background:#f0f3f7;font-weight:600}td.num,th.num,td:has(> span.num){text-align:right;font-variant-numeric:tabular-nums}
    form.inline{display:inline}button,input[type=submit]{background:#1f4e79;color:#fff;border:0;border-radius:4px;padding:.45em 1em;cursor:pointer;font-size:.95em}
    button.secondary{background:#5b6770}button.danger{background:#a4262c}
    label{display:block;margin:.6em 0 .2em;font-weight:600}input,select{font-size:1em;padding:.3em .4em;border:1px solid #b8c2cc;border-radius:4px}
    input.small{width:6em}.field{margin-bottom:.8em}.error{color:#a4262c;font-weight:600;margin:.2em 0}
    .field.invalid input,.field.invalid select{border-color:#a4262c;background:#fff5f5}
    .hint{color:#5b6770;font-size:.88em}.grade{display:inline-block;font-size:.8em;border-radius:3px;padding:0 .4em;background:#e8eef5}
    .status{display:inline-block;border-radius:3px;padding:0 .5em;font-size:.85em;background:#e8eef5}
    .status-done,.status-ready{background:#dff3e4}.status-failed{background:#fbe3e4}.status-running,.status-building,.status-queued{background:#fff4ce}
    .status-cancelled{background:#eee}
    .headline{font-size:1.35em;margin:.6em 0;padding:.6em .8em;background:#f0f6fb;border-left:4px solid #1f4e79}
    .notice{padding:.6em .8em;background:#fff8e1;border-left:4px solid #c9a227;margin:.6em 0}
    .progress{width:100%;max-width:500px;height:14px;background:#e3e8ee;border-radius:7px;overflow:hidden}
    .progress>div{height:100%;background:#1f4e79}
    iframe.report{width:100%;height:1400px;border:1px solid #dde3ea}
    ul.plain{list-style:none;padding-left:0}
    """

    /// The studio's only script: polls a running job's progress and reloads the page when it
    /// ends; asks before a destructive button submits. The pages work without it (a link reloads).
    static let script = """
    (function(){
      document.querySelectorAll('form[data-confirm]').forEach(function(f){
        f.addEventListener('submit',function(ev){ if(!window.confirm(f.getAttribute('data-confirm'))) ev.preventDefault(); });
      });
      var p=document.querySelector('[data-progress]');
      if(!p) return;
      var url=p.getAttribute('data-progress');
      function tick(){
        fetch(url,{headers:{'Accept':'application/json'},credentials:'same-origin'}).then(function(r){return r.json();}).then(function(j){
          var bar=p.querySelector('.progress>div'); if(bar&&j.total>0) bar.style.width=(100*j.done/j.total)+'%';
          var t=p.querySelector('.progress-text'); if(t) t.textContent=j.text;
          if(j.finished){ window.location.reload(); } else { setTimeout(tick,1000); }
        }).catch(function(){ setTimeout(tick,3000); });
      }
      setTimeout(tick,1000);
    })();
    """
}

/// Numbers as the studio prints them.
enum ScenarioText {
    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        var s = String(format: "%.4g", v)
        if s.contains("e") { s = String(v) }
        return s
    }
}
