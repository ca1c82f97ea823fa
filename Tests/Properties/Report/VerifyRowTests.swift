import Testing
import Sim
import Verification
import Report
import TestSupport

/// The computations behind rows of `ganflow verify` that no other suite covers (D1, D12,
/// A2 dropped, A3 weakened), run at the quick size. Each row's verdict is its criterion
/// (stated beside the row's code): relative gaps and observed orders for D1, monotone
/// growth of the measured times for D12, A2 and A3.
@Suite("Verify rows", .stepBudget)
struct VerifyRowTests {
    static func row(_ id: String) throws -> StatementRow {
        let outcome = VerifyRunner.run(size: VerifySize(quick: true), only: [id])
        return try #require(outcome.rows.first { $0.statement.id == id })
    }

    @Test("D1: JS(0) − JS(T) matches the integrated dissipation, gap of observed order 2 in Δt")
    func energyIdentityRow() throws {
        let r = try Self.row("D1")
        #expect(r.verdict == .pass, "\(r) \(r.note)")
        #expect(r.statement.label == .derived)
    }

    @Test("D12: narrow starts farther from the centre have larger sup u₀ and take longer to halve JS")
    func saturationRow() throws {
        let r = try Self.row("D12")
        #expect(r.verdict == .pass, "\(r) \(r.note)")
    }

    @Test("A2 dropped: Cauchy starts show a slow phase the light-tailed start does not")
    func heavyTailsRow() throws {
        let r = try Self.row("A2")
        #expect(r.verdict == .pass, "\(r) \(r.note)")
    }

    @Test("A3 weakened: a deeper bimodal valley gives a larger C_P^h and a later JS < 1e-6")
    func valleyRow() throws {
        let r = try Self.row("A3")
        #expect(r.verdict == .pass, "\(r) \(r.note)")
    }
}
