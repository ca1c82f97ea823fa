import Foundation
import Analytic

/// The 2D solver driven to a list of output times: ``SplitStepper2D`` with ``Diagnostics2D``
/// at each, and a self-check of the structure (``Trajectory2D/verify()``) so that a broken
/// run is an error, not a printed number.
public struct FiniteVolumeSolver2D: Sendable {
    public let problem: FlowProblem2D
    public let tolerance: Double

    public init(problem: FlowProblem2D, tolerance: Double = SplitStepper2D.defaultTolerance) {
        self.problem = problem
        self.tolerance = tolerance
    }

    public func solve(initial: any PlaneDensity, times: [Double]) throws -> Trajectory2D {
        try solve(initialAverages: try problem.initialAverages(of: initial), times: times)
    }

    public func solve(initialAverages: [Double], times: [Double]) throws -> Trajectory2D {
        for (a, b) in zip(times, times.dropFirst()) where b < a {
            throw InvalidArgument("output times must be non-decreasing, got \(a) before \(b)")
        }
        if let t = times.first(where: { !($0 >= 0 && $0.isFinite) }) {
            throw InvalidArgument("output times must be finite and ≥ 0, got \(t)")
        }
        var s = try SplitStepper2D(problem: problem, initial: initialAverages, tolerance: tolerance)
        var snaps = [Snapshot2D](), steps = [StepRecord2D]()
        for t in times {
            while s.time < t { steps.append(try s.step(notBeyond: t)) }
            snaps.append(Snapshot2D(time: t, density: s.density, diagnostics: Diagnostics2D(density: s.density, problem: problem)))
        }
        return Trajectory2D(problem: problem, initial: initialAverages, snapshots: snaps, steps: steps)
    }
}

public struct Snapshot2D: Sendable {
    public let time: Double
    public let density: [Double]
    public let diagnostics: Diagnostics2D
}

/// Output of ``FiniteVolumeSolver2D``: snapshots at the output times and the accepted steps.
public struct Trajectory2D: Sendable {
    public let problem: FlowProblem2D
    public let initial: [Double]
    public let snapshots: [Snapshot2D]
    public let steps: [StepRecord2D]

    /// Checks every snapshot against the structure the exact composition of sub-steps keeps:
    /// mass equal to the initial mass, ρ ≥ 0, and u within the initial [min u, max u]. The
    /// computed state is within R = Σ (steps' L¹ Newton residuals) of that composition (see
    /// ``SplitStepper2D``), and each sub-step's sums round off by at most 12Nε·mass (N cells;
    /// the mass sum, and the flux sums bounded by twice the mass plus the residual): the
    /// allowance is R + 72Nε·mass per step. Throws ``FlowError/structureViolated(time:violation:)``.
    /// The bound ``verify()`` allows on the mass change to the last snapshot: the steps'
    /// residual allowances plus 72Nε of the initial mass per step, plus 8Nε for the sums.
    public var massAllowance: Double {
        let n = Double(problem.grid.count), m0 = problem.grid.area * initial.reduce(0, +)
        let last = snapshots.last?.time ?? 0
        return steps.filter { $0.time <= last }.reduce(0) { $0 + $1.residual + 72 * n * Double.ulpOfOne * abs(m0) }
            + 8 * n * Double.ulpOfOne * abs(m0)
    }

    public func verify() throws {
        let a = problem.grid.area, n = Double(problem.grid.count)
        let rd = problem.targetAverages, inv = problem.inverseTargetAverages
        let m0 = a * initial.reduce(0, +)
        var lo = Double.infinity, hi = -Double.infinity
        for k in initial.indices { let u = initial[k] * inv[k]; lo = min(lo, u); hi = max(hi, u) }
        var stepIndex = 0, allowance = 0.0
        for s in snapshots {
            while stepIndex < steps.count, steps[stepIndex].time <= s.time {
                allowance += steps[stepIndex].residual + 72 * n * Double.ulpOfOne * abs(m0)
                stepIndex += 1
            }
            let m = s.diagnostics.mass
            if abs(m - m0) > allowance + 8 * n * Double.ulpOfOne * abs(m0) {
                throw FlowError.structureViolated(time: s.time, violation: "mass \(m) differs from the initial \(m0) by more than \(allowance)")
            }
            for k in s.density.indices {
                let slack = allowance + 4 * Double.ulpOfOne * a * rd[k] * max(abs(lo), abs(hi))
                if a * s.density[k] < -slack {
                    throw FlowError.structureViolated(time: s.time, violation: "ρ = \(s.density[k]) < 0 in cell \(k)")
                }
                if a * (s.density[k] - hi * rd[k]) > slack || a * (lo * rd[k] - s.density[k]) > slack {
                    throw FlowError.structureViolated(time: s.time, violation: "u = \(s.density[k] * inv[k]) in cell \(k) left the initial range [\(lo), \(hi)]")
                }
            }
        }
    }
}
