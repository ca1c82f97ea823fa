import ArgumentParser
import Analytic

/// `ganflow divergence`: placeholder until the divergences land (issue 2).
struct Divergence: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Divergences between two densities, each with its quadrature error estimate.")

    func run() throws {
        throw ValidationError("divergence: not built yet")
    }
}
