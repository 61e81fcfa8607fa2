import ArgumentParser
import Dispatch
import Foundation
import NNCore
import NNSession

/// `nnviz train`: headless training, JSON Lines on stdout (fields in docs/cli.md).
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a preset headless and print JSON Lines.",
        discussion: """
            Prints one JSON object for step 0, then one every K steps and always one for the last step: \
            step, epoch, loss (training objective), test_loss (with test data), accuracy and test_accuracy \
            (classification), lr. Same preset and seed, same output. A compare preset trains each of its \
            sessions and adds "session": LABEL to every line (all sessions' lines at a step, in preset order); \
            a session that diverges is reported on stderr and the others go on (exit 0). --session LABEL \
            trains one session alone, with the ordinary output. An experiment preset (double-descent) prints \
            one line per width instead: width, train_error, test_error. --lambda-max adds lambda_max (the \
            largest Hessian eigenvalue of the training objective, by Lanczos warm-started from the previous \
            line's eigenvector) to every line; presets whose view shows the sharpness pane (edge-of-stability) \
            do so by default (--no-lambda-max turns it off).
            """
    )

    @Option(help: "Preset name or path to a preset .json file.")
    var preset: String?

    @Option(help: "Resume a session file written by --save (instead of --preset); --steps then counts further steps.")
    var load: String?

    @Option(help: "Write the whole session (weights, optimiser and RNG state, data) to this file at the end (atomically).")
    var save: String?

    @Option(parsing: .unconditional, help: "Number of optimiser steps (>= 0).")
    var steps: Int

    @Option(help: "Training seed (overrides the preset's training.seed; the data keeps its own seed).")
    var seed: UInt64?

    @Option(parsing: .unconditional, help: "Print one line every K steps (and always the last).")
    var every: Int = 1

    @Option(help: "Compare presets: train only the session with this label (ordinary output, no \"session\" field).")
    var session: String?

    @Flag(inversion: .prefixedNo, help: "Add lambda_max (largest Hessian eigenvalue, Lanczos) to every line (default: on for presets showing the sharpness pane).")
    var lambdaMax: Bool?

    func validate() throws {
        guard steps >= 0 else { throw ValidationError("--steps must be >= 0, got \(steps)") }
        guard steps <= TrainCommand.maxStep else {
            throw ValidationError("--steps must be at most 2^53 = \(TrainCommand.maxStep) (the largest step a session file holds), got \(steps)")
        }
        guard every >= 1 else { throw ValidationError("--every must be >= 1, got \(every)") }
        try CLIFiles.validateSource(preset: preset, load: load, seed: seed)
        if let save { try CLIFiles.validateOutput(save, option: "--save") }
        try CLIFiles.validateSessionOption(session, load: load)
    }

    /// The largest step a session may reach: 2^53, the largest a session file holds exactly (so
    /// `step + steps` never overflows either).
    static let maxStep = 1 << 53

    func run() throws {
        if let (p, experiment) = try ExperimentCommands.experiment(preset: preset) {
            if lambdaMax == true { throw ExperimentCommands.refusal(p, "--lambda-max has no network to measure") }
            return try ExperimentCommands.train(p, experiment, seed: seed, save: save, session: session)
        }
        if load == nil, session == nil {
            let p = try CLIFiles.openPreset(preset ?? "default")
            if p.isComparison { return try runComparison(p) }
        }
        var session = try CLIFiles.openSession(preset: preset, load: load, seed: seed, session: self.session)
        guard session.step <= TrainCommand.maxStep - steps else {
            throw CLIError.usage("\(session.preset.source): step \(session.step) + --steps \(steps) passes 2^53 = \(TrainCommand.maxStep), "
                + "the largest step a session file holds")
        }
        let target = session.step + steps
        var out = JSONLinesWriter()
        // Nobody reads the lines any more: stop, unless --save still needs the whole run.
        let sharpness = lambdaMax ?? session.preset.view.showsSharpness
        TrainLog.run(&session, steps: target, every: every, lambdaMax: sharpness,
                     stop: { out.flushIfDue(); return out.failure != nil && save == nil }) { out.emit($0) }
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

extension TrainCommand {
    /// Every session of a compare preset, side by side (see ``TrainLog/runComparison``).
    func runComparison(_ p: Preset) throws {
        if save != nil {
            throw CLIError.usage("\(p.source): --save writes one session; this compare preset has several: add --session LABEL")
        }
        let compared = try CLIFiles.comparedPresets(p)
        var sessions: [Session] = []
        for c in compared {
            do { sessions.append(try Session(preset: c.preset, seed: seed, recordsHistory: false)) } catch {
                throw error.isUsageError ? CLIError.usage(error.description) : CLIError.failure(error.description)
            }
        }
        var out = JSONLinesWriter()
        let sharpness = lambdaMax ?? p.view.showsSharpness
        TrainLog.runComparison(&sessions, labels: compared.map(\.label), steps: steps, every: every, lambdaMax: sharpness,
                               stop: { out.flushIfDue(); return out.failure != nil }) { out.emit($0) }
        out.flush()
        if let failure = out.failure { StandardStreams.exit(failure) }
        if let line = Self.divergenceLine(source: p.source, zip(compared, sessions).compactMap { c, s in
            s.trainer.divergence.map { (c.label, $0.step, $0.reason.rawValue) } }, sessions: sessions.count) {
            StandardStreams.error(line)
        }
    }

    /// The one stderr line naming every session that diverged (nil when none did): the headless contract is
    /// one line on stderr, however many sessions of a compare preset stopped.
    static func divergenceLine(source: String, _ diverged: [(label: String, step: Int, reason: String)], sessions: Int) -> String? {
        guard !diverged.isEmpty else { return nil }
        if diverged.count == 1, let d = diverged.first {
            return "nnviz: \(source): session \"\(d.label)\" diverged at step \(d.step) (\(d.reason)); its training stopped "
                + (sessions > 1 ? "there, the other sessions went on\n" : "there\n")
        }
        let each = diverged.map { "\"\($0.label)\" at step \($0.step) (\($0.reason))" }.joined(separator: ", ")
        if diverged.count == sessions { return "nnviz: \(source): every session diverged: \(each); training stopped there\n" }
        return "nnviz: \(source): sessions diverged: \(each); their training stopped there, the other sessions went on\n"
    }
}

/// Buffers stdout lines and writes them in blocks (a write per line is slow for long runs), at least every
/// 0.1 s so a reader sees progress and a reader that went away is noticed soon. The first failed write is
/// kept in `failure` and later lines are dropped.
struct JSONLinesWriter {
    private var buffer = ""
    private var lastFlush = DispatchTime.now().uptimeNanoseconds
    private var flushedOnce = false
    private(set) var failure: StandardStreams.Failure?

    mutating func emit(_ line: String) {
        guard failure == nil else { return }
        buffer += line
        buffer += "\n"
        if buffer.utf8.count > 1 << 16 || DispatchTime.now().uptimeNanoseconds &- lastFlush > 100_000_000 { flush() }
    }

    /// Before a block of training that may be long: writes what is waiting if it is the first output or
    /// has waited 0.1 s (so the first line never waits for the training to finish).
    mutating func flushIfDue() {
        guard !buffer.isEmpty else { return }
        if !flushedOnce || DispatchTime.now().uptimeNanoseconds &- lastFlush > 100_000_000 { flush() }
    }

    mutating func flush() {
        flushedOnce = true
        lastFlush = DispatchTime.now().uptimeNanoseconds
        guard !buffer.isEmpty, failure == nil else { return }
        do { try StandardStreams.write(buffer) } catch { failure = error }
        buffer = ""
    }
}
