import NNCore

/// The lecture's "test your backprop" step: compare a gradient (by default NNCore's backprop,
/// `Objective.gradient`) with central differences of the objective, component by component.
///
/// Relative difference of a component: |g − ĝ| / max(|g|, |ĝ|, floor), with
/// floor = max(1e-6 · max_i max(|g_i|, |ĝ_i|), 1e6 · ρ) (so components six orders below the largest are
/// judged on the largest's scale, not on their own round-off). Central differences
/// ĝ_i = (J(θ + h e_i) − J(θ − h e_i)) / 2h have truncation error O(h²·J‴) and round-off O(ε·J/h); h = 1e-5
/// puts both near 1e-11 for objectives of order one. ρ = 4ε(J + 1)/h is that resolution (J ≥ 0: every loss
/// and the L2 term are non-negative): a difference of ρ scores 1e-6. Without it a component of 1e-6, or an
/// exact zero gradient at an exact fit (the hand-set `sawtooth`), was judged on its own round-off and a
/// correct backprop failed at 1e-6 (`autodiff-cost`, `spiral`, `spiral-3`, `sawtooth`; numpy backprop agrees
/// with ours there to 1e-15). A wrong component is still caught once its error exceeds about 1e-10.
///
/// Kinks (ReLU, leaky ReLU, abs): J is not differentiable where a pre-activation is 0, and the central
/// difference is wrong whenever θ ± h e_i moves some pre-activation across 0. Such components are detected
/// exactly, by comparing the activation pattern (the signs of every pre-activation of a non-smooth layer
/// at every point) at θ + h e_i and θ − h e_i with the one at θ; they are reported (`skippedNearKinks`)
/// and left out of the maxima. Smooth activations never skip.
///
/// L1 term (λ₁‖θ‖₁, λ₁ > 0): |θᵢ| has a kink at θᵢ = 0, where backprop gives the subgradient λ₁·sign(0) = 0
/// but a central difference across 0 gives λ₁·θᵢ/h-ish nonsense. Components with |θᵢ| ≤ h (the ±h step
/// reaches or crosses 0) are reported (`skippedAtL1Kink`) and left out of the maxima; the others are
/// compared as usual (away from 0 the term is smooth).
public struct GradientCheckReport: Sendable, Equatable {
    /// The largest relative difference over one group of parameters, and where it occurs.
    public struct Entry: Sendable, Equatable {
        /// "W1", "b1", "gamma1", "beta1" (normalised layers), … (1-based layer numbers), or "all".
        public var name: String
        /// 0-based layer index (for "all": the layer of the worst component; nil if all were skipped).
        public var layer: Int?
        public var maxRelativeDifference: Double
        /// Flat parameter index of the worst component (−1 when every component was skipped).
        public var index: Int
        /// Row (output unit) and column (input unit; 0 for biases) of the worst component in its layer.
        public var row: Int
        public var column: Int
        public var analytic: Double
        public var numeric: Double
        /// Components compared (not skipped).
        public var checked: Int
    }

    /// One entry per layer's weights, then its bias (then γ and β for a normalised layer), in layer order.
    public var layers: [Entry]
    /// Over all parameters.
    public var overall: Entry
    /// Components left out because θ ± h e_i crosses a kink.
    public var skippedNearKinks: Int
    /// Components left out because the L1 term's kink at θᵢ = 0 lies within ±h (0 without an L1 term).
    public var skippedAtL1Kink: Int = 0
    public var step: Double
    public var objective: Double

    /// True when the overall maximum is at most `threshold`.
    public func passes(threshold: Double) -> Bool { overall.maxRelativeDifference <= threshold }
}

public enum GradientCheck {
    /// The default step.
    public static let defaultStep = 1e-5

    /// Backprop through NNCore's `Objective.gradient` over all of `data`.
    public static func backpropGradient(objective: Objective, data: Dataset) -> @Sendable (MLP) -> [Double] {
        { model in
            var ws = BackpropWorkspace(for: model, batchCapacity: Swift.min(Swift.max(data.count, 1), 256))
            var g: [Double] = []
            objective.gradient(model: model, data: data, into: &g, workspace: &ws)
            return g
        }
    }

