import Foundation
import NNAnalysis
import NNCore
import NNSession

/// The claims of the lecture panes' presets (kronecker, autodiff-cost, double-descent) and of the
/// initialisation preset: each reads what the pane shows (the view models `SnapshotAdapter` builds, the jobs
/// `LectureJobs` and `DoubleDescentJob` run for the dashboard) and compares it with a computation of its own
/// (a forward pass written here, central differences, the instrumented `CountedAutodiff`, the closed form
/// ½·fan_in·Var(W)), so a wrong pane or a wrong library fails the claim.
extension PresetClaims {
    // MARK: kronecker

    /// The Jacobian pane: for every layer ∂f_ℓ/∂vec(W_ℓ) equals φ_{ℓ−1}ᵀ ⊗ I (column stacking) and I ⊗ φ_{ℓ−1}ᵀ
    /// (row stacking), built here entry by entry from φ_{ℓ−1} of a forward pass of our own, equals central
    /// differences of f_ℓ in W_ℓ (exact up to rounding: f_ℓ is linear in W_ℓ) and agrees with the pane's
    /// autodiff line; the `g` overlay's table has every layer's relative error below 1e-6.
    static func kronecker(_ s: [ClaimSession]) -> ClaimResult {
        var r = ClaimResult()
        let net = s[0].session.model, train = s[0].session.data.train
        guard let view = s[0].model.jacobian, train.count > view.sample else {
            r.require(false, "no Jacobian pane")
            return r
        }
        let d0 = net.inputSize
        let x = Array(train.x[(view.sample * d0)..<((view.sample + 1) * d0)])
        r.require(view.input == x, "the pane's input \(view.input) is not training point \(view.sample) \(x)")
        r.require(view.layers.count == net.layerCount && view.skippedFrom == nil,
                  "the pane shows \(view.layers.count) of \(net.layerCount) layers")
        let phis = forwardActivations(net, x)
        var kronError = 0.0, differenceError = 0.0, autodiff = 0.0
        for layer in view.layers {
            let l = layer.layer, dOut = net.sizes[l + 1], dIn = net.sizes[l], phi = phis[l]
            var column = [Double](repeating: 0, count: dOut * dOut * dIn), row = column
            for a in 0..<dOut { for b in 0..<dIn {
                column[a * dOut * dIn + b * dOut + a] = phi[b]   // (φᵀ ⊗ I)[a, b·d_ℓ + a] = φ_b
                row[a * dOut * dIn + a * dIn + b] = phi[b]       // (I ⊗ φᵀ)[a, a·d_{ℓ−1} + b] = φ_b
            } }
            kronError = Swift.max(kronError, maxDifference(layer.phi, phi), maxDifference(layer.column, column),
                                  maxDifference(layer.row, row))
            differenceError = Swift.max(differenceError, maxDifference(layer.column, centralDifferences(net, layer: l, x)))
            autodiff = Swift.max(autodiff, layer.columnDiff ?? .infinity, layer.rowDiff ?? .infinity)
        }
        r.record("layers", view.layers.count)
        r.record("max_kronecker_error", kronError)
        r.record("max_central_difference_error", differenceError)
        r.record("max_autodiff_difference", autodiff)
        r.require(kronError < 1e-12, "the pane's blocks differ from φᵀ ⊗ I / I ⊗ φᵀ by \(kronError)")
        r.require(differenceError < 1e-7, "the pane's ∂f/∂vec(W) differs from central differences by \(differenceError)")
        r.require(autodiff < 1e-12, "the pane's autodiff line shows a difference of \(autodiff)")

        // The `g` overlay, as the runtime computes it for this snapshot.
        switch LectureJobs.gradcheck(s[0].snapshot) {
        case .done(let table):
            for row in table.rows {
                r.record("gradcheck[\(row.name)]", row.maxRelativeDifference)
                r.require(row.maxRelativeDifference < 1e-6 && row.checked > 0,
                          "gradcheck \(row.name): \(row.maxRelativeDifference) over \(row.checked) components")
            }
            r.record("gradcheck_h", table.h)
            r.require(table.rows.count == 2 * net.layerCount && table.passes, "the gradcheck table does not pass")
        case .failed(let why):
            r.require(false, "gradcheck: \(why)")
        case .computing:
            r.require(false, "gradcheck still computing")
        }
        return r
    }

    /// φ_0 = x, …, φ_{L−1} (the input of every weight layer) by a forward pass written out here.
    static func forwardActivations(_ net: MLP, _ x: [Double]) -> [[Double]] {
        var phis = [x]
        for l in 0..<(net.layerCount - 1) { phis.append(preActivation(net, layer: l, phis[l]).map(net.activations[l].value)) }
        return phis
    }

