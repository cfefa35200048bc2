import CareSimEngine
import Testing

@Suite("JacksonNetwork")
struct JacksonNetworkTests {
    func close(_ a: [Double], _ b: [Double], _ tol: Double = 1e-12) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tol * max(1, abs($1)) }
    }

    @Test func tandem() {
        // 2 per day into station 0, all of which go on to station 1.
        let rates = JacksonNetwork.arrivalRates(external: [2, 0], routing: [[0, 1], [0, 0]])
        #expect(close(rates, [2, 2]), "\(rates)")
        // Half of station 0's output goes on; station 1 also has 1 per day of its own.
        let split = JacksonNetwork.arrivalRates(external: [2, 1], routing: [[0, 0.5], [0, 0]])
        #expect(close(split, [2, 2]), "\(split)")
    }

    @Test("feedback loop: lambda = gamma / (1 - p)", arguments: [0.0, 0.25, 0.5, 0.9])
    func feedback(_ p: Double) {
        let rates = JacksonNetwork.arrivalRates(external: [3], routing: [[p]])
        #expect(close(rates, [3 / (1 - p)]), "\(rates)")
    }

    @Test("two-station loop, asymmetric so that a transposed routing matrix would be caught")
    func twoStationLoop() {
        // lambda0 = 1 + 0.5 lambda1, lambda1 = 2 + 0.8 lambda0  =>  lambda0 = 10/3, lambda1 = 14/3.
        // (With P instead of P^T the answer would be 13/3, 25/6.)
        let rates = JacksonNetwork.arrivalRates(external: [1, 2], routing: [[0, 0.8], [0.5, 0]])
        #expect(close(rates, [10.0 / 3, 14.0 / 3]), "\(rates)")
    }

    @Test("Erlang C for one server is the utilisation", arguments: [0.0, 0.1, 0.5, 0.95])
    func erlangCOneServer(_ rho: Double) {
        #expect(abs(JacksonNetwork.erlangC(servers: 1, offeredLoad: rho) - rho) < 1e-14)
    }

    @Test func erlangCHandValues() {
        // c = 2, a = 1: B(2,1) = 1/5, C = (1/5) / (1 - 1/2 + 1/10) = 1/3.
        #expect(abs(JacksonNetwork.erlangC(servers: 2, offeredLoad: 1) - 1.0 / 3) < 1e-14)
        // c = 3, a = 2: C = (8/6 * 3) / (1 + 2 + 2 + 4) = 4/9.
        #expect(abs(JacksonNetwork.erlangC(servers: 3, offeredLoad: 2) - 4.0 / 9) < 1e-14)
        // Large c stays finite and in (0, 1): c = 500, a = 480.
        let big = JacksonNetwork.erlangC(servers: 500, offeredLoad: 480)
        #expect(big > 0 && big < 1)
    }

    @Test func meanWait() {
        // M/M/1: Wq = rho / (mu - lambda).
        for (lambda, mean) in [(0.5, 1.0), (0.8, 1.0), (3.0, 0.25)] {
            let rho = lambda * mean
            let expected = rho / (1 / mean - lambda)
            #expect(abs(JacksonNetwork.meanWait(servers: 1, arrivalRate: lambda, meanService: mean) - expected) < 1e-12)
        }
        #expect(abs(JacksonNetwork.meanWait(servers: 1, arrivalRate: 0.5, meanService: 1) - 1) < 1e-14)
        // M/M/2 with a = 1, mu = 1: C / (2 mu - lambda) = (1/3) / 1.
        #expect(abs(JacksonNetwork.meanWait(servers: 2, arrivalRate: 1, meanService: 1) - 1.0 / 3) < 1e-14)
    }
}
