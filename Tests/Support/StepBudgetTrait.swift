import Testing
import Sim
import Verification

/// Binds ``StepBudget/current`` to ``StepBudget/tests`` (10⁶ step attempts, 30 s per solver
/// run) for every test of a suite, so that a broken scheme fails the test with the budget's
/// error instead of running on. Use as `@Suite("…", .stepBudget)`.
public struct TestStepBudget: SuiteTrait, TestTrait, TestScoping {
    public let budget: StepBudget
    public var isRecursive: Bool { true }

    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        try await StepBudget.$current.withValue(budget) { try await function() }
    }
}

extension Trait where Self == TestStepBudget {
    /// The test budget ``StepBudget/tests``.
    public static var stepBudget: Self { TestStepBudget(budget: .tests) }
    public static func stepBudget(_ budget: StepBudget) -> Self { TestStepBudget(budget: budget) }
}

extension StepBudget {
    /// The budget of the manufactured-solution runs (80–160 cells to the study's final
    /// time): 4·10⁴ attempts, ten times the most a correct run takes (measured: 3938
    /// attempts for BDF2 at local tolerance 1e-13, the reference of the time studies; 1835 at
    /// 1e-12; ≤ 26 for variable order at 1e-7). These runs have a source term and no
    /// structure guard, so a broken flux (a flipped sign makes the scheme anti-diffusive)
    /// shows only as steps shrinking without end: this budget ends such a run in well under a
    /// second instead of the 30 s of ``tests``.
    public static let manufacturedSolutionRuns = StepBudget(maxAttempts: 40_000, maxWallSeconds: 30)
}
