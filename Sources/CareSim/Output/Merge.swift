import Foundation

/// `caresim merge`: the shards of one run (`caresim run --shard K/N`, K = 1...N) put back
/// together into exactly the files the unsharded run writes.
///
/// - `summary.csv` is recomputed from the shards' `metrics.csv` (every metric of every
///   replication, written exactly), in replication order, as the unsharded run computes it.
/// - `years.csv` (a pathway run's) is recomputed from the shards' `year_values.csv` (every
///   replication's value of each measure and year, written exactly), in replication order, so
///   its means, intervals and ranges (quantiles) are the unsharded run's; its `published`
///   column (and the published years before the run) are the first shard's.
/// - Every other data file has a `replication` column with global indices and shards hold
///   contiguous blocks, so it is the shards' rows in shard order under the common header.
/// - `manifest.json` is the shards' common manifest without its `shard` block, listing the
///   unsharded run's files. In `runtime`, `events` is the shards' sum (the unsharded run's own
///   count), `threads` the most any shard used and `wall_time_seconds` the sum of the shards'
///   wall times (what running them one after another took); only those two differ from an
///   unsharded run's manifest, as they differ between any two runs.
///
/// Shards are refused, naming the directory and the field, unless every one comes from the same
/// caresim version (this one), scenario (name, file, hash, resolved text), seed, replications,
/// generator, effect sizes and shard count, and together they are shards 1 to N once each.
public enum Merge {
    public struct MergeError: Error, CustomStringConvertible, Sendable {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    public struct Merged: Sendable {
        public var files: [(name: String, contents: String)]
        public var scenarioName: String
        public var replications: Int
        public var shards: Int
    }

    /// Fields that legitimately differ between the shards of one run.
    static let ownFields: Set<String> = ["shard", "runtime"]

    public static func merge(_ directories: [String]) throws(MergeError) -> Merged {
        guard !directories.isEmpty else { throw MergeError("expected at least one shard directory") }
        var shards: [ShardDirectory] = []
        for d in directories { shards.append(try ShardDirectory(path: d)) }
        let first = shards[0]
        guard first.version == CareSimVersion.string else {
            throw MergeError("\(first.path)/manifest.json: caresim_version: the shards were written by caresim \(first.version), this is \(CareSimVersion.string): merge them with the version that ran them")
        }
        for s in shards.dropFirst() { try agree(s, with: first) }
        shards.sort { $0.shard.index < $1.shard.index }
        for (a, b) in zip(shards, shards.dropFirst()) where a.shard.index == b.shard.index {
            throw MergeError("\(a.path) and \(b.path) are both shard \(a.shard) (each shard must be given once)")
        }
        let count = first.shard.count
        let missing = (1...count).filter { k in !shards.contains { $0.shard.index == k } }
        guard missing.isEmpty else {
            throw MergeError("shard\(missing.count > 1 ? "s" : "") \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) missing: the run has \(count) shards, given \(shards.count) (\(shards.map { "\($0.path) is \($0.shard)" }.joined(separator: ", ")))")
        }

        var files = [("summary.csv", try summary(shards).text)]
        let data = first.files.filter { $0 != "summary.csv" && $0 != ReplicationMetrics.fileName && $0 != YearsTable.valuesFileName }
        for name in data { files.append((name, name == YearsTable.fileName ? try years(shards) : try concatenate(name, shards))) }
        files.append(("manifest.json", manifest(shards, files: ["summary.csv"] + data)))
        return Merged(files: files, scenarioName: first.scenarioName, replications: first.replications, shards: count)
    }

    /// Merges and writes atomically to `out`, which must not be or contain a shard directory
    /// (writing replaces it whole).
    public static func write(_ directories: [String], to out: String) throws(MergeError) -> Merged {
        let target = canonical(out)
        for d in directories {
            let shard = canonical(d)
            if shard == target || shard.hasPrefix(target.hasSuffix("/") ? target : target + "/") {
                throw MergeError("--out \(out): expected a directory apart from the shards, but writing it would replace the shard \(d)")
            }
        }
        let merged = try merge(directories)
        do {
            try ResultsDirectory.write(merged.files, to: out)
        } catch {
            throw MergeError(error.description)
        }
        return merged
    }

    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Every manifest field but the shard's own must be the first shard's, byte for byte.
    static func agree(_ s: ShardDirectory, with first: ShardDirectory) throws(MergeError) {
        let keys = first.fields.map(\.key).filter { !ownFields.contains($0) }
        let theirs = s.fields.map(\.key).filter { !ownFields.contains($0) }
        if let extra = theirs.first(where: { !keys.contains($0) }) {
            throw MergeError("\(s.path)/manifest.json: \(extra): not in \(first.path)/manifest.json (shards must come from one run of one caresim version)")
        }
        for key in keys {
            let mine = first.fields.first { $0.key == key }!.value
            guard let other = s.fields.first(where: { $0.key == key })?.value else {
                throw MergeError("\(s.path)/manifest.json: \(key): missing, but \(first.path)/manifest.json has it (shards must come from one run of one caresim version)")
            }
            guard other == mine else {
                let shown = mine.count <= 80 && other.count <= 80 && !mine.contains("\n") && !other.contains("\n")
                throw MergeError("\(s.path)/manifest.json: \(key): " + (shown ? "\(other), but \(first.path) has \(mine)" : "differs from \(first.path)'s")
                                 + " (shards must come from one run: same scenario, seed, replications, options and caresim version)")
            }
        }
        guard s.shard.count == first.shard.count else {
            throw MergeError("\(s.path)/manifest.json: shard.count: \(s.shard.count), but \(first.path) has \(first.shard.count) (shards must split one run the same way)")
        }
    }

