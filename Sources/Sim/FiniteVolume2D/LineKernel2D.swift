/// Which code solves the grid lines of a directional sweep of ``SplitStepper2D``: both give
/// the same numbers bit for bit (tested), so the choice only sets where the time goes.
public enum LineKernel2D: String, Sendable, CaseIterable {
    /// Bundles of 8 lines, interleaved, through the C kernel `ganflow_line_bundle_substep`:
    /// every loop runs across the lines on the vector units.
    case bundled
    /// One line at a time in Swift (the line system and the tridiagonal Newton iteration): the
    /// reference the bundled kernel is tested against.
    case perLine
}
