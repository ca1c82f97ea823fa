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