    /// The unsharded run's summary, from every replication's metrics in replication order.
    static func summary(_ shards: [ShardDirectory]) throws(MergeError) -> CSVTable {
        var all: ReplicationMetrics.Values?
        for s in shards {
            let file = "\(s.path)/\(ReplicationMetrics.fileName)"
            let v: ReplicationMetrics.Values
            do {
                v = try ReplicationMetrics.read(text: try s.read(ReplicationMetrics.fileName), file: file, expected: s.held)
            } catch let error as DataError {
                throw MergeError(error.description)
            } catch let error as MergeError {
                throw error
            } catch {
                throw MergeError("\(file): \(error)")
            }
            if all == nil {
                all = v
            } else if v.metrics != all!.metrics {
                let i = Array(zip(v.metrics, all!.metrics)).firstIndex { $0 != $1 } ?? min(v.metrics.count, all!.metrics.count)
                throw MergeError("\(file): metric \(i + 1): expected \(i < all!.metrics.count ? "'\(all!.metrics[i])'" : "no more metrics") as in \(shards[0].path), got \(i < v.metrics.count ? "'\(v.metrics[i])'" : "no more")")
            } else {
                all!.values += v.values
            }
        }
        return SummaryTable.make(rows: all!.rows)
    }

    /// The unsharded run's `years.csv`: its rows as the first shard lists them (measure, year and
    /// published figure), with the statistics of every replication's value from the shards'
    /// `year_values.csv`, in replication order.
    static func years(_ shards: [ShardDirectory]) throws(MergeError) -> String {
        var cells: [YearsTable.Cell] = []
        var values: [[Double]] = []
        for (k, s) in shards.enumerated() {
            let file = "\(s.path)/\(YearsTable.valuesFileName)"
            let table: DataTable
            do { table = try DataTable(text: try s.read(YearsTable.valuesFileName), file: file) } catch let e as DataError {
                throw MergeError(e.description)
            } catch let e as MergeError { throw e } catch { throw MergeError("\(file): \(error)") }
            guard table.header == YearsTable.valuesHeader else {
                throw MergeError("\(file): expected the header \(YearsTable.valuesHeader.joined(separator: ",")), got \(table.header.joined(separator: ","))")
            }
            var mine: [YearsTable.Cell] = []
            var replication = s.held.lowerBound - 1
            for (i, row) in table.rows.enumerated() {
                guard let r = Int(row[0]), let year = Int(row[2]), let v = Double(row[3]), v.isFinite else {
                    throw MergeError("\(file): line \(table.lines[i]): expected a replication, a measure, a year and a number, got \(row.joined(separator: ","))")
                }
                if r != replication {
                    guard r == replication + 1, s.held.contains(r) else {
                        throw MergeError("\(file): line \(table.lines[i]): replication: expected \(replication + 1) (the shard holds \(s.held.lowerBound) to \(s.held.upperBound - 1), in order), got \(r)")
                    }
                    if r > s.held.lowerBound, values.last!.count != mine.count {
                        throw MergeError("\(file): line \(table.lines[i]): expected \(mine.count) values for replication \(replication) as for \(s.held.lowerBound)")
                    }
                    replication = r
                    values.append([])
                }
                let cell = YearsTable.Cell(measure: row[1], year: year)
                let c = values[values.count - 1].count
                if r == s.held.lowerBound {
                    mine.append(cell)
                } else if c >= mine.count || mine[c] != cell {
                    throw MergeError("\(file): line \(table.lines[i]): expected the measures and years of replication \(s.held.lowerBound), in its order, got \(row[1]) \(row[2])")
                }
                values[values.count - 1].append(v)
            }
            guard replication == s.held.upperBound - 1, values.last?.count == mine.count else {
                throw MergeError("\(file): expected every value of replications \(s.held.lowerBound) to \(s.held.upperBound - 1), but the file ends early")
            }
            if k == 0 {
                cells = mine
            } else if mine != cells {
                throw MergeError("\(file): expected the measures and years of \(shards[0].path)/\(YearsTable.valuesFileName), got others")
            }
        }
        // The rows, and their published figures, as the first shard wrote them.
        let file = "\(shards[0].path)/\(YearsTable.fileName)"
        let first: DataTable
        do { first = try DataTable(text: try shards[0].read(YearsTable.fileName), file: file) } catch let e as DataError {
            throw MergeError(e.description)
        } catch let e as MergeError { throw e } catch { throw MergeError("\(file): \(error)") }
        guard first.header == YearsTable.header else {
            throw MergeError("\(file): expected the header \(YearsTable.header.joined(separator: ",")), got \(first.header.joined(separator: ","))")
        }
        let index = Set(cells)
        let nColumn = YearsTable.header.firstIndex(of: "n")!, publishedColumn = YearsTable.header.firstIndex(of: "published")!
        var rows: [(cell: YearsTable.Cell, published: Double?, modelled: Bool)] = []
        for (i, row) in first.rows.enumerated() {
            let published = row[publishedColumn]
            guard let year = Int(row[1]), published.isEmpty || Double(published) != nil else {
                throw MergeError("\(file): line \(first.lines[i]): expected a year ending and a published figure or nothing, got \(row.joined(separator: ","))")
            }
            let cell = YearsTable.Cell(measure: row[0], year: year)
            rows.append((cell, Double(published), index.contains(cell) && row[nColumn] != "0"))
        }
        guard rows.filter(\.modelled).map(\.cell) == cells else {
            throw MergeError("\(file): expected a row for each measure and year of \(YearsTable.valuesFileName), in its order")
        }
        return YearsTable.make(rows: rows, cells: cells, replications: values).text
    }

