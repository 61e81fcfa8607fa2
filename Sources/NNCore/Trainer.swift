/// Trains one model on one data set: minibatches, schedule, optimiser, dropout, clipping, early stopping,
/// divergence detection. A value type; ``step()`` allocates nothing (all buffers are sized at init).
///
/// Rules (part of the determinism contract — same model, data, config and seed give bit-identical θ):
/// - **Batches.** With `batchSize` nil or ≥ n every step uses all n training points in data order and ends
///   an epoch. Otherwise the trainer's index permutation is reshuffled (Fisher–Yates, the trainer's RNG) at
///   the start of every epoch and consecutive slices of it are the minibatches, so each epoch visits every
///   point exactly once. The last batch of an epoch holds the n mod B leftover points when B does not divide
///   n (PyTorch's `drop_last=False`); its loss is the mean over those points.
/// - **Dropout** (training only): inverted dropout on hidden layers, masks drawn from the trainer's RNG after
///   the shuffle. Evaluation never drops.
/// - **Clipping**: if ‖g‖ > c, g ← g · c/(‖g‖ + 10⁻⁶) (PyTorch's `clip_grad_norm_`), applied to the full
///   objective's gradient (L2 and L1 terms included), before the optimiser.
/// - **BatchNorm**: each step uses the minibatch's statistics; after the update the running statistics move
///   towards them (``Normalization``). The test loss of early stopping uses the running statistics.
/// - **Early stopping** (needs test data): at the end of every epoch the test loss (data term, no dropout) is
///   measured; the best θ so far is kept; after `patience` epochs without a strict improvement the best θ is
///   restored into ``model`` and the run stops (``isStopped``; further steps do nothing). The optimiser state
///   is not rolled back.
/// - **Divergence**: if the minibatch objective or its gradient is non-finite the update is NOT applied
///   (θ stays at its last finite value) and ``divergence`` records the step and reason; if an update makes θ
///   non-finite, θ is left as it is and that is recorded. Either way later steps do nothing.
public struct Trainer: Sendable {
    public internal(set) var model: MLP
    public private(set) var train: Dataset
    public let test: Dataset?
    public private(set) var config: TrainingConfig
    public internal(set) var optimizerState: OptimizerState
    /// The generator for shuffling and dropout (save/restore via its `state`).
    public internal(set) var rng: SeededRNG
    /// Updates applied so far.
    public internal(set) var stepCount = 0
    /// Epochs completed so far.
    public internal(set) var epochCount = 0
    public internal(set) var divergence: Divergence?
    public internal(set) var isStopped = false
    /// Best test loss seen at an epoch end (early stopping only), and the step it was seen after.
    public internal(set) var bestTestLoss: Double?
    public internal(set) var bestStep: Int?

    // Internal (not private) so that TrainerState.swift can save and restore them.
    var order: [Int]
    var cursor = 0
    var lastBatchStart = 0, lastBatchCount = 0
    private var gradient: [Double]
    var bestParameters: [Double]
    var epochsWithoutImprovement = 0
    private var workspace: BackpropWorkspace

    /// The size of the regular minibatch (the last of an epoch may be smaller).
    public private(set) var batchSize: Int

    public init(model: MLP, train: Dataset, test: Dataset? = nil, config: TrainingConfig) {
        precondition(train.count >= 1, "training data is empty")
        precondition(train.inputSize == model.inputSize && train.targetSize == model.outputSize,
                     "training data shape does not match the network")
        if let test {
            precondition(test.inputSize == model.inputSize && test.targetSize == model.outputSize,
                         "test data shape does not match the network")
        }
        precondition(config.learningRate > 0, "learning rate must be > 0")
        precondition(config.dropout >= 0 && config.dropout < 1, "dropout must be in [0, 1)")
        self.model = model
        // Own unique buffers from the start, so not even the first step copies on write.
        self.model.parameters = model.parameters.map { $0 }
        self.model.runningStatistics = model.runningStatistics.map { $0 }
        self.train = train
        self.test = test
        self.config = config
        let n = train.count
        batchSize = Swift.max(1, Swift.min(config.batchSize ?? n, n))
        optimizerState = OptimizerState(config.optimizer, parameterCount: model.parameterCount)
        rng = SeededRNG(seed: config.seed)
        order = Array(0..<n)
        gradient = [Double](repeating: 0, count: model.parameterCount)
        bestParameters = config.earlyStoppingPatience == nil ? [] : model.parameters.map { $0 }
        workspace = BackpropWorkspace(for: model, batchCapacity: Trainer.workspaceCapacity(model, batchSize))
    }

