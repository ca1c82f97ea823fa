import Analytic
import Sim
import Foundation
import Workloads

/// bench-runner: one benchmark workload, once, with its result and its own clocks on one
/// line, for the peer comparisons in bench/*/run.sh (the ordo-one suites in Benchmarks/
/// measure the same workloads with statistics but without a peer beside them).
///
///   bench-runner gan KIND [STEPS]              KIND: particles1d particles2d affine mlp
///   bench-runner quadrature N                  N JS computations in a loop
///   bench-runner s1 [ndf|bdf|bdf2 TOLERANCE]   one S1 solve to t = 50 (default: ndf 1e-6)
let usage = """
    usage: bench-runner gan particles1d|particles2d|affine|mlp [STEPS]
           bench-runner quadrature N
           bench-runner s1 [ndf|bdf|bdf2 TOLERANCE]
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("bench-runner: \(message)\n".utf8))
    exit(2)
}

/// A positive integer argument, or a clear refusal naming it (input quoted to 40 characters).
func count(_ text: String, _ what: String, limit: Int) -> Int {
    guard let n = Int(text), (1...limit).contains(n) else {
        fail("\(what) must be an integer in 1…\(limit), got '\(text.prefix(40))'")
    }
    return n
}

func gan(_ args: [String]) throws {
    guard (1...2).contains(args.count), let kind = GANWorkload(rawValue: args[0]) else { fail(usage) }
    let steps = args.count == 2 ? count(args[1], "STEPS", limit: 1_000_000) : kind.defaultSteps
    let (w0, c0) = (ProcessClock.wall(), ProcessClock.cpu())
    let sum = try kind.run(steps: steps)
    let (wall, cpu) = (ProcessClock.wall() - w0, ProcessClock.cpu() - c0)
    print("\(kind.rawValue) steps=\(steps) checksum=\(sum) seconds=\(wall) cpu=\(cpu)")
}

func quadrature(_ args: [String]) throws {
    guard args.count == 1 else { fail(usage) }
    let n = count(args[0], "N", limit: 100_000_000)
    let work = try JSQuadrature()
    var evaluations = 0
    var last: DivergenceResult?
    let (w0, c0) = (ProcessClock.wall(), ProcessClock.cpu())
    for _ in 0..<n {
        let r = try work.run()
        evaluations += r.evaluations
        last = r
    }
    let (wall, cpu) = (ProcessClock.wall() - w0, ProcessClock.cpu() - c0)
    guard let r = last, r.isFinite else { throw BenchError("JS was not finite: \(last?.reason ?? "no result")") }
    print("js = \(r.value) ± \(String(format: "%.3g", r.error))")
    print("repeat \(n): \(String(format: "%.4f", wall)) s, \(String(format: "%.1f", Double(n) / wall)) computations/s, "
          + "\(evaluations / n) integrand evaluations each, \(String(format: "%.4g", Double(evaluations) / wall)) evaluations/s; "
          + "cpu \(String(format: "%.4f", cpu)) s, \(String(format: "%.1f", Double(n) / cpu)) computations per cpu-second")
}

func s1(_ args: [String]) throws {
    var stepping = FiniteVolumeSolver.defaultStepping
    if !args.isEmpty {
        guard args.count == 2, let tol = Double(args[1]), tol > 0, tol.isFinite else { fail(usage) }
        switch args[0] {
        case "ndf": stepping = .variableOrder(tolerance: tol, formula: .ndf)
        case "bdf": stepping = .variableOrder(tolerance: tol, formula: .bdf)
        case "bdf2": stepping = .bdf2(.adaptive(tolerance: tol))
        default: fail(usage)
        }
    }
    let work = try S1Solve()
    let (w0, c0) = (ProcessClock.wall(), ProcessClock.cpu())
    let r = try work.run(stepping: stepping)
    let (wall, cpu) = (ProcessClock.wall() - w0, ProcessClock.cpu() - c0)
    print("JS(50) \(String(format: "%.15e", r.js)) steps \(r.steps) newton \(r.newtonIterations) "
          + "rejected \(r.rejectedAttempts) solve \(wall) s cpu \(cpu) s (\(stepping))")
}

let args = Array(CommandLine.arguments.dropFirst())
do {
    switch args.first {
    case "gan": try gan(Array(args.dropFirst()))
    case "quadrature": try quadrature(Array(args.dropFirst()))
    case "s1": try s1(Array(args.dropFirst()))
    default: fail(usage)
    }
} catch {
    fail("\(error)")
}
