import Foundation

/// A source term `S(t, x)` added to the Fokker–Planck equation, for the method of
/// manufactured solutions (docs/MATH.md §3, code verification): `∂ₜρ = div(ρd∇Ψ(u)) + S`.
/// The solver uses its cell averages (5-point Gauss–Legendre per cell).
public struct ManufacturedSource: Sendable {
    public let value: @Sendable (_ t: Double, _ x: Double) -> Double
    public init(_ value: @escaping @Sendable (_ t: Double, _ x: Double) -> Double) { self.value = value }
}

/// Why a finite-volume problem cannot be set up or solved.
public enum FlowError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The target's cell average is ≤ 0 (or not finite) in a cell inside its support:
    /// u = ρ/ρd would divide by zero (typically the domain reaches so far into a tail
    /// that the target's mass underflows).
    case nonPositiveTargetAverage(cell: Int, center: Double, value: Double)
    /// The initial density has mass in a cell where the target vanishes (a gap of the
    /// support): such cells carry no mass and no flux (D5 with A1 dropped).
    case massInGap(cell: Int, center: Double, value: Double)
    /// An initial cell average is negative or not finite.
    case invalidInitial(cell: Int, value: Double)
    /// The initial data do not have one value per cell.
    case wrongSize(expected: Int, got: Int)
    /// Newton's method or the step-size control gave up.
    case stepFailed(time: Double, step: Double, reason: String)
    /// A ``StepBudget`` ran out: `budget` names it, `limit` is its value, `time` where the run stopped.
    case budgetExhausted(budget: String, limit: Double, time: Double, attempts: Int)
    /// A computed trajectory broke a property it must keep (``TrajectorySelfCheck``).
    case structureViolated(time: Double, violation: String)

    public var description: String {
        switch self {
        case let .nonPositiveTargetAverage(cell, center, value):
            return "target cell average \(value) in cell \(cell) (centre \(center)) inside the target's support is ≤ 0 or below 1/\(Double.greatestFiniteMagnitude) (u = ρ/ρd would overflow): the domain reaches where the target's mass underflows; shrink the domain"
        case let .massInGap(cell, center, value):
            return "initial density has cell average \(value) in cell \(cell) (centre \(center)) where the target vanishes; initial densities must vanish in gaps of the target's support"
        case let .invalidInitial(cell, value):
            return "initial cell average \(value) in cell \(cell) is negative or not finite"
        case let .wrongSize(expected, got):
            return "initial data has \(got) values for \(expected) cells"
        case let .stepFailed(time, step, reason):
            return "time step failed at t = \(time) (Δt = \(step)): \(reason)"
        case let .budgetExhausted(budget, limit, time, attempts):
            return "solver budget exhausted: \(budget) (limit \(limit)) used up at t = \(time) after \(attempts) step attempts"
        case let .structureViolated(time, violation):
            return "self-check failed at t = \(time): \(violation)"
        }
    }
}

/// The finite-volume semi-discretisation of `∂ₜρ = div(ρd ∇Ψ(u))` on a grid (docs/MATH.md §3):
///
///     dρᵢ/dt = w_{i+½}(Ψ(u_{i+1}) − Ψ(uᵢ)) − w_{i−½}(Ψ(uᵢ) − Ψ(u_{i−1})) + Sᵢ(t),
///     uᵢ = ρᵢ/ρdᵢ,  w_{i+½} = ρd(x_{i+½})/h²,  w = 0 at both ends (zero flux),
///
/// i.e. the two-point flux `F_{i+½} = −ρd(x_{i+½})(Ψ(u_{i+1}) − Ψ(uᵢ))/h` with ρd at the faces
/// from the target's pdf and `ρdᵢ` the exact cell average (interval mass / h).
///
/// Cells where the target has no mass and its log-density is −∞ at the cell's centre (a gap
/// of the support) are *inactive*: they carry no mass and
/// every face touching them carries no flux. A cell average ≤ 0 anywhere else is a
/// ``FlowError/nonPositiveTargetAverage(cell:center:value:)``.
public struct FlowProblem: Sendable {
    public let target: any Density
    public let grid: Grid1D
    public let flow: FlowDivergence
    public let source: ManufacturedSource?

    /// ρdᵢ, the exact cell averages of the target (0 in inactive cells).
    public let targetAverages: [Double]
    /// 1/ρdᵢ (0 in inactive cells).
    public let inverseTargetAverages: [Double]
    /// w_{i+½} = ρd(x_{i+½})/h² for the interior faces i = 0..<cells−1 (face between cell i
    /// and i+1); 0 where a neighbouring cell is inactive.
    public let faceWeights: [Double]
    /// Whether each cell lies in the target's support.
    public let active: [Bool]

