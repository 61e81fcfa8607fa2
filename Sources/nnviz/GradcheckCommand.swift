import ArgumentParser
import Foundation
import NNAnalysis
import NNCore
import NNSession

/// `nnviz gradcheck`: the lecture's "test your backprop" step. Compares NNCore's backprop
/// gradient of the objective with central differences, per layer (weights and bias) and overall, and exits
/// with status 1 when the largest relative difference exceeds the threshold.
struct GradcheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradcheck",
        abstract: "Check backprop against central differences, per layer; exit 1 above the threshold.",
        discussion: """
            Trains --steps steps first, then for every parameter θ_i compares the backprop gradient g_i with \
            (J(θ + h e_i) − J(θ − h e_i)) / 2h over the training set (dropout off). Relative difference: \
            |g − ĝ| / max(|g|, |ĝ|, 1e-6·max|g|, 1e6·ρ) with ρ = 4ε(J + 1)/h the resolution of central differences. ReLU-type activations: components whose ±h step moves \
            some pre-activation across 0 (a kink) are skipped and counted, not compared. With an L1 term \
            (training.l1 > 0), components with |θ_i| ≤ h are skipped and counted too: |θ_i| has its kink at 0.
            """
    )

    @Option(help: "Preset name or path to a preset .json file.")
    var preset: String

    @Option(help: "Training seed (overrides the preset's training.seed).")
    var seed: UInt64?

    @Option(help: "Optimiser steps before checking (>= 0).")
    var steps: Int = 0

    @Option(help: "Largest relative difference accepted.")
    var threshold: Double = 1e-6

    @Option(help: "Central-difference step h.")
    var h: Double = GradientCheck.defaultStep

    @Option(help: "Use only the first N training points (0 = all).")
    var points: Int = 0

    @Option(help: "Compare presets: check the session with this label (default: the first, as for inspect).")
    var session: String?

    func validate() throws {
        guard steps >= 0 else { throw ValidationError("--steps must be >= 0, got \(steps)") }
        guard threshold > 0 && threshold.isFinite else { throw ValidationError("--threshold must be a finite number > 0") }
        guard h > 0 && h.isFinite else { throw ValidationError("--h must be > 0") }
        guard points >= 0 else { throw ValidationError("--points must be >= 0") }
        try CLIFiles.validateSessionOption(session, load: nil)
    }

    func run() throws {
        var session: Session
        if let (p, _) = try ExperimentCommands.experiment(preset: preset) {
            throw ExperimentCommands.refusal(p, "nothing to gradcheck (use `nnviz train` to print its sweep)")
        }
        do {
            // A compare preset's base is not one of its sessions (in depth-vs-width it is the second, hand-set
            // one): check the first session, or the labelled one, like `inspect`.
            let picked = try CLIFiles.pick(try CLIFiles.openPreset(preset), session: self.session)
            session = try Session(preset: picked, seed: seed, recordsHistory: false)
        } catch let error as PresetError {
            throw error.isUsageError ? CLIError.usage(error.description) : CLIError.failure(error.description)
        }
        session.step(steps)
        var data = session.data.train  // the network's inputs (after any input features)
        if points > 0 && points < data.count {
            data = Dataset(inputSize: data.inputSize, targetSize: data.targetSize,
                           x: Array(data.x[0..<(points * data.inputSize)]), y: Array(data.y[0..<(points * data.targetSize)]))
        }
        let training = session.preset.training
        let report: GradientCheckReport
        do {
            report = try GradientCheck.run(model: session.model, objective: Objective(loss: training.loss, l2: training.l2, l1: training.l1),
                                           data: data, step: h)
        } catch {
            throw CLIError.failure("\(session.preset.source): step \(session.step): \(error)")
        }
        let verdict = report.passes(threshold: threshold) ? "PASS" : "FAIL"
        StandardStreams.writeOrExit(GradcheckFormat.table(report, preset: preset, step: session.step, points: data.count,
                                                          parameters: session.model.parameterCount)
                                    + "\nthreshold \(GradcheckFormat.sci(threshold)): \(verdict)\n")
        if !report.passes(threshold: threshold) {
            throw CLIError.failure("largest relative difference \(GradcheckFormat.sci(report.overall.maxRelativeDifference)) > \(GradcheckFormat.sci(threshold))")
        }
    }
}

/// The plain-text table `nnviz gradcheck` prints.
enum GradcheckFormat {
    static func sci(_ x: Double) -> String { String(format: "%.2e", x) }

    static func table(_ r: GradientCheckReport, preset: String, step: Int, points: Int, parameters: Int) -> String {
        var lines = ["gradcheck \(preset): step \(step), \(parameters) parameters, \(points) points, h = \(sci(r.step)), J = \(String(format: "%.6g", r.objective))"]
        func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
        lines.append(pad("group", 6) + pad("max rel diff", 14) + pad("index", 7) + pad("layer", 6) + pad("row", 5)
                     + pad("col", 5) + pad("backprop", 14) + "central")
        for e in r.layers + [r.overall] {
            if e.index < 0 {
                lines.append(pad(e.name, 6) + "(all \(e.name) components skipped near kinks)")
                continue
            }
            lines.append(pad(e.name, 6) + pad(sci(e.maxRelativeDifference), 14) + pad("\(e.index)", 7)
                         + pad("\((e.layer ?? 0) + 1)", 6) + pad("\(e.row)", 5) + pad("\(e.column)", 5)
                         + pad(String(format: "%.6e", e.analytic), 14) + String(format: "%.6e", e.numeric))
        }
        lines.append("skipped near kinks: \(r.skippedNearKinks) (θ ± h moves a pre-activation across 0)")
        if r.skippedAtL1Kink > 0 {
            lines.append("skipped at the L1 kink: \(r.skippedAtL1Kink) (|θ_i| ≤ h: λ₁|θ_i| is not differentiable at 0; backprop uses sign(0) = 0)")
        }
        return lines.joined(separator: "\n")
    }
}
