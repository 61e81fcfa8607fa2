import ArgumentParser
import NNSession

/// `nnviz train`: headless training, JSON Lines on stdout (DESIGN.md §3).
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a preset headless and print JSON Lines."
    )

    @Option(help: "Preset name or path to a preset .json file.")
    var preset: String

    @Option(help: "Number of optimiser steps (>= 0).")
    var steps: Int

    @Option(help: "Training seed (overrides the preset's).")
    var seed: UInt64?

    @Option(help: "Print one line every K steps (and always the last).")
    var every: Int = 1

    func validate() throws {
        guard steps >= 0 else { throw ValidationError("--steps must be >= 0, got \(steps)") }
        guard every >= 1 else { throw ValidationError("--every must be >= 1, got \(every)") }
    }

    func run() throws {
        throw CLIError.failure("train: not wired yet")
    }
}
