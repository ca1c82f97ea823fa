/// When an adaptive step has become too short to resolve, and the error that says so.
///
/// A step that lands on the limit is taken however short (a tiny horizon is one short step);
/// only a step shortened by rejections can underflow. The test is relative to t only: near
/// t = 0 the flow's own time scale can be far below 1e-14 (the χ² flow from u₀ ~ 1e12 relaxes
/// on h²/Ψ'(u₀) ~ 1e-15), and such steps resolve.
enum StepUnderflow {
    /// A step `h` short of the `remaining` time that t + h cannot resolve (h ≤ 1e-14·|t|) or
    /// that is subnormal.
    static func occurs(step h: Double, remaining: Double, time: Double) -> Bool {
        h < remaining && (h <= 1e-14 * abs(time) || h < Double.leastNormalMagnitude)
    }

    /// The failure, with the count of rejections and the guard's last reason.
    static func failure(time: Double, step h: Double, rejected: Int, lastViolation: StructureViolation?) -> FlowError {
        FlowError.stepFailed(time: time, step: h, reason: "step size underflow after \(rejected) rejections (\(lastViolation.map { "last by the guard: \($0)" } ?? "error or Newton"))")
    }
}
