import Foundation
import Testing
import TestSupport
import Sim

/// P5 (paper claim): one solution for a given initial datum. Three independent schemes of the
/// JS flow — finite volumes, quantile particles, KDE particles — must converge to each other
/// (see ``UniquenessStudy``); a second solution reachable by one scheme and not another would
/// leave a pairwise distance that does not fall.
@Suite("P5: three schemes converge to one solution", .stepBudget)
struct UniquenessTests {
    /// Levels L = 1, 2, 4, 8 (FV 100L cells, quantile particles 50L, KDE particles 250L²).
    /// Theory in 1/L: FV–Lagrangian 1 (the Lagrangian end gaps; FV is O(L⁻²)), FV–KDE 4/5 (the
    /// KDE bias O(N^(−2/5)) with N ∝ L²); Lagrangian–KDE is the sum of a first-order term and a
    /// 4/5-order one, so its fitted order lies between 0.8 and 1 (the Lagrangian term is ~7×
    /// larger here). Window: 0.15 beyond theory (pre-asymptotic drift of the local orders over
    /// a factor 8: measured FV–Lagrangian 0.956 → 0.902, FV–KDE 0.943 → 0.832), and every
    /// distance must fall from level to level. Measured fits: 0.928, 0.880, 0.927.
    @Test("Pairwise W₁ between FV, quantile and KDE particles falls at the slower scheme's rate")
    func threeSchemes() throws {
        let r = try UniquenessStudy.run(levels: [1, 2, 4, 8])
        print("P5, three schemes (N(−1.5, 0.7²) → N(0,1) on [−5, 5], t = 0.5):\n\(r)")
        #expect(abs(r.fvLagrangian.order - 1) <= 0.15, "\(r.fvLagrangian)")
        #expect(abs(r.fvKDE.order - 0.8) <= 0.15, "\(r.fvKDE)")
        #expect(r.lagrangianKDE.order >= 0.8 - 0.15 && r.lagrangianKDE.order <= 1 + 0.15, "\(r.lagrangianKDE)")
        for (name, s) in [("FV–Lagrangian", r.fvLagrangian), ("FV–KDE", r.fvKDE), ("Lagrangian–KDE", r.lagrangianKDE)] {
            #expect(zip(s.errors, s.errors.dropFirst()).allSatisfy { $1 < $0 }, "\(name) does not fall: \(s)")
        }
    }
}