    /// Chunks of up to 4096 samples, except with BatchNorm, whose batch statistics need the whole minibatch
    /// in one chunk.
    static func workspaceCapacity(_ model: MLP, _ batchSize: Int) -> Int {
        model.hasBatchNormalization ? batchSize : Swift.min(batchSize, 4096)
    }

    /// Indices (into ``train``) of the points the last step used — valid until the next step.
    public var lastBatchIndices: ArraySlice<Int> { order[lastBatchStart..<(lastBatchStart + lastBatchCount)] }

    /// True when every step uses the whole training set.
    public var isFullBatch: Bool { batchSize >= train.count }

    /// One update on the next minibatch (see the type's rules). Does nothing once diverged or stopped.
    @discardableResult
    public mutating func step() -> StepReport {
        let lr = config.schedule.learningRate(base: config.learningRate, step: stepCount)
        var report = StepReport(
            step: stepCount, epoch: epochCount, loss: .nan, learningRate: lr, gradientNorm: .nan, clipped: false,
            batchSize: 0, endOfEpoch: false, testLoss: nil, divergence: divergence, stopped: isStopped)
        if divergence != nil || isStopped { return report }

        let n = train.count
        let objective = config.objective
        let value: Double
        let m: Int
        if isFullBatch {
            m = n
            lastBatchStart = 0
            value = objective.gradient(model: model, data: train, rows: nil, dropout: config.dropout, rng: &rng,
                                       into: &gradient, workspace: &workspace)
        } else {
            if cursor == 0 { rng.shuffle(&order) }
            m = Swift.min(batchSize, n - cursor)
            let start = cursor
            lastBatchStart = start
            value = order.withUnsafeBufferPointer { all in
                objective.gradient(
                    model: model, data: train, rows: UnsafeBufferPointer(rebasing: all[start..<(start + m)]),
                    dropout: config.dropout, rng: &rng, into: &gradient, workspace: &workspace)
            }
        }
        lastBatchCount = m
        report.loss = value
        report.batchSize = m

        let norm = VectorMath.sumOfSquares(gradient).squareRoot()
        report.gradientNorm = norm
        stepCount += 1
        report.step = stepCount
        if !value.isFinite || !norm.isFinite {
            divergence = Divergence(step: stepCount, reason: value.isFinite ? .nonFiniteGradient : .nonFiniteLoss)
            report.divergence = divergence
            return report
        }
        if let c = config.clipNorm, norm > c {
            let f = c / (norm + 1e-6)
            gradient.withUnsafeMutableBufferPointer { g in for j in g.indices { g[j] *= f } }
            report.clipped = true
        }
        optimizerState.update(parameters: &model.parameters, gradient: gradient, learningRate: lr)
        // BatchNorm: the running statistics follow the batch just used (only when the update is applied).
        if model.hasBatchNormalization { workspace.updateRunningStatistics(of: &model, count: m) }
        // Σθ² is finite exactly when every θ is finite (barring overflow of the sum, which also signals trouble).
        if !VectorMath.sumOfSquares(model.parameters).isFinite && !model.isFinite {
            divergence = Divergence(step: stepCount, reason: .nonFiniteParameters)
            report.divergence = divergence
            return report
        }

        if isFullBatch {
            report.endOfEpoch = true
        } else {
            cursor += m
            if cursor >= n { cursor = 0; report.endOfEpoch = true }
        }
        if report.endOfEpoch {
            epochCount += 1
            report.testLoss = checkEarlyStopping()
            report.stopped = isStopped
        }
        report.epoch = epochCount
        return report
    }

