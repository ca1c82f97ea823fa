import ArgumentParser

/// Sizes the command line accepts, derived from memory so that no option value makes
/// ganflow allocate gigabytes and run on.
///
/// A finite-volume run keeps about 48 arrays of one double per cell (the solution, the
/// variable-order difference table up to order 5, Newton's tridiagonal system and
/// work arrays, the diagnostics) plus one array per output time; a budget of 2 GiB for one
/// run gives `cells × (48 + times) × 8 B ≤ 2 GiB`. Grids finer than 10⁶ cells are refused
/// outright: at 10⁶ cells the cell width on [−8, 8] is 1.6e-5, beyond any resolution the
/// flow's smooth solutions need, and a single Newton iteration already takes ~0.05 s.
enum Limits {
    /// Bytes one run may plan to hold.
    static let memoryBudget = 2 << 30
    /// Largest `--cells` (simulate, check).
    static let maxCells = 1_000_000
    /// Largest number of output times (`--times`).
    static let maxTimes = 10_000
    /// Largest minibatch (`train --batch`): each sample carries ~10 doubles of state per
    /// iteration (noise, generator output, targets, discriminator values and gradients).
    static let maxBatch = 1_000_000
    /// Largest `train --iterations` × `--batch` (work, not memory: about a minute here).
    static let maxTrainingWork = 2_000_000_000
    /// Largest trajectory file `check` reads (the whole file is held as text and numbers).
    static let maxFileBytes = 256 << 20

    /// Refuses a grid that is too fine, or too many cells × output times for the budget.
    static func checkGrid(cells: Int, times: Int = 1, option: String = "--cells") throws {
        guard cells >= 2 else { throw ValidationError("\(option) must be at least 2, got \(cells)") }
        guard cells <= maxCells else {
            throw ValidationError("\(option) must be at most \(maxCells) (a memory limit), got \(cells)")
        }
        guard times <= maxTimes else {
            throw ValidationError("--times takes at most \(maxTimes) output times, got \(times)")
        }
        let bytes = Double(cells) * Double(48 + times) * 8
        guard bytes <= Double(memoryBudget) else {
            throw ValidationError("\(cells) cells × \(times) output times need about \(Int(bytes / 1e6)) MB; the limit is \(memoryBudget >> 20) MiB — use fewer cells or output times")
        }
    }
}
