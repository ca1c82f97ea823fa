import Analytic
import Sim
/// One measured property of a battery run: the worst value seen, the tolerance it was held
/// to, and whether it held.
public struct BatteryCheck: Sendable, CustomStringConvertible {
    public let property: BatteryProperty
    /// The worst measured figure (e.g. the largest increase of JS in one step).
    public let measured: Double
    /// The tolerance the figure is compared with (e.g. the round-off slack).
    public let tolerance: Double
    public let holds: Bool
    /// Where the worst value occurred and what it is, in words.
    public let detail: String
    /// Whether this check decides the overall verdict.
    public let required: Bool

    public var description: String {
        "\(property): \(holds ? "holds" : "FAILS") — \(detail) (measured \(measured), tolerance \(tolerance))\(required ? "" : " [not required]")"
    }
}

/// The recorded series of a battery run (first start), one entry per time level, for plots.
public struct BatterySeries: Sendable {
    public var times: [Double] = []
    public var mass: [Double] = []
    public var minimum: [Double] = []
    /// Values of each functional of ``ConvexFunctional/family`` by name, plus "energy".
    public var functionals: [String: [Double]] = [:]
    /// ‖ρₜ − σₜ‖_L¹ of the two starts.
    public var l1Distance: [Double] = []
}

/// The outcome of ``FlowSchemeBattery/run(_:configuration:progress:)``.
public struct BatteryResult: Sendable, CustomStringConvertible {
    public let scheme: String
    public let problem: String
    public let checks: [BatteryCheck]
    public let series: BatterySeries
    /// Final cell averages of the first start.
    public let finalState: [Double]

    /// True iff every required check holds.
    public var passed: Bool { checks.allSatisfy { $0.holds || !$0.required } }

    public func check(_ p: BatteryProperty) -> BatteryCheck? { checks.first { $0.property == p } }

    /// Required checks that failed.
    public var failures: [BatteryCheck] { checks.filter { $0.required && !$0.holds } }

    public var description: String {
        (["\(scheme) on \(problem): \(passed ? "PASSED" : "FAILED")"] + checks.map { "  " + $0.description })
            .joined(separator: "\n")
    }
}
