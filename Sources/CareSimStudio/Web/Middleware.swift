import Foundation
import HTTPTypes
import Hummingbird

/// Every error becomes a page with a plain message and the status that fits (400, 403, 404,
/// 409, 413, 429), never a stack trace; JSON for requests that asked for it.
struct ErrorPages<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as StudioError {
            return Self.page(request, Self.status(error), error.description)
        } catch let error as any HTTPResponseError {
            let status = error.status
            let message: String
            switch status.code {
            case 404: message = "there is no page at \(request.uri.path)"
            case 405: message = "\(request.method) is not allowed at \(request.uri.path)"
            case 413: message = "the request is larger than the studio accepts"
            default: message = status.reasonPhrase
            }
            return Self.page(request, status, message)
        } catch {
            return Self.page(request, .internalServerError, "the studio could not do this: \(error)")
        }
    }

    static func status(_ e: StudioError) -> HTTPResponse.Status {
        switch e {
        case .badRequest: return .badRequest
        case .notFound: return .notFound
        case .conflict: return .conflict
        case .tooLarge: return .contentTooLarge
        case .tooMany: return .tooManyRequests
        case .forbidden: return .forbidden
        }
    }

    static func page(_ request: Request, _ status: HTTPResponse.Status, _ message: String) -> Response {
        if (request.headers[.accept] ?? "").contains("application/json") {
            return Reply.json(["error": message, "status": status.code], status: status)
        }
        let body = "<p class=\"error\">\(HTML.escape(message))</p><p>\(HTML.link("/", "Back to the start"))</p>"
        return Reply.html(HTML.page(title: "\(status.code) \(status.reasonPhrase)", body: body), status: status)
    }
}

/// With `--token`, every request carries the token: `Authorization: Bearer TOKEN`, the cookie
/// the studio sets, or `?token=TOKEN` once (which sets the cookie and loads the page without it).
struct TokenCheck<Context: RequestContext>: RouterMiddleware {
    let token: String
    static var cookie: String { "caresim_studio_token" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let auth = request.headers[.authorization], auth == "Bearer \(token)" { return try await next(request, context) }
        if let c = request.cookies[Self.cookie]?.value, Self.same(c, token) { return try await next(request, context) }
        if let q = request.uri.queryParameters.get("token"), Self.same(q, token) {
            var response = Reply.seeOther(request.uri.path)
            response.setCookie(Cookie(name: Self.cookie, value: token, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
        throw StudioError.forbidden("this studio needs its access token: open the address caresim serve printed (it ends in ?token=...)")
    }

    /// Compares without stopping at the first difference.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var d: UInt8 = 0
        for i in x.indices { d |= x[i] ^ y[i] }
        return d == 0
    }
}
