import ArgumentParser
import Dispatch
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
        var session = try CLIFiles.openSession(preset: preset, load: load, seed: seed)
        let target = session.step + steps
        var out = JSONLinesWriter()
        // Nobody reads the lines any more: stop, unless --save still needs the whole run.
        TrainLog.run(&session, steps: target, every: every, stop: { out.failure != nil && save == nil }) { out.emit($0) }
        out.flush()
        if let save {
            do { try session.save(to: save) } catch {
                throw error.isUsageError ? CLIError.usage(error.description) : CLIError.failure(error.description)
            }
        }
        if let divergence = session.trainer.divergence {
            throw CLIError.failure(CLIFiles.divergenceMessage(session, divergence))
        }
        if let failure = out.failure { StandardStreams.exit(failure) }
    }
}

/// Buffers stdout lines and writes them in blocks (a write per line is slow for long runs), at least every
/// 0.1 s so a reader sees progress and a reader that went away is noticed soon. The first failed write is
/// kept in `failure` and later lines are dropped.
struct JSONLinesWriter {
    private var buffer = ""
    private var lastFlush = DispatchTime.now().uptimeNanoseconds
    private(set) var failure: StandardStreams.Failure?

    mutating func emit(_ line: String) {
        guard failure == nil else { return }
        buffer += line
        buffer += "\n"
        if buffer.utf8.count > 1 << 16 || DispatchTime.now().uptimeNanoseconds &- lastFlush > 100_000_000 { flush() }
    }

    mutating func flush() {
        lastFlush = DispatchTime.now().uptimeNanoseconds
        guard !buffer.isEmpty, failure == nil else { return }
        do { try StandardStreams.write(buffer) } catch { failure = error }
        buffer = ""
    }
}
