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
    var preset: String

    @Option(help: "Optimiser steps before exporting (>= 0).")
    var steps: Int = 500

    @Option(help: "Training seed (overrides the preset's training.seed).")
    var seed: UInt64?

    @Option(help: "Directory for the figures (created if missing; its parent must exist).")
    var out: String

    func validate() throws {
        guard steps >= 0 else { throw ValidationError("--steps must be >= 0, got \(steps)") }
        guard !preset.isEmpty else { throw ValidationError("--preset needs a name or a path") }
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
        // An experiment preset has no network: its placeholder session would give figures of nothing.
        if let (p, _) = try ExperimentCommands.experiment(preset: preset) {
            throw ExperimentCommands.refusal(p, "no figures to export (use `nnviz inspect` for its sweep, or the dashboard)")
        }
        let files: [ExportFile]
        do {
            let loaded = try PresetLibrary.load(preset)
            if loaded.isComparison {
                files = CompareExport.files(try CompareExport.train(loaded, seed: seed, steps: steps), preset: loaded) {
                    TextFrame.compare($0, models: $1, lambdas: $2)
                }
            } else {
                // With the metric history (the loss figure needs it; `train` and `inspect` don't record one).
                var session = try Session(preset: loaded, seed: seed, recordsHistory: true)
                session.step(steps)
                if let d = session.trainer.divergence { throw CLIError.failure(CLIFiles.divergenceMessage(session, d)) }
                files = FigureExport.files(for: session.snapshot()) { TextFrame.single($0, model: $1, spectrum: $2) }
            }
        } catch let error as PresetError {
            throw error.isUsageError ? CLIError.usage(error.description) : CLIError.failure(error.description)
        }
        var isDir: ObjCBool = false
        if !(FileManager.default.fileExists(atPath: out, isDirectory: &isDir) && isDir.boolValue), mkdir(out, 0o755) != 0 {
            throw CLIError.failure("\(out): cannot create the directory (\(String(cString: strerror(errno))))")
        }
        for f in files {
            let path = (out as NSString).appendingPathComponent(f.name)
            do {
                try Data(f.contents.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw CLIError.failure("\(path): cannot write the file (\((error as NSError).localizedDescription))")
            }
        }
        print(files.map { (out as NSString).appendingPathComponent($0.name) }.joined(separator: "\n"))
    }
}
