import Foundation
import Analytic
import Sim

/// The measurements of one snapshot of a checked trajectory.
public struct SnapshotMeasurements: Sendable {
    public let time: Double
    public let mass: Double
    public let minimum: Double
    /// Divergences to ρd on the grid: js, kl, chi2, tv, hellinger2, and the flow's energy.
    public let divergences: [String: Double]
    /// ‖ρ_file − ρ_resolve‖₁ at this time (0 at the first snapshot; nil without a re-solve).
    public let resolveL1: Double?
}

/// One check of ``TrajectoryCheck``.
public struct CheckItem: Sendable, CustomStringConvertible {
    public let name: String
    public let measured: Double
    public let tolerance: Double
    public let holds: Bool
    public let detail: String
    public var description: String {
        "\(holds ? "ok  " : "FAIL") \(name): \(detail) (measured \(NumberText.short(measured)), tolerance \(NumberText.short(tolerance)))"
    }
}

/// The outcome of ``TrajectoryCheck/run(times:snapshots:problem:tolerances:bootstrap:densityKind:reference:)``.
public struct TrajectoryCheckResult: Sendable {
    /// "cell averages" or "KDE estimate".
    public let densityKind: String
    public let snapshots: [SnapshotMeasurements]
    public let checks: [CheckItem]
    public let tolerances: CheckTolerances
    public var passed: Bool { checks.allSatisfy(\.holds) }
}

/// Cell averages at later times from the first snapshot: an independent solve of the same
/// problem (`initial` at `times[0]`; returns one vector per time in `times.dropFirst()`).
public typealias ReferenceSolve = @Sendable (_ initial: [Double], _ times: [Double]) throws -> [[Double]]

/// The checks of `ganflow check` (docs/MATH.md D2, D3, P1, P2 on someone else's trajectory, plus
/// an independent re-solve): per time mass, min ρ, divergences to ρd; then
/// - mass conserved to the file's precision (relative change ≤ 2δ + N ε);
/// - ρ ≥ −δ max ρ (a printed value cannot be more negative than its rounding);
/// - on request (2D grid files), the maximum principle (`CheckGrid.maximumPrinciple(_:times:precision:floor:)`);
/// - JS and every convex functional of ``ConvexFunctional/family`` non-increasing between
///   snapshots, up to the change the file's precision allows (plus bootstrap slack for
///   sample files);
/// - trend: JS at the last time below JS at the first (beyond the slack);
/// - the re-solve: L¹ distance to an independent solution from the first snapshot ≤
///   ``CheckTolerances/resolveL1`` at every time.
public enum TrajectoryCheck {
    public static func run(times: [Double], snapshots: [[Double]], problem p: SchemeProblem,
                           tolerances tol: CheckTolerances = CheckTolerances(),
                           bootstrap: [[String: Double]]? = nil,
                           densityKind: String = "cell averages",
                           reference: ReferenceSolve?) throws -> TrajectoryCheckResult {
        try run(times: times, snapshots: snapshots, grid: CheckGrid(cellMeasure: p.spacing, targetAverages: p.targetAverages, flow: p.flow),
                tolerances: tol, bootstrap: bootstrap, densityKind: densityKind, reference: reference)
    }

