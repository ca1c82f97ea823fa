import ArgumentParser

/// The `ganflow` command: the theory of "GANs as Gradient Flows that Converge" as
/// executable evidence. Each subcommand lives in its own file under `Commands/`.
@main
struct GanFlow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ganflow",
        abstract: "GANs as gradient flows that converge: divergences, flow solvers, Algorithm 1, and the theorem battery.",
        subcommands: [
            Divergence.self,
            Train.self,
            Verify.self,
            Check.self,
            Simulate.self,
        ],
        defaultSubcommand: Verify.self
    )
}
