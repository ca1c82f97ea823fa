/// The time stepper of a particle method.
public enum ParticleScheme: String, Sendable, CaseIterable {
    /// Explicit Euler: first order; one step is one iteration of Algorithm 1 (D9).
    case euler
    /// Heun (explicit trapezoidal): second order.
    case heun
}
