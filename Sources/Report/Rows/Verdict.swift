import Analytic
import Sim
import Verification
/// The verdict of one row: the statement's prediction held on the scenario, or it failed.
/// For an observed (not proved) effect such as D12 the prediction is the effect's
/// direction (e.g. the plateau grows with sup u₀), and the row says so in its measurements.
public enum Verdict: String, Sendable, Codable, CustomStringConvertible {
    case pass = "pass"
    case fail = "FAIL"
    public var description: String { rawValue }
}
