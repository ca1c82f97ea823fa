/// How ``SplitStepper2D`` spreads the grid lines of one directional sweep over the cores.
///
/// The lines of a sweep are independent 1D problems, each solved from its own input alone,
/// and their mass allowances are summed in line order afterwards: the solver's numbers are
/// the same bit for bit under every choice (tested). The choice only sets where the time goes.
public enum LineParallelism: String, Sendable, CaseIterable {
    /// All cores on grids of at least 4096 cells, one thread below (a chosen threshold: small
    /// sweeps take a few tenths of a millisecond).
    case automatic
    /// One thread.
    case serial
    /// All cores on every grid.
    case parallel
}
