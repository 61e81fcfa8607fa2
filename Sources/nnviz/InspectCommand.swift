import ArgumentParser
import Foundation
import NNAnalysis
import NNCore
import NNSession

/// `nnviz inspect`: the model, its data and their analysis as one JSON object (fields in docs/cli.md).
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Write the model, data, objective, gradient and Hessian eigenvalues as JSON.",
        discussion: """
            Trains --steps steps first (0 = the initial or hand-set weights), then writes layers, loss, l2, \
            l1, data (training set, raw inputs), features (only when the preset sets input features), \
            objective, gradient, hessian_eigenvalues (ascending, exact up to 2500 parameters; above that \
            `spectrum` names the method used), parameter_count, kinks (1D), regions (2D; both only without \
            non-linear input features), spectrum, autodiff_cost and ntk_eigenvalues. Dropout is off for these \
            values. For a compare preset it inspects one session: --session LABEL, or the first. An experiment \
            preset (double-descent) writes its whole sweep instead (widths, train_errors, test_errors, peak_width, \
            classical_minimum).
            """
    )

    @Option(help: "Preset name or path to a preset .json file.")
    var preset: String?

    @Option(help: "Inspect a session file written by `train --save` (instead of --preset); --steps then trains further first.")
    var load: String?

    @Option(help: "Optimiser steps before inspecting (>= 0).")
    var steps: Int = 0

    @Option(help: "Training seed (overrides the preset's training.seed).")
    var seed: UInt64?

    @Option(help: "Where to write the JSON object (written atomically).")
    var out: String

    @Option(help: "Compare presets: the session to inspect, by label (default: the first).")
    var session: String?

    @Flag(help: "Also time forward and reverse mode (the output is then not byte-reproducible).")
    var measureAutodiff = false

    func validate() throws {
        guard steps >= 0 else { throw ValidationError("--steps must be >= 0, got \(steps)") }
        try CLIFiles.validateSource(preset: preset, load: load, seed: seed)
        try CLIFiles.validateOutput(out, option: "--out")
        try CLIFiles.validateSessionOption(session, load: load)
    }

    func run() throws {
        if let (p, experiment) = try ExperimentCommands.experiment(preset: preset) {
            return try ExperimentCommands.inspect(p, experiment, seed: seed, out: out, session: session)
        }
        var session = try CLIFiles.openSession(preset: preset, load: load, seed: seed, session: self.session)
        session.step(steps)
        try CLIFiles.requireFinite(session)
        var options = InspectOptions()
        options.measureAutodiff = measureAutodiff
        let report: InspectReport
        do {
            report = try InspectReport(model: session.model, loss: session.preset.training.loss,
                                       l2: session.preset.training.l2, l1: session.preset.training.l1,
                                       data: session.data.train, rawData: session.rawData.train,
                                       features: session.features, options: options)
        } catch {
            throw CLIError.failure("\(session.preset.source): step \(session.step): \(error)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        do { data = try encoder.encode(report) } catch {
            throw CLIError.failure("cannot encode the report: \(error)")
        }
        do {
            try data.write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw CLIError.failure("\(out): cannot write the file (\((error as NSError).localizedDescription))")
        }
    }
}
