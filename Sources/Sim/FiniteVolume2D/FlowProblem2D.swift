import Foundation
import Analytic

/// The finite-volume semi-discretisation of `∂ₜρ = div(ρd ∇Ψ(u))` on a rectangle with
/// zero-flux walls (docs/MATH.md §4, two dimensions), face by face:
///
///     dρᵢⱼ/dt = wx_{i+½,j}(Ψ(u_{i+1,j}) − Ψ(uᵢⱼ)) − wx_{i−½,j}(Ψ(uᵢⱼ) − Ψ(u_{i−1,j}))
///             + wy_{i,j+½}(Ψ(u_{i,j+1}) − Ψ(uᵢⱼ)) − wy_{i,j−½}(Ψ(uᵢⱼ) − Ψ(u_{i,j−1})),
///     uᵢⱼ = ρᵢⱼ/ρdᵢⱼ,  wx_{i+½,j} = ρd(x_{i+½}, y_j)/hx²,  wy_{i,j+½} = ρd(x_i, y_{j+½})/hy²,
///
/// with w = 0 on the walls, ρdᵢⱼ the exact cell averages of the target and ρd at face
/// midpoints from its pdf. Conservative (fluxes cancel pairwise), monotone (Ψ increasing),
/// second order in space on the uniform grid for smooth solutions. The target must have a
/// positive cell average in every cell (no gaps in 2D): otherwise the problem is refused.
public struct FlowProblem2D: Sendable {
    public let target: any PlaneDensity
    public let grid: Grid2D
    public let flow: FlowDivergence
    /// ρdᵢⱼ, row-major.
    public let targetAverages: [Double]
    /// Absolute error bounds of ``targetAverages``.
    public let targetAverageErrors: [Double]
    public let inverseTargetAverages: [Double]
    /// wx of the nx − 1 interior x-faces of each row: `j·(nx−1) + i` is the face between
    /// cells (i, j) and (i+1, j).
    public let xWeights: [Double]
    /// wy of the ny − 1 interior y-faces of each column, column-major: `i·(ny−1) + j` is the
    /// face between cells (i, j) and (i, j+1).
    public let yWeights: [Double]

    public init(target: any PlaneDensity, grid: Grid2D, flow: FlowDivergence = .js) throws {
        self.target = target
        self.grid = grid
        self.flow = flow
        let avg = try grid.cellAverages(of: target)
        let nx = grid.nx, ny = grid.ny
        for j in 0..<ny {
            for i in 0..<nx {
                let v = avg.values[grid.index(i, j)]
                guard v > 0, v.isFinite else {
                    throw InvalidArgument("2D flow: the target \(String(target.spec.prefix(80)))'s cell average is \(v) in cell (\(i), \(j)) (centre (\(grid.x.center(i)), \(grid.y.center(j)))); the grid solver needs a positive target average in every cell: shrink the domain to the target's support and away from where its mass underflows")
                }
            }
        }
        targetAverages = avg.values
        targetAverageErrors = avg.errors
        inverseTargetAverages = avg.values.map { 1 / $0 }
        let hx2 = grid.x.spacing * grid.x.spacing, hy2 = grid.y.spacing * grid.y.spacing
        var wx = [Double](repeating: 0, count: (nx - 1) * ny)
        for j in 0..<ny {
            let yc = grid.y.center(j)
            for i in 0..<(nx - 1) { wx[j * (nx - 1) + i] = target.pdf(grid.x.face(i + 1), yc) / hx2 }
        }
        var wy = [Double](repeating: 0, count: nx * (ny - 1))
        for i in 0..<nx {
            let xc = grid.x.center(i)
            for j in 0..<(ny - 1) { wy[i * (ny - 1) + j] = target.pdf(xc, grid.y.face(j + 1)) / hy2 }
        }
        for w in wx + wy where !(w.isFinite && w >= 0) {
            throw InvalidArgument("2D flow: the target's density at a face weight is \(w) (not finite and ≥ 0)")
        }
        xWeights = wx
        yWeights = wy
    }

    /// Exact initial cell averages of a 2D density.
    public func initialAverages(of density: any PlaneDensity) throws -> [Double] {
        let rho = try grid.cellAverages(of: density).values
        try validate(rho)
        return rho
    }

    /// One finite value ≥ 0 per cell.
    public func validate(_ rho: [Double]) throws {
        guard rho.count == grid.count else {
            throw InvalidArgument("2D flow: initial data has \(rho.count) values for \(grid.count) cells")
        }
        for (k, v) in rho.enumerated() where !(v.isFinite && v >= 0) {
            throw InvalidArgument("2D flow: initial cell average \(v) in cell (\(k % grid.nx), \(k / grid.nx)) is negative or not finite")
        }
    }

    /// The right-hand side F(ρ) of the semi-discretisation above (row-major), written once:
    /// the split solver's line sub-steps are its x and y parts, and a peer integrator (the
    /// benchmark's SciPy BDF) solves `dρ/dt = F(ρ)` with it. Ψ is the flow's, extended below
    /// u = 0 as in 1D (never reached by a solution).
    public func rightHandSide(_ rho: [Double]) -> [Double] {
        let nx = grid.nx, ny = grid.ny
        let psi = (0..<grid.count).map { LineSystem.psi(flow, rho[$0] * inverseTargetAverages[$0]) }
        var f = [Double](repeating: 0, count: grid.count)
        for j in 0..<ny {
            for i in 0..<(nx - 1) {
                let a = j * nx + i
                let flux = xWeights[j * (nx - 1) + i] * (psi[a + 1] - psi[a])
                f[a] += flux; f[a + 1] -= flux
            }
        }
        for i in 0..<nx {
            for j in 0..<(ny - 1) {
                let a = j * nx + i, b = a + nx
                let flux = yWeights[i * (ny - 1) + j] * (psi[b] - psi[a])
                f[a] += flux; f[b] -= flux
            }
        }
        return f
    }
}
