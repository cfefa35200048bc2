/// Derives the seed of one named random stream from (master seed, replication, stream name).
///
/// GSL generators have no jump-ahead, so independent streams are made by seeding one generator
/// per stream from a hash. The hash is stable across processes and platforms (unlike Swift's
/// `Hasher`, which is randomly seeded per process): FNV-1a over the name's UTF-8 bytes, mixed
/// with the master seed and replication by the SplitMix64 finaliser.
public enum StreamSeed {
    public static func derive(master: UInt64, replication: Int, stream name: String) -> UInt64 {
        let h = fnv1a(name)
        var x = mix(master ^ 0x9e37_79b9_7f4a_7c15)
        x = mix(x ^ UInt64(truncatingIfNeeded: replication))
        x = mix(x ^ h)
        return fold(x)
    }

    /// The seed of draw set `counter` of entity `key` in a keyed stream whose own seed is
    /// `base` (for common random numbers: an entity's k-th decision of one kind draws the same
    /// numbers whatever else happened in the run).
    @inline(__always)
    public static func keyed(base: UInt64, key: UInt64, counter: UInt64) -> UInt64 {
        fold(mix(mix(base ^ mix(key)) ^ counter))
    }

    /// A fixed position in [0, 1) for `key`, spread evenly over keys (53 bits of its SplitMix64
    /// hash): an attribute of an entity that must not consume random numbers, such as where a
    /// family lives, the same in every run.
    public static func position(of key: UInt64) -> Double {
        Double(mix(key ^ 0x6c6f_6361_6c69_7479) >> 11) * 0x1p-53
    }

    /// mt19937 and several other GSL generators read only 32 bits of the seed, and treat 0
    /// specially: fold the high half in and avoid 0.
    @inline(__always)
    static func fold(_ x: UInt64) -> UInt64 {
        let folded = (x ^ (x >> 32)) & 0xffff_ffff
        return folded == 0 ? 0x5eed : folded
    }

    /// FNV-1a (64-bit) of the text's UTF-8 bytes: a stable, fast, non-cryptographic hash.
    public static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }

    /// The SplitMix64 finaliser: a bijective mixing of 64 bits.
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
