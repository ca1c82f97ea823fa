import Benchmark
import Workloads

/// JS(normal(0,1) ‖ ½N(−2, 0.6²) + ½N(2, 0.6²)) by `Divergences.compute(.js, …)` at its
/// default relative tolerance 1e-10. One iteration is one full computation (≈ 0.1–0.2 ms,
/// long beside the clock's own cost); the densities are built outside the measurement.
let benchmarks: @Sendable () -> Void = {
    Benchmark("JS quadrature, normal vs bimodal mixture",
              configuration: .init(metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal],
                                   warmupIterations: 10, maxDuration: .seconds(5), maxIterations: 20_000)) { benchmark in
        let work: JSQuadrature
        do { work = try JSQuadrature() } catch { benchmark.error("set-up failed: \(error)"); return }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            do { blackHole(try work.run()) } catch { benchmark.error("JS failed: \(error)"); return }
        }
        benchmark.stopMeasurement()
    }
}
