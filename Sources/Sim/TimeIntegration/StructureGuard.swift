import Foundation

/// A property of the exact implicit-Euler step that a computed step broke (D2, D3, derived).
public enum StructureViolation: Error, Sendable, Equatable, CustomStringConvertible {
    /// A cell average below `−floor`.
    case negativeDensity(minimum: Double, floor: Double)
    /// u left the range of the run's initial state by more than the round-off bound
    /// (`excess` in density units, beyond `floor`).
    /// `where` names the worst cell when the system can tell (empty otherwise).
    case maximumPrinciple(excess: Double, floor: Double, range: ClosedRange<Double>, where: String = "")
    /// A monitored convex functional rose by more than the round-off of its two evaluations.
    case functionalIncrease(name: String, rise: Double, bound: Double)
    /// The mass changed by more than the Newton residual bound and the round-off of the sums.
    case massChange(change: Double, bound: Double)

    public var description: String {
        func g(_ x: Double) -> String { String(format: "%.4g", x) }
        switch self {
        case let .negativeDensity(m, f):
            return "positivity (D3): a cell average is \(g(m)), below the round-off floor −\(g(f))"
        case let .maximumPrinciple(e, f, r, w):
            return "maximum principle (D3): u outside [\(g(r.lowerBound)), \(g(r.upperBound))] by \(g(e)) (floor \(g(f)))\(w.isEmpty ? "" : " at \(w)")"
        case let .functionalIncrease(name, rise, bound):
            return "monotone functionals (D2): \(name) rises by \(g(rise)), beyond the round-off bound \(g(bound))"
        case let .massChange(c, b):
            return "mass conservation (D3): mass changes by \(g(c)), beyond the residual and round-off bound \(g(b))"
        }
    }

    /// A short name of the property, for step statistics.
    public var property: String {
        switch self {
        case .negativeDensity: return "positivity"
        case .maximumPrinciple: return "maximum principle"
        case .functionalIncrease: return "monotone functionals"
        case .massChange: return "mass"
        }
    }
}

/// The acceptance test every adaptive step of the finite-volume system passes (the default
/// of every integrator): a candidate step from state A to state B is accepted only if B keeps
/// what the exact implicit-Euler step guarantees for the two-point-flux scheme (docs/MATH.md §3;
/// derived), up to stated round-off:
///
/// - positivity: `ρᵢ ≥ −τ`, `τ = 16ε max ρ` (a value below ε·max ρ is indistinguishable from 0
///   in any sum of the state; 16 covers the roundings of one Newton update);
/// - maximum principle (D3 as stated: against the range of the run's initial state, not of A):
///   `inf u₀ ρdᵢ(1 − 4ε) − τ ≤ ρᵢ ≤ sup u₀ ρdᵢ(1 + 4ε) + τ` in every active cell (u and ρd·u are
///   each rounded once or twice; the floor τ as for positivity). The per-step range, which
///   the exact step also keeps, is not asked for: near equilibrium it shrinks to the Newton
///   tolerance's scale, and a residual of 1e-8 would then reject every step;
/// - every ``MonitoredFunctional`` non-increasing: `Φ(B) − Φ(A) ≤ r_A + r_B + R_g`, r the
///   rounding bound ``MonitoredState/roundOff`` of each evaluation and `R_g` the effect of
///   the Newton residual, for an implicit-Euler candidate only (0 otherwise):
///
///       R_g = h Σᵢ |g'(uᵢ)| |Ĝᵢ| + maxᵢ |g'(uᵢ)| · ρ_G,
///
///   Ĝ the computed residual of `G(B) = B − A − Δt F(B)` and ρ_G Newton's round-off floor of
///   ‖G‖ (so the true residual G obeys `h Σ |Gᵢ − Ĝᵢ| ≤ ρ_G`). Derivation: Φ_g is convex in ρ
///   with `∂Φ/∂ρᵢ = h g'(uᵢ)`, so `Φ(B) − Φ(A) ≤ h Σ g'(uᵢ)(Bᵢ − Aᵢ) = Δt h Σ g'(uᵢ)Fᵢ(B) + h Σ g'(uᵢ)Gᵢ`;
///   summation by parts gives `Σ g'(uᵢ)Fᵢ = −Σ_faces w (g'(u_{i+1}) − g'(uᵢ))(Ψ(u_{i+1}) − Ψ(uᵢ)) ≤ 0`
///   (g' and Ψ both non-decreasing), leaving `h Σ g'(uᵢ)Gᵢ ≤ R_g`. Without it a step whose
///   exact functional decrease is below what Newton's tolerance resolves (slow equilibria:
///   decreases of 1e-12 per step against residuals of 1e-8) is rejected as a rise, then
///   polished to round-off or shortened: the guard stalls. A cell with u ≤ 0 (where g' of
///   js, kl, hellinger2 is unbounded) gives no allowance for those;
/// - mass: `|m_B − m_A| ≤ allowance + 2(N + 8)ε(‖A‖₁ + ‖B‖₁)`, the allowance being what the
///   integrator's residual bound admits (each Newton update of the conservative scheme keeps
///   the mass exactly in exact arithmetic; only the residual's mass and the sums' rounding remain).
///
/// Implicit Euler solved to the round-off floor keeps all of them for any step; a
/// higher-order candidate that breaks one is retried at a lower order, and an implicit-Euler
/// candidate that breaks one with a loose Newton residual is polished, then shortened.
/// Cost: one pass over the cells per candidate (``MonitoredState``).
public enum StructureGuard {
    public static func floor(maximum: Double) -> Double { 16 * Double.ulpOfOne * max(0, maximum) }

