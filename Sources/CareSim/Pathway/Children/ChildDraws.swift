import CareSimEngine

/// The kinds of decision a child draws random numbers for. Each kind has its own keyed stream
/// per replication, and a child's k-th decision of a kind draws from that stream restarted at
/// (the child's key, k). So a child draws the same numbers for the same decision whatever other
/// children did: two scenarios run with one seed differ only where their models differ (common
/// random numbers, as `caresim compare` needs).
enum Decision: Int, CaseIterable {
    case frontDoor, assessment, section47, cin, cp, careRoute, careDuration, placement, returnedHome, closed
    case intervention, practice, practiceFamily, allocation, provider, furtherAssessment

    /// The stream's name (its seed is derived from the master seed, replication and this name).
    var streamName: String {
        switch self {
        case .frontDoor: "child.front_door"
        case .assessment: "child.assessment"
        case .section47: "child.section47"
        case .cin: "child.cin"
        case .cp: "child.cp"
        case .careRoute: "child.care.route"
        case .careDuration: "child.care.duration"
        case .placement: "child.placement"
        case .returnedHome: "child.returned_home"
        case .closed: "child.closed"
        case .intervention: "child.interventions"
        case .practice: "child.practice"
        case .practiceFamily: "child.practice.family"
        case .allocation: "child.allocation"
        case .provider: "child.provider"
        case .furtherAssessment: "child.further_assessment"
        }
    }
}

/// A child's stable identity for keyed draws, and how many decisions of each kind it has drawn.
struct ChildDraws {
    /// Referred families' children: (family number << 8) | place in the sibling group; children
    /// placed by the warm start: the top bit set and their order of placement; unaccompanied
    /// children: the next bit set and their order of arrival.
    var key: UInt64
    var counts: InlineArray<16, UInt16>

    static let none = ChildDraws(key: 0, counts: InlineArray(repeating: 0))

    static func referred(family: UInt64, sibling: Int) -> UInt64 { family << 8 | UInt64(sibling) }

    /// Where the child's family lives, as a position in [0, 1) spread evenly over families
    /// (siblings share it; a warm-started child is its own family). A hash of the family's
    /// number, not a draw: the same children live in the same places in every scenario run with
    /// the same seed, and nothing else in the run changes.
    static func locality(of key: UInt64) -> Double {
        StreamSeed.position(of: key & (warmStartBit | unaccompaniedBit) != 0 ? key : key >> 8)
    }

    /// Warm-started children's keys: their order in the warm start with the top bit set.
    static let warmStartBit: UInt64 = 1 << 63
    static func warmStarted(_ order: UInt64) -> UInt64 { warmStartBit | order }

    /// Unaccompanied asylum-seeking children's keys: their order of arrival with the second
    /// bit from the top set (each is its own family).
    static let unaccompaniedBit: UInt64 = 1 << 62
    static func unaccompanied(_ order: UInt64) -> UInt64 { unaccompaniedBit | order }
}

/// The keyed streams of one replication, one per kind of decision. Keyed streams are GSL
/// `taus2` whatever the scenario's `generator` (which the run's sequential streams use):
/// restarting `taus2` costs about 30 ns, `mt19937` about 7 µs.
struct KeyedStreams {
    let streams: [RandomStream]
    /// The stream for families, keyed by family number (size, ages, factors and shared outcomes).
    let family: RandomStream

    init(master: UInt64, replication: Int) {
        precondition(Decision.allCases.count <= ChildDraws.none.counts.count, "ChildDraws.counts needs a slot per kind of decision")
        streams = Decision.allCases.map {
            RandomStream(master: master, replication: replication, name: "pathway.\($0.streamName)", kind: .taus2)
        }
        family = RandomStream(master: master, replication: replication, name: "pathway.child.family", kind: .taus2)
    }
}
