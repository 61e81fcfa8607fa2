import ArgumentParser
import Foundation
import NNAnalysis
import NNCore
import NNSession

extension LandscapeDirectionKind: ExpressibleByArgument {}

/// `nnviz landscape`: the objective on a plane through θ, J(θ + α u + β v), as one JSON object.
struct LandscapeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "landscape",
        abstract: "Write the loss on a plane through the weights (two directions, a G×G grid) as JSON.",
        discussion: """
            Trains --steps steps first, then writes layers, data (raw inputs), loss, l2, l1, features (only \
            when the preset sets input features), objective (as inspect; J includes the L1 term), \
            directions, method, u, v (length P, θ order), alphas and betas (linspace(-span, span, G)) and \
            loss_grid[i][j] = J(θ + alphas[i]·u + betas[j]·v). hessian: eigenvectors of the two largest \
            eigenvalues (exact up to 2500 parameters, Lanczos above), plus eigenvalues [λ1, λ2]. random: \
            filter-normalised Gaussian directions (each unit's incoming weights scaled to that unit's norm in θ, \
            biases 0), seeded by the training seed. trajectory: the first two principal directions of θ_k − θ_N \
            over at most 200 evenly spaced checkpoints of the run, plus path_alpha, path_beta.
            """
    )

    @Option(help: "Preset name or path to a preset .json file.")
    var preset: String

    @Option(help: "Training seed (overrides the preset's training.seed; also seeds the random directions).")
    var seed: UInt64?

    @Option(parsing: .unconditional, help: "Optimiser steps before the landscape (>= 0; trajectory needs >= 2).")
    var steps: Int = 0

    @Option(help: "hessian, random or trajectory.")
    var directions: LandscapeDirectionKind

    @Option(parsing: .unconditional, help: "Grid points per axis (odd, 3 to 401), so (0, 0) is on the grid.")
    var grid: Int = 41

    @Option(parsing: .unconditional, help: "Half-width of the plane: alphas and betas run from -span to span (> 0).")
    var span: Double = 1

    @Option(help: "Where to write the JSON object (written atomically).")
    var out: String

    func validate() throws {
        guard steps >= 0 else { throw ValidationError("--steps must be >= 0, got \(steps)") }
        guard grid >= 3, grid <= 401, grid % 2 == 1 else {
            throw ValidationError("--grid must be an odd integer from 3 to 401 (so (0, 0) is on the grid), got \(grid)")
        }
        guard span.isFinite, span > 0 else { throw ValidationError("--span must be a finite number > 0, got \(span)") }
        if directions == .trajectory && steps < 2 {
            throw ValidationError("--directions trajectory needs --steps >= 2 (a path to take directions from), got \(steps)")
        }
        try CLIFiles.validateSource(preset: preset, load: nil, seed: seed)
        try CLIFiles.validateOutput(out, option: "--out")
    }

    func run() throws {
        if let (p, _) = try ExperimentCommands.experiment(preset: preset) {
            throw ExperimentCommands.refusal(p, "landscape needs a network to train")
        }
        var session = try CLIFiles.openSession(preset: preset, load: nil, seed: seed)
        var checkpoints: [[Double]] = []
        if directions == .trajectory {
            for s in LossLandscape.checkpointSteps(steps: steps) {
                session.step(s - session.step, updateMetrics: false)
                if session.isFinished && session.step < s { break }
                checkpoints.append(session.model.parameters)
            }
            session.updateMetrics()
        } else {
            session.step(steps)
        }
        if let d = session.trainer.divergence { throw CLIError.failure(CLIFiles.divergenceMessage(session, d)) }
        try CLIFiles.requireFinite(session)
        let training = session.preset.training
        let data = session.data.train
        let report: LandscapeReport
        do {
            let dirs: LandscapeDirections
            switch directions {
            case .hessian:
                let op = try HessianOperator(model: session.model, loss: training.loss, l2: training.l2, l1: training.l1,
                                                 data: data)
                dirs = try LossLandscape.hessianDirections(operator: op, seed: session.seed)
            case .random:
                dirs = LossLandscape.randomDirections(model: session.model, seed: session.seed)
            case .trajectory:
                dirs = try LossLandscape.trajectoryDirections(checkpoints: checkpoints, final: session.model.parameters)
            }
            report = try LandscapeReport(model: session.model, loss: training.loss, l2: training.l2, l1: training.l1,
                                         data: data, rawData: session.rawData.train, features: session.features,
                                         directions: dirs, grid: grid, span: span)
        } catch {
            throw CLIError.failure("\(session.preset.source): step \(session.step): \(error)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes: Data
        do { bytes = try encoder.encode(report) } catch {
            throw CLIError.failure("cannot encode the landscape: \(error)")
        }
        do {
            try bytes.write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw CLIError.failure("\(out): cannot write the file (\((error as NSError).localizedDescription))")
        }
    }
}
