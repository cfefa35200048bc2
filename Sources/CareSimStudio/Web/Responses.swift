import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Responses the studio sends, and the parsing of its forms.
enum Reply {
    static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
    }

    static func json(_ object: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func text(_ text: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// A file of the studio's storage, as a download (or inline for a report page).
    static func file(_ path: String, name: String, inline: Bool = false) throws -> Response {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let type: String
        switch (name as NSString).pathExtension.lowercased() {
        case "csv": type = "text/csv; charset=utf-8"
        case "yaml", "yml": type = "application/yaml; charset=utf-8"
        case "json": type = "application/json"
        case "html": type = "text/html; charset=utf-8"
        default: type = "text/plain; charset=utf-8"
        }
        var headers: HTTPFields = [.contentType: type]
        let safe = name.filter { $0.isLetter || $0.isNumber || "-_.".contains($0) }
        headers[.contentDisposition] = (inline ? "inline" : "attachment") + "; filename=\"\(safe)\""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// 303: after a form is posted, the browser loads the page at `location`.
    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}

/// A posted form (application/x-www-form-urlencoded) or a query string.
struct Form {
    var values: [String: String] = [:]

    init(_ encoded: String) {
        for pair in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            let key = decode(parts[0])
            values[key] = parts.count > 1 ? decode(parts[1]) : ""
        }
    }

    /// The form of a POST, refusing a body larger than `limit` (413) or not a form (400).
    static func read(_ request: Request, limit: Int) async throws -> Form {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw StudioError.tooLarge("the form is larger than the studio accepts (\(limit / 1024) KiB)")
        }
        let type = request.headers[.contentType] ?? ""
        if !type.isEmpty, !type.hasPrefix("application/x-www-form-urlencoded") {
            throw StudioError.badRequest("expected a form (application/x-www-form-urlencoded), got \(type)")
        }
        return Form(String(buffer: buffer))
    }

    subscript(_ key: String) -> String? {
        values[key].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }
}