    /// The shards' rows of one file in shard order, under their common header; each row's
    /// replication (its first field) must be one its shard holds, in order.
    static func concatenate(_ name: String, _ shards: [ShardDirectory]) throws(MergeError) -> String {
        var header: Substring?
        var out = ""
        for s in shards {
            let text = try s.read(name)
            guard let newline = text.firstIndex(of: "\n") else {
                throw MergeError("\(s.path)/\(name): expected a header line, but the file is empty or has no line end")
            }
            let head = text[..<newline]
            if header == nil {
                header = head
                out = String(head) + "\n"
            } else if head != header! {
                throw MergeError("\(s.path)/\(name): header: \(head), but \(shards[0].path) has \(header!)")
            }
            guard head.hasPrefix("replication,") else {
                throw MergeError("\(s.path)/\(name): header: expected the first column to be replication, got \(head)")
            }
            let body = text[text.index(after: newline)...]
            try checkReplications(body, file: "\(s.path)/\(name)", held: s.held)
            out += body
        }
        return out
    }

    /// Each record's first field is a replication the shard holds, not decreasing. Quoted fields
    /// may hold line breaks, so a record starts only where the quotes seen so far are balanced.
    static func checkReplications(_ body: Substring, file: String, held: Range<Int>) throws(MergeError) {
        guard body.isEmpty || body.hasSuffix("\n") else { throw MergeError("\(file): expected the file to end with a line end (was it cut short?)") }
        var previous = held.lowerBound
        var open = false
        var line = 1
        for text in body.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast() {
            line += 1
            if !open {
                let field = text.prefix { $0 != UInt8(ascii: ",") }
                guard let r = Int(String(decoding: field, as: UTF8.self)), held.contains(r), r >= previous else {
                    throw MergeError("\(file): line \(line): replication: expected \(previous) to \(held.upperBound - 1) (the replications this shard holds, in order), got '\(String(decoding: field, as: UTF8.self))'")
                }
                previous = r
            }
            if text.reduce(0, { $0 + ($1 == UInt8(ascii: "\"") ? 1 : 0) }) % 2 == 1 { open.toggle() }
        }
    }

    static func manifest(_ shards: [ShardDirectory], files: [String]) -> String {
        var fields = shards[0].fields.filter { $0.key != "shard" }
        for i in fields.indices {
            switch fields[i].key {
            case "files":
                fields[i].value = Manifest.files(files)
            case "runtime":
                fields[i].value = Manifest.runtime(threads: shards.map(\.threads).max()!, wallTime: shards.reduce(0) { $0 + $1.wallTime },
                                                   events: shards.reduce(0) { $0 + $1.events })
            default:
                break
            }
        }
        return Manifest.render(fields)
    }
}
