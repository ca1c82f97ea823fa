import ArgumentParser
import Analytic
import Foundation
import Sim
import Verification

/// `ganflow check` on 2D files (`t,x,y,rho` grids as `simulate --csv` writes them in 2D, or
/// `t,x,y` points): the dimension follows from the file's header, and the target must be a
/// 2D spec (``CheckRunner2D`` does the work). Mixing dimensions, or a 1D domain or grid for a
/// 2D file, is one clear error.
extension Check {
    /// KDE grid for 2D point files: 48 × 48 cells unless `--cells` says otherwise (the 2D
    /// re-solve and the bootstrap cost grow with the cell count; 48² keeps a check of a few
    /// thousand points to seconds).
    static let default2DCells = "48,48"

    func run2D(_ parsed: TrajectoryFile, tolerances tol: CheckTolerances) throws -> (result: TrajectoryCheckResult, spec: String) {
        guard parsed.dimension == 2 else {
            throw ValidationError("--target is a 2D spec but \(OutputFile.quoted(file)) is a 1D file (header t,x,rho or t,sample): both must have the same dimension")
        }
        guard targetOptions.target.isTwoDimensional else {
            throw ValidationError("\(OutputFile.quoted(file)) is a 2D file (header t,x,y,rho or t,x,y) but --target is a 1D spec: both must have the same dimension (2D: normal2, product, ring, and mixtures or truncations of them)")
        }
        let target = try targetOptions.target.planeDensity(option: "target")
        var box: CheckRunner2D.Box? = nil
        if let d = domain {
            guard let y = d.y else { throw ValidationError("--domain needs ax,bx,ay,by (4 numbers) for a 2D file") }
            box = (d.x.lower, d.x.upper, y.lower, y.upper)
        }
        let grid = cells ?? GridCells(argument: Self.default2DCells)!
        let nx = grid.x, ny = grid.y ?? grid.x
        guard nx >= 2, ny >= 2 else { throw ValidationError("--cells must be at least 2 along each axis, got \(nx),\(ny)") }
        try Limits.checkGrid(cells: nx * ny)
        let result = try CheckRunner2D.run(parsed, target: target, box: box, flow: flowOptions.flow, cells: (nx, ny),
                                           tolerances: tol)
        return (result, target.spec)
    }

    /// Options that only a 2D file can take, refused for a 1D one.
    func validate1DOptions() throws {
        if domain?.y != nil { throw ValidationError("--domain has 4 numbers (a 2D box) but \(OutputFile.quoted(file)) is a 1D file; give a,b") }
        if cells?.y != nil { throw ValidationError("--cells nx,ny is for 2D files; \(OutputFile.quoted(file)) is 1D: give one number") }
    }
}
