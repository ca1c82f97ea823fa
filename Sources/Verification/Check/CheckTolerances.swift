import Analytic
import Sim
/// Tolerances of ``TrajectoryCheck``, each with its default and why.
public struct CheckTolerances: Sendable, CustomStringConvertible {
    /// Relative error of the values in the file (default 1e-10: values printed with at least
    /// 10 significant digits; `ganflow simulate --csv` prints 17). Every slack below follows
    /// from it: a functional `Σ h ρd g(u)` moves by at most `Σ h ρd |g(u(1±δ)) − g(u)|` when
    /// each value is off by a relative δ, and the mass by δ relative.
    public var precision: Double
    /// Largest L¹ distance between the file and the independent re-solve (default 1e-2, one
    /// percent of the unit mass: an accurate scheme on a reasonable grid stays orders of
    /// magnitude below it — the time error of first-order implicit Euler with Δt = 0.01 is
    /// of order 1e-3 — while a wrong time scale or target is off by O(0.1)).
    public var resolveL1: Double
    /// For sample files: standard deviations of the bootstrap spread allowed as slack
    /// (default 3: a correct scheme's KDE functionals rise by more than 3 bootstrap standard
    /// deviations with probability below ~0.2% per comparison under a normal approximation).
    public var bootstrapSigmas: Double

    public init(precision: Double = 1e-10, resolveL1: Double = 1e-2, bootstrapSigmas: Double = 3) {
        self.precision = precision
        self.resolveL1 = resolveL1
        self.bootstrapSigmas = bootstrapSigmas
    }

    public var description: String {
        "precision \(precision) (relative error of the file's values), re-solve L¹ ≤ \(resolveL1), bootstrap slack \(bootstrapSigmas)σ (sample files)"
    }
}
