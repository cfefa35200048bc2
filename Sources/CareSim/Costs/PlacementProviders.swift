/// Who provides each placement type (`placements:`), and how many children each can take at
/// once. A new placement draws its provider from the type's shares (stream
/// `child.provider`, keyed per child); when that provider is full the child goes to the first of its
/// `fallback` providers with room, and when every one is full, to the last of them over its
/// capacity (an emergency placement). Whether the placement is outside the authority's area is
/// drawn with the provider's `outOfArea` probability (the same stream).
///
/// Providers label placements for costs and sufficiency only: the placement type, and with it
/// breakdowns and every pathway measure, is the model's own draw.
public struct PlacementProviders: Sendable {
    public struct Provider: Sendable {
        public var name: String
        public var type: PlacementType
        /// Share of the type's placements that prefer this provider.
        public var share: Double
        /// Children at once (before scale); nil: unlimited.
        public var capacity: Int?
        /// P(a placement with this provider is outside the authority's boundary).
        public var outOfArea: Double
        /// Indices of the providers tried, in order, when this one is full.
        public var fallback: [Int]
    }

    public var providers: [Provider]

    /// Every type without a declared provider gets one of its own name: a share of 1, no
    /// capacity limit, never out of area.
    public init(declared: [Provider]) {
        var all = declared
        for type in PlacementType.allCases where !declared.contains(where: { $0.type == type }) {
            all.append(Provider(name: type.rawValue, type: type, share: 1, capacity: nil, outOfArea: 0, fallback: []))
        }
        providers = all
    }

    /// No declared providers: one per type.
    public static let byType = PlacementProviders(declared: [])

    /// The providers of `type`, in declaration order.
    public func of(_ type: PlacementType) -> [Int] { providers.indices.filter { providers[$0].type == type } }

    public func index(of name: String) -> Int? { providers.firstIndex { $0.name == name } }
}
