import Testing
@testable import NNSession
import NNAnalysis
import NNCore

/// The practical half of the lecture: each compare preset's claim, checked through the shipped
/// preset, its merged sessions and the library, on the preset's own seed. Margins measured when the
/// presets were tuned are noted at each test.
@Suite struct PracticalPresetClaimTests {
    /// The sessions of a shipped compare preset, built (no history: headless, as `nnviz train`).
    static func sessions(_ name: String) throws -> [(label: String, session: Session)] {
        let preset = try PresetLibrary.load(name)
        #expect(preset.isComparison, "\(name) is a compare preset")
        return try preset.comparedPresets().map { c throws in (c.label, try Session(preset: c.preset, recordsHistory: false)) }
    }

    /// λmax of the training objective's Hessian, exact (dense Hessian from HVPs + symmetric eigensolver),
    /// checked against Lanczos on the same operator (an independent algorithm).
    static func lambdaMax(_ s: Session) throws -> Double {
        let op = try HessianOperator(model: s.model, loss: s.preset.training.loss, l2: s.preset.training.l2, data: s.data.train)
        let P = op.parameterCount
        let exact = try #require(SymmetricEigensolver.eigenvalues(op.fullHessian(), n: P).max())
        let lanczos = Lanczos.extremeEigenvalues(dimension: P, count: 1, apply: { v, out in op.hvp(v, into: &out) })
        let top = try #require(lanczos.largest.last)
        #expect(Swift.abs(top - exact) <= 1e-6 * Swift.abs(exact), "Lanczos \(top) vs dense \(exact)")
        return exact
    }

    /// `depth-vs-width`: the shallow [1,8,1] and the deep [1,2,2,2,2,1] have the same P = 25; the deep
    /// net's hand-set sawtooth weights give 2⁴ − 1 = 15 kinks on [−2, 2] (and zero loss), the shallow one
    /// at most its width 8 (6 after 2000 steps); the deep architecture trained from random init finds far
    /// fewer (2): representable is not learnable.
    @Test func depthVersusWidth() throws {
        var s = try Self.sessions("depth-vs-width")
        #expect(s.map(\.label) == ["shallow [1,8,1]", "deep, hand-set", "deep, trained"])
        #expect(s[0].session.model.parameterCount == 25 && s[1].session.model.parameterCount == 25)
        #expect(s[0].session.model.sizes == [1, 8, 1] && s[1].session.model.sizes == [1, 2, 2, 2, 2, 1])
        for i in s.indices { s[i].session.step(2000) }
        let kinks = try s.map { try PiecewiseLinear1D(model: $0.session.model, lower: -2, upper: 2).kinkCount }
        #expect(kinks[1] == 15, "hand-set deep net: 2^4 - 1 kinks")
        #expect(s[1].session.metrics.trainLoss < 1e-20)
        #expect(kinks[0] <= 8, "shallow: at most its width")
        #expect(kinks[1] > kinks[0], "deep \(kinks[1]) vs shallow \(kinks[0])")
        #expect(kinks[2] < kinks[1], "trained deep \(kinks[2])")
    }

    /// `optimizers`: from one θ₀ (same seed, same layers), each of SGD, momentum, Adam, AdamW lowers the
    /// training loss (by ≥ 2×; measured 5.8 → 0.27, 0.08, 0.03, 0.03 after 2000 steps) and they end at
    /// different θ (pairwise relative distance > 1%).
    @Test func optimizersAllTrainAndDiffer() throws {
        var s = try Self.sessions("optimizers")
        #expect(s.map { $0.session.preset.training.optimizer.name } == [.sgd, .momentum, .adam, .adamw])
        #expect(Set(s.map { $0.session.model.parameters }).count == 1, "same initial θ")
        let start = s[0].session.metrics.trainObjective
        for i in s.indices {
            s[i].session.step(2000)
            let end = s[i].session.metrics.trainObjective
            #expect(end < 0.5 * start, "\(s[i].label): \(start) -> \(end)")
        }
        for i in s.indices {
            for j in s.indices where j > i {
                let a = s[i].session.model.parameters, b = s[j].session.model.parameters
                let d = zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
                let n = a.reduce(0) { $0 + $1 * $1 }.squareRoot()
                #expect(d > 0.01 * n, "\(s[i].label) vs \(s[j].label): ‖Δθ‖ = \(d), ‖θ‖ = \(n)")
            }
        }
    }

