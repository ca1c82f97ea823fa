import Foundation

/// Implicit Euler for ``LagrangianParticles`` taken in the target's CDF coordinates
/// `Yᵢ = Fd(Xᵢ)`: each step solves, for the new interior positions X,
///
///     Md(Xᵢⁿ → Xᵢ) = Δt ρd(Xᵢ) Vᵢ(X),   i = 1 … N−1,
///
/// with `Md(a → b)` the target's signed mass from a to b (``Density/mass(from:to:)``, so no
/// CDF value near 1 is ever formed: right-tail particles keep their digits). This is
/// `Y^{n+1} − Yⁿ = Δt dY/dt(X^{n+1})`, first order in time like implicit Euler in X.
///
/// **Every convex functional is non-increasing at every step, for any Δt (derived).**
/// In Y the scheme's functional `G = Σᵢ Md(Iᵢ) g(mᵢ/Md(Iᵢ))` is a sum of perspectives
/// `s ↦ s g(mᵢ/s)` (convex) of the linear maps `Md(Iᵢ) = Y_{i+1} − Yᵢ`: G is convex in Y, with
/// `∂G/∂Yᵢ = P_g(u_{i+½}) − P_g(u_{i−½})`, `P_g(u) = u g'(u) − g(u)` increasing. Convexity gives
/// `G(Y^{n+1}) − G(Yⁿ) ≤ ∇G(Y^{n+1})·(Y^{n+1} − Yⁿ) = −Δt Σᵢ (ρd(Xᵢ)/Dᵢ)(ΔP_g)ᵢ(Δf')ᵢ ≤ 0`
/// at the new positions, since `P_g` and `f'` both increase. With a Newton residual rᵢ
/// left in the equations the rise is at most `Σᵢ |(ΔP_g)ᵢ||rᵢ|`. The same argument in X
/// fails (G is not convex in X unless ρd is uniform), which is why the step is taken in Y.
/// g = f gives P1; g = (u − M)₊ and (m − u)₊ give the maximum principle of u.
///
/// Step control: local error of the new positions from Milne's device with the linear
/// predictor (`e ≈ h/(2h + k)·(X_C − X_P)`, h and k the last two steps; the derivative at the
/// start replaces the missing point at the first step), in the norm of ``LagrangianSystem``;
/// step ratio clamped to [0.2, 2].
struct CDFImplicitEuler: StepIntegrator {
    let particles: LagrangianParticles
    let system: LagrangianSystem
    /// The local error tolerance (adaptive) or, for a fixed step, the tolerance Newton's
    /// residual is held to (1e-13 relative to particle masses).
    let tolerance: Double
    /// A constant step (the last one before a limit shortened to land on it), or nil for
    /// the adaptive control.
    let fixedStep: Double?
    var lastLeadingCoefficient: Double { 1 }
    /// Newton's residual is always evaluated here (kept in ``lastResidual``).
    var verifiesResidual: Bool = true
    private(set) var time: Double = 0
    /// Interior positions X₁ … X_{N−1}.
    private(set) var state: [Double]
    private var previous: [Double]? = nil
    private var lastStep = 0.0
    private var proposal: Double
    private var startVelocity: [Double]
    private var solver = TridiagonalWorkspace()
    /// The residual vector (signed masses) of the last accepted step.
    private(set) var lastResidual: [Double]

    static let maxNewtonIterations = 12
    /// Particle masses wᵢ = (m_{i−1} + mᵢ)/2: Newton's residual is measured relative to them,
    /// `(1/(N−1)) Σ |rᵢ|/wᵢ`, so a tail particle's equation is solved as accurately as a
    /// central one's.
    private let weights: [Double]
    /// Newton's tolerance, 1e-2 of the step tolerance (as ``ImplicitIntegrator``). An iteration
    /// that stops halving the residual within 1e4 times the round-off estimate is accepted as
    /// converged to round-off: the estimate is a typical size, not a bound, and with tail
    /// masses of 1e-10 the residual relative to them meets it only within orders of magnitude.
    /// Whatever residual is accepted is recorded, and the monotonicity bound carries it.
    private var newtonTolerance: Double { fixedStep == nil ? 1e-2 * tolerance : tolerance }

    /// min(Fd(x), Sd(x)): the size of the CDF or survival value a signed mass near x is a
    /// difference of.
    private func scaleBelow(_ x: Double) -> Double {
        min(particles.target.cdf(x), particles.target.survival(x))
    }

    init(particles: LagrangianParticles, initial x: [Double], control: StepControl) throws {
        let tolerance: Double
        switch control {
        case .adaptive(let tol):
            guard tol > 0, tol.isFinite else { throw InvalidArgument("tolerance must be > 0, got \(tol)") }
            tolerance = tol; fixedStep = nil
        case .fixed(let dt):
            guard dt > 0, dt.isFinite else { throw InvalidArgument("time step must be > 0, got \(dt)") }
            tolerance = 1e-11; fixedStep = dt
        }
        self.particles = particles
        system = LagrangianSystem(particles: particles, initial: x)
        self.tolerance = tolerance
        let m = particles.levels.masses
        weights = (1..<particles.count).map { (i: Int) -> Double in 0.5 * (m[i - 1] + m[i]) }
        state = Array(x[1..<particles.count])
        var v = [Double](repeating: 0, count: state.count)
        _ = system.evaluate(0, state, rhs: &v)
        startVelocity = v
        lastResidual = v.map { _ in 0 }
        proposal = fixedStep ?? min(1e-3, (2 * tolerance / 1e4).squareRoot())
    }

