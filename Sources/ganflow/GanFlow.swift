import ArgumentParser
import Foundation

/// The `ganflow` command: the theory of "GANs as Gradient Flows that Converge" as
/// executable evidence. Each subcommand lives in its own file under `Commands/`.
@main
struct GanFlow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ganflow",
        abstract: "GANs as gradient flows that converge: divergences, flow solvers, Algorithm 1, and the theorem battery.",
        subcommands: [
            Verify.self,
            Divergence.self,
            Simulate.self,
            Train.self,
            Check.self,
        ],
        defaultSubcommand: Verify.self
    )

    /// Runs the command; a bad argument or a failed computation ends with one line on
    /// stderr, `ganflow: <reason>`, and a non-zero status (help and version requests print
    /// in full and exit 0).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let reason = message(for: error)
                .split(separator: "\n").first.map(String.init) ?? "\(error)"
            FileHandle.standardError.write(Data("ganflow: \(reason)\n".utf8))
            Foundation.exit(code.rawValue)
        }
    }
}
