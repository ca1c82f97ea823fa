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

    /// The one error path of the command line. Help and version requests print in full
    /// and exit 0; a command that already printed its result and only reports a failed
    /// verdict throws an `ExitCode` and exits with it silently; every other failure ends
    /// in one line on stderr, `ganflow: <reason>` (at most ~200 characters of it: input
    /// is never echoed at length), with a non-zero status.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data("ganflow: \(oneLine(error))\n".utf8))
            Foundation.exit(code.rawValue)
        }
    }

    /// The first line of the error's message, clipped to 240 characters.
    static func oneLine(_ error: Error) -> String {
        let text = message(for: error)
        let first = text.split(separator: "\n").first.map(String.init) ?? "\(error)"
        return InputEcho.clip(first, 240)
    }
}
