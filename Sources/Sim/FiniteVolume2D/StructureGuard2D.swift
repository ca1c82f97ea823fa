import Foundation

/// The acceptance test of a second-order (TR-BDF2) step of ``SplitStepper2D``: the computed
/// state B after a step from A must keep, up to stated round-off, what the exact implicit-Euler
/// composition keeps for every step size (docs/MATH.md §4; derived) — a second-order sub-step
/// does not guarantee it (its trapezoidal stage is partly explicit), so it is accepted only
/// when it holds, and the stepper falls back to implicit-Euler sub-steps otherwise:
///
/// - positivity: `ρᵢⱼ ≥ −τ`, `τ = 16ε max ρ` (as the 1D ``StructureGuard``);
/// - maximum principle against the run's initial range [lo, hi] of u:
///   `lo·ρdᵢⱼ(1 − 4ε) − τ ≤ ρᵢⱼ ≤ hi·ρdᵢⱼ(1 + 4ε) + τ`;
/// - mass: `|m_B − m_A| ≤ allowance + 2(N + 8)ε(‖A‖₁ + ‖B‖₁)`, the allowance being the step's
///   own bound from its Newton residuals and the rounding of its stage constants
///   (``SplitStepper2D``);
/// - every ``MonitoredFunctional`` (JS, KL, χ², TV, H², L⁴) non-increasing:
///   `Φ(B) − Φ(A) ≤ r_A + r_B`, r the rounding bound ``MonitoredState/roundOff`` of each
///   evaluation. No allowance for the Newton residual is derived for a TR-BDF2 candidate (its
///   exact step need not decrease Φ); near equilibrium, where decreases fall below that
///   rounding, the stepper's implicit-Euler fallback takes over.
public enum StructureGuard2D {
    /// The monitored figures of a 2D state (cell area as the measure); grids of at least
    /// 4096 cells (where the sweeps go parallel) are summed in 8 blocks on all cores (the same
    /// numbers on any number of cores).
    public static func state(_ rho: [Double], problem: FlowProblem2D) -> MonitoredState {
        MonitoredState(density: rho, targetAverages: problem.targetAverages,
                       inverseTargetAverages: problem.inverseTargetAverages,
                       active: [Bool](repeating: true, count: rho.count), spacing: problem.grid.area,
                       blocks: rho.count >= DirectionalSweep.parallelCells ? 8 : 1)
    }

    /// The first property the step A → B breaks, or nil. `range` is the run's initial u-range,
    /// `massAllowance` the step's residual and stage-rounding bound on its mass change.
    public static func violation(from a: MonitoredState, to b: MonitoredState, candidate rho: [Double],
                                 problem: FlowProblem2D, range: ClosedRange<Double>,
                                 massAllowance: Double) -> StructureViolation? {
        let tau = StructureGuard.floor(maximum: b.maximum)
        if !(b.minimum >= -tau) { return .negativeDensity(minimum: b.minimum, floor: tau) }
        let rd = problem.targetAverages, eps = Double.ulpOfOne
        let hi = range.upperBound, lo = range.lowerBound
        var excess = -Double.infinity
        for k in rho.indices {
            excess = max(excess, rho[k] - hi * rd[k] * (1 + 4 * eps), lo * rd[k] * (1 - 4 * eps) - rho[k])
        }
        if !(excess <= tau) { return .maximumPrinciple(excess: excess, floor: tau, range: range) }
        let n = rho.count
        let massBound = massAllowance + 2 * Double(n + 8) * eps * (a.absoluteMass + b.absoluteMass)
        let dm = b.mass - a.mass
        if !(abs(dm) <= massBound) { return .massChange(change: dm, bound: massBound) }
        for (k, g) in MonitoredFunctional.allCases.enumerated() {
            let rise = b.functionals[k] - a.functionals[k], bound = a.roundOff[k] + b.roundOff[k]
            if !(rise <= bound) { return .functionalIncrease(name: g.rawValue, rise: rise, bound: bound) }
        }
        return nil
    }
}
