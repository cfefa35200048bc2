import CareSimEngine

/// Costs by financial year and line (placements, staff, interventions, wider), from
/// `costs.csv`: each replication's lines summed over items, then the mean over replications
/// with its 95% interval. Items (providers, roles) are totalled over all costed years.
public struct CostBreakdown: Sendable {
    public struct Cell: Sendable {
        public var yearEnding: String
        public var line: String
        public var cost: SummaryStatistic
        public var discounted: SummaryStatistic
    }

    public struct Item: Sendable {
        public var line: String
        public var item: String
        public var unit: String
        public var quantity: Double
        public var cost: SummaryStatistic
    }

    public var cells: [Cell]
    public var items: [Item]
    public var years: [String]
    public var lines: [String]

    public init(file: String) throws(ReportError) {
        let t: DataTable
        do { t = try DataTable(file: file) } catch { throw ReportError(error) }
        do throws(DataError) {
            let cRep = try t.column("replication"), cYear = try t.column("year_ending"), cLine = try t.column("line")
            let cItem = try t.column("item"), cUnit = try t.column("unit"), cQuantity = try t.column("quantity")
            let cCost = try t.column("cost"), cDisc = try t.column("discounted")
            var cost: [String: [Int: (Double, Double)]] = [:]  // "year\tline" -> replication -> (cost, discounted)
            var item: [String: [Int: (Double, Double)]] = [:]  // "line\titem\tunit" -> replication -> (quantity, cost)
            var years: [String] = [], lines: [String] = [], itemOrder: [String] = []
            var reps: Set<Int> = []
            for (i, row) in t.rows.enumerated() {
                guard let r = Int(row[cRep]), let c = Double(row[cCost]), let d = Double(row[cDisc]), let q = Double(row[cQuantity]) else {
                    throw DataError(file: file, line: t.lines[i], field: "", "expected a whole replication number and numeric quantity, cost and discounted")
                }
                if !years.contains(row[cYear]) { years.append(row[cYear]) }
                if !lines.contains(row[cLine]) { lines.append(row[cLine]) }
                let key = row[cYear] + "\t" + row[cLine]
                let old = cost[key]?[r] ?? (0, 0)
                cost[key, default: [:]][r] = (old.0 + c, old.1 + d)
                let ik = row[cLine] + "\t" + row[cItem] + "\t" + row[cUnit]
                if item[ik] == nil { itemOrder.append(ik) }
                let oi = item[ik]?[r] ?? (0, 0)
                item[ik, default: [:]][r] = (oi.0 + q, oi.1 + c)
                reps.insert(r)
            }
            let order = reps.sorted()
            self.years = years
            self.lines = lines
            cells = years.flatMap { year in
                lines.compactMap { line -> Cell? in
                    guard let byRep = cost[year + "\t" + line] else { return nil }
                    return Cell(yearEnding: year, line: line, cost: SummaryStatistic(order.map { byRep[$0]?.0 ?? 0 }),
                                discounted: SummaryStatistic(order.map { byRep[$0]?.1 ?? 0 }))
                }
            }
            items = itemOrder.map { key in
                let p = key.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                let byRep = item[key]!
                let q = order.map { byRep[$0]?.0 ?? 0 }.reduce(0, +) / Double(order.count)
                return Item(line: p[0], item: p[1], unit: p[2], quantity: q, cost: SummaryStatistic(order.map { byRep[$0]?.1 ?? 0 }))
            }
        } catch {
            throw ReportError(error)
        }
    }
}
