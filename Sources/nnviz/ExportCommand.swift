import ArgumentParser
import Dashboard
import Figures
import Foundation
import NNSession

/// `nnviz export`: trains headless, then writes each pane as an SVG figure and the dashboard frame as text.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write each pane as an SVG figure for slides, and the dashboard frame as text.",
        discussion: """
            Trains --steps steps, then writes into DIR: fit.svg (1D input: data, fitted curve, kinks) or \
            regions.svg (2D input: class regions, data, linear-region boundaries), loss.svg (train and test, \
            log scale), spectrum.svg (Hessian eigenvalue histogram, λmin and λmax marked), network.svg and \
            frame.txt (the dashboard at 160x48). A compare preset (e.g. optimizers) writes the comparison: \
            loss.svg (every session's curves on one log axis, labelled), lambda-max.svg (λmax per session), \
            fit-LABEL.svg or regions-LABEL.svg per session and frame.txt (compare mode at 160x48); a session \
            that diverges is shown as such. DIR is created if its parent exists. Same preset and seed, same bytes.
            """
    )

    @Option(help: "Preset name or path to a preset .json file.")
    var preset: String?

    @Option(help: "A lecture deck (name or path): each step's figures go into DIR/NN-preset/ (trained to the preset's view.claim_step, else --steps).")
    var lecture: String?

    @Option(help: "Optimiser steps before exporting (>= 0).")
    var steps: Int = 500

    @Option(help: "Training seed (overrides the preset's training.seed).")
    var seed: UInt64?

    @Option(help: "Directory for the figures (created if missing; its parent must exist).")
    var out: String

    func validate() throws {
        guard steps >= 0 else { throw ValidationError("--steps must be >= 0, got \(steps)") }
        guard (preset == nil) != (lecture == nil) else { throw ValidationError("give either --preset or --lecture") }
        guard preset?.isEmpty != true else { throw ValidationError("--preset needs a name or a path") }
        guard lecture?.isEmpty != true else { throw ValidationError("--lecture needs a deck name or a path") }
        guard !out.isEmpty else { throw ValidationError("--out needs a directory name") }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isDir), !isDir.boolValue {
            throw ValidationError("--out \(out): is a file (expected a directory)")
        }
        let parent = ((out as NSString).standardizingPath as NSString).deletingLastPathComponent
        let parentPath = parent.isEmpty ? "." : parent
        guard FileManager.default.fileExists(atPath: parentPath, isDirectory: &isDir), isDir.boolValue else {
            throw ValidationError("--out \(out): no such directory \(parentPath)")
        }
    }

    func run() throws {
        if let lecture {
            try exportLecture(lecture)
            return
        }
        guard let preset else { return }
        // An experiment preset has no network: its placeholder session would give figures of nothing.
        if let (p, _) = try ExperimentCommands.experiment(preset: preset) {
            throw ExperimentCommands.refusal(p, "no figures to export (use `nnviz inspect` for its sweep, or the dashboard)")
        }
        let files: [ExportFile]
        do {
            files = try Self.files(PresetLibrary.load(preset), seed: seed, steps: steps)
        } catch let error as PresetError {
            throw error.isUsageError ? CLIError.usage(error.description) : CLIError.failure(error.description)
        }
        try Self.makeDirectory(out)
        try Self.write(files, to: out)
        print(files.map { (out as NSString).appendingPathComponent($0.name) }.joined(separator: "\n"))
    }

    /// A preset's figures after `steps` steps (a compare preset: the comparison).
    static func files(_ loaded: Preset, seed: UInt64?, steps: Int) throws -> [ExportFile] {
        if loaded.isComparison {
            return CompareExport.files(try CompareExport.train(loaded, seed: seed, steps: steps), preset: loaded) {
                TextFrame.compare($0, models: $1, lambdas: $2)
            }
        }
        // With the metric history (the loss figure needs it; `train` and `inspect` don't record one).
        var session = try Session(preset: loaded, seed: seed, recordsHistory: true)
        session.step(steps)
        if let d = session.trainer.divergence { throw CLIError.failure(CLIFiles.divergenceMessage(session, d)) }
        return FigureExport.files(for: session.snapshot()) { TextFrame.single($0, model: $1, spectrum: $2) }
    }

    /// `--lecture DECK`: each step's figures in `DIR/NN-preset/` (NN the step's number, from 01), trained to
    /// the preset's `view.claim_step` (else `--steps`); an experiment step (no network) is skipped with a line
    /// on stderr.
    func exportLecture(_ name: String) throws {
        let deck = try LectureCommand.load(name)
        try Self.makeDirectory(out)
        var written: [String] = []
        for (i, step) in deck.steps.enumerated() {
            let dir = (out as NSString).appendingPathComponent(String(format: "%02d-", i + 1) + step.presetName)
            if step.preset.experiment != nil {
                StandardStreams.error("nnviz: step \(i + 1) (\(step.presetName)): an experiment preset has no figures to export; skipped\n")
                continue
            }
            let files: [ExportFile]
            do {
                files = try Self.files(step.preset, seed: seed, steps: step.preset.view.claimStep ?? steps)
            } catch let error as PresetError {
                throw CLIError.failure(error.description)
            }
            try Self.makeDirectory(dir)
            try Self.write(files, to: dir)
            written += files.map { (dir as NSString).appendingPathComponent($0.name) }
        }
        print(written.joined(separator: "\n"))
    }

    static func makeDirectory(_ out: String) throws {
        var isDir: ObjCBool = false
        if !(FileManager.default.fileExists(atPath: out, isDirectory: &isDir) && isDir.boolValue), mkdir(out, 0o755) != 0 {
            throw CLIError.failure("\(out): cannot create the directory (\(String(cString: strerror(errno))))")
        }
    }

    static func write(_ files: [ExportFile], to out: String) throws {
        for f in files {
            let path = (out as NSString).appendingPathComponent(f.name)
            do {
                try Data(f.contents.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw CLIError.failure("\(path): cannot write the file (\((error as NSError).localizedDescription))")
            }
        }
    }
}
