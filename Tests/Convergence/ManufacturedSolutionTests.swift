import Testing
import Sim

@Suite("Manufactured solutions")
struct ManufacturedSolutionTests {
}