    /// Checks `gradient` (default: backprop) at `model`'s θ against central differences of
    /// `objective` over `data`. The closure gets the model and must return ∇J (P values).
    public static func run(model: MLP, objective: Objective, data: Dataset, step h: Double = defaultStep,
                           gradient: ((MLP) -> [Double])? = nil) throws -> GradientCheckReport {
        try AnalysisError.requireFinite(model)
        guard data.inputSize == model.inputSize, data.targetSize == model.outputSize, data.count > 0 else {
            throw AnalysisError.dataMismatch("gradient check needs non-empty data of the model's shape")
        }
        guard h > 0, h.isFinite else { throw AnalysisError.dataMismatch("step must be > 0, got \(h)") }
        let P = model.parameterCount
        let g = (gradient ?? backpropGradient(objective: objective, data: data))(model)
        guard g.count == P else { throw AnalysisError.dataMismatch("gradient has \(g.count) values, expected \(P)") }
        var ws = BackpropWorkspace(for: model, batchCapacity: Swift.min(data.count, 256))
        let j0 = objective.value(model: model, data: data, workspace: &ws)
        let kinky = model.activations.contains { $0.isPiecewiseLinear && $0.kind != .linear }
        let pattern0 = kinky ? signPattern(model, data) : []
        var numeric = [Double](repeating: 0, count: P)
        var skip = [Bool](repeating: false, count: P)
        var probe = model
        var l1Skip = 0
        for i in 0..<P {
            let t = model.parameters[i]
            if objective.l1 != 0 && Swift.abs(t) <= h {
                skip[i] = true
                l1Skip += 1
                continue
            }
            probe.parameters[i] = t + h
            let jp = objective.value(model: probe, data: data, workspace: &ws)
            if kinky && signPattern(probe, data) != pattern0 { skip[i] = true }
            probe.parameters[i] = t - h
            let jm = objective.value(model: probe, data: data, workspace: &ws)
            if kinky && !skip[i] && signPattern(probe, data) != pattern0 { skip[i] = true }
            probe.parameters[i] = t
            numeric[i] = (jp - jm) / (2 * h)
        }
        var scale = 0.0
        for i in 0..<P { scale = Swift.max(scale, Swift.abs(g[i]), Swift.abs(numeric[i])) }
        let resolution = 4 * Double.ulpOfOne * (Swift.abs(j0) + 1) / h
        let floor = Swift.max(1e-6 * scale, 1e6 * resolution, Double.leastNormalMagnitude)
        func entry(_ name: String, layer: Int?, _ range: Range<Int>) -> GradientCheckReport.Entry {
            var e = GradientCheckReport.Entry(name: name, layer: layer, maxRelativeDifference: 0, index: -1,
                                              row: 0, column: 0, analytic: 0, numeric: 0, checked: 0)
            for i in range where !skip[i] {
                e.checked += 1
                let d = Swift.abs(g[i] - numeric[i]) / Swift.max(Swift.abs(g[i]), Swift.abs(numeric[i]), floor)
                if e.index < 0 || d > e.maxRelativeDifference || d.isNaN {
                    e.maxRelativeDifference = d; e.index = i; e.analytic = g[i]; e.numeric = numeric[i]
                }
            }
            if e.index >= 0 {
                let (l, r, c) = locate(model, e.index)
                e.layer = l; e.row = r; e.column = c
            }
            return e
        }
        var layers: [GradientCheckReport.Entry] = []
        for l in 0..<model.layerCount {
            let wo = model.weightOffset(layer: l), bo = model.biasOffset(layer: l)
            layers.append(entry("W\(l + 1)", layer: l, wo..<bo))
            layers.append(entry("b\(l + 1)", layer: l, bo..<(bo + model.sizes[l + 1])))
            if model.normalizations[l].isActive {
                let go = model.gammaOffset(layer: l), d = model.sizes[l + 1]
                layers.append(entry("gamma\(l + 1)", layer: l, go..<(go + d)))
                layers.append(entry("beta\(l + 1)", layer: l, (go + d)..<(go + 2 * d)))
            }
        }
        return GradientCheckReport(layers: layers, overall: entry("all", layer: nil, 0..<P),
                                   skippedNearKinks: skip.filter { $0 }.count - l1Skip, skippedAtL1Kink: l1Skip,
                                   step: h, objective: j0)
    }

    /// (layer, row, column) of flat parameter index i (column 0 for biases).
    public static func locate(_ model: MLP, _ i: Int) -> (layer: Int, row: Int, column: Int) {
        for l in 0..<model.layerCount {
            let wo = model.weightOffset(layer: l), bo = model.biasOffset(layer: l), dIn = model.sizes[l]
            if i >= wo && i < bo { return (l, (i - wo) / dIn, (i - wo) % dIn) }
            if i >= bo && i < bo + model.sizes[l + 1] { return (l, i - bo, 0) }
            let go = model.gammaOffset(layer: l), d = model.sizes[l + 1]
            if model.normalizations[l].isActive && i >= go && i < go + 2 * d { return (l, (i - go) % d, 0) }
        }
        return (model.layerCount - 1, 0, 0)
    }

    /// The sign (−1, 0, +1) of every pre-activation at every point, for the layers whose activation has
    /// a kink at 0 (everything piecewise linear except `linear`).
    /// For normalised networks: the signs of the activations' inputs U_l (the normalised pre-activations).
    static func signPattern(_ model: MLP, _ data: Dataset) -> [Int8] {
        let inputs: [[Double]]
        if model.isNormalized {
            inputs = (try? NormalizedObjective(model: model, loss: .mse, data: data).activationInputs) ?? []
        } else {
            inputs = NetworkDerivatives(model: model, inputs: data.x, count: data.count).pre
        }
        var out: [Int8] = []
        for l in 0..<Swift.min(model.layerCount, inputs.count) {
            let a = model.activations[l]
            guard a.isPiecewiseLinear && a.kind != .linear else { continue }
            for f in inputs[l] { out.append(f > 0 ? 1 : (f < 0 ? -1 : 0)) }
        }
        return out
    }
}
