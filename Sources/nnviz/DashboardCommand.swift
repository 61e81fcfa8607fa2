import ArgumentParser
import Foundation

/// Placeholder for the dashboard (helper D replaces this file): parses the dashboard's options so the
/// root command's default subcommand exists, then says the dashboard is not built yet.
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Open the interactive dashboard (the default command)."
    )

    @Option(help: "Preset name or path to a preset .json file.")
    var preset: String = "default"

    @Option(help: "Training seed (overrides the preset's).")
    var seed: UInt64?

    func run() throws {
        FileHandle.standardError.write(Data("nnviz: dashboard not built yet (try `nnviz presets` or `nnviz train`)\n".utf8))
        throw ExitCode(2)
    }
}
