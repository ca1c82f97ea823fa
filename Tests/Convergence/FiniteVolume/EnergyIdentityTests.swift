import Testing
import TestSupport
import Sim
import Verification

/// D1 (derived): JS(0) − JS(T) = ∫∫ρ|v|², within a discretisation error that shrinks under
/// refinement at the time scheme's order (the semi-discrete identity is exact, see
/// ``EnergyIdentityStudy``). Window ±0.2 around the order; local orders printed.
@Suite("Energy identity (D1)", .stepBudget)
struct EnergyIdentityTests {
    @Test("Energy identity defect shrinks at order 1 (implicit Euler) and 2 (BDF2) in Δt")
    func energyIdentity() throws {
        let ie = try EnergyIdentityStudy.run(steps: [20, 40, 80, 160]) { .implicitEuler($0) }
        let bdf = try EnergyIdentityStudy.run(steps: [20, 40, 80, 160]) { .bdf2($0) }
        print("D1, implicit Euler:\n\(ie)")
        print("D1, BDF2:\n\(bdf)")
        #expect(abs(ie.study.order - 1) <= 0.2, "\(ie.study)")
        #expect(abs(bdf.study.order - 2) <= 0.2, "\(bdf.study)")
    }
}