    private func signedMass(_ a: Double, _ b: Double) -> Double {
        b >= a ? particles.target.mass(from: a, to: b) : -particles.target.mass(from: b, to: a)
    }

    /// Newton for one step of length h from `state`, starting at `guess`; nil on failure.
    private mutating func solve(h: Double, guess: [Double]) -> (x: [Double], iterations: Int)? {
        let n = state.count, target = particles.target
        var y = guess
        var v = [Double](repeating: 0, count: n), r = v, lo = [Double](repeating: 0, count: max(0, n - 1)), up = lo
        var d = v, delta = v
        var previousNorm = Double.infinity
        for it in 0...CDFImplicitEuler.maxNewtonIterations {
            guard system.isAdmissible(y) else { return nil }
            let floorV = system.evaluate(0, y, rhs: &v)
            system.jacobian(0, y, lower: &lo, diagonal: &d, upper: &up)
            var norm = 0.0, floor = 0.0
            for i in 0..<n {
                let w = weights[i]
                let pd = target.pdf(y[i])
                let ms = signedMass(state[i], y[i])
                r[i] = ms - h * pd * v[i]
                norm += abs(r[i]) / w
                // Round-off: the signed mass to a few ulps of the CDF/survival value it is a
                // difference of, and h ρd V to the floor of V.
                floor += (8 * Double.ulpOfOne * (abs(ms) + h * pd * abs(v[i]) + min(scaleBelow(y[i]), 1))
                          + h * pd * floorV * system.scales[i]) / w
                // Row i of ∂r/∂X: ρd(Xᵢ) − h(ρd'(Xᵢ)Vᵢ δ + ρd(Xᵢ)∂Vᵢ/∂X).
                let dpd = pd * target.score(y[i])
                d[i] = pd - h * (dpd * v[i] + pd * d[i])
                if i < n - 1 { up[i] *= -h * pd }
                if i > 0 { lo[i - 1] *= -h * pd }
            }
            norm /= Double(n); floor /= Double(n)
            guard norm.isFinite else { return nil }
            if norm <= newtonTolerance || norm <= floor || (it > 0 && norm >= 0.5 * previousNorm && norm <= 1e4 * floor) {
                lastResidual = r
                return (y, it)
            }
            if it == CDFImplicitEuler.maxNewtonIterations { return nil }
            previousNorm = norm
            do { try solver.solve(diagonal: d, upper: up, lower: lo, rhs: r, into: &delta) } catch { return nil }
            for i in 0..<n { y[i] -= delta[i] }
        }
        return nil
    }

    /// One accepted step not beyond `limit`.
    mutating func step(notBeyond limit: Double) throws -> StepRecord {
        let remaining = limit - time
        guard remaining > 0 else { throw InvalidArgument("integrator: step limit \(limit) is not after t = \(time)") }
        var h = proposal, rejected = 0
        while true {
            if h >= remaining * (1 - 1e-12) { h = remaining }
            else if fixedStep == nil, h > 0.5 * remaining { h = 0.5 * remaining }
            if h <= 1e-14 * max(1, abs(time)) {
                throw FlowError.stepFailed(time: time, step: h, reason: "step size underflow after \(rejected) rejected attempts")
            }
            // Linear predictor through the previous point (or the start derivative).
            let n = state.count
            var predictor = state
            if let p = previous {
                for i in 0..<n { predictor[i] = state[i] + h / lastStep * (state[i] - p[i]) }
            } else {
                for i in 0..<n { predictor[i] = state[i] + h * startVelocity[i] }
            }
            let guess = system.isAdmissible(predictor) ? predictor : state
            guard let (x, iterations) = solve(h: h, guess: guess) else {
                rejected += 1
                // A fixed step far beyond the flow's time scale (Δt up to 1e3 from a start far
                // from equilibrium) can need a much shorter first step: up to 20 cuts by 4.
                if fixedStep != nil, rejected > 20 {
                    throw FlowError.stepFailed(time: time, step: h, reason: "Newton did not converge (fixed step cut 20 times)")
                }
                h *= 0.25; continue
            }
            let k = previous == nil ? 0 : lastStep
            let diff = (0..<n).map { (i: Int) -> Double in x[i] - predictor[i] }
            let error = h / (2 * h + k) * system.norm(diff)
            if fixedStep == nil, error > tolerance {
                rejected += 1
                h *= max(0.2, 0.9 * (tolerance / error).squareRoot())
                continue
            }
            previous = state
            state = x
            lastStep = h
            time = h == remaining ? limit : time + h
            // A fixed step is a maximum: after a cut the step regrows by 4 per accepted step.
            proposal = fixedStep.map { min($0, 4 * h) } ?? h * min(2, max(0.2, 0.9 * (tolerance / max(error, 1e-300)).squareRoot()))
            return StepRecord(time: time, step: h, newtonIterations: iterations,
                              residual: lastResidual.reduce(0) { $0 + abs($1) }, errorEstimate: error,
                              rejectedAttempts: rejected, order: 1)
        }
    }
}
