import CareSimEngine
import Foundation
import Testing

@Suite("Random streams")
struct StreamTests {
    @Test func deriveIsDeterministic() {
        for (m, r, s) in [(UInt64(0), 0, ""), (42, 3, "arrivals.referrals"), (.max, -1, "x")] {
            #expect(StreamSeed.derive(master: m, replication: r, stream: s) == StreamSeed.derive(master: m, replication: r, stream: s))
        }
    }

    /// Golden values from an independent implementation (Python) of the documented algorithm:
    /// FNV-1a over the name, SplitMix64 finaliser mixing master, replication and the name hash,
    /// then the high half folded into the low 32 bits. They pin stability across processes and
    /// platforms (unlike Swift's per-process `Hasher`).
    @Test func deriveMatchesIndependentImplementation() {
        #expect(StreamSeed.derive(master: 0, replication: 0, stream: "") == 3_036_712_185)
        #expect(StreamSeed.derive(master: 42, replication: 0, stream: "arrivals.referrals") == 2_044_601_889)
        #expect(StreamSeed.derive(master: 42, replication: 1, stream: "arrivals.referrals") == 295_778_873)
        #expect(StreamSeed.derive(master: 2024, replication: 7, stream: "duration.care") == 2_880_337_986)
    }

    @Test func deriveDiffersAcrossMasterReplicationAndName() {
        let names = ["arrivals.a", "arrivals.b", "duration.a", "routing.a", "hazard.a.b", "b.arrivals", ""]
        var seen: [UInt64: String] = [:]
        for master in [UInt64(1), 2, 12_345] {
            for replication in 0..<20 {
                for name in names {
                    let seed = StreamSeed.derive(master: master, replication: replication, stream: name)
                    let key = "\(master)/\(replication)/\(name)"
                    #expect(seen[seed] == nil, "\(key) collides with \(seen[seed] ?? "")")
                    seen[seed] = key
                    // mt19937 and others read 32 bits and treat 0 specially.
                    #expect(seed != 0 && seed <= UInt64(UInt32.max))
                }
            }
        }
        #expect(seen.count == 3 * 20 * names.count)
    }

    @Test func sameArgumentsGiveSameSequence() {
        let a = RandomStream(master: 99, replication: 4, name: "duration.home")
        let b = RandomStream(master: 99, replication: 4, name: "duration.home")
        #expect(a.seed == b.seed)
        #expect(a.seed == StreamSeed.derive(master: 99, replication: 4, stream: "duration.home"))
        #expect(a.name == "duration.home")
        let xa = (0..<1000).map { _ in a.uniform() }
        let xb = (0..<1000).map { _ in b.uniform() }
        #expect(xa == xb)
        // And with an explicit seed.
        let c = RandomStream(name: "c", seed: a.seed)
        let d = RandomStream(master: 99, replication: 4, name: "duration.home")
        #expect((0..<100).map { _ in c.exponential(mean: 2) } == (0..<100).map { _ in d.exponential(mean: 2) })
    }

    @Test func differentArgumentsGiveDifferentSequences() {
        let base = RandomStream(master: 99, replication: 4, name: "x")
        let others = [
            RandomStream(master: 98, replication: 4, name: "x"),
            RandomStream(master: 99, replication: 5, name: "x"),
            RandomStream(master: 99, replication: 4, name: "y"),
        ]
        let xs = (0..<20).map { _ in base.uniform() }
        for o in others {
            #expect((0..<20).map { _ in o.uniform() } != xs, "\(o.name) seed \(o.seed)")
        }
    }

    @Test("a keyed draw set depends only on the stream, the key and the counter")
    func keyedDraws() {
        let s = RandomStream(master: 5, replication: 1, name: "child.cp", kind: .taus2)
        s.rekey(42, counter: 3)
        let first = (0..<10).map { _ in s.uniform() }
        // Whatever was drawn in between, and from another instance of the same stream.
        s.rekey(7, counter: 0)
        _ = (0..<100).map { _ in s.gamma(shape: 2, scale: 1) }
        let t = RandomStream(master: 5, replication: 1, name: "child.cp", kind: .taus2)
        t.rekey(42, counter: 3)
        s.rekey(42, counter: 3)
        #expect((0..<10).map { _ in s.uniform() } == first)
        #expect((0..<10).map { _ in t.uniform() } == first)
        // Another key, counter, stream or replication draws other numbers.
        for (key, counter) in [(43 as UInt64, 3 as UInt64), (42, 4), (1 << 63 | 42, 3)] {
            s.rekey(key, counter: counter)
            #expect((0..<10).map { _ in s.uniform() } != first)
        }
        let u = RandomStream(master: 5, replication: 2, name: "child.cp", kind: .taus2)
        u.rekey(42, counter: 3)
        #expect((0..<10).map { _ in u.uniform() } != first)
        #expect(StreamSeed.keyed(base: s.seed, key: 42, counter: 3) != StreamSeed.keyed(base: s.seed, key: 3, counter: 42))
    }

