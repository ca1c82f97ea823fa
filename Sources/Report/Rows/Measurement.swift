import Foundation
import Analytic
import Sim
import Verification

/// One measured number of a row: a name, a value and how to read it (e.g.
/// "max JS increase per step", 0, "≤ 1e-15 round-off").
public struct Measurement: Sendable, CustomStringConvertible {
    public let name: String
    public let value: Double
    /// What the value is compared with, in words ("bound 0.31", "theory 2"); may be empty.
    public let reference: String

    public init(_ name: String, _ value: Double, _ reference: String = "") {
        self.name = name
        self.value = value
        self.reference = reference
    }

    public var description: String {
        let v = NumberText.short(value)
        return reference.isEmpty ? "\(name) = \(v)" : "\(name) = \(v) (\(reference))"
    }
}
