import Foundation

/// The optimal discriminator `D*(x) = ρd(x) / (ρd(x) + ρ(x)) = 1/(1 + u)`, `u = ρ/ρd`
/// (docs/MATH.md §1; D7, derived), computed from log-densities as the logistic function of
/// `ℓ(x) = ln ρd(x) − ln ρ(x)`, so it stays accurate where both densities underflow.
///
/// Where both densities vanish (outside both supports) `D*` is 0/0; it is given the
/// value ½ there (the value at the fixed point), which never enters an expectation.
public struct OptimalDiscriminator: Sendable {
    public let data: any Density
    public let generator: any Density

    public init(data: any Density, generator: any Density) {
        self.data = data
        self.generator = generator
    }

    /// `ℓ(x) = ln ρd(x) − ln ρ(x)`: `D* = σ(ℓ)`; ±∞ off one support, NaN off both.
    public func logit(_ x: Double) -> Double { data.logPDF(x) - generator.logPDF(x) }

    /// ℓ'(x) = s_d(x) − s_ρ(x), the difference of the two scores.
    public func logitDerivative(_ x: Double) -> Double { data.score(x) - generator.score(x) }

    /// D*(x) ∈ [0, 1].
    public func callAsFunction(_ x: Double) -> Double {
        let l = logit(x)
        if l.isNaN { return 0.5 }
        return sigmoid(l)
    }

    /// ln D*(x) = −softplus(−ℓ), without underflow.
    public func logD(_ x: Double) -> Double {
        let l = logit(x)
        if l.isNaN { return -M_LN2 }
        return -softplus(-l)
    }

    /// ln(1 − D*(x)) = −softplus(ℓ).
    public func logOneMinusD(_ x: Double) -> Double {
        let l = logit(x)
        if l.isNaN { return -M_LN2 }
        return -softplus(l)
    }

    /// ∇D*(x) = D*(1 − D*)(s_d − s_ρ), from the two scores.
    public func gradient(_ x: Double) -> Double {
        let d = self(x)
        return d * (1 - d) * (data.score(x) - generator.score(x))
    }
}