    /// Changes the base learning rate from the next step on, keeping the optimiser state, the schedule's
    /// position and everything else (e.g. when a user edits the rate of a running session).
    public mutating func setLearningRate(_ lr: Double) {
        precondition(lr > 0, "learning rate must be > 0")
        config.learningRate = lr
    }

    /// Runs up to `steps` steps (fewer if the run diverges or stops); returns the last report.
    @discardableResult
    public mutating func run(steps: Int) -> StepReport? {
        var last: StepReport?
        for _ in 0..<steps {
            let r = step()
            last = r
            if r.divergence != nil || r.stopped { break }
        }
        return last
    }

    /// Loss, objective and accuracy of the current model on `data` (no dropout), with the trainer's workspace;
    /// `mode` only matters with BatchNorm.
    public mutating func evaluate(_ data: Dataset, mode: NormalizationMode = .training) -> Objective.Evaluation {
        config.objective.evaluate(model: model, data: data, workspace: &workspace, mode: mode)
    }

    /// Early-stopping bookkeeping at an epoch end; returns the test loss when measured.
    private mutating func checkEarlyStopping() -> Double? {
        guard let patience = config.earlyStoppingPatience, let test, !test.isEmpty else { return nil }
        let loss = config.objective.evaluate(model: model, data: test, workspace: &workspace, mode: .inference).loss
        if !(loss < (bestTestLoss ?? .infinity)) {
            epochsWithoutImprovement += 1
            if epochsWithoutImprovement >= patience {
                model.parameters.withUnsafeMutableBufferPointer { t in
                    bestParameters.withUnsafeBufferPointer { b in
                        if let tp = t.baseAddress, let bp = b.baseAddress { tp.update(from: bp, count: b.count) }
                    }
                }
                isStopped = true
            }
        } else {
            bestTestLoss = loss
            bestStep = stepCount
            epochsWithoutImprovement = 0
            bestParameters.withUnsafeMutableBufferPointer { b in
                model.parameters.withUnsafeBufferPointer { t in
                    if let bp = b.baseAddress, let tp = t.baseAddress { bp.update(from: tp, count: t.count) }
                }
            }
        }
        return loss
    }
}

extension Trainer {
    /// Appends one training point (input row `x`, target row `y`) to ``train``, keeping θ, the optimiser
    /// state, the generator, the step and epoch counts and the early-stopping record: the run continues
    /// on n + 1 points (e.g. a point clicked on the dashboard's map).
    ///
    /// Batches: a full-batch run (`batchSize` nil or ≥ the old n) stays full batch (all n + 1 points from
    /// the next step); a minibatch run keeps its batch size. The new index n is appended to the epoch's
    /// order, so an epoch in progress still visits it (at its end) and every later epoch shuffles all n + 1
    /// points. The workspace grows when the batch outgrows it (allocates here, never in ``step()``).
    public mutating func appendTrainingPoint(x: [Double], y: [Double]) {
        precondition(x.count == train.inputSize && y.count == train.targetSize, "point shape does not match the data")
        train.x.append(contentsOf: x)
        train.y.append(contentsOf: y)
        let n = train.count
        order.append(n - 1)
        // The rule of `init`: min(B, n), so a full batch (B nil or ≥ n) grows with n; a minibatch B < n stays.
        batchSize = Swift.max(1, Swift.min(config.batchSize ?? n, n))
        let capacity = Trainer.workspaceCapacity(model, batchSize)
        if workspace.batchCapacity < capacity {
            workspace = BackpropWorkspace(for: model, batchCapacity: capacity)
        }
    }
}
