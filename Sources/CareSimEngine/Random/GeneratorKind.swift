import CGSL

/// The GSL generator algorithms a scenario may choose. `mt19937` is the default.
public enum GeneratorKind: String, CaseIterable, Sendable {
    case mt19937
    case ranlxd2
    case taus2
    case gfsr4

    var gslType: UnsafePointer<gsl_rng_type> {
        switch self {
        case .mt19937: return caresim_rng_mt19937()
        case .ranlxd2: return caresim_rng_ranlxd2()
        case .taus2: return caresim_rng_taus2()
        case .gfsr4: return caresim_rng_gfsr4()
        }
    }
}
