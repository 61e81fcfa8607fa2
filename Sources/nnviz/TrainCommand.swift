import ArgumentParser
import NNCore
import NNSession

/// `nnviz train`: headless training, JSON Lines on stdout (DESIGN.md §3).
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a preset headless and print JSON Lines.",
        discussion: """
            Prints one JSON object for step 0, then one every K steps and always one for the last step: \
            step, epoch, loss (training objective), test_loss (with test data), accuracy and test_accuracy \
            (classification), lr. Same preset and seed, same output. An experiment preset \
            (double-descent) prints one line per width instead: width, train_error, test_error.
            """
    )

    @Option(help: "Preset name or path to a preset .json file.")
    var preset: String?

    @Option(help: "Resume a session file written by --save (instead of --preset); --steps then counts further steps.")
    var load: String?

    @Option(help: "Write the whole session (weights, optimiser and RNG state, data) to this file at the end (atomically).")
    var save: String?

    @Option(help: "Number of optimiser steps (>= 0).")
    var steps: Int

    @Option(help: "Training seed (overrides the preset's training.seed; the data keeps its own seed).")
    var seed: UInt64?

    @Option(help: "Print one line every K steps (and always the last).")
    var every: Int = 1

    func validate() throws {
        guard steps >= 0 else { throw ValidationError("--steps must be >= 0, got \(steps)") }
        guard every >= 1 else { throw ValidationError("--every must be >= 1, got \(every)") }
        try CLIFiles.validateSource(preset: preset, load: load, seed: seed)
        if let save { try CLIFiles.validateOutput(save, option: "--save") }
    }

    func run() throws {
        if let (p, experiment) = try ExperimentCommands.experiment(preset: preset) {
            return try ExperimentCommands.train(p, experiment, seed: seed, save: save)
        }
        var session = try CLIFiles.openSession(preset: preset, load: load, seed: seed)
        let target = session.step + steps
        var out = JSONLinesWriter()
        TrainLog.run(&session, steps: target, every: every) { out.emit($0) }
        out.flush()
        if let save {
            do { try session.save(to: save) } catch {
                throw error.isUsageError ? CLIError.usage(error.description) : CLIError.failure(error.description)
            }
        }
        if let divergence = session.trainer.divergence {
            throw CLIError.failure(CLIFiles.divergenceMessage(session, divergence))
        }
    }
}

/// Buffers stdout lines and writes them in blocks (print() per line is slow for long runs).
struct JSONLinesWriter {
    private var buffer = ""

    mutating func emit(_ line: String) {
        buffer += line
        buffer += "\n"
        if buffer.utf8.count > 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        print(buffer, terminator: "")
        buffer = ""
    }
}
