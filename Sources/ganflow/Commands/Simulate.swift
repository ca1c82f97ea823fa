import ArgumentParser
import Analytic
import Foundation
import Sim
import Verification

/// `ganflow simulate`: the flow of ODE (2) (or of KL/χ²) as a density, by finite volumes
/// or by quantile particles, with the diagnostics at each requested time.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solve the Fokker–Planck equation of the flow and print diagnostics at the requested times.",
        discussion: """
        Targets and initial densities are truncated to --domain and renormalised there. \
        fv: finite volumes with --cells cells (--tolerance is the local L¹ error per step). \
        lagrangian: --cells particle intervals with tail-refined masses (end masses 35/N⁴; \
        all three flows: for chi2 a particle tracks each front of its degenerate diffusion); \
        diagnostics and --csv use the cell averages on a --cells grid of ρ = u ρd with u \
        constant between particles; probes are the particles' point values. Both are \
        integrated by --integrator: ndf or bdf \
        (variable order 1–5, the default ndf), bdf2 or implicit-euler, all with adaptive steps. \
        --csv FILE writes rows t,x,rho (cell averages at cell centres, each requested time) \
        that `ganflow check` reads; --step-log FILE one row per accepted step. Every run \
        checks its own output (mass, positivity, u within its initial range) before printing. \
        At most \(Limits.maxCells) cells and \(Limits.maxTimes) output times. \
        2D specs (normal2, product, ring, and mixtures or truncations of them; both --target \
        and --initial) run the split 2D finite volumes on --domain ax,bx,ay,by with \
        --cells nx,ny (Strang splitting of TR-BDF2 line sub-steps, second order in time, each \
        step accepted only when positivity, mass, the maximum principle and the monotone \
        functionals hold, else retaken with implicit Euler; step doubling at --tolerance in \
        L¹); --csv writes t,x,y,rho. \(AcceptedRanges2D.summary)
        """)

    enum Scheme: String, ExpressibleByArgument, CaseIterable { case fv, lagrangian }
    enum Integrator: String, ExpressibleByArgument, CaseIterable {
        case ndf, bdf, bdf2, implicitEuler = "implicit-euler"
    }

    @OptionGroup var targetOptions: TargetOptions

    @Option(help: "Initial density ρ0, e.g. 'normal(-3,0.5)'.")
    var initial: DensityArgument

    @Option(parsing: .unconditional, help: "Domain a,b (1D) or ax,bx,ay,by (2D specs).")
    var domain: DomainBox

    @Option(name: .customLong("cells"), help: "Number of cells (fv) or particle gaps (lagrangian), 2 to \(Limits.maxCells); in 2D nx,ny (or n for n × n), at most \(Limits.maxCells) in all.")
    var gridCells: GridCells = GridCells(400)

    /// The 1D number of cells.
    var cells: Int { gridCells.x }

    @Option(parsing: .unconditional, help: "Output times t1,t2,… (non-decreasing, ≥ 0).")
    var times: NumberList

    @OptionGroup var flowOptions: FlowOptions

    @Option(help: "Scheme: fv or lagrangian.")
    var scheme: Scheme = .fv

    @Option(parsing: .unconditional, help: "Probe points x1,x2,… inside the domain where ρ is reported.")
    var probe: NumberList?

    @Option(help: "Time integrator: ndf or bdf (variable order 1–5), bdf2, implicit-euler (all adaptive).")
    var integrator: Integrator = .ndf

    @Option(help: "Local error tolerance per step (L¹ norm for fv; for lagrangian the mean displacement in units of the local particle spacing); default 1e-6 for ndf/bdf, 1e-8 for bdf2 and implicit-euler.")
    var tolerance: Double?

    @Option(help: "Write the cell averages as CSV rows t,x,rho to this file.")
    var csv: String?

    @Option(help: "Write one CSV row per accepted step (fv): t,dt,order,newton,residual,error,rejected.")
    var stepLog: String?

    @OptionGroup var output: JSONOptions

    @Flag(help: "Print solver statistics (steps, Newton iterations, solve time) on standard error.")
    var stats = false

    var stepping: TimeStepping {
        let tolerance = self.tolerance ?? ((integrator == .ndf || integrator == .bdf) ? 1e-6 : 1e-8)
        switch integrator {
        case .ndf: return .variableOrder(tolerance: tolerance, formula: .ndf)
        case .bdf: return .variableOrder(tolerance: tolerance, formula: .bdf)
        case .bdf2: return .bdf2(.adaptive(tolerance: tolerance))
        case .implicitEuler: return .implicitEuler(.adaptive(tolerance: tolerance))
        }
    }

    /// The checks 1D and 2D runs share: --tolerance inside the documented range, --times ≥ 0
    /// and non-decreasing.
    func validateToleranceAndTimes() throws {
        if let tol = tolerance, !TimeStepping.toleranceRange.contains(tol) {
            throw ValidationError("--tolerance must be in [\(TimeStepping.toleranceRange.lowerBound), \(TimeStepping.toleranceRange.upperBound)], got \(tol)")
        }
        let ts = times.values
        if let t = ts.first(where: { $0 < 0 }) { throw ValidationError("--times must be ≥ 0, got \(t)") }
        for (a, b) in zip(ts, ts.dropFirst()) where b < a {
            throw ValidationError("--times must be non-decreasing (\(a) before \(b))")
        }
    }

    func validate() throws {
        if targetOptions.target.isTwoDimensional || initial.isTwoDimensional {
            try validate2D()
            return
        }
        _ = try initial.density(option: "initial")
        if domain.y != nil {
            throw ValidationError("--domain has 4 numbers (a 2D box) but --target and --initial are 1D specs; give a,b")
        }
        if gridCells.y != nil {
            throw ValidationError("--cells has 2 numbers (a 2D grid) but --target and --initial are 1D specs")
        }
        try Limits.checkGrid(cells: cells, times: times.values.count)
        try validateToleranceAndTimes()
        if let x = probe?.values.first(where: { !(domain.lower...domain.upper).contains($0) }) {
            throw ValidationError("--probe \(x) lies outside the domain [\(domain.lower), \(domain.upper)]")
        }
        for path in [csv, stepLog].compactMap({ $0 }) { try OutputFile.requireWritableTarget(path) }
    }

    func run() throws {
        if targetOptions.target.isTwoDimensional {
            try run2D()
            return
        }
        let (a, b) = (domain.lower, domain.upper)
        let kind = flowOptions.flow
        let rd = try Truncated(try targetOptions.density, lower: a, upper: b)
        let r0 = try Truncated(try initial.density(option: "initial"), lower: a, upper: b)
        let problem = try FlowProblem(target: rd, lower: a, upper: b, cells: cells, flow: kind)
        let probes = probe?.values ?? []
        let ts = times.values
        var snapshots = [Snapshot]()
        switch scheme {
        case .fv:
            let solver = FiniteVolumeSolver(problem: problem, stepping: stepping)
            let start = Date()
            let trajectory = try solver.solve(initial: r0, times: ts, probes: probes)
            let seconds = Date().timeIntervalSince(start)
            try TrajectorySelfCheck.verify(trajectory, problem: problem)
            snapshots = trajectory.snapshots
            if let path = stepLog { try OutputFile.write(Self.stepLog(trajectory.steps), to: path) }
            if stats {
                let newton = trajectory.newtonIterations
                Progress().line("steps \(trajectory.steps.count), Newton iterations \(newton), rejected \(trajectory.rejectedAttempts) (structure guard: \(trajectory.structureRejections)), solve \(seconds) s, \(seconds / Double(max(1, newton * cells))) s per cell per Newton iteration")
            }
        case .lagrangian:
            let solver = try LagrangianSolver(problem: problem, particles: cells, stepping: stepping)
            let start = Date()
            let trajectory = try solver.solve(initial: r0, times: ts, probes: probes)
            let seconds = Date().timeIntervalSince(start)
            try TrajectorySelfCheck.verify(trajectory, problem: problem)
            snapshots = trajectory.snapshots
            if stats {
                Progress().line("steps \(trajectory.steps.count), Newton iterations \(trajectory.newtonIterations), rejected \(trajectory.rejectedAttempts), solve \(seconds) s")
            }
        }
        if let path = csv {
            let g = GridTrajectory(times: snapshots.map(\.time), centers: (0..<cells).map(problem.grid.center),
                                   rho: snapshots.map(\.density))
            try OutputFile.write(TrajectoryCSV.format(g), to: path)
        }
        if output.json {
            try JSONOutput.print(Self.document(snapshots, probes: probes))
        } else {
            print("\(scheme) \(kind) flow, target \(rd.spec), initial \(r0.spec), \(problem.grid)")
            print(["t", "mass", "umin", "umax", "JS", "KL", "chi2", "TV", "H2", "dissipation"]
                .map { $0.padding(toLength: 13, withPad: " ", startingAt: 0) }.joined(separator: " "))
            for s in snapshots {
                let d = s.diagnostics
                print([s.time, d.mass, d.umin, d.umax, d.js, d.kl, d.chi2, d.tv, d.hellinger2, d.dissipation]
                    .map { String(format: "%-13.6g", $0) }.joined(separator: " "))
            }
            if !probes.isEmpty {
                print("\nprobes (ρ at x = \(probes.map { String(format: "%g", $0) }.joined(separator: ", "))):")
                for s in snapshots {
                    print(String(format: "t = %-10g ", s.time) + s.probes.map { String(format: "%.6g", $0) }.joined(separator: " "))
                }
            }
        }
    }

    static func stepLog(_ steps: [StepRecord]) -> String {
        var text = "t,dt,order,newton,residual,error,rejected\n"
        for r in steps {
            text += String(format: "%.17g,%.17g,%d,%d,%.6e,%.6e,%d\n", r.time, r.step, r.order, r.newtonIterations,
                           r.residual, r.errorEstimate ?? .nan, r.rejectedAttempts)
        }
        return text
    }

    /// The JSON document of `simulate --json`: one series per diagnostic, over the times.
    struct Document: Encodable {
        struct Probe: Encodable {
            let x: [JSONNumber]
            let rho: [[JSONNumber]]
        }
        let times: [JSONNumber]
        let mass: [JSONNumber]
        let js: [JSONNumber]
        let kl: [JSONNumber]
        let chi2: [JSONNumber]
        let tv: [JSONNumber]
        let hellinger2: [JSONNumber]
        let dissipation: [JSONNumber]
        let umin: [JSONNumber]
        let umax: [JSONNumber]
        let probe: Probe
    }

    static func document(_ s: [Snapshot], probes: [Double]) -> Document {
        func series(_ f: (Diagnostics) -> Double) -> [JSONNumber] { s.map { JSONNumber(f($0.diagnostics)) } }
        return Document(times: s.map(\.time).json, mass: series(\.mass), js: series(\.js), kl: series(\.kl),
                        chi2: series(\.chi2), tv: series(\.tv), hellinger2: series(\.hellinger2),
                        dissipation: series(\.dissipation), umin: series(\.umin), umax: series(\.umax),
                        probe: Document.Probe(x: probes.json, rho: s.map { $0.probes.json }))
    }
}
