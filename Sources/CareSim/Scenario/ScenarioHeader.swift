import CareSimEngine

/// The fields every kind of scenario starts with: name, description, seed, replications and
/// generator, with their defaults (seed 1, 10 replications, mt19937).
struct ScenarioHeader {
    var name: String?
    var description: String?
    var seed: Int?
    var replications: Int?
    var generator: GeneratorKind?

    init(_ top: [String: ScenarioNode], reader r: inout FieldReader) {
        name = top["name"].flatMap { r.string($0, "name") }
        if let name, name.trimmingCharacters(in: .whitespaces).isEmpty, let node = top["name"] {
            r.fail(node, "name", "expected a non-empty scenario name")
        }
        description = top["description"].flatMap { r.string($0, "description") }
        seed = top["seed"].map { r.int($0, "seed", "a whole number >= 0", { $0 >= 0 }) } ?? 1
        replications = top["replications"].map {
            r.int($0, "replications", "a whole number from 1 to \(ScenarioLimits.maxReplications)", { (1...ScenarioLimits.maxReplications).contains($0) })
        } ?? 10
        generator = top["generator"].map { r.choice($0, "generator", GeneratorKind.allCases.map { ($0.rawValue, $0) }) } ?? .mt19937
    }
}