    /// The first violated property of the step A → B, or nil. `excess` is B's worst
    /// departure from the u-range `range` (the run's initial one) in density units.
    public static func violation(from a: MonitoredState, to b: MonitoredState, principleExcess excess: Double,
                                 range: ClosedRange<Double>, massAllowance: Double, cells n: Int,
                                 residualEffect: (() -> [Double])? = nil) -> StructureViolation? {
        let tau = floor(maximum: b.maximum)
        if !(b.minimum >= -tau) { return .negativeDensity(minimum: b.minimum, floor: tau) }
        if !(excess <= tau) {
            return .maximumPrinciple(excess: excess, floor: tau, range: range)
        }
        let massBound = massAllowance + 2 * Double(n + 8) * Double.ulpOfOne * (a.absoluteMass + b.absoluteMass)
        let dm = b.mass - a.mass
        if !(abs(dm) <= massBound) { return .massChange(change: dm, bound: massBound) }
        var effect: [Double]? = nil
        for (k, g) in MonitoredFunctional.allCases.enumerated() {
            let rise = b.functionals[k] - a.functionals[k]
            var bound = a.roundOff[k] + b.roundOff[k]
            if !(rise <= bound), let r = residualEffect {
                // Computed only when round-off alone does not cover the rise.
                if effect == nil { effect = r() }
                bound += effect![k]
            }
            if !(rise <= bound) { return .functionalIncrease(name: g.rawValue, rise: rise, bound: bound) }
        }
        return nil
    }
}

/// What a ``TridiagonalSystem`` offers the step guard: its monitored figures of a state and
/// the departure of a state from a u-range. Systems without it (the quantile particles) are
/// not guarded.
public protocol StructureMonitoring {
    /// Whether the guarantees hold for this system at all (not with a manufactured source).
    var guardsStructure: Bool { get }
    func monitoredState(_ y: [Double]) -> MonitoredState
    /// The figures with χ² and L⁴ in units of scale² and scale⁴ (``MonitoredState/scale``).
    func monitoredState(_ y: [Double], scale: Double) -> MonitoredState
    /// `max over active cells of max(ρᵢ − hi·ρdᵢ(1+4ε), lo·ρdᵢ(1−4ε) − ρᵢ)` (≤ 0 inside the range).
    func principleExcess(_ y: [Double], range lo: Double, _ hi: Double) -> Double
    func principleLocation(_ y: [Double], range lo: Double, _ hi: Double) -> String
    /// Whether every cell's right-hand side vanishes to its own rounding (`StationaryState`).
    func isStationary(_ y: [Double]) -> Bool
    /// `R_g` of ``StructureGuard`` for each ``MonitoredFunctional`` at the implicit-Euler
    /// candidate `y` with computed residual `residual` (nil: only its norm is known) of norm
    /// `norm` and round-off floor `roundOff`, each in the unit of its functional at `scale`.
    func residualEffect(_ y: [Double], residual: [Double]?, norm: Double, roundOff: Double, scale: Double) -> [Double]
}

