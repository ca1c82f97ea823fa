import Verification
import CustomScheme

/// ``ExplicitFiniteVolumes`` with the sign of every flux flipped: anti-diffusion. Mass is
/// still conserved, but the energy rises at the first step by about Δt·∫ρ|v|² > 0.
struct SignFlippedFiniteVolumes: CellAverageScheme {
    var name: String { "explicit finite volumes, flux sign flipped" }

    func advance(_ rho: [Double], by dt: Double, in p: SchemeProblem) throws -> [Double] {
        let flipped = ExplicitFiniteVolumes().interiorFluxes(rho, in: p).map { -$0 }
        return ExplicitFiniteVolumes.step(rho, fluxes: flipped, by: dt, in: p)
    }
}

/// ``ExplicitFiniteVolumes`` with one interior face lost (its flux is never applied): the
/// domain falls apart into two halves that exchange no mass. Each half is still a
/// conservative monotone scheme, so every step-wise property holds; only the long-time
/// limit is wrong (docs/MATH.md §2 D5: each component keeps its initial mass).
struct LostFaceFiniteVolumes: CellAverageScheme {
    /// The interior face that is lost (between cell `face` and cell `face + 1`).
    let face: Int

    var name: String { "explicit finite volumes, face \(face) lost" }

    func advance(_ rho: [Double], by dt: Double, in p: SchemeProblem) throws -> [Double] {
        var fluxes = ExplicitFiniteVolumes().interiorFluxes(rho, in: p)
        fluxes[face] = 0
        return ExplicitFiniteVolumes.step(rho, fluxes: fluxes, by: dt, in: p)
    }
}
