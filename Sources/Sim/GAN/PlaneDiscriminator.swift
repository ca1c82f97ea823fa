import Foundation
import Analytic

/// A discriminator on the plane, `D = σ(η)`, given by its logit η(x) and ∇η(x).
///
/// As in 1D (``Discriminator``), the displacement of eq. (22) per unit ε is formed from the
/// logit without cancellation: `∇D/(2(1 − D)) = ½ D ∇η`. For D = D* (η = ln ρd − ln ρ) it is
/// the velocity of ODE (2), `v = ½ D* (∇ln ρd − ∇ln ρ)` (docs/MATH.md §1).
public protocol PlaneDiscriminator: Sendable {
    func logit(_ x: SIMD2<Double>) -> Double
    func logitGradient(_ x: SIMD2<Double>) -> SIMD2<Double>
}

extension PlaneDiscriminator {
    public func value(_ x: SIMD2<Double>) -> Double { sigmoid(logit(x)) }
    /// ½ D ∇η: the displacement of eq. (22) per unit ε (0 where D underflows to 0).
    public func drift(_ x: SIMD2<Double>) -> SIMD2<Double> {
        let d = value(x)
        return d == 0 ? .zero : 0.5 * d * logitGradient(x)
    }
}

/// The exact optimal discriminator `D* = ρd/(ρd + ρ)` of two known 2D densities:
/// η = ln ρd − ln ρ, ∇η = ∇ln ρd − ∇ln ρ.
public struct PlaneOptimalDiscriminator: PlaneDiscriminator {
    public let data: any Density2D
    public let generator: any Density2D
    public init(data: any Density2D, generator: any Density2D) {
        self.data = data
        self.generator = generator
    }
    public func logit(_ x: SIMD2<Double>) -> Double { data.logPDF(x) - generator.logPDF(x) }
    public func logitGradient(_ x: SIMD2<Double>) -> SIMD2<Double> { data.score(x) - generator.score(x) }
}

/// The plug-in D* for a generator without a closed-form law: `D = ρd/(ρd + ρ̂)` with ρ̂ the
/// Gaussian product-kernel KDE of generated samples (``KernelDensity2D``, bandwidth stated
/// by its rule): η = ln ρd − ln ρ̂, ∇η = ∇ln ρd − ∇ρ̂/ρ̂. With the generator's own samples as
/// the KDE's points this is the particle method's velocity (D9).
public struct PlaneKDEDiscriminator: PlaneDiscriminator {
    public let data: any Density2D
    public let estimate: KernelDensity2D
    public init(data: any Density2D, estimate: KernelDensity2D) {
        self.data = data
        self.estimate = estimate
    }
    public func logit(_ x: SIMD2<Double>) -> Double { data.logPDF(x) - log(estimate.evaluate(x).density) }
    public func logitGradient(_ x: SIMD2<Double>) -> SIMD2<Double> {
        let e = estimate.evaluate(x)
        return data.score(x) - e.gradient / e.density
    }
    /// ½ D ∇η from one KDE evaluation.
    public func driftFromOneEvaluation(_ x: SIMD2<Double>) -> SIMD2<Double> {
        let e = estimate.evaluate(x)
        let d = sigmoid(data.logPDF(x) - log(e.density))
        return d == 0 ? .zero : 0.5 * d * (data.score(x) - e.gradient / e.density)
    }
}

/// Step 4 of Algorithm 1 in 2D: which discriminator the generator sees.
public enum PlaneDiscriminatorChoice: Sendable, Equatable, CustomStringConvertible {
    /// The oracle D* with the generator's law in closed form (affine: N(a, BBᵀ)).
    case exact
    /// The plug-in D* with a KDE of m generated samples (bandwidth by the rule).
    case kde(BandwidthRule)
    /// Logistic regression on the quadratic features (1, x, y, x², xy, y²), trained to its
    /// optimum by Newton with the ridge penalty c (``PlaneLogisticDiscriminator``).
    case logistic(penalty: Double)

    public var description: String {
        switch self {
        case .exact: "exact D*"
        case .kde(let r): "D* with a KDE of the generator (bandwidth \(r))"
        case .logistic(let c): "logistic quadratic (penalty \(c))"
        }
    }
}
