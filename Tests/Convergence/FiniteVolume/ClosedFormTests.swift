import Testing
import TestSupport
import Sim
import Verification

/// Finite volumes against the closed forms of docs/MATH.md §1 (derived), observed orders from
/// four refinements (least squares). Order windows: see each test.
@Suite("Closed forms", .stepBudget)
struct ClosedFormTests {
    /// KL flow = Ornstein–Uhlenbeck: smooth solution, second order in space expected in L¹
    /// and L∞; window ±0.2 (the local orders, printed, agree to < 0.05).
    @Test("KL flow vs Ornstein–Uhlenbeck closed form: second order in space")
    func ornsteinUhlenbeck() throws {
        let r = try ClosedFormStudies.ornsteinUhlenbeck(cells: [50, 100, 200, 400], tolerance: 1e-10)
        print("KL vs OU (N(2, 0.5²) → N(0,1) on [−8, 8], t = 1):\n\(r)")
        #expect(abs(r.l1.order - 2) <= 0.2, "\(r.l1)")
        #expect(abs(r.lInfinity.order - 2) <= 0.2, "\(r.lInfinity)")
    }

    /// χ² flow with flat ρd vs Barenblatt: the front is a kink (u ∝ distance), which limits
    /// the pointwise order near it; in L¹ the kink's cells carry O(h²) mass each, so order
    /// ≈ 2 is expected; the cell the front sits in changes irregularly with h, so local
    /// orders scatter (measured 1.77–2.13 on 40–320 cells, 1.86–2.08 on 50–400): window ±0.3. L∞ is reported; it
    /// is limited by the kink (measured order ≈ 0.95, local 0.3–1.45) and only required to converge.
    @Test("χ² flow with flat target vs Barenblatt: L¹ order ≈ 2 (L∞ reported)")
    func barenblatt() throws {
        let r = try ClosedFormStudies.barenblatt(cells: [40, 80, 160, 320], tolerance: 1e-10)
        print("χ² vs Barenblatt (flat ρd on [−2, 2], t = 0.01 → 0.1):\n\(r)")
        #expect(abs(r.l1.order - 2) <= 0.3, "\(r.l1)")
        #expect(r.lInfinity.order > 0.5, "L∞ must still converge: \(r.lInfinity)")
    }
}
