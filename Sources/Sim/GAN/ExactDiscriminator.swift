/// The optimal discriminator `D* = ρd/(ρd + ρ)` of two known densities:
/// `η = ln ρd − ln ρ`, `η' = s_d − s_ρ` (scores). MATH.md §1, D7.
public struct ExactDiscriminator: Discriminator {
    public let data: any Density
    public let generator: any Density

    public init(data: any Density, generator: any Density) {
        self.data = data
        self.generator = generator
    }

    public func logit(_ x: Double) -> Double { data.logPDF(x) - generator.logPDF(x) }
    public func logitDerivative(_ x: Double) -> Double { data.score(x) - generator.score(x) }
}
