import Foundation
import Testing
@testable import NNSession
import NNAnalysis
import NNCore

/// The `edge-of-stability` preset's claim at its own settings (seeds 1–4), and `lambda_max` in the JSON
/// lines of `nnviz train`.
@Suite struct EdgeOfStabilityTests {
    static func session(seed: UInt64) throws -> Session {
        try Session(preset: try PresetLibrary.load("edge-of-stability"), seed: seed, recordsHistory: false)
    }

    static func exactLambdaMax(_ s: Session) throws -> Double {
        let t = s.preset.training
        let op = try HessianOperator(model: s.model, loss: t.loss, l2: t.l2, data: s.data.train)
        return try #require(SymmetricEigensolver.eigenvalues(op.fullHessian(), n: op.parameterCount).last)
    }

    /// The preset is what its description says: full-batch plain SGD at a fixed η on a [2,32,32,1] tanh net,
    /// MSE on 200 points, P ≤ 2,500 (so `inspect` gives the exact spectrum), the sharpness pane on.
    @Test func presetIsFullBatchGradientDescent() throws {
        let s = try Self.session(seed: 1)
        let t = s.preset.training
        #expect(t.optimizer.name == .sgd && t.optimizer.lr == 0.1 && t.schedule.name == .constant)
        #expect(t.loss == .mse && t.l2 == 0)
        #expect(s.data.train.count == 200 && s.data.test.isEmpty)
        #expect(t.batch == nil || t.batch.map { $0 >= 200 } == true, "batch = n")
        #expect(s.model.sizes == [2, 32, 32, 1] && s.model.parameterCount <= 2500)
        #expect(s.model.activations.dropLast().allSatisfy { $0.kind == .tanh })
        #expect(s.preset.view.showsSharpness)
    }

    /// At step 0 λmax < 0.6·(2/η); at step 3000 λmax ∈ [0.85, 1.2]·(2/η); J(3000) < J(0); and the loss rises
    /// at some step after λmax first reaches 2/η (λmax sampled every 50 steps, so the first sampled crossing
    /// is at or after the true one: a rise after it is a rise after the true crossing).
    /// Measured (seed 1…4): λmax(0)/(2/η) = 0.44, 0.40, 0.39, 0.34; λmax(3000)/(2/η) = 0.99, 1.00, 1.01, 1.00.
    @Test(arguments: [UInt64(1), 2, 3, 4]) func claimHolds(seed: UInt64) throws {
        var s = try Self.session(seed: seed)
        let limit = 2 / s.preset.training.optimizer.lr
        let tracker = SharpnessTracker(tolerance: 1e-10)
        let lambda0 = try #require(TrainLog.lambdaMax(s, tracker))
        let j0 = s.metrics.trainObjective
        var losses = [j0]
        var crossing: Int?
        while s.step < 3000 {
            s.step(1)
            losses.append(s.metrics.trainObjective)
            if crossing == nil && s.step % 50 == 0, let l = TrainLog.lambdaMax(s, tracker), l >= limit { crossing = s.step }
        }
        let lambda3000 = try #require(TrainLog.lambdaMax(s, tracker))
        #expect(lambda0 < 0.6 * limit, "seed \(seed): λmax(0) = \(lambda0)")
        #expect(lambda3000 >= 0.85 * limit && lambda3000 <= 1.2 * limit, "seed \(seed): λmax(3000) = \(lambda3000)")
        #expect(losses[3000] < j0, "seed \(seed): J(3000) = \(losses[3000]) vs J(0) = \(j0)")
        let c = try #require(crossing, "seed \(seed): λmax never reached 2/η")
        #expect((c..<3000).contains { losses[$0 + 1] > losses[$0] }, "seed \(seed): loss monotone after step \(c)")
    }

    /// λmax by Lanczos (cold and warm-started) equals the exact one from the dense Hessian to 1e-8 on the
    /// preset, at step 0 and at step 3000 — the numbers `inspect --steps 0|3000` write.
    @Test func lanczosLambdaMaxIsExactOnThePreset() throws {
        var s = try Self.session(seed: 1)
        let tracker = SharpnessTracker(tolerance: 1e-10)
        for target in [0, 3000] {
            s.step(target - s.step)
            let exact = try Self.exactLambdaMax(s)
            let lanczos = try #require(TrainLog.lambdaMax(s, tracker))
            #expect(Swift.abs(lanczos - exact) <= 1e-8 * exact, "step \(target): Lanczos \(lanczos) vs exact \(exact)")
        }
    }

    /// `loss-landscape` is small enough for exact Hessian directions and names the landscape pane.
    @Test func lossLandscapePresetIsSmall() throws {
        let p = try PresetLibrary.load("loss-landscape")
        let s = try Session(preset: p, recordsHistory: false)
        #expect(s.model.parameterCount == 337 && s.model.parameterCount <= 2500)
        #expect(p.view.panes.first == "landscape" && !p.view.showsSharpness)
    }

    /// `lambda_max` is the last field of every line, equal to the exact λmax at that step, for any preset.
    @Test func trainLinesCarryLambdaMax() throws {
        let preset = try PresetLibrary.load("hessian-optimum")
        var s = try Session(preset: preset, recordsHistory: false)
        var lines: [String] = []
        TrainLog.run(&s, steps: 4, every: 2, lambdaMax: true) { lines.append($0) }
        #expect(lines.count == 3)
        var replay = try Session(preset: preset, recordsHistory: false)
        for (k, line) in lines.enumerated() {
            replay.step(2 * k - replay.step)
            let obj = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let value = try #require(obj["lambda_max"] as? Double)
            let exact = try Self.exactLambdaMax(replay)
            #expect(Swift.abs(value - exact) <= 1e-7 * Swift.abs(exact), "step \(2 * k): \(value) vs \(exact)")
            #expect(line.split(separator: ",").last?.hasPrefix("\"lambda_max\":") == true, "last field: \(line)")
        }
        var plain = try Session(preset: preset, recordsHistory: false)
        TrainLog.run(&plain, steps: 2, every: 2) { #expect(!$0.contains("lambda_max")) }
    }
}
