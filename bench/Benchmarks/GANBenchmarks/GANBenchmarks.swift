import Benchmark
import Workloads

/// The four bench/gan workloads at their default sizes (particles1d: 50 steps of 10⁴ 1D
/// particles; particles2d: 5 steps of 2000 2D particles; affine: 2000 and mlp: 500
/// iterations of Algorithm 1 with m = 256). One iteration is one whole seeded run; the
/// per-step cost is the wall clock divided by `defaultSteps`.
let benchmarks: @Sendable () -> Void = {
    for kind in GANWorkload.allCases {
        Benchmark("GAN \(kind.rawValue) (\(kind.defaultSteps) \(kind.unit)s)",
                  configuration: .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
                                       warmupIterations: 1, maxDuration: .seconds(5), maxIterations: 20)) { benchmark in
            for _ in benchmark.scaledIterations {
                do { blackHole(try kind.run(steps: kind.defaultSteps)) } catch {
                    benchmark.error("\(kind.rawValue) failed: \(error)")
                    return
                }
            }
        }
    }
}