    @Test("first draws of consecutive keys are uniform and uncorrelated")
    func keyedDrawsAreUniform() {
        let s = RandomStream(master: 11, replication: 0, name: "k", kind: .taus2)
        let n = 20_000
        var xs: [Double] = []
        for key in 0..<UInt64(n) {
            s.rekey(key, counter: 0)
            xs.append(s.uniform())
        }
        let mean = xs.reduce(0, +) / Double(n)
        // Mean of n uniforms: sd sqrt(1/12n) = 0.002; 4 sd.
        #expect(abs(mean - 0.5) < 0.008)
        // Lag-1 correlation of consecutive keys: sd 1/sqrt(n) = 0.007; 4 sd.
        var c = 0.0
        for i in 1..<n { c += (xs[i] - 0.5) * (xs[i - 1] - 0.5) }
        #expect(abs(c / Double(n - 1) * 12) < 0.028)
        // Ten equal bins: chi-square with 9 degrees of freedom, 99.9% point 27.9.
        var bins = Array(repeating: 0, count: 10)
        for x in xs { bins[min(9, Int(x * 10))] += 1 }
        let chi = bins.reduce(0.0) { $0 + pow(Double($1) - Double(n) / 10, 2) / (Double(n) / 10) }
        #expect(chi < 27.9, "chi-square \(chi)")
    }

    @Test("drawing from one stream does not shift another")
    func streamsAreIndependent() {
        let a = RandomStream(master: 7, replication: 0, name: "A")
        let b = RandomStream(master: 7, replication: 0, name: "B")
        for _ in 0..<1000 { _ = a.uniform() }
        let fromB = (0..<10).map { _ in b.uniform() }
        let freshB = RandomStream(master: 7, replication: 0, name: "B")
        #expect((0..<10).map { _ in freshB.uniform() } == fromB)
        // And A continues where it was: its 1001st number equals a fresh A's 1001st.
        let freshA = RandomStream(master: 7, replication: 0, name: "A")
        for _ in 0..<1000 { _ = freshA.uniform() }
        #expect(a.uniform() == freshA.uniform())
    }

    @Test func generatorKindsDiffer() {
        let sequences = GeneratorKind.allCases.map { kind in
            let s = RandomStream(master: 1, replication: 0, name: "kinds", kind: kind)
            return (0..<20).map { _ in s.uniform() }
        }
        #expect(GeneratorKind.allCases.count == 4)
        for i in sequences.indices {
            for j in sequences.indices where j > i {
                #expect(sequences[i] != sequences[j], "\(GeneratorKind.allCases[i]) vs \(GeneratorKind.allCases[j])")
            }
        }
        // Each kind is itself reproducible.
        for kind in GeneratorKind.allCases {
            let s = RandomStream(master: 1, replication: 0, name: "kinds", kind: kind)
            #expect((0..<20).map { _ in s.uniform() } == sequences[GeneratorKind.allCases.firstIndex(of: kind)!])
        }
    }

    @Test("uniform draws and integers are in range and uniform", arguments: GeneratorKind.allCases)
    func ranges(_ kind: GeneratorKind) {
        let s = RandomStream(master: 3, replication: 1, name: "ranges", kind: kind)
        let n = 100_000
        var counts = Array(repeating: 0, count: 7)
        var sum = 0.0
        var positive = true
        var inUnit = true
        for _ in 0..<n {
            let u = s.uniform()
            inUnit = inUnit && u >= 0 && u < 1
            sum += u
            positive = positive && s.uniformPositive() > 0
            counts[s.integer(below: 7)] += 1
        }
        #expect(inUnit)
        #expect(positive)
        // Uniform(0,1): mean 1/2, sd sqrt(1/12).
        #expect(abs(sum / Double(n) - 0.5) <= meanTolerance(sd: (1.0 / 12).squareRoot(), n: n))
        let chi = chiSquare(observed: counts, probabilities: Array(repeating: 1.0 / 7, count: 7))
        #expect(chi.statistic <= chi.critical, "\(counts)")
    }

    @Test func bernoulliFrequency() {
        let s = RandomStream(master: 3, replication: 2, name: "bernoulli")
        let n = 100_000
        let p = 0.3
        let hits = (0..<n).count(where: { _ in s.bernoulli(p) })
        #expect(abs(Double(hits) / Double(n) - p) <= meanTolerance(sd: (p * (1 - p)).squareRoot(), n: n))
        #expect(!(0..<1000).contains { _ in s.bernoulli(0) })
        #expect((0..<1000).allSatisfy { _ in s.bernoulli(1) })
    }
}