    public init(target: any Density, grid: Grid1D, flow: FlowDivergence = .js,
                source: ManufacturedSource? = nil) throws {
        self.target = target
        self.grid = grid
        self.flow = flow
        self.source = source
        let n = grid.cells, h = grid.spacing
        var avg = grid.cellAverages(of: target)
        var act = [Bool](repeating: true, count: n)
        for i in 0..<n {
            let v = avg[i]
            // 1/ρdᵢ must be finite too (u = ρ·(1/ρd)): a subnormal average below 1/DBL_MAX is refused.
            if v > 0, v.isFinite, (1 / v).isFinite { continue }
            // A gap cell: no mass and the centre outside the support (a support edge that
            // falls within round-off of the cell's face leaves a sliver of zero mass).
            if v == 0, target.logPDF(grid.center(i)) == -.infinity { act[i] = false; avg[i] = 0; continue }
            throw FlowError.nonPositiveTargetAverage(cell: i, center: grid.center(i), value: v)
        }
        targetAverages = avg
        inverseTargetAverages = zip(avg, act).map { $1 ? 1 / $0 : 0 }
        active = act
        faceWeights = (0..<(n - 1)).map { i in
            guard act[i], act[i + 1] else { return 0 }
            return target.pdf(grid.face(i + 1)) / (h * h)
        }
    }

    /// Convenience: a problem on `cells` cells of [lower, upper].
    public init(target: any Density, lower: Double, upper: Double, cells: Int,
                flow: FlowDivergence = .js, source: ManufacturedSource? = nil) throws {
        try self.init(target: target, grid: try Grid1D(lower: lower, upper: upper, cells: cells),
                      flow: flow, source: source)
    }

    /// Exact initial cell averages of a density (interval masses / h), checked: no mass
    /// in inactive cells. Mass in a gap that is only round-off of a density with the same
    /// gap (≤ 1e-300) is set to 0.
    public func initialAverages(of density: any Density) throws -> [Double] {
        var rho = grid.cellAverages(of: density)
        for i in rho.indices where !active[i] {
            if rho[i] <= 1e-300 { rho[i] = 0 }
        }
        try validate(rho)
        return rho
    }

    /// Checks one value per cell, finite and ≥ 0, zero in inactive cells.
    public func validate(_ rho: [Double]) throws {
        guard rho.count == grid.cells else { throw FlowError.wrongSize(expected: grid.cells, got: rho.count) }
        for i in rho.indices {
            guard rho[i].isFinite, rho[i] >= 0 else { throw FlowError.invalidInitial(cell: i, value: rho[i]) }
            if !active[i], rho[i] != 0 {
                throw FlowError.massInGap(cell: i, center: grid.center(i), value: rho[i])
            }
        }
    }

    /// The largest sup u₀ = max ρᵢ/ρdᵢ a run accepts (``checkInitialRatio(_:)``).
    ///
    /// - JS and KL: any finite u. Ψ (½ln(1+u), u) and every monitored functional grow at
    ///   most like u ln u, and the step guard measures χ² and L⁴ in units of (sup u₀)² and
    ///   (sup u₀)⁴ (``MonitoredFunctional/unit(scale:)``), so nothing overflows.
    /// - χ²: Ψ = u², and the right-hand side adds `w(Ψ(u_{i+1}) − Ψ(uᵢ))` over two faces, so
    ///   `|Fᵢ| ≤ 2 w_max U²`; requiring `4 w_max U² ≤ DBL_MAX` (a factor 2 for the Newton
    ///   residual's sum with ρ) gives `U ≤ √(DBL_MAX/(4 max(1, w_max)))` (about 6.7e153 with
    ///   w_max ≤ 1; smaller on fine grids, where w = ρd/h² is large).
    public var maximumInitialRatio: Double {
        switch flow {
        case .js, .kl: return .greatestFiniteMagnitude
        case .chi2: return (Double.greatestFiniteMagnitude / (4 * max(1, faceWeights.max() ?? 1))).squareRoot()
        }
    }

    /// Refuses initial cell averages whose sup u₀ exceeds ``maximumInitialRatio`` (or is not
    /// finite), naming the accepted range.
    public func checkInitialRatio(_ rho: [Double]) throws {
        var worst = 0.0, cell = 0
        for i in rho.indices where active[i] {
            let u = rho[i] * inverseTargetAverages[i]
            if !(u <= worst) { worst = u; cell = i }
        }
        let limit = maximumInitialRatio
        guard worst <= limit else {
            throw InvalidArgument("sup u₀ = ρ₀/ρd = \(worst) (cell \(cell), centre \(grid.center(cell))) is outside the accepted range [0, \(String(format: "%.3g", limit))] for the \(flow) flow (its flux w·u² must stay finite); shrink the domain or start closer to the target")
        }
    }

    /// Cell averages of the source at time t (zero when there is none).
    func sourceAverages(at t: Double) -> [Double]? {
        guard let s = source else { return nil }
        return grid.cellAverages { s.value(t, $0) }
    }
}
