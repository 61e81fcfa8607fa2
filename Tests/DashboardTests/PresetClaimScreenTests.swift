import Foundation
import Testing
import NNCore
import NNSession
import NNAnalysis
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// Every shipped preset whose caption or lecture-guide entry states a number or a comparison: trained to
/// its `view.claim_step`, its snapshot turned into the dashboard's own view models (what the screen shows),
/// and those numbers checked against the claim. Thresholds are the caption's words; the figures measured
/// on the preset's seed are noted where the README quotes them.
@Suite(.serialized) struct PresetClaimScreenTests {
    /// One session on screen: its label (compare) and the view models of its snapshot at the claim step.
    struct Shown {
        var label: String
        var session: Session
        var model: DashboardModel
        var loss: Double { model.lossCurves.train.last(where: \.isFinite) ?? .nan }
        var testLoss: Double { model.lossCurves.test.last(where: \.isFinite) ?? .nan }
    }

    /// The preset's sessions (one, or one per compare entry) trained to `view.claim_step`.
    static func shown(_ name: String) throws -> [Shown] {
        let preset = try PresetLibrary.load(name)
        let step = try #require(preset.view.claimStep, "\(name) has no view.claim_step")
        let presets = preset.isComparison ? try preset.comparedPresets().map { ($0.label, $0.preset) } : [(name, preset)]
        return try presets.map { label, p in
            var session = try Session(preset: p)
            session.step(step)
            return Shown(label: label, session: session, model: SnapshotAdapter.model(from: session.snapshot()))
        }
    }

    /// Presets whose caption and lecture-guide entry state no number or comparison tied to training (their
    /// claims are definitions or are checked elsewhere against closed forms), with the reason.
    static let withoutStepClaim: [String: String] = [
        "default": "a definition (piecewise linear), no number",
        "moons": "a definition (the boundary is a polyline)",
        "gaussians": "no number",
        "xor": "no number",
        "spiral": "no number",
        "spiral-3": "a definition of softmax cross-entropy",
        "checkerboard": "no number",
        "layernorm-deep": "its claim is the normalisation preset's, checked there",
        "kronecker": "an identity, checked against autodiff on every snapshot (LecturePaneTests)",
        "autodiff-cost": "closed-form counts, checked against counted autodiff (LecturePaneTests)",
        "double-descent": "a sweep, no training steps (DoubleDescent tests)",
    ]

    /// Every shipped preset is either claim-checked here (it has a claim step) or listed without one.
    @Test func everyPresetIsAccountedFor() throws {
        for entry in try PresetLibrary.list() {
            let preset = try PresetLibrary.load(entry.name)
            if preset.view.claimStep == nil {
                #expect(Self.withoutStepClaim[entry.name] != nil, "\(entry.name): a claim step or a reason for none")
            } else {
                #expect(Self.withoutStepClaim[entry.name] == nil, "\(entry.name) has a claim step")
            }
        }
    }

