import Analytic
import Sim
/// A time-stepping scheme for the gradient flow of docs/MATH.md §1, seen from outside: the door
/// through which ``FlowSchemeBattery`` checks any scheme, this package's or another's.
///
/// A scheme owns its state (cell averages, particles, anything) and must be able to
/// (1) build its state from an initial density, (2) advance it by a time step, and
/// (3) report cell averages on the problem's grid so that the battery can measure mass,
/// positivity, divergences to ρd and L¹ distances. Schemes whose state *is* the vector of
/// cell averages adopt ``CellAverageScheme`` and only write ``FlowScheme/advance(_:by:in:)``.
public protocol FlowScheme {
    associatedtype State
    /// A short name for reports.
    var name: String { get }
    /// The state representing `initial` (already a density on the problem's domain).
    func makeState(from initial: [Double], in problem: SchemeProblem) throws -> State
    /// The state after one step of size `dt`.
    func advance(_ state: State, by dt: Double, in problem: SchemeProblem) throws -> State
    /// Cell averages of the state's density on the problem's grid (one per cell).
    func cellAverages(of state: State, in problem: SchemeProblem) throws -> [Double]
}

/// A scheme whose state is the vector of cell averages on the problem's grid.
public protocol CellAverageScheme: FlowScheme where State == [Double] {}

extension CellAverageScheme {
    public func makeState(from initial: [Double], in problem: SchemeProblem) throws -> [Double] { initial }
    public func cellAverages(of state: [Double], in problem: SchemeProblem) throws -> [Double] { state }
}