    /// f_ℓ = W_ℓ φ + b_ℓ.
    static func preActivation(_ net: MLP, layer l: Int, _ phi: [Double]) -> [Double] {
        let dOut = net.sizes[l + 1], dIn = net.sizes[l], wo = net.weightOffset(layer: l), bo = net.biasOffset(layer: l)
        return (0..<dOut).map { a in
            var f = net.parameters[bo + a]
            for b in 0..<dIn { f += net.parameters[wo + a * dIn + b] * phi[b] }
            return f
        }
    }

    /// ∂f_ℓ/∂vec(W_ℓ) (column stacking, row-major d_ℓ × d_ℓd_{ℓ−1}) by central differences, h = 1e-4.
    static func centralDifferences(_ net: MLP, layer l: Int, _ x: [Double]) -> [Double] {
        let dOut = net.sizes[l + 1], dIn = net.sizes[l], cols = dOut * dIn, wo = net.weightOffset(layer: l), h = 1e-4
        var jac = [Double](repeating: 0, count: dOut * cols)
        var moved = net
        for a in 0..<dOut { for b in 0..<dIn {
            let i = wo + a * dIn + b, w = net.parameters[i]
            moved.parameters[i] = w + h
            let up = preActivation(moved, layer: l, forwardActivations(moved, x)[l])
            moved.parameters[i] = w - h
            let down = preActivation(moved, layer: l, forwardActivations(moved, x)[l])
            moved.parameters[i] = w
            for c in 0..<dOut { jac[c * cols + b * dOut + a] = (up[c] - down[c]) / (2 * h) }
        } }
        return jac
    }