    /// `learning-rates`: after 3000 full-batch steps the largest η (2) has diverged and was caught (the
    /// trainer stopped at the first non-finite loss, measured step 96, and kept the last finite θ to show); the
    /// other three did not. η = 0.25 (> 2/λmax ≈ 0.18 at the start) overshoots: after step 10 its loss jumps
    /// above 3× its initial value (measured 5.5×; 4.6–9.6× for seeds 2–4), while η = 0.1 never exceeds
    /// 1.5× (measured 0.81×); η = 0.005 ends highest (0.16 vs 0.0094 and 0.032). Which of 0.1 and 0.25 ends
    /// lower depends on the seed (seeds 2 and 3: 0.25), so that is not claimed.
    @Test func learningRatesLargestDivergesAndIsCaught() throws {
        var s = try Self.sessions("learning-rates")
        let rates = s.map { $0.session.preset.training.optimizer.lr }
        #expect(rates == rates.sorted() && rates.count == 4)
        let start = s.map { $0.session.metrics.trainObjective }
        var peak = [Double](repeating: 0, count: 4)
        for i in s.indices {
            s[i].session.step(10)
            for _ in 10..<3000 where !s[i].session.isFinished {
                s[i].session.step(1)
                peak[i] = max(peak[i], s[i].session.metrics.trainObjective)
            }
        }
        let boom = try #require(s[3].session.trainer.divergence, "the largest rate diverges")
        #expect(boom.step < 3000 && s[3].session.step == boom.step)
        #expect(boom.reason == .nonFiniteLoss && s[3].session.model.isFinite, "the last finite θ is kept to show")
        for i in 0..<3 {
            #expect(s[i].session.trainer.divergence == nil, "\(s[i].label)")
            #expect(s[i].session.step == 3000 && s[i].session.metrics.trainObjective.isFinite)
        }
        #expect(peak[2] > 3 * start[2], "too large: peak \(peak[2]) vs start \(start[2])")
        #expect(peak[1] < 1.5 * start[1], "right: peak \(peak[1]) vs start \(start[1])")
        let loss = s.prefix(3).map { $0.session.metrics.trainObjective }
        #expect(loss[0] > loss[1] && loss[0] > loss[2], "too small \(loss[0]), right \(loss[1]), too large \(loss[2])")
    }

    /// `batch-size`: after 6000 steps at η = 0.05 the full batch sits at the edge of stability,
    /// λmax ≈ 2/η = 40 (measured 39.0), far sharper than batch 1 (measured 7.1: margin 5.5×); batch 16 is
    /// in between (35.8). Same preset seed; the claim also held for training seeds 2–4 at 3000 steps.
    @Test func fullBatchEndsSharperThanBatchOne() throws {
        var s = try Self.sessions("batch-size")
        #expect(s.map { $0.session.trainer.batchSize } == [1, 16, 64])
        for i in s.indices { s[i].session.step(6000) }
        let lambda = try s.map { try Self.lambdaMax($0.session) }
        #expect(lambda[2] > 2 * lambda[0], "λmax full \(lambda[2]) vs batch 1 \(lambda[0])")
        #expect(lambda[0] < lambda[1] && lambda[1] < lambda[2], "λmax \(lambda)")
        #expect(lambda[2] < 2.1 / s[2].session.preset.training.optimizer.lr, "full batch at most ≈ 2/η")
    }

    /// Root-mean-square activation of each hidden layer over the training inputs.
    static func layerRMS(_ model: MLP, inputs: [Double], count: Int) -> [Double] {
        var h = inputs, width = model.inputSize
        var out: [Double] = []
        for l in 0..<(model.layerCount - 1) {
            let W = model.weightMatrix(layer: l), b = model.biasVector(layer: l)
            var next = [Double](repeating: 0, count: count * W.count)
            for i in 0..<count {
                for r in W.indices {
                    var z = b[r]
                    for c in 0..<width { z += W[r][c] * h[i * width + c] }
                    next[i * W.count + r] = model.activations[l].value(z)
                }
            }
            h = next; width = W.count
            out.append((h.reduce(0) { $0 + $1 * $1 } / Double(h.count)).squareRoot())
        }
        return out
    }

