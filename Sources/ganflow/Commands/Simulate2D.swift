import ArgumentParser
import Analytic
import Foundation
import Sim
import Verification

/// `ganflow simulate` with 2D specs: the split finite-volume solver (``FiniteVolumeSolver2D``)
/// on the box of `--domain ax,bx,ay,by` with `--cells nx,ny`, the same diagnostics as in 1D,
/// and `--csv` rows t,x,y,rho. The dimension follows from the specs; mixing 1D and 2D specs
/// is refused.
extension Simulate {
    func validate2D() throws {
        guard targetOptions.target.isTwoDimensional, initial.isTwoDimensional else {
            let which = targetOptions.target.isTwoDimensional ? "--target is a 2D spec but --initial is 1D" : "--initial is a 2D spec but --target is 1D"
            throw ValidationError("\(which): both must have the same dimension (2D: normal2, product, ring, and mixtures or truncations of them)")
        }
        try targetOptions.target.validate(option: "target")
        _ = try initial.planeDensity(option: "initial")
        guard domain.y != nil else {
            throw ValidationError("--domain needs ax,bx,ay,by (4 numbers) for 2D specs")
        }
        let nx = gridCells.x, ny = gridCells.y ?? gridCells.x
        guard nx >= 2, ny >= 2 else { throw ValidationError("--cells must be at least 2 along each axis, got \(nx),\(ny)") }
        guard nx <= Limits.maxCells, ny <= Limits.maxCells else {
            throw ValidationError("--cells must be at most \(Limits.maxCells) in all (a memory limit), got \(nx),\(ny)")
        }
        try Limits.checkGrid(cells: nx * ny, times: times.values.count)
        try validateToleranceAndTimes()
        if scheme != .fv { throw ValidationError("--scheme \(scheme.rawValue) is 1D only; 2D specs use the split finite volumes (fv)") }
        if probe != nil { throw ValidationError("--probe is 1D only (2D: use --csv for the cell averages)") }
        if stepLog != nil { throw ValidationError("--step-log is 1D only") }
        if integrator != .ndf { throw ValidationError("--integrator is 1D only; 2D uses TR-BDF2 line sub-steps (implicit Euler where the structure needs it) in Strang splitting with step-doubling control") }
        if output.json { throw ValidationError("--json is not yet available for 2D specs") }
        if let path = csv { try OutputFile.requireWritableTarget(path) }
    }

    func run2D() throws {
        guard let box = domain.y else { throw ValidationError("--domain needs ax,bx,ay,by (4 numbers) for 2D specs") }
        let nx = gridCells.x, ny = gridCells.y ?? gridCells.x
        let (ax, bx, ay, by) = (domain.x.lower, domain.x.upper, box.lower, box.upper)
        let rd = try Truncated2D(try targetOptions.target.planeDensity(option: "target"), ax: ax, bx: bx, ay: ay, by: by)
        let r0 = try Truncated2D(try initial.planeDensity(option: "initial"), ax: ax, bx: bx, ay: ay, by: by)
        let grid = try Grid2D(ax: ax, bx: bx, ay: ay, by: by, nx: nx, ny: ny)
        let problem = try FlowProblem2D(target: rd, grid: grid, flow: flowOptions.flow)
        let solver = FiniteVolumeSolver2D(problem: problem, tolerance: tolerance ?? SplitStepper2D.defaultTolerance)
        let start = Date()
        let trajectory = try solver.solve(initial: r0, times: times.values)
        let seconds = Date().timeIntervalSince(start)
        try trajectory.verify()
        if stats {
            Progress().line("steps \(trajectory.steps.count), solve \(seconds) s, mass allowance \(trajectory.massAllowance)")
        }
        if let path = csv {
            var text = "t,x,y,rho\n"
            for s in trajectory.snapshots {
                for j in 0..<ny {
                    for i in 0..<nx {
                        text += String(format: "%.17g,%.17g,%.17g,%.17g\n", s.time, grid.x.center(i), grid.y.center(j), s.density[grid.index(i, j)])
                    }
                }
            }
            try OutputFile.write(text, to: path)
        }
        print("fv2d \(flowOptions.flow) flow, target \(rd.spec.prefix(200)), initial \(r0.spec.prefix(200)), \(grid)")
        print(["t", "mass", "umin", "umax", "JS", "KL", "chi2", "TV", "H2", "dissipation"]
            .map { $0.padding(toLength: 13, withPad: " ", startingAt: 0) }.joined(separator: " "))
        for s in trajectory.snapshots {
            let d = s.diagnostics
            print([s.time, d.mass, d.uMin, d.uMax, d.js, d.kl, d.chi2, d.tv, d.hellinger2, d.dissipation]
                .map { String(format: "%-13.6g", $0) }.joined(separator: " "))
        }
    }
}
