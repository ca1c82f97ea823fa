import Foundation

/// Limits on one solver run (one integrator, from its creation): step attempts (accepted
/// and rejected) and wall-clock seconds. Exhausting either is
/// ``FlowError/budgetExhausted(budget:limit:time:attempts:)``, naming the budget and where the
/// run stopped, so that a broken scheme (a wrong flux sign, a step controller that keeps
/// shrinking) fails within the budget instead of running on.
///
/// Defaults and why: ``standard`` allows 10⁷ attempts and one hour — S1 with 2000 cells to
/// t = 50 takes about 130 steps and 0.02 s, the tightest tolerances of the test suite about
/// 10⁵ steps, so real runs stay orders of magnitude inside; ``tests`` allows 10⁶ attempts and
/// 30 s per run (every solve of the test suite takes well under a second; the whole suite
/// must stay under a minute). The budget in force is the task-local ``current`` (tests bind
/// it with `StepBudget.$current.withValue(.tests) { … }`), read when an integrator is made.
public struct StepBudget: Sendable, Equatable, CustomStringConvertible {
    public var maxAttempts: Int
    public var maxWallSeconds: Double

    public init(maxAttempts: Int, maxWallSeconds: Double) {
        self.maxAttempts = maxAttempts
        self.maxWallSeconds = maxWallSeconds
    }

    public static let standard = StepBudget(maxAttempts: 10_000_000, maxWallSeconds: 3600)
    public static let tests = StepBudget(maxAttempts: 1_000_000, maxWallSeconds: 30)

    /// The budget new integrators take.
    @TaskLocal public static var current: StepBudget = .standard

    public var description: String { "at most \(maxAttempts) step attempts and \(maxWallSeconds) s" }
}

/// Counts attempts and time against a ``StepBudget``.
struct BudgetMeter {
    let budget: StepBudget
    private let start = DispatchTime.now().uptimeNanoseconds
    private(set) var attempts = 0

    init(_ budget: StepBudget = StepBudget.current) { self.budget = budget }

    /// Counts one attempt at time `t`; throws when a budget is exhausted.
    mutating func charge(at t: Double) throws {
        attempts += 1
        if attempts > budget.maxAttempts {
            throw FlowError.budgetExhausted(budget: "step attempts", limit: Double(budget.maxAttempts), time: t,
                                            attempts: attempts - 1)
        }
        // The clock is read every 64 attempts (a system call is cheap, but not free per step).
        if attempts & 63 == 0 || attempts == 1 {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            if seconds > budget.maxWallSeconds {
                throw FlowError.budgetExhausted(budget: "wall-clock seconds", limit: budget.maxWallSeconds, time: t,
                                                attempts: attempts)
            }
        }
    }
}
