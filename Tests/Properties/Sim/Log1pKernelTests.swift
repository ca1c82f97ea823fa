import Testing
import PropertyBased
import Foundation
import Sim
import TestSupport

/// A random argument of log(1 + u), drawn from one of the regions the kernel treats apart:
/// below the rounding of 1 + u, across the mantissa halving at √2, the unit range, and every
/// binade up to 2¹⁰⁰⁰ (the top of the kernel's domain).
struct KernelArgument: CustomStringConvertible {
    let seed: UInt64
    let u: Double
    init(seed: UInt64) {
        self.seed = seed
        var rng = SplitMix64(state: seed)
        let x = Double(rng.next() >> 11) * 0x1p-53
        switch rng.below(5) {
        case 0: u = Double.leastNonzeroMagnitude + x * 0x1p-52          // subnormal … 2⁻⁵²
        case 1: u = (2.0.squareRoot() - 1) * (1 + (x - 0.5) * 1e-6)   // m near √2 after 1 + u
        case 2: u = 4 * x
        case 3: u = exp2(-1074 + 2074 * x)                             // log-uniform over every binade
        default: u = exp2(x * 999.999)                                 // 1 … 2¹⁰⁰⁰
        }
    }
    var description: String { "seed \(seed): u = \(u) (\(u.bitPattern))" }
}

/// A random grid line for the flux-potential fill: values y and inverse target averages
/// whose products u cover negative values, exact zeros, NaN, tiny and huge ratios, and
/// u ≥ 2¹⁰⁰⁰ (the platform's log1p there); lengths 0…40 exercise the vector loop and its tail.
struct FillLine: CustomStringConvertible {
    let seed: UInt64
    let y: [Double], inverse: [Double]
    init(seed: UInt64) {
        self.seed = seed
        var rng = SplitMix64(state: seed)
        func uniform() -> Double { Double(rng.next() >> 11) * 0x1p-53 }
        let n = rng.below(41)
        var ys = [Double](), inv = [Double]()
        for _ in 0..<n {
            inv.append(exp2(-20 + 60 * uniform()))
            switch rng.below(10) {
            case 0: ys.append(0)
            case 1: ys.append(-exp2(-40 + 40 * uniform()))
            case 2: ys.append(.nan)
            case 3: ys.append(exp2(990 + 30 * uniform()))       // u ≥ 2¹⁰⁰⁰ for most inverses
            default: ys.append(exp2(-60 + 70 * uniform()))
            }
        }
        y = ys; inverse = inv
    }
    var description: String { "seed \(seed): line of \(y.count) cells" }
}

@Suite("The JS flux potential Ψ(u) = ½log(1 + u): kernel accuracy and the vector fill", .stepBudget)
struct Log1pKernelTests {
    /// The kernel stays within 1 ulp of log(1 + u) (its doc: 0.86 ulp at most in 10⁶
    /// arguments against 120-bit values, `Tests/Fixtures/log1p_accuracy.py`; a measurement
    /// with margin, not a proof) and the platform's log1p within 1 ulp (glibc's documented
    /// bound; 0.84 in the same sample), so the two differ by at most 2 ulp of the result; ulp
    /// taken of the larger of the two magnitudes.
    @Test("the kernel's log(1 + u) is within 2 ulp of the platform's log1p on every region of its domain")
    func kernelMatchesPlatform() async {
        await checkEveryCase(20_000, of: Gen.uint64().map { KernelArgument(seed: $0) }) { c in
            let k = Log1pKernel.log1p(c.u), p = Foundation.log1p(c.u)
            let ulp = max(k.magnitude, p.magnitude).ulp
            #expect(abs(k - p) <= 2 * ulp, "kernel \(k) vs log1p \(p): \(abs(k - p) / ulp) ulp")
        }
    }

    @Test("log(1 + u) at the ends: 0 → 0, u below ε/2 → u itself, and 2¹⁰⁰⁰ and beyond through log1p")
    func ends() {
        #expect(Log1pKernel.log1p(0).bitPattern == 0.0.bitPattern)
        #expect(Log1pKernel.log1p(0x1p-60) == 0x1p-60)
        #expect(Log1pKernel.log1p(.leastNonzeroMagnitude) == .leastNonzeroMagnitude)
        #expect(Log1pKernel.log1p(0x1p1000) == Foundation.log1p(0x1p1000))
        #expect(Log1pKernel.log1p(.infinity) == .infinity)
        #expect(Log1pKernel.log1p(.greatestFiniteMagnitude) == Foundation.log1p(.greatestFiniteMagnitude))
    }

    /// The C loop performs the Swift functions' operations in the same order without fused
    /// multiply-adds, on whichever vector unit the machine has; one differing bit means an
    /// operation was reordered or a lane mixed. Bitwise, hence no tolerance.
    @Test("the vectorised line fill equals Ψ and Ψ'·(1/ρd) cell by cell, bit for bit", .shrinking(false))
    func fillEqualsScalar() async {
        await checkEveryCase(500, of: Gen.uint64().map { FillLine(seed: $0) }) { c in
            let n = c.y.count
            var psi = [Double](repeating: 1, count: n), slope = psi
            c.y.withUnsafeBufferPointer { y in
                c.inverse.withUnsafeBufferPointer { inv in
                    psi.withUnsafeMutableBufferPointer { p in
                        slope.withUnsafeMutableBufferPointer { s in JSPsi.fill(y, inv, psi: p, slope: s) }
                    }
                }
            }
            for i in 0..<n {
                let u = c.y[i] * c.inverse[i]
                let p = JSPsi.psi(u), s = JSPsi.psiPrime(u) * c.inverse[i]
                #expect(psi[i].bitPattern == p.bitPattern, "cell \(i), u = \(u): Ψ \(psi[i]) vs \(p)")
                #expect(slope[i].bitPattern == s.bitPattern, "cell \(i), u = \(u): Ψ'/ρd \(slope[i]) vs \(s)")
            }
        }
    }
}