    /// The checks on any grid (``CheckGrid``: 1D cells of width h, or 2D cells of area
    /// hx·hy); with `maximumPrinciple` (grid files in 2D) also the maximum principle.
    public static func run(times: [Double], snapshots: [[Double]], grid p: CheckGrid,
                           tolerances tol: CheckTolerances = CheckTolerances(),
                           bootstrap: [[String: Double]]? = nil,
                           densityKind: String = "cell averages",
                           maximumPrinciple: Bool = false,
                           reference: ReferenceSolve?) throws -> TrajectoryCheckResult {
        guard times.count == snapshots.count, times.count >= 2 else {
            throw InvalidArgument("check: needs at least two snapshots (got \(snapshots.count))")
        }
        for (k, s) in snapshots.enumerated() where s.count != p.cells {
            throw InvalidArgument("check: snapshot at t = \(times[k]) has \(s.count) values for \(p.cells) cells")
        }
        let h = p.cellMeasure, target = p.targetAverages
        // Every relative check divides by the first snapshot's mass: a start without mass
        // (an all-zero file) has nothing to check, and would print nan.
        let firstMass = GridFunctionals.mass(snapshots[0], spacing: h)
        guard firstMass.isFinite, firstMass > 0 else {
            throw InvalidArgument("check: the first snapshot (t = \(times[0])) has mass \(firstMass); a density must have positive mass")
        }
        let family = ConvexFunctional.family
        let energy = ConvexFunctional(p.flow)
        let resolved: [[Double]]? = try reference.map { try $0(snapshots[0], times) }
        if let r = resolved, r.count != times.count - 1 {
            throw InvalidArgument("check: the re-solve returned \(r.count) snapshots for \(times.count - 1) times")
        }

        var measured = [SnapshotMeasurements]()
        for (k, rho) in snapshots.enumerated() {
            var d = [String: Double]()
            for g in family { d[g.name] = GridFunctionals.functional(rho, target: target, spacing: h, g) }
            d["energy"] = GridFunctionals.functional(rho, target: target, spacing: h, energy)
            let l1: Double? = resolved.map { k == 0 ? 0 : GridFunctionals.l1Distance(rho, $0[k - 1], spacing: h) }
            measured.append(SnapshotMeasurements(time: times[k], mass: GridFunctionals.mass(rho, spacing: h),
                                           minimum: rho.min() ?? 0, divergences: d, resolveL1: l1))
        }

        var checks = [CheckItem]()
        let eps = Double.ulpOfOne, n = Double(p.cells)
        // Mass.
        let m0 = measured[0].mass
        let massTol = 2 * tol.precision + n * eps
        let worstMass = measured.map { abs($0.mass - m0) / m0 }.max()!
        let worstMassAt = measured.max { abs($0.mass - m0) < abs($1.mass - m0) }!.time
        checks.append(CheckItem(name: "mass conservation (D3)", measured: worstMass, tolerance: massTol,
                                holds: worstMass <= massTol,
                                detail: "largest relative mass change \(NumberText.short(worstMass)) at t = \(worstMassAt)"))
        // Positivity.
        let maxRho = snapshots.map { $0.max() ?? 0 }.max()!
        let posTol = tol.precision * maxRho
        let low = measured.map(\.minimum).min()!
        checks.append(CheckItem(name: "positivity (D3)", measured: low, tolerance: -posTol, holds: low >= -posTol,
                                detail: "lowest cell average \(NumberText.short(low))"))
        if maximumPrinciple {
            checks.append(p.maximumPrinciple(snapshots, times: times, precision: tol.precision, floor: posTol))
        }
        // Monotone functionals.
        func slack(_ k: Int, _ g: ConvexFunctional, _ key: String) -> Double {
            var s = 16 * eps * n * (abs(measured[k].divergences[key]!) + 2)
            for j in [k - 1, k] {
                let rho = snapshots[j]
                var c = 0.0
                for i in rho.indices where target[i] > 0 {
                    let u = max(rho[i], 0) / target[i], du = tol.precision * u
                    let here = g.value(u)
                    let change = max(abs(g.value(u + du) - here), abs(here - g.value(max(u - du, 0))))
                    c += target[i] * (change.isFinite ? change : 0)
                }
                s += c * h
            }
            if let b = bootstrap {
                // Spread of a difference of two independent estimates: √(σ²ₖ₋₁ + σ²ₖ).
                let v = pow(b[k - 1][key] ?? 0, 2) + pow(b[k][key] ?? 0, 2)
                s += tol.bootstrapSigmas * v.squareRoot()
            }
            return s
        }
        func monotone(_ name: String, _ pairs: [(ConvexFunctional, String)]) {
            var worst = -Double.infinity, worstRise = 0.0, worstSlack = 0.0, at = ""
            for k in 1..<measured.count {
                for (g, key) in pairs {
                    let rise = measured[k].divergences[key]! - measured[k - 1].divergences[key]!
                    let s = slack(k, g, key)
                    if rise - s > worst {
                        worst = rise - s; worstRise = rise; worstSlack = s
                        at = "\(key) from t = \(measured[k - 1].time) to \(measured[k].time)"
                    }
                }
            }
            checks.append(CheckItem(name: name, measured: worstRise, tolerance: worstSlack, holds: worst <= 0,
                                    detail: "largest rise \(NumberText.short(worstRise)) (\(at))"))
        }
        monotone("JS non-increasing (P1)", [(.js, "js")])
        monotone("convex functionals non-increasing (D2)", family.map { ($0, $0.name) })
        // Trend.
        let js0 = measured.first!.divergences["js"]!, js1 = measured.last!.divergences["js"]!
        let trendSlack = slack(measured.count - 1, .js, "js")
        checks.append(CheckItem(name: "trend toward ρd (P2)", measured: js1 - js0, tolerance: -trendSlack,
                                holds: js1 - js0 < -trendSlack,
                                detail: "JS from \(NumberText.short(js0)) to \(NumberText.short(js1))"))
        // Re-solve.
        if resolved != nil {
            let worst = measured.compactMap(\.resolveL1).max()!
            let at = measured.max { ($0.resolveL1 ?? 0) < ($1.resolveL1 ?? 0) }!.time
            checks.append(CheckItem(name: "independent re-solve", measured: worst, tolerance: tol.resolveL1,
                                    holds: worst <= tol.resolveL1,
                                    detail: "largest L¹ distance to ganflow's own solution \(NumberText.short(worst)) at t = \(at)"))
        }
        return TrajectoryCheckResult(densityKind: densityKind, snapshots: measured, checks: checks, tolerances: tol)
    }

