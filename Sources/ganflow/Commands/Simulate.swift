import ArgumentParser
import Foundation
import Sim

/// `ganflow simulate`: the flow of ODE (2) (or of KL/χ²) as a density, by finite volumes
/// or by quantile particles (variable-order NDF by default, or BDF, BDF2, implicit Euler),
/// with the diagnostics of issue 3 at each requested time.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solve the Fokker–Planck equation of the flow and print diagnostics at the requested times.",
        discussion: """
        Targets and initial densities are truncated to --domain and renormalised there. \
        fv: finite volumes with --cells cells (--tolerance is the local L¹ error per step). \
        lagrangian: --cells particle intervals with tail-refined masses; diagnostics and \
        --csv use the cell averages on a --cells grid of ρ = u ρd with u constant between \
        particles; probes are the particles' point values. Both are integrated by --integrator: ndf or bdf \
        (variable order 1–5, the default ndf), bdf2 or implicit-euler, all with adaptive steps. \
        --csv FILE writes rows t,x,rho (cell averages at cell centres, each requested time); \
        --step-log FILE one row per accepted step.
        """)

    enum Scheme: String, ExpressibleByArgument, CaseIterable { case fv, lagrangian }
    enum Integrator: String, ExpressibleByArgument, CaseIterable {
        case ndf, bdf, bdf2, implicitEuler = "implicit-euler"
    }

    @Option(help: "Data density ρd, e.g. 'normal(0,1)'.")
    var target: String

    @Option(help: "Initial density ρ0, e.g. 'normal(-3,0.5)'.")
    var initial: String

    @Option(parsing: .unconditional, help: "Domain a,b.")
    var domain: DomainInterval

    @Option(help: "Number of cells (fv) or particle gaps (lagrangian).")
    var cells: Int = 400

    @Option(parsing: .unconditional, help: "Output times t1,t2,… (non-decreasing, ≥ 0).")
    var times: NumberList

    @Option(help: "Flow: js (ODE (2)), kl or chi2.")
    var flow: String = "js"

    @Option(help: "Scheme: fv or lagrangian.")
    var scheme: Scheme = .fv

    @Option(parsing: .unconditional, help: "Probe points x1,x2,… where ρ is reported.")
    var probe: NumberList?

    @Option(help: "Time integrator: ndf or bdf (variable order 1–5), bdf2, implicit-euler (all adaptive).")
    var integrator: Integrator = .ndf

    @Option(help: "Local error tolerance per step (L¹ norm for fv; for lagrangian the mean displacement in units of the local particle spacing); default 1e-6 for ndf/bdf, 1e-8 for bdf2 and implicit-euler.")
    var tolerance: Double?

    var stepping: TimeStepping {
        let tolerance = self.tolerance ?? ((integrator == .ndf || integrator == .bdf) ? 1e-6 : 1e-8)
        switch integrator {
        case .ndf: return .variableOrder(tolerance: tolerance, formula: .ndf)
        case .bdf: return .variableOrder(tolerance: tolerance, formula: .bdf)
        case .bdf2: return .bdf2(.adaptive(tolerance: tolerance))
        case .implicitEuler: return .implicitEuler(.adaptive(tolerance: tolerance))
        }
    }

    @Option(help: "Write the cell averages as CSV rows t,x,rho to this file.")
    var csv: String?

    @Option(help: "Write one CSV row per accepted step (fv): t,dt,order,newton,residual,error,rejected.")
    var stepLog: String?

    @Flag(help: "Print one JSON object instead of the table.")
    var json = false

    @Flag(help: "Print solver statistics (steps, Newton iterations, solve time) on standard error.")
    var stats = false

    func run() throws {
        guard let kind = FlowDivergence(rawValue: flow) else {
            throw ValidationError("--flow must be js, kl or chi2, got '\(flow)'")
        }
        guard cells >= 2 else { throw ValidationError("--cells must be ≥ 2, got \(cells)") }
        if let tol = tolerance, !(tol > 0 && tol.isFinite) { throw ValidationError("--tolerance must be > 0, got \(tol)") }
        let ts = times.values
        for (a, b) in zip(ts, ts.dropFirst()) where b < a {
            throw ValidationError("--times must be non-decreasing (\(a) before \(b))")
        }
        if let t = ts.first(where: { $0 < 0 }) { throw ValidationError("--times must be ≥ 0, got \(t)") }
        let (a, b) = (domain.lower, domain.upper)
        let rd: any Density, r0: any Density
        do { rd = try Truncated(try DensitySpec.parse(target), lower: a, upper: b) } catch { throw ValidationError("--target: \(error)") }
        do { r0 = try Truncated(try DensitySpec.parse(initial), lower: a, upper: b) } catch { throw ValidationError("--initial: \(error)") }
        let problem = try FlowProblem(target: rd, lower: a, upper: b, cells: cells, flow: kind)
        let probes = probe?.values ?? []
        var snapshots = [Snapshot]()
        switch scheme {
        case .fv:
            let solver = FiniteVolumeSolver(problem: problem, stepping: stepping)
            let start = Date()
            let trajectory = try solver.solve(initial: r0, times: ts, probes: probes)
            let seconds = Date().timeIntervalSince(start)
            snapshots = trajectory.snapshots
            if let path = stepLog { try writeStepLog(trajectory.steps, to: path) }
            if stats {
                let newton = trajectory.newtonIterations
                Progress().line("steps \(trajectory.steps.count), Newton iterations \(newton), rejected \(trajectory.rejectedAttempts), solve \(seconds) s, \(seconds / Double(max(1, newton * cells))) s per cell per Newton iteration")
            }
        case .lagrangian:
            let solver = try LagrangianSolver(problem: problem, particles: cells, stepping: stepping)
            let start = Date()
            let trajectory = try solver.solve(initial: r0, times: ts, probes: probes)
            let seconds = Date().timeIntervalSince(start)
            snapshots = trajectory.snapshots
            if stats {
                Progress().line("steps \(trajectory.steps.count), Newton iterations \(trajectory.newtonIterations), rejected \(trajectory.rejectedAttempts), solve \(seconds) s")
            }
        }
        if let path = csv { try writeCSV(snapshots, grid: problem.grid, to: path) }
        if json {
            print(Self.json(snapshots, probes: probes).text)
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

    private func writeStepLog(_ steps: [StepRecord], to path: String) throws {
        var text = "t,dt,order,newton,residual,error,rejected\n"
        for r in steps {
            text += String(format: "%.17g,%.17g,%d,%d,%.6e,%.6e,%d\n", r.time, r.step, r.order, r.newtonIterations,
                           r.residual, r.errorEstimate ?? .nan, r.rejectedAttempts)
        }
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw ValidationError("cannot write \(path): \(error.localizedDescription)")
        }
    }

    private func writeCSV(_ snapshots: [Snapshot], grid: Grid1D, to path: String) throws {
        var text = "t,x,rho\n"
        for s in snapshots {
            for i in 0..<grid.cells {
                text += String(format: "%.17g,%.17g,%.17g\n", s.time, grid.center(i), s.density[i])
            }
        }
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw ValidationError("cannot write \(path): \(error.localizedDescription)")
        }
    }

    static func json(_ snapshots: [Snapshot], probes: [Double]) -> JSONValue {
        func series(_ f: (Diagnostics) -> Double) -> JSONValue { .array(snapshots.map { .number(f($0.diagnostics)) }) }
        return .object([
            ("times", .array(snapshots.map { .number($0.time) })),
            ("mass", series(\.mass)), ("js", series(\.js)), ("kl", series(\.kl)), ("chi2", series(\.chi2)),
            ("tv", series(\.tv)), ("hellinger2", series(\.hellinger2)), ("dissipation", series(\.dissipation)),
            ("umin", series(\.umin)), ("umax", series(\.umax)),
            ("probe", .object([("x", .array(probes.map { .number($0) })),
                               ("rho", .array(snapshots.map { .array($0.probes.map { .number($0) }) }))])),
        ])
    }
}
