import CGSL

/// GSL's preprocessed table for drawing an index with given weights (Walker's alias method,
/// `gsl_ran_discrete_preproc`). Read-only after construction, so one table may be shared by
/// every replication; each draw uses the caller's stream.
public final class DiscreteTable: @unchecked Sendable {
    public let weights: [Double]
    let table: UnsafeMutablePointer<gsl_ran_discrete_t>

    /// `weights` must be non-negative, finite and not all zero; they need not sum to 1.
    public init(weights: [Double]) {
        precondition(!weights.isEmpty, "DiscreteTable needs at least one weight")
        precondition(weights.allSatisfy { $0 >= 0 && $0.isFinite }, "DiscreteTable weights must be finite and >= 0")
        precondition(weights.contains { $0 > 0 }, "DiscreteTable needs a positive weight")
        self.weights = weights
        guard let table = weights.withUnsafeBufferPointer({ gsl_ran_discrete_preproc($0.count, $0.baseAddress) }) else {
            fatalError("gsl_ran_discrete_preproc failed for weights \(weights)")
        }
        self.table = table
    }

    deinit { gsl_ran_discrete_free(table) }

    /// An index in `0..<weights.count`, drawn with probability proportional to its weight.
    public func draw(_ stream: RandomStream) -> Int {
        Int(drawRaw(stream.rng))
    }

    func drawRaw(_ rng: UnsafeMutablePointer<gsl_rng>) -> Int {
        Int(gsl_ran_discrete(rng, table))
    }

    /// The probability of index `i`.
    public func probability(_ i: Int) -> Double {
        weights[i] / weights.reduce(0, +)
    }
}
