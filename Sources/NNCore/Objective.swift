/// The training objective J(θ) = loss(θ) + ½λ‖θ‖² + λ₁‖θ‖₁, with both penalties over ALL of θ (biases,
/// and a normalisation's γ and β, too).
///
/// The L1 term is not differentiable where some θⱼ = 0: the gradient uses the subgradient
/// λ₁·sign(θⱼ) with sign(0) = 0, and its second derivative is zero wherever it exists (the Hessian has no
/// L1 contribution).
///
/// The loss is a mean (see ``Loss``) over the samples given: the whole data set, or a minibatch selected
/// by `rows`. Every method runs through a ``BackpropWorkspace`` in chunks of its capacity, so data sets of
/// any size work and, given a workspace, nothing is allocated (except when `gradient` must first be sized).
///
/// Normalised networks: the objective is the training-mode one (``NormalizationMode/training``): BatchNorm
/// uses the statistics of exactly the samples given (the minibatch, or the whole data set). That couples
/// the samples, so they must be one chunk: when the workspace is smaller, a temporary one of the right
/// capacity is used (an allocation; size workspaces to the batch to avoid it). `evaluate` can instead use
/// `.inference` (running statistics, samples independent), as for a test loss.
public struct Objective: Sendable, Hashable, Codable {
    public var loss: Loss
    /// λ of ½λ‖θ‖² (0 for none).
    public var l2: Double
    /// λ₁ of λ₁‖θ‖₁ (0 for none).
    public var l1: Double

    public init(loss: Loss, l2: Double = 0, l1: Double = 0) {
        self.loss = loss
        self.l2 = l2
        self.l1 = l1
    }

    /// sign(v) with sign(0) = 0: the subgradient of |v| that the L1 term uses.
    @inline(__always)
    public static func l1Sign(_ v: Double) -> Double { v > 0 ? 1 : (v < 0 ? -1 : 0) }

    /// Loss, objective and (for classification) accuracy of a model on some data.
    public struct Evaluation: Sendable, Hashable {
        /// The mean loss (data term only).
        public var loss: Double
        /// loss + ½λ‖θ‖² + λ₁‖θ‖₁.
        public var objective: Double
        /// Fraction of correctly classified samples (bce: per output, logit > 0 ⇔ target > ½; softmax:
        /// argmax), nil for MSE.
        public var accuracy: Double?
        public var count: Int
    }

    /// ½λ‖θ‖² + λ₁‖θ‖₁.
    public func regularization(_ parameters: [Double]) -> Double {
        var r = 0.0
        if l2 != 0 {
            var s = 0.0
            for v in parameters { s += v * v }
            r = 0.5 * l2 * s
        }
        if l1 != 0 {
            var a = 0.0
            for v in parameters { a += Swift.abs(v) }
            r += l1 * a
        }
        return r
    }

    /// J(θ) over all of `data` (allocates a temporary workspace; use the workspace overload in loops).
    public func value(model: MLP, data: Dataset) -> Double {
        var ws = BackpropWorkspace(for: model, batchCapacity: Swift.min(Swift.max(data.count, 1), 256))
        return value(model: model, data: data, workspace: &ws)
    }

    /// J(θ) over all of `data`.
    public func value(model: MLP, data: Dataset, workspace: inout BackpropWorkspace) -> Double {
        evaluate(model: model, data: data, workspace: &workspace).objective
    }

    /// Loss, objective and accuracy over all of `data` (no dropout); `mode` only matters with BatchNorm.
    public func evaluate(model: MLP, data: Dataset, workspace: inout BackpropWorkspace,
                         mode: NormalizationMode = .training) -> Evaluation {
        var correct = 0
        let n = data.count
        let sum = withUnsafeMutablePointer(to: &correct) { hits in
            run(model: model, data: data, rows: nil, count: n, gradient: nil, dropoutRate: 0, rng: nil,
                workspace: &workspace, correct: hits, mode: mode)
        }
        let mean = n == 0 ? 0 : sum / Double(LossKernels.normaliser(loss, samples: n, outputs: model.outputSize))
        let acc = loss.isClassification && n > 0
            ? Double(correct) / Double(loss == .softmaxCrossEntropy ? n : n * model.outputSize) : nil
        return Evaluation(loss: mean, objective: mean + regularization(model.parameters), accuracy: acc, count: n)
    }

    /// J(θ) over all of `data`, and its gradient ∇J written into `gradient` (resized to P if needed).
    @discardableResult
    public func gradient(
        model: MLP, data: Dataset, into gradient: inout [Double], workspace: inout BackpropWorkspace
    ) -> Double {
        self.gradient(model: model, data: data, rows: nil, dropout: 0, rng: nil, into: &gradient, workspace: &workspace)
    }