extension StructureMonitoring {
    /// No allowance unless the system derives one.
    public func residualEffect(_ y: [Double], residual: [Double]?, norm: Double, roundOff: Double, scale: Double) -> [Double] {
        [Double](repeating: 0, count: MonitoredFunctional.allCases.count)
    }
    /// Where the worst departure from the u-range lies (for messages); empty unless the system tells.
    public func principleLocation(_ y: [Double], range lo: Double, _ hi: Double) -> String { "" }
    /// Unscaled unless the system scales.
    public func monitoredState(_ y: [Double], scale: Double) -> MonitoredState { monitoredState(y) }
}

/// The guard as the integrators run it: the monitored figures of the current state are
/// kept, a candidate's are computed once and become the reference when it is accepted.
struct StepGuardRunner {
    private let monitor: (any StructureMonitoring)?
    private var reference: MonitoredState?
    private var pending: MonitoredState?
    /// [inf u₀, sup u₀] of the state the integrator started from.
    private var initialRange: ClosedRange<Double>?
    /// max(1, sup u₀): the unit of the monitored χ² and L⁴ (``MonitoredFunctional/unit(scale:)``).
    private var scale = 1.0
    /// Rejections so far, by property.
    private(set) var rejections: [String: Int] = [:]

    init<S: TridiagonalSystem>(_ system: S, enabled: Bool) {
        if enabled, let m = system as? any StructureMonitoring, m.guardsStructure { monitor = m } else { monitor = nil }
    }

    var isActive: Bool { monitor != nil }

    /// The first property the step current → candidate breaks, or nil (then ``accept()``
    /// makes the candidate the reference).
    /// `implicitEuler`: the candidate's computed residual (nil when only its norm is known),
    /// its norm and Newton's round-off floor, for an implicit-Euler candidate (see ``StructureGuard``).
    mutating func violation(current: [Double], candidate: [Double], massAllowance: Double,
                            implicitEuler: (residual: [Double]?, norm: Double, roundOff: Double)? = nil) -> StructureViolation? {
        guard let m = monitor else { return nil }
        if initialRange == nil {
            // The run's initial u-range, and the unit of χ² and L⁴ from it (``MonitoredState/scale``).
            let a0 = m.monitoredState(current)
            initialRange = min(a0.uMinimum, a0.uMaximum)...a0.uMaximum
            scale = max(1, a0.uMaximum)
        }
        let range = initialRange!
        if let r = reference, scale > 1, r.uMaximum * 1e20 < scale {
            // u has fallen far below the unit's sup u₀ (the flow drains a far tail): a new unit
            // max(1, sup u of the current state), so that L⁴ in units of scale⁴ does not sink
            // into subnormal numbers, whose rounding is absolute. Candidates may exceed it by a
            // factor up to 1e77 before (u/scale)⁴ overflows; the maximum principle is checked first.
            scale = max(1, r.uMaximum)
            reference = nil
        }
        let a = reference ?? m.monitoredState(current, scale: scale)
        reference = a
        let b = m.monitoredState(candidate, scale: scale)
        let excess = m.principleExcess(candidate, range: range.lowerBound, range.upperBound)
        if var v = StructureGuard.violation(from: a, to: b, principleExcess: excess, range: range,
                                            massAllowance: massAllowance, cells: candidate.count,
                                            residualEffect: implicitEuler.map { ie in
                                                { [scale] in
                                                    m.residualEffect(candidate, residual: ie.residual, norm: ie.norm,
                                                                     roundOff: ie.roundOff, scale: scale) }
                                            }) {
            if case let .maximumPrinciple(e, f, r, _) = v { v = .maximumPrinciple(excess: e, floor: f, range: r, where: m.principleLocation(candidate, range: r.lowerBound, r.upperBound)) }
            rejections[v.property, default: 0] += 1
            return v
        }
        pending = b
        return nil
    }

    /// Implicit-Euler candidates (Newton polished to its round-off floor) that the guard
    /// rejected in this run, and accepted steps: see ``firstOrderRejection(_:time:step:)``.
    private(set) var firstOrderRejections = 0
    private(set) var acceptedSteps = 0

