import CGSL

/// A seeded GSL random number generator (Mersenne Twister, `gsl_rng_mt19937`).
///
/// Every random draw in ganflow comes from one of these: the same seed gives the same
/// numbers on every run. Not thread-safe; give each task its own (see ``split()``).
public final class RandomSource {
    private let rng: UnsafeMutablePointer<gsl_rng>
    public let seed: UInt64

    public init(seed: UInt64) {
        GSL.ensureReady()
        guard let r = gsl_rng_alloc(cgsl_rng_mt19937()) else {
            fatalError("gsl_rng_alloc failed: out of memory")
        }
        rng = r
        self.seed = seed
        // mt19937 takes an unsigned long seed; 0 would select GSL's default seed.
        gsl_rng_set(rng, UInt(truncatingIfNeeded: seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed))
    }

    deinit { gsl_rng_free(rng) }

    /// Uniform on [0, 1).
    public func uniform() -> Double { gsl_rng_uniform(rng) }
    /// Uniform on (0, 1): never returns 0, safe for logarithms and quantile inversion.
    public func uniformPositive() -> Double { gsl_rng_uniform_pos(rng) }
    /// Uniform integer in 0..<n.
    public func index(below n: Int) -> Int {
        precondition(n > 0, "index(below:) needs n > 0")
        return Int(gsl_rng_uniform_int(rng, UInt(n)))
    }
    /// Standard normal (Ziggurat).
    public func standardNormal() -> Double { gsl_ran_gaussian_ziggurat(rng, 1) }
    /// Laplace with scale `b`, centred at 0.
    public func laplace(scale b: Double) -> Double { gsl_ran_laplace(rng, b) }
    /// Logistic with scale `s`, centred at 0.
    public func logistic(scale s: Double) -> Double { gsl_ran_logistic(rng, s) }
    /// Student's t with `nu` degrees of freedom.
    public func studentT(nu: Double) -> Double { gsl_ran_tdist(rng, nu) }
    /// Beta(a, b) on [0, 1].
    public func beta(_ a: Double, _ b: Double) -> Double { gsl_ran_beta(rng, a, b) }
    /// A new generator seeded from this one, for an independent stream.
    public func split() -> RandomSource {
        RandomSource(seed: UInt64(gsl_rng_get(rng)) &* 0x9E37_79B9_7F4A_7C15 &+ seed)
    }
}