    /// J(θ) and ∇J over the minibatch `rows` (indices into `data`; nil = all rows in order), with optional
    /// inverted dropout on hidden layers (`dropout` = drop probability in [0, 1), masks drawn from `rng`;
    /// training only). The loss is the mean over the selected samples.
    @discardableResult
    public func gradient(
        model: MLP, data: Dataset, rows: UnsafeBufferPointer<Int>?, dropout: Double = 0, rng: inout SeededRNG,
        into gradient: inout [Double], workspace: inout BackpropWorkspace
    ) -> Double {
        withUnsafeMutablePointer(to: &rng) { r in
            self.gradient(model: model, data: data, rows: rows, dropout: dropout, rng: r, into: &gradient,
                          workspace: &workspace)
        }
    }

    private func gradient(
        model: MLP, data: Dataset, rows: UnsafeBufferPointer<Int>?, dropout: Double,
        rng: UnsafeMutablePointer<SeededRNG>?, into gradient: inout [Double], workspace: inout BackpropWorkspace
    ) -> Double {
        precondition(dropout >= 0 && dropout < 1, "dropout rate must be in [0, 1)")
        let P = model.parameterCount
        if gradient.count != P { gradient = [Double](repeating: 0, count: P) }
        let n = rows?.count ?? data.count
        let sum = gradient.withUnsafeMutableBufferPointer { g -> Double in
            guard let gp = g.baseAddress else { return 0 }
            gp.update(repeating: 0, count: P)
            return run(model: model, data: data, rows: rows, count: n, gradient: gp, dropoutRate: dropout,
                       rng: rng, workspace: &workspace, correct: nil)
        }
        var reg = 0.0
        if l2 != 0 {
            model.parameters.withUnsafeBufferPointer { t in
                for j in 0..<P {
                    reg += t[j] * t[j]
                    gradient[j] += l2 * t[j]
                }
            }
            reg *= 0.5 * l2
        }
        if l1 != 0 {
            var a = 0.0
            model.parameters.withUnsafeBufferPointer { t in
                for j in 0..<P {
                    a += Swift.abs(t[j])
                    gradient[j] += l1 * Objective.l1Sign(t[j])
                }
            }
            reg += l1 * a
        }
        let mean = n == 0 ? 0 : sum / Double(LossKernels.normaliser(loss, samples: n, outputs: model.outputSize))
        return mean + reg
    }

    /// Chunks `count` samples through the workspace; returns the loss sum. The gradient (when given) is
    /// accumulated already divided by the loss's normaliser.
    private func run(
        model: MLP, data: Dataset, rows: UnsafeBufferPointer<Int>?, count n: Int,
        gradient: UnsafeMutablePointer<Double>?, dropoutRate: Double, rng: UnsafeMutablePointer<SeededRNG>?,
        workspace: inout BackpropWorkspace, correct: UnsafeMutablePointer<Int>?, mode: NormalizationMode = .training
    ) -> Double {
        precondition(data.inputSize == model.inputSize && data.targetSize == model.outputSize,
                     "data shape does not match the network")
        guard n > 0 else { return 0 }
        if mode == .training && model.hasBatchNormalization && n > workspace.batchCapacity {
            // Batch statistics couple the samples: they must be one chunk.
            var whole = BackpropWorkspace(for: model, batchCapacity: n)
            return run(model: model, data: data, rows: rows, count: n, gradient: gradient, dropoutRate: dropoutRate,
                       rng: rng, workspace: &whole, correct: correct, mode: mode)
        }
        let scale = 1 / Double(LossKernels.normaliser(loss, samples: n, outputs: model.outputSize))
        let cap = workspace.batchCapacity
        return model.parameters.withUnsafeBufferPointer { t in
            data.x.withUnsafeBufferPointer { xb in
                data.y.withUnsafeBufferPointer { yb in
                    guard let tp = t.baseAddress, let xp = xb.baseAddress, let yp = yb.baseAddress else { return 0 }
                    var total = 0.0
                    var start = 0
                    while start < n {
                        let m = Swift.min(cap, n - start)
                        total += workspace.runChunk(
                            model: model, theta: tp, x: xp, y: yp,
                            rows: rows, start: start, count: m, loss: loss, scale: scale, gradient: gradient,
                            dropoutRate: dropoutRate, rng: rng, correct: correct, mode: mode)
                        start += m
                    }
                    return total
                }
            }
        }
    }
}
