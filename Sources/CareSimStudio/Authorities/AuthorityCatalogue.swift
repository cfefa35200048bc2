import CareSim
import Foundation

/// The local authorities of the published figures (the census of the year), searched by name
/// or code with the CLI's near-name hints. Read once per year, on first use.
final class AuthorityCatalogue: @unchecked Sendable {
    struct Entry: Sendable {
        var authority: LocalAuthority
        /// Files the authority cannot be matched in (a baseline may then be impossible).
        var missingFrom: [String]
    }

    let data: String
    private let lock = NSLock()
    private var byYear: [Int: Result<(BaselineSources, [Entry]), DataError>] = [:]

    init(data: String) { self.data = data }

    func entries(year: Int) throws(DataError) -> (sources: BaselineSources, entries: [Entry]) {
        lock.lock()
        defer { lock.unlock() }
        if let cached = byYear[year] { return try cached.get() }
        let loaded: Result<(BaselineSources, [Entry]), DataError>
        do {
            let sources = try BaselineSources.load(dataDirectory: data, year: year)
            let all = try sources.catalogue().map { Entry(authority: $0.authority, missingFrom: $0.missingFrom) }
            loaded = .success((sources, all.sorted { $0.authority.name < $1.authority.name }))
        } catch {
            loaded = .failure(error)
        }
        byYear[year] = loaded
        return try loaded.get()
    }

    /// Authorities whose name or code contains every word of the query; with none, a hint of
    /// near names as the CLI gives.
    func search(_ query: String, year: Int) throws(DataError) -> (matches: [Entry], hint: String?) {
        let (sources, all) = try entries(year: year)
        let q = AreaLookup.normalise(query)
        if q.isEmpty { return (all, nil) }
        let words = q.split(separator: " ")
        let matches = all.filter { e in
            let name = AreaLookup.normalise(e.authority.name), code = e.authority.code.lowercased()
            return words.allSatisfy { name.contains($0) || code.contains($0) }
        }
        if !matches.isEmpty { return (matches, nil) }
        let near = LocalAuthority.nearNames(query, in: sources)
        return ([], "no authority matches '\(query)'" + near.replacingOccurrences(of: " (caresim baseline --list shows all)", with: "")
                    .replacingOccurrences(of: "; caresim baseline --list shows every name and code", with: ": search for part of a name, or leave the box empty to list every authority"))
    }

    func authority(code: String, year: Int) throws(DataError) -> Entry? {
        try entries(year: year).entries.first { $0.authority.code == code }
    }
}
