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
            (classification), lr. Same preset and seed, same output.
            """
    )

    @Option(help: "Preset name or path to a preset .json file.")
    var preset: String

    @Option(help: "Number of optimiser steps (>= 0).")
    var steps: Int

    @Option(help: "Training seed (overrides the preset's training.seed; the data keeps its own seed).")
    var seed: UInt64?

    @Option(help: "Print one line every K steps (and always the last).")
    var every: Int = 1

    func validate() throws {
        guard steps >= 0 else { throw ValidationError("--steps must be >= 0, got \(steps)") }
        guard every >= 1 else { throw ValidationError("--every must be >= 1, got \(every)") }
    }

    func run() throws {
        var session: Session
        do {
            session = try Session(preset: try PresetLibrary.load(preset), seed: seed, recordsHistory: false)
        } catch {
            throw error.isUsageError ? CLIError.usage(error.description) : CLIError.failure(error.description)
        }
        var out = JSONLinesWriter()
        TrainLog.run(&session, steps: steps, every: every) { out.emit($0) }
        out.flush()
        if let divergence = session.trainer.divergence {
            throw CLIError.failure("\(session.preset.source): diverged at step \(divergence.step) (\(divergence.reason.rawValue)): lower training.optimizer.lr (now \(session.preset.training.optimizer.lr))")
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
