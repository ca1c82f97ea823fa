import Foundation
import Analytic
import Sim
import Verification

/// Size of a `ganflow verify` run: `quick` (about 10 s of processor time) or `full` (about 30 s),
/// with the grid sizes and horizons each row uses.
public struct VerifySize: Sendable {
    public let quick: Bool
    public init(quick: Bool) { self.quick = quick }
    /// Cells of the S1 grid on [−8, 8] (2000 in bench/solver's benchmark).
    public var cells: Int { quick ? 200 : 800 }
    /// Horizon of the battery run through the door.
    public var batteryTime: Double { quick ? 10 : 20 }
    public var batteryStep: Double { quick ? 0.05 : 0.02 }
}
