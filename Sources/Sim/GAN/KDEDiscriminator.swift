import Foundation

/// The plug-in discriminator of the particle method, `D = ρd/(ρd + ρ̂)` with a KDE ρ̂:
/// η = ln ρd − ln ρ̂, η' = s_d − ρ̂'/ρ̂.
public struct KDEDiscriminator: Discriminator {
    public let data: any Density
    public let estimate: KernelDensity1D

    public init(data: any Density, estimate: KernelDensity1D) {
        self.data = data
        self.estimate = estimate
    }

    public func logit(_ x: Double) -> Double { data.logPDF(x) - log(estimate.evaluate(x).density) }
    public func logitDerivative(_ x: Double) -> Double {
        let e = estimate.evaluate(x)
        return data.score(x) - e.derivative / e.density
    }
}
