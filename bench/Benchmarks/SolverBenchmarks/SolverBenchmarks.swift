import Benchmark
import Sim
import Workloads

/// Scenario S1 on 2000 cells to t = 50 by the finite-volume solver at its default
/// stepping (variable-order NDF, local tolerance 1e-6). One iteration is one solve; the
/// set-up (target and initial cell averages) is outside the measurement, as in
/// bench/solver's peer comparison.
let benchmarks: @Sendable () -> Void = {
    Benchmark("S1 solve, 2000 cells to t = 50 (NDF 1e-6)",
              configuration: .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
                                   warmupIterations: 1, maxDuration: .seconds(5), maxIterations: 50)) { benchmark in
        let work: S1Solve
        do { work = try S1Solve() } catch { benchmark.error("S1 set-up failed: \(error)"); return }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            do { blackHole(try work.run()) } catch { benchmark.error("S1 solve failed: \(error)"); return }
        }
        benchmark.stopMeasurement()
    }
}
