import ArgumentParser
import DashboardApp
import Foundation
import NNCore

/// The `nnviz` command: the dashboard by default, plus headless subcommands for scripts.
@main
struct NNViz: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nnviz",
        abstract: "Train small neural networks live and see what they compute.",
        discussion: """
            With no subcommand, opens the dashboard (needs a terminal). `nnviz presets` lists the scenes; \
            `nnviz train` trains one headless and prints JSON Lines.
            """,
        subcommands: [DashboardCommand.self, PresetsCommand.self, TrainCommand.self, InspectCommand.self,
                      LandscapeCommand.self, GradcheckCommand.self, BenchCommand.self, ExportCommand.self,
                      LectureCommand.self],
        defaultSubcommand: DashboardCommand.self
    )

    /// Runs the command with nnviz's exit codes: 0 success, 2 usage errors (bad flag, unknown preset),
    /// 1 anything else; every error is one line on stderr.
    static func main() {
        StandardStreams.prepare()
        // The kernel path (NNVIZ_CPU), checked before anything touches the terminal.
        if let message = CPUDispatch.configureFromEnvironment() {
            StandardStreams.error("nnviz: " + message + "\n")
            Foundation.exit(2)
        }
        DashboardTestHooks.install()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            StandardStreams.error("nnviz: " + error.message + "\n")
            Foundation.exit(error.exitCode)
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is CleanExit {
                exit(withError: error)  // --help, --version: ArgumentParser prints them
            }
            // Argument errors: one line, exit 2 (ArgumentParser's own default is 64).
            let message = NNViz.message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments"
            StandardStreams.error("nnviz: " + message + " (see nnviz --help)\n")
            Foundation.exit(2)
        }
    }
}

/// An error that ends the program with one line on stderr and a chosen exit code.
struct CLIError: Error {
    var message: String
    var exitCode: Int32

    static func usage(_ message: String) -> CLIError { CLIError(message: message, exitCode: 2) }
    static func failure(_ message: String) -> CLIError { CLIError(message: message, exitCode: 1) }
}
