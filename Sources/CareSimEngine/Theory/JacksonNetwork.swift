import CGSL

/// Exact steady-state answers for an open Jackson network: Poisson arrivals, exponential
/// service, Markov routing. Used to verify the simulator, independently of it.
public enum JacksonNetwork {
    /// Solves the traffic equations lambda = gamma + P^T lambda, where `routing[i][j]` is the
    /// probability of going from station i to station j (rows may sum to less than 1: the rest
    /// leaves the network) and `external[i]` the external arrival rate at station i.
    public static func arrivalRates(external: [Double], routing: [[Double]]) -> [Double] {
        let n = external.count
        precondition(routing.count == n && routing.allSatisfy { $0.count == n }, "routing must be n x n")
        let a = gsl_matrix_alloc(n, n)!
        let b = gsl_vector_alloc(n)!
        let x = gsl_vector_alloc(n)!
        let p = gsl_permutation_alloc(n)!
        defer {
            gsl_matrix_free(a)
            gsl_vector_free(b)
            gsl_vector_free(x)
            gsl_permutation_free(p)
        }
        for i in 0..<n {
            gsl_vector_set(b, i, external[i])
            for j in 0..<n {
                // (I - P^T)[i][j] = delta_ij - P[j][i]
                gsl_matrix_set(a, i, j, (i == j ? 1 : 0) - routing[j][i])
            }
        }
        var signum: Int32 = 0
        gsl_linalg_LU_decomp(a, p, &signum)
        gsl_linalg_LU_solve(a, p, b, x)
        return (0..<n).map { gsl_vector_get(x, $0) }
    }

    /// Erlang C: the probability that an arrival waits in an M/M/c queue with offered load
    /// `a` = lambda / mu erlangs. Computed through the Erlang B recursion, stable for large c.
    public static func erlangC(servers c: Int, offeredLoad a: Double) -> Double {
        precondition(c >= 1 && a >= 0 && a < Double(c), "Erlang C needs a stable queue (load < servers)")
        var b = 1.0
        for k in 1...c {
            b = a * b / (Double(k) + a * b)
        }
        let rho = a / Double(c)
        return b / (1 - rho + rho * b)
    }

    /// Mean wait in queue for M/M/c with arrival rate `lambda` and mean service time `mean`.
    public static func meanWait(servers c: Int, arrivalRate lambda: Double, meanService mean: Double) -> Double {
        let a = lambda * mean
        let mu = 1 / mean
        return erlangC(servers: c, offeredLoad: a) / (Double(c) * mu - lambda)
    }
}