    static func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
        guard a.count == b.count else { return .infinity }
        return zip(a, b).map { Swift.abs($0 - $1) }.max() ?? 0
    }

    // MARK: autodiff-cost

    /// The pane's counts (`GradientCostModel`, closed form) for the preset's shape and the shapes its keys make
    /// (`}` twice: two more layers; `]` to width 32 on both hidden layers): each equals what `CountedAutodiff`
    /// counts while it computes the gradient, and whatever P, reverse mode costs ≈ 3 forward passes (within
    /// [2.5, 3.5]) and forward mode between P and 2P forward passes; the two modes' counted gradients agree.
    /// The pane's measured times (its own job) show forward mode more than 10× slower.
    static func autodiffCost(_ s: [ClaimSession]) -> ClaimResult {
        var r = ClaimResult()
        let preset = s[0].session.preset
        let edits: [(String, [PresetEdit])] = [
            ("preset", []),
            ("deeper", [.duplicateHiddenLayer(hidden: 0), .duplicateHiddenLayer(hidden: 0)]),
            ("wider", [.setHiddenWidth(hidden: 0, width: 32), .setHiddenWidth(hidden: 1, width: 32)]),
        ]
        for (name, steps) in edits {
            let shown: DashboardModel, net: MLP
            if steps.isEmpty {
                shown = s[0].model
                net = s[0].session.model
            } else {
                do {
                    var p = preset
                    for e in steps { p = try PresetEdit.apply(e, to: p) }
                    let session = try Session(preset: p)
                    shown = SnapshotAdapter.model(from: session.snapshot())
                    net = session.model
                } catch {
                    r.require(false, "\(name): \(error)")
                    continue
                }
            }
            guard let c = shown.autodiffCounts else { r.require(false, "\(name): the pane shows no counts"); continue }
            let x = Array(s[0].session.data.train.x[0..<net.inputSize]), u = [Double](repeating: 1, count: net.outputSize)
            let forward = CountedAutodiff.forwardPass(model: net, input: x).tally
            let reverse = CountedAutodiff.reverse(model: net, input: x, cotangent: u)
            let forwardMode = CountedAutodiff.forwardMode(model: net, input: x, cotangent: u)
            // The ratios the pane shows (its ×F column); the line below checks its counts are the counted ones.
            let P = net.parameterCount, reverseRatio = c.reverseOverForward, forwardRatio = c.forwardModeOverForward
            r.record("P[\(name)]", P)
            r.record("reverse_over_F[\(name)]", reverseRatio)
            r.record("forward_mode_over_F[\(name)]", forwardRatio)
            r.require(c.sizes == net.sizes && c.parameterCount == P, "\(name): the pane shows \(c.sizes), the net is \(net.sizes)")
            r.require(c.forwardPass == forward && c.reverse == reverse.tally && c.forwardMode == forwardMode.tally,
                      "\(name): the pane's counts differ from the counted ones")
            r.require(reverseRatio >= 2.5 && reverseRatio <= 3.5, "\(name): reverse mode costs \(reverseRatio) forward passes")
            r.require(forwardRatio >= Double(P) && forwardRatio <= 2 * Double(P),
                      "\(name): forward mode costs \(forwardRatio) forward passes, P = \(P)")
            let gap = maxDifference(reverse.gradient, forwardMode.gradient)
            r.record("gradient_difference[\(name)]", gap)
            r.require(gap < 1e-9, "\(name): forward and reverse gradients differ by \(gap)")
        }
        var measured: GradientCostModel?
        LectureJobs.run(featured: .autodiffCost, snapshot: s[0].snapshot, isCancelled: { false }) { update in
            if case .cost(let c) = update { measured = c }
        }
        let speed = (measured?.forwardSeconds ?? .nan) / (measured?.reverseSeconds ?? .nan)
        r.record("measured_forward_over_reverse", speed)
        r.require(speed > 10, "measured: forward mode only \(speed)× the time of reverse mode")
        return r
    }

    // MARK: double-descent

    /// The sweep the pane shows (`DoubleDescentJob`, as the runtime runs it): the test error peaks within
    /// ±2 of p = n and falls again beyond, to less than a third of the peak at the largest p; and the peak is
    /// where the fit starts to interpolate — a training error > 1e-6 for every p < n and < 1e-9 from p = n on,
    /// as the minimum-norm solution of a full-rank n × p system must.
    static func doubleDescent(_ s: [ClaimSession]) -> ClaimResult {
        var r = ClaimResult()
        guard let experiment = s[0].session.preset.experiment else {
            r.require(false, "not an experiment preset")
            return r
        }
        var view = DoubleDescentJob.start(experiment, seed: experiment.doubleDescent.seed)
        DoubleDescentJob.run(experiment, seed: experiment.doubleDescent.seed) { view = $0 }
        let n = view.trainCount
        guard view.isComplete, let peak = view.peak, let atN = view.widths.firstIndex(of: n),
              let last = view.testErrors.last else {
            r.require(false, "the sweep did not complete or misses p = n")
            return r
        }
        r.record("n", n)
        r.record("peak_width", peak.width)
        r.record("peak_test_error", peak.error)
        r.record("test_error_at_n", view.testErrors[atN])
        r.record("largest_width", view.widths.last ?? 0)
        r.record("test_error_at_largest_width", last)
        r.require(Swift.abs(peak.width - n) <= 2, "the test error peaks at p = \(peak.width), n = \(n)")
        r.require(last < peak.error / 3, "beyond n the test error falls to \(last) only (peak \(peak.error))")
        let under = zip(view.widths, view.trainErrors).filter { $0.0 < n }.map { $0.1 }.min() ?? .nan
        let over = zip(view.widths, view.trainErrors).filter { $0.0 >= n }.map { $0.1 }.max() ?? .nan
        r.record("min_train_error_below_n", under)
        r.record("max_train_error_from_n", over)
        r.require(under > 1e-6 && over < 1e-9, "interpolation not at p = n: train error \(under) below, \(over) from n on")
        return r
    }

    // MARK: initialisation

    /// Steps the zeros network is trained for its claim (the deck's 10 s at pace 20).
    static let zerosTrainingSteps = 200

    /// The activations pane at init (step 0), per layer: E[h²]ℓ₊₁ / E[h²]ℓ against the closed form
    /// ½·fan_in·Var(W_ℓ₊₁) (Var of the layer's drawn weights), each layer within e^±0.6 and on average within
    /// e^±0.15; the pane's factor per layer: He ≈ 1 keeps the scale, Xavier ≈ ½ halves it,
    /// He × 0.1 exactly 1/100 of He's factor (every layer scaled by 0.1, ReLU is homogeneous, the biases are 0)
    /// so its last layer keeps < 1e-10 of its first; zeros: every layer 0, and trained for
    /// `zerosTrainingSteps` the hidden weights stay exactly 0 while the output bias moves.
    static func initialisation(_ s: [ClaimSession]) -> ClaimResult {
        var r = ClaimResult()
        let labels = ["zeros", "too small (He × 0.1)", "He", "Xavier"]
        let a = s.compactMap(\.model.activations)
        guard s.map(\.label) == labels, a.count == 4 else {
            r.require(false, "expected the sessions \(labels) with the activations pane")
            return r
        }
        // Measured factors against the closed form, layer by layer (sessions 1–3; zeros has none). The closed
        // form is an expectation over the weights: one draw of 32-wide layers on 1D inputs scatters a single
        // layer's factor by up to e^0.46 on the seed (He, layer 6), so each layer is allowed e^0.6; the scatter
        // averages out over the 7 layers (the seed's worst mean log error 0.08, Xavier), allowed 0.15 — a
        // propagation off by 2× per layer is log 2 ≈ 0.69 off in every layer.
        for (i, x) in s.enumerated().dropFirst() {
            let net = x.session.model, factors = a[i].layerFactors
            var worst = 0.0, sum = 0.0
            for (k, f) in factors.enumerated() {
                let l = k + 1   // weight layer from hidden layer k to hidden layer k + 1
                let closed = 0.5 * Double(net.sizes[l]) * weightVariance(net, layer: l)
                let err = f.map { Foundation.log($0 / closed) } ?? .infinity
                worst = Swift.max(worst, Swift.abs(err))
                sum += err
                r.record("factor[\(x.label)][\(l + 1)]", f ?? .nan)
                r.record("closed_form[\(x.label)][\(l + 1)]", closed)
            }
            let mean = sum / Double(Swift.max(1, factors.count))
            r.record("factor_per_layer[\(x.label)]", a[i].factorPerLayer ?? .nan)
            r.record("max_log_error[\(x.label)]", worst)
            r.record("mean_log_error[\(x.label)]", mean)
            r.require(factors.count == net.layerCount - 2 && worst <= 0.6,
                      "\(x.label): a layer's factor is off the closed form ½·fan_in·Var(W) by e^\(worst)")
            r.require(Swift.abs(mean) <= 0.15, "\(x.label): the factors are off the closed form by e^\(mean) per layer on average")
        }
        let small = a[1].factorPerLayer ?? .nan, he = a[2].factorPerLayer ?? .nan, xavier = a[3].factorPerLayer ?? .nan
        r.require(he > 0.7 && he < 1.4, "He ×\(he) per layer does not keep the scale")
        r.require(xavier > 0.3 && xavier < 0.7, "Xavier ×\(xavier) per layer does not halve it")
        r.require(Swift.abs(small / he - 0.01) < 1e-9, "He × 0.1: ×\(small) vs He ×\(he), not 1/100")
        let vanished = (a[1].layers.last?.meanSquare ?? .nan) / (a[1].layers.first?.meanSquare ?? .nan)
        r.record("last_over_first[\(s[1].label)]", vanished)
        r.require(vanished < 1e-10, "He × 0.1 keeps \(vanished) of its first layer's E[h²]")
        let deadAtInit = a[0].layers.map(\.meanSquare).max() ?? .nan
        r.record("zeros_max_mean_square", deadAtInit)
        r.require(a[0].layers.count == s[0].session.model.layerCount - 1 && deadAtInit == 0, "zeros: a hidden layer is not dead")

        // Zeros, trained: the network pane's hidden weight norms stay 0 and the weights are their initial ones.
        var zeros = s[0].session
        let initial = zeros.model
        zeros.step(zerosTrainingSteps)
        let trained = zeros.model, shown = SnapshotAdapter.model(from: zeros.snapshot())
        let hidden = 0..<(trained.layerCount - 1)
        let moved = hidden.map { l in
            maxDifference(trained.weightMatrix(layer: l).flatMap { $0 }, initial.weightMatrix(layer: l).flatMap { $0 })
        }.max() ?? .infinity
        let norms = hidden.map { shown.network.layers[$0].weightNorm }.max() ?? .infinity
        let outputBias = maxDifference(trained.biasVector(layer: trained.layerCount - 1), initial.biasVector(layer: trained.layerCount - 1))
        r.record("zeros_trained_steps", zeros.step)
        r.record("zeros_hidden_weight_change", moved)
        r.record("zeros_hidden_weight_norm_shown", norms)
        r.record("zeros_output_bias_change", outputBias)
        r.require(zeros.step == zerosTrainingSteps && moved == 0 && norms == 0, "zeros: the hidden weights moved by \(moved)")
        r.require(outputBias > 0, "zeros: the output bias did not train either (no training happened)")
        let deadTrained = shown.activations?.layers.map(\.meanSquare).max() ?? .nan
        r.record("zeros_trained_max_mean_square", deadTrained)
        r.require(deadTrained == 0, "zeros: trained, a hidden layer came alive")
        return r
    }

    /// The variance of weight layer `l`'s entries (about their mean).
    static func weightVariance(_ net: MLP, layer l: Int) -> Double {
        let w = net.weightMatrix(layer: l).flatMap { $0 }
        let mean = w.reduce(0, +) / Double(w.count)
        return w.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(w.count)
    }
}