    /// Captions are plain Unicode that common terminal fonts have: no TeX braces, no subscript-letter ℓ.
    @Test func captionsArePlainText() throws {
        for entry in try PresetLibrary.list() {
            let p = try PresetLibrary.load(entry.name)
            for text in [p.caption, p.title, p.description] {
                #expect(!text.contains("_{") && !text.contains("^{") && !text.contains("_ℓ") && !text.contains("ₗ"),
                        "\(entry.name): \(text)")
            }
        }
    }

    /// `sawtooth` (hand-set, step 0): 2^L − 1 kinks at −2 + j·4/2^L, pieces = the bound 2^L.
    @Test func sawtooth() throws {
        let s = try Self.shown("sawtooth")[0]
        let fit = try #require(s.model.fit)
        let L = s.session.model.layerCount - 1
        let expected = (1..<(1 << L)).map { -2 + Double($0) * 4 / Double(1 << L) }
        #expect(fit.kinks.count == expected.count)
        for (a, b) in zip(fit.kinks, expected) { #expect(abs(a - b) < 1e-9) }
        #expect(FitPane.title(fit).contains("\(1 << L) pieces"))
    }

    /// `shallow-width`: kinks ≤ width, pieces ≤ width + 1, as the fit pane's title reads.
    @Test func shallowWidth() throws {
        let s = try Self.shown("shallow-width")[0]
        let fit = try #require(s.model.fit)
        let width = s.session.model.sizes[1]
        #expect(fit.pieceBound == width + 1 && fit.kinks.count <= width)
        #expect(FitPane.title(fit).contains("pieces ≤ \(width + 1)"))
    }

    /// `sawtooth-train`: trained from He init, the same architecture finds far fewer than 2^4 = 16 pieces.
    @Test func sawtoothTrain() throws {
        let s = try Self.shown("sawtooth-train")[0]
        let fit = try #require(s.model.fit)
        #expect(fit.kinks.count + 1 <= 8, "pieces \(fit.kinks.count + 1)")
    }

    /// `depth-vs-width`: shallow kinks ≤ 8; the hand-set deep net 15; the trained deep net far fewer — the
    /// figures the README quotes (shallow 6, trained deep 2) are what the fit panes show at the claim step.
    @Test func depthVersusWidth() throws {
        let s = try Self.shown("depth-vs-width")
        let kinks = try s.map { try #require($0.model.fit).kinks.count }
        #expect(kinks[0] <= 8 && kinks[1] == 15 && kinks[2] < kinks[1])
        #expect(kinks[0] == 6 && kinks[2] == 2, "README: shallow 6, trained deep 2; screen \(kinks)")
    }

    /// `initialisation` (step 0): the activations pane's factor per layer — He ≈ 1 (keeps the scale), Xavier
    /// ≈ ½ (halves it), He × 0.1 exactly 1/100 of He's (every layer is scaled by 0.1: E[h²] by 0.01), zeros 0.
    @Test func initialisation() throws {
        let s = try Self.shown("initialisation")
        #expect(s.map(\.label) == ["zeros", "too small (He × 0.1)", "He", "Xavier"])
        let a = try s.map { try #require($0.model.activations) }
        #expect(a[0].layers.allSatisfy { $0.meanSquare == 0 })
        let small = try #require(ActivationsPane.factorPerLayer(a[1]))
        let he = try #require(ActivationsPane.factorPerLayer(a[2]))
        let xavier = try #require(ActivationsPane.factorPerLayer(a[3]))
        #expect(he > 0.7 && he < 1.4, "He ×\(he) per layer")
        #expect(xavier > 0.3 && xavier < 0.7, "Xavier ×\(xavier) per layer")
        #expect(abs(small / he - 0.01) < 1e-9, "He × 0.1: ×\(small) vs He ×\(he)")
        #expect(ActivationsPane.title(a[2]).contains("×"))
    }

    /// `optimizers`: at the claim step SGD's training loss (the loss title) is the highest of the four.
    @Test func optimizers() throws {
        let s = try Self.shown("optimizers")
        let loss = s.map(\.loss)
        for i in 1..<4 { #expect(loss[0] > 2 * loss[i], "SGD \(loss[0]) vs \(s[i].label) \(loss[i])") }
        #expect(LossPane.title(s[0].model.lossCurves).contains("train " + Fmt.num(loss[0])))
    }

    /// `learning-rates`: η = 2 diverged (the loss pane marks its last finite value), the others did not;
    /// η = 0.25's loss curve jumps above 3× its start (the catapult is on screen); 0.005 is still highest.
    @Test func learningRates() throws {
        let s = try Self.shown("learning-rates")
        let boom = try #require(s[3].model.divergedAtStep)
        #expect(s[3].model.lossCurves.divergedAtStep == boom && boom < 200)
        #expect(s[3].model.lossCurves.train.filter(\.isFinite).count >= 10, "the curve up to the blow-up is drawn")
        for i in 0..<3 { #expect(s[i].model.divergedAtStep == nil, "\(s[i].label)") }
        let curve = s[2].model.lossCurves.train
        let start = try #require(curve.first)
        #expect((curve.max() ?? 0) > 3 * start, "catapult: peak \(curve.max() ?? 0) vs start \(start)")
        #expect(s[0].loss > s[1].loss && s[0].loss > s[2].loss)
    }

    /// `regularisation`: no regulariser has the lowest training loss; each regulariser a lower test loss.
    @Test func regularisation() throws {
        let s = try Self.shown("regularisation")
        let train = s.map(\.loss), test = s.map(\.testLoss)
        #expect(train[0] == train.min(), "train \(train)")
        for i in 1..<4 { #expect(test[i] < test[0] - 0.03, "\(s[i].label) \(test[i]) vs none \(test[0])") }
    }

    /// `early-stopping`: the stopped run shows a lower test loss than the one trained on.
    @Test func earlyStopping() throws {
        let s = try Self.shown("early-stopping")
        #expect(s[1].session.trainer.isStopped)
        #expect(s[1].testLoss < s[0].testLoss - 0.02, "stopped \(s[1].testLoss) vs \(s[0].testLoss)")
    }

    /// `normalisation`: the plain net at η = 0.04 diverged (marked), LayerNorm and BatchNorm trained to < 0.1×
    /// their first loss, plain at η = 0.01 trained too.
    @Test func normalisation() throws {
        let s = try Self.shown("normalisation")
        #expect(s[0].model.divergedAtStep != nil)
        for i in 1..<4 {
            #expect(s[i].model.divergedAtStep == nil, "\(s[i].label)")
            let curve = s[i].model.lossCurves.train
            #expect(s[i].loss < 0.1 * (curve.first ?? 0), "\(s[i].label): \(curve.first ?? 0) -> \(s[i].loss)")
        }
        #expect(s[1].model.activations != nil)
    }

    /// `hessian-optimum`: a frozen end state (learning rate 0 after its step schedule, said as such) at an
    /// interpolating minimum: the spectrum pane's ≈0 count is at least P − n.
    @Test func hessianOptimum() throws {
        let s = try Self.shown("hessian-optimum")[0]
        let spectrum = try SpectrumJob.compute(s.session.snapshot()).get()
        let n = s.session.data.train.count, P = s.session.model.parameterCount
        #expect(P == 321 && n == 6)
        #expect((spectrum.nearZeroCount ?? 0) >= P - n, "≈0 \(spectrum.nearZeroCount ?? -1) of \(P)")
        #expect(s.loss < 1e-6, "interpolates: loss \(s.loss)")
        #expect(s.model.learningRate < 1e-12 && s.model.learningRate >= 0)
        #expect(s.session.preset.caption.contains("frozen"))
    }

    /// `deep-linear`: two singular values near the target's 1.5 and 0.8, three towards 0; effective rank falls
    /// from ≈5 towards 2 (the singular-values pane's title).
    @Test func deepLinear() throws {
        let s = try Self.shown("deep-linear")[0]
        let point = try #require(s.model.singularValues)
        #expect(abs(point.values[0] - 1.5) < 0.15 && abs(point.values[1] - 0.8) < 0.15, "σ \(point.values)")
        #expect(point.values[2...].allSatisfy { $0 < 0.2 }, "σ \(point.values)")
        #expect(point.effectiveRank < 2.8, "effective rank \(point.effectiveRank)")
    }

    /// `batch-size`: after the claim step λmax (what the λmax panes show) orders batch 1 < 16 < full, the full
    /// batch at most ≈ 2/η.
    @Test func batchSize() throws {
        let s = try Self.shown("batch-size")
        let lambda = try s.map { try LambdaMaxJob.compute($0.session.snapshot()).get().lambdaMax }
        #expect(lambda[0] < lambda[1] && lambda[1] < lambda[2], "λmax \(lambda)")
        #expect(lambda[2] < 2.1 / s[2].session.preset.training.optimizer.lr)
    }

    /// `ntk-lazy`: the NTK pane's own run (the job the dashboard starts), through the reducer into the pane:
    /// its verdict reads "moved 23.3× less", as the caption's "about 23× less" says; its losses are labelled as
    /// its own run's.
    @Test func ntkLazy() throws {
        let s = try Self.shown("ntk-lazy")[0]
        var state = Fixtures.state(width: 160, height: 48)
        state.apply(presetView: s.session.preset)
        _ = Reducer.reduce(&state, .snapshot(s.model))
        var last: NTKDriftResult?
        LectureJobs.run(featured: .ntk, snapshot: s.session.snapshot(), isCancelled: { false }) { update in
            if case .ntk(let r) = update { last = r }
        }
        let r = try #require(last)
        _ = Reducer.reduce(&state, .lecture(.ntk(r), key: try #require(state.lectureKey)))
        let ratio = r.narrow.last / r.wide.last
        #expect(ratio > 20 && ratio < 27, "moved \(ratio)× less")
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var b = Buffer(width: 0, height: 0)
        DashboardRenderer.render(state, into: &b, context: &ctx)
        let text = b.lines().joined(separator: "\n")
        #expect(text.contains("moved \(Fmt.num(ratio))× less"))
        #expect(text.contains("own run: loss"))
        #expect(s.session.preset.caption.contains("about \(Int(ratio.rounded()))× less"))
    }

    /// `features`: the accuracy the loss title shows — the raw linear model near chance (about 50%), the same
    /// model on x₁², x₂² separating the disc, the hidden layer learning it too.
    @Test func features() throws {
        let s = try Self.shown("features")
        let acc = try s.map { try #require($0.model.lossCurves.accuracy) }
        #expect(acc[0] < 0.7, "raw linear \(acc[0])")
        #expect(acc[1] > 0.95 && acc[2] > 0.9, "features \(acc[1]), hidden \(acc[2])")
        #expect(LossPane.title(s[0].model.lossCurves).contains("acc " + Fmt.percent(acc[0])))
    }

    /// `edge-of-stability`: at the claim step λmax is within [0.85, 1.2]·2/η while the loss has fallen.
    @Test func edgeOfStability() throws {
        let s = try Self.shown("edge-of-stability")[0]
        let lambda = try LambdaMaxJob.compute(s.session.snapshot()).get().lambdaMax
        let edge = 2 / s.session.preset.training.optimizer.lr
        #expect(lambda > 0.85 * edge && lambda < 1.2 * edge, "λmax \(lambda) vs 2/η \(edge)")
        #expect(s.loss < (s.model.lossCurves.train.first ?? 0))
    }
}