    /// `initialisation` at θ₀, for training seeds 1–5 (the claim is about the laws, not one draw): the
    /// hidden activations' RMS per layer over the training inputs: He keeps it (last/first between ¼ and 4;
    /// measured 0.85–1.18), Xavier shrinks it (≈ 1/√2 per layer: last/first < ¼ over 7 layers; measured
    /// 0.03–0.095 against (1/√2)⁷ ≈ 0.088), He × 0.1 vanishes (each layer < 0.2× the one before), zeros are
    /// exactly zero. (At width 16 one draw of He wandered to 0.07–2.2: width 32 keeps the law visible.)
    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func initialisationSignalPropagation(_ seed: UInt64) throws {
        let preset = try PresetLibrary.load("initialisation")
        let compared = try preset.comparedPresets()
        #expect(compared.map(\.label) == ["zeros", "too small (He × 0.1)", "He", "Xavier"])
        let s = try compared.map { c throws in try Session(preset: c.preset, seed: seed, recordsHistory: false) }
        let train = s[0].data.train
        let rms = s.map { Self.layerRMS($0.model, inputs: train.x, count: train.count) }
        #expect(rms[0].allSatisfy { $0 == 0 })
        for l in 1..<rms[1].count { #expect(rms[1][l] < 0.2 * rms[1][l - 1], "too small, layer \(l): \(rms[1])") }
        let he = try #require(rms[2].last), heFirst = rms[2][0]
        let xavier = try #require(rms[3].last), xavierFirst = rms[3][0]
        #expect(he > 0.25 * heFirst && he < 4 * heFirst, "He: \(rms[2])")
        #expect(xavier < 0.25 * xavierFirst, "Xavier: \(rms[3])")
    }

    /// `initialisation` trained (preset seed, 1000 steps): zeros has not moved its hidden weights (every
    /// unit still identical) and neither it nor the too-small start beats the best constant (loss ≥ 0.9×
    /// the variance of y), while He does by ≥ 10× (measured: loss 0.012 vs variance ≈ 0.5; Xavier 0.0032).
    @Test func initialisationTraining() throws {
        var s = try Self.sessions("initialisation")
        let train = s[0].session.data.train
        for i in s.indices { s[i].session.step(1000) }
        let model = s[0].session.model
        for l in 0..<(model.layerCount - 1) {
            #expect(model.weightMatrix(layer: l).allSatisfy { $0.allSatisfy { $0 == 0 } }, "zeros: layer \(l) weights moved")
        }
        let y = train.y, mean = y.reduce(0, +) / Double(y.count)
        let variance = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(y.count)
        #expect(s[0].session.metrics.trainLoss > 0.9 * variance && s[1].session.metrics.trainLoss > 0.9 * variance)
        #expect(s[2].session.metrics.trainLoss < 0.1 * variance, "He: \(s[2].session.metrics.trainLoss) vs variance \(variance)")
    }

    /// `regularisation`: after 2000 full-batch Adam steps on 30 noisy points, each regulariser ends at a
    /// lower test loss than none (measured: none 0.207; L2 0.099, AdamW decay 0.162, dropout 0.127), while
    /// none has the lowest training loss (it fits the noise).
    @Test func regularisersLowerTheTestLoss() throws {
        var s = try Self.sessions("regularisation")
        for i in s.indices { s[i].session.step(2000) }
        let test = try s.map { try #require($0.session.metrics.testLoss) }
        for i in 1..<4 { #expect(test[i] < test[0] - 0.03, "\(s[i].label) \(test[i]) vs none \(test[0])") }
        let train = s.map { $0.session.metrics.trainLoss }
        #expect(train[0] == train.min(), "train losses \(train)")
    }

    /// `early-stopping`: the run stops (patience 200 epochs), restores the best θ, and its test loss is
    /// lower than the unstopped run's after 3000 steps (measured 0.173 vs 0.216; the held-out set is the
    /// test set itself, as the caption says).
    @Test func earlyStoppingKeepsTheBestWeights() throws {
        var s = try Self.sessions("early-stopping")
        for i in s.indices { s[i].session.step(3000) }
        #expect(s[1].session.trainer.isStopped && s[1].session.step < 3000)
        let best = try #require(s[1].session.trainer.bestTestLoss)
        let test = try s.map { try #require($0.session.metrics.testLoss) }
        #expect(Swift.abs(test[1] - best) <= 1e-12 * best, "restored θ has the best test loss")
        #expect(test[1] < test[0] - 0.02, "early stopping \(test[1]) vs none \(test[0])")
    }

    /// `normalisation`: at η = 0.04 the plain [1,16×8,1] ReLU net diverges within a few steps (caught:
    /// measured step 5), while with LayerNorm or BatchNorm on layers 2–8 it trains without diverging to
    /// < 0.1× its initial loss in 3000 steps (measured 5.23 → 0.33 and 6.86 → 0.23); the plain net at
    /// η = 0.01 also trains (7.56 → 0.25): it is the rate the normalisation makes safe. Over training
    /// seeds 1–4 the plain net diverged for 3 (not seed 4) and both normalised nets trained for all 4;
    /// the plain reference at η = 0.01 diverges too for seed 3 (this deep He-initialised net on x ∈ [−6, 6]
    /// is fragile).
    @Test func normalisationTrainsWhereThePlainNetDiverges() throws {
        var s = try Self.sessions("normalisation")
        #expect(s[2].session.model.normalizations.dropLast() == [.none] + Array(repeating: Normalization(.layer), count: 7))
        #expect(s[3].session.model.normalizations.dropLast() == [.none] + Array(repeating: Normalization(.batch), count: 7))
        #expect(s[0].session.preset.training.optimizer.lr == s[2].session.preset.training.optimizer.lr)
        #expect(s[0].session.preset.training.optimizer.lr == s[3].session.preset.training.optimizer.lr)
        let start = s.map { $0.session.metrics.trainObjective }
        for i in s.indices { s[i].session.step(3000) }
        let boom = try #require(s[0].session.trainer.divergence, "plain at η = 0.02 diverges")
        #expect(boom.step < 50)
        for i in 1..<4 {
            #expect(s[i].session.trainer.divergence == nil, "\(s[i].label)")
            let end = s[i].session.metrics.trainObjective
            #expect(end < 0.1 * start[i], "\(s[i].label): \(start[i]) -> \(end)")
        }
    }
}
