/// Step 4 of Algorithm 1: which discriminator the generator sees.
public enum DiscriminatorChoice: Sendable, Equatable, CustomStringConvertible {
    /// The oracle `D* = ρd/(ρd + ρ_θ)` (needs the generator's density in closed form).
    case exact
    /// Logistic regression on `features`, trained as `training` says.
    case logistic(DiscriminatorFeatures, LogisticTraining)

    public var description: String {
        switch self {
        case .exact: "exact D*"
        case .logistic(let f, let t): "logistic(\(f), \(t))"
        }
    }
}

/// Algorithm 1 stopped because the generator's parameters stopped being finite numbers.
public struct Algorithm1Diverged: Error, CustomStringConvertible, Sendable {
    public let iteration: Int
    public let parameters: [Double]
    public var description: String {
        "Algorithm 1 diverged at iteration \(iteration): generator parameters \(parameters) are not finite"
    }
}