    /// A ``ReferenceSolve`` that marches any ``FlowScheme`` from snapshot to snapshot with
    /// steps no longer than `maxStep` (the last step of each interval shortened to land on
    /// the snapshot's time).
    public static func reference<S: FlowScheme & Sendable>(_ scheme: S, problem: SchemeProblem, maxStep: Double) -> ReferenceSolve {
        { initial, times in
            var state = try scheme.makeState(from: initial, in: problem)
            var out = [[Double]]()
            for k in 1..<times.count {
                var t = times[k - 1]
                while t < times[k] {
                    let dt = min(maxStep, times[k] - t)
                    state = try scheme.advance(state, by: dt, in: problem)
                    t = times[k] - t <= maxStep ? times[k] : t + dt
                }
                out.append(try scheme.cellAverages(of: state, in: problem))
            }
            return out
        }
    }

    /// Bootstrap standard deviations of each functional, per snapshot, for sample files:
    /// `resamples` resamples with replacement of each snapshot's samples, KDE'd with the
    /// bandwidth of the original snapshot (seeded, deterministic).
    public static func bootstrapSpread(_ samples: [[Double]], problem: SchemeProblem, resamples: Int = 20,
                                       seed: UInt64 = 1) throws -> [[String: Double]] {
        let rng = RandomSource(seed: seed)
        let names = ConvexFunctional.family
        return try samples.map { xs in
            let b = try BandwidthRule.silverman.bandwidth(xs)
            var values = [String: [Double]]()
            for _ in 0..<resamples {
                let r = (0..<xs.count).map { _ in xs[rng.index(below: xs.count)] }
                let rho = try KDECellAverages.estimate(r, in: problem, bandwidth: b)
                for g in names {
                    values[g.name, default: []].append(
                        GridFunctionals.functional(rho, target: problem.targetAverages, spacing: problem.spacing, g))
                }
            }
            return values.mapValues { v in
                let m = v.reduce(0, +) / Double(v.count)
                return (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)).squareRoot()
            }
        }
    }
}
