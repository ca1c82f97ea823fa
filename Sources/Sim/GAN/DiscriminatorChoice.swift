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