    /// The limit on rejected implicit-Euler candidates before a run fails: more than 64, and
    /// more than one for every 8 accepted steps.
    ///
    /// Why (derived): for the two-point-flux scheme the exact implicit-Euler step keeps every
    /// guarded property for any step, so a polished implicit-Euler candidate can break one
    /// only by round-off — rarely, and a shorter step then passes. A scheme that does not
    /// keep them (a flipped flux sign, a Newton solve accepted unconverged) is rejected at
    /// every step size until the step is so short that the change falls below the round-off
    /// bounds; it is then accepted, grows, is rejected again (measured: about one rejection
    /// for every two accepted steps, at steps of 1e-13): a crawl that would run until
    /// the step budget (minutes in the test suite) with nothing reported. Counting the
    /// rejections turns it into an error within a few hundred attempts that names the property.
    static let firstOrderRejectionLimit = 64

    /// Records a rejected implicit-Euler candidate; throws ``FlowError/stepFailed(time:step:reason:)``
    /// naming the violated property once the run has had more than
    /// ``firstOrderRejectionLimit`` of them and more than one for every 8 accepted steps.
    /// Only rejections from a state far from a discrete equilibrium count
    /// (``farFromEquilibrium(_:time:state:scratch:)``): next to one, a step changes the state
    /// by about its rounding and the guard may reject by round-off alone (measured: 65
    /// rejections in 33 steps at t ≈ 1e19 on the way to a horizon of 1e50).
    mutating func firstOrderRejection(_ v: StructureViolation, time: Double, step: Double,
                                      farFromEquilibrium: Bool) throws {
        guard farFromEquilibrium else { return }
        firstOrderRejections += 1
        if firstOrderRejections > Self.firstOrderRejectionLimit, 8 * firstOrderRejections > acceptedSteps {
            throw FlowError.stepFailed(time: time, step: step, reason: "structure broken by the scheme itself: implicit Euler, polished to its round-off floor, was rejected \(firstOrderRejections) times in \(acceptedSteps) accepted steps; last: \(v) — exact implicit Euler keeps this for every step, so the discrete system is not the monotone two-point-flux scheme (flux sign?) or its Newton solve is not converged")
        }
    }

    /// Whether ‖F(y)‖ exceeds 1e8 times the rounding of F that the system reports: then the
    /// state is far from any discrete equilibrium (its fluxes are not rounding noise) and a
    /// correct implicit-Euler step changes it by far more than round-off.
    static func farFromEquilibrium<S: TridiagonalSystem>(_ system: S, time: Double, state: [Double],
                                                         scratch: inout [Double]) -> Bool {
        let floor = system.evaluate(time, state, rhs: &scratch)
        return system.norm(scratch) > 1e8 * floor
    }

    /// m(yₙ) − m(yₙ₋₁) of the last accepted step (a multistep formula carries it on).
    private(set) var lastMassChange = 0.0

    /// The state was replaced outside a step (``EquilibriumCertificate``): its figures are
    /// recomputed at the next candidate.
    mutating func restart() { reference = nil; pending = nil; lastMassChange = 0 }

    mutating func accept() {
        acceptedSteps += 1
        if let p = pending { lastMassChange = p.mass - (reference?.mass ?? p.mass); reference = p; pending = nil }
    }
}

/// A state at which the right-hand side vanishes to its own rounding in every cell,
/// `|Fᵢ(y)| ≤ 16ε Σ_faces of i w(|Ψ_left| + |Ψ_right|)` (each Ψ(uᵢ) carries at most about 3ε|Ψ|
/// from the rounding of uᵢ and of Ψ, so the computed fluxes of an exact equilibrium are below
/// this): a discrete equilibrium as far as the arithmetic can tell, cell by cell — a global
/// (L¹) test would pass while far-tail cells, whose fluxes are tiny in absolute terms, are
/// still relaxing. Near such a state a step's true change is below what the residual of its
/// implicit equation can resolve (`Δt·floor(F)` grows with the step), so the structure guard
/// could only keep shortening the step; instead the integrators carry the state unchanged to
/// the next output time, which keeps every guarded property exactly. Tested only after an
/// implicit-Euler candidate was rejected (one O(N) pass).
enum StationaryState {
    static func holds<S: TridiagonalSystem>(_ system: S, time: Double, state: [Double], scratch: inout [Double]) -> Bool {
        guard let m = system as? any StructureMonitoring, m.guardsStructure else { return false }
        return m.isStationary(state)
    }
}
