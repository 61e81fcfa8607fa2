import NNCore

/// One live training run built from a preset: the data, the network and its trainer, plus the bounded
/// history of its metrics. A value type, mutated by one owner at a time (``TrainingQueue`` owns it in the
/// dashboard, the `train` command owns it headless).
///
/// Seeds: the data has its own seed (`data.seed` in the preset), so changing the training seed keeps the
/// data; the training seed (the preset's `training.seed`, or the one given here) seeds the initialisation
/// directly and the trainer's minibatch/dropout generator through a fixed scramble of it.
public struct Session: Sendable {
    /// The preset the session runs (live edits that keep the run, like the learning rate, update it).
    public internal(set) var preset: Preset
    /// The training seed in use.
    public let seed: UInt64
    /// What the network trains on: ``rawData`` through ``features`` (the same value as ``rawData`` without
    /// input features). Training, metrics and every analysis of the objective use it.
    public internal(set) var data: GeneratedData
    /// The data as generated (raw inputs): what is drawn, dumped (`data.x` of `inspect`) and saved.
    public internal(set) var rawData: GeneratedData
    /// The preset's input features as a map from the raw input (nil when the preset sets none).
    public let features: FeatureMap?
    /// Training points added by hand since this session was built (``addTrainingPoint(x:target:)``).
    public internal(set) var addedPointCount = 0
    public internal(set) var trainer: Trainer
    public private(set) var history: MetricHistory
    /// Whether every step the history keeps is evaluated and recorded (off for headless runs, which only
    /// need the metrics at the steps they print: each evaluation is a pass over all the data).
    public let recordsHistory: Bool
    /// When history rows are evaluated: at every step the history would keep (exact curves, the default),
    /// or only when ``updateMetrics()`` runs plus at the few log-spaced steps that keep a run's first decades
    /// (``TrainingQueue`` publishes ~30 times a second, so a fast run does not spend most of its time
    /// evaluating rows).
    public var historyEvaluation: HistoryEvaluation = .everyKeptStep

    public enum HistoryEvaluation: Sendable, Equatable {
        case everyKeptStep
        case onUpdate
    }
    /// Metrics at step ``metricsStep`` (the current step unless `step(_:updateMetrics: false)` was used;
    /// ``updateMetrics()`` catches up).
    public private(set) var metrics: Metrics
    /// The step ``metrics`` were computed at.
    public private(set) var metricsStep = 0
    private var workspace: BackpropWorkspace

    /// Loss and accuracy of the current model over the whole training and test sets (dropout off).
    public struct Metrics: Sendable, Equatable {
        /// loss + ½λ‖θ‖² + λ₁‖θ‖₁ over the training set.
        public var trainObjective: Double
        /// Data loss over the training set.
        public var trainLoss: Double
        public var testLoss: Double?
        public var accuracy: Double?
        public var testAccuracy: Double?
    }

    /// Builds data, model and trainer. Throws a one-line ``PresetError`` for what only the data can reveal
    /// (a CSV file that is missing or malformed, or whose columns do not fit `model.layers`).
    public init(preset: Preset, seed: UInt64? = nil, historyCapacity: Int = 1024,
                recordsHistory: Bool = true) throws(PresetError) {
        let data: GeneratedData
        do { data = try preset.data.generate() } catch {
            // A file the preset names but that is missing or not a file: say which preset named it.
            let named = ["no such file", "is a directory", "cannot read"].contains(where: error.message.hasPrefix)
                ? " (named by \(preset.source) at data.path)" : ""
            throw PresetError(file: error.file, path: error.line.map { "line \($0)" } ?? "", message: error.message + named)
        }
        try self.init(preset: preset, seed: seed, data: data, historyCapacity: historyCapacity,
                      recordsHistory: recordsHistory)
    }

    /// Builds model and trainer on given data (a loaded session brings its own data; see SessionFile.swift).
    init(preset: Preset, seed: UInt64?, data: GeneratedData, historyCapacity: Int = 1024,
         recordsHistory: Bool = true) throws(PresetError) {
        self.preset = preset
        self.recordsHistory = recordsHistory
        self.seed = seed ?? preset.training.seed
        rawData = data
        let features = try Session.featureMap(preset: preset, data: data)
        self.features = features
        self.data = features.map { $0.apply(data) } ?? data
        try Session.checkFit(preset: preset, data: self.data)
        let sizes = preset.model.layers
        // BatchNorm holds the whole training set's activations at once (its statistics need them together).
        let activations = max(data.train.count, data.test.count) * sizes.reduce(0, +)
        if preset.model.normalizations.contains(where: { $0.kind == .batch }), activations > Session.batchNormActivationLimit {
            throw PresetError(file: preset.source, path: "model",
                              message: "expected at most \(Session.batchNormActivationLimit) activations (points × summed layer widths) with BatchNorm, "
                                  + "which holds them all at once; got \(max(data.train.count, data.test.count)) × \(sizes.reduce(0, +))")
        }
        var model: MLP
        let norms = preset.model.normalizations
        if let theta = preset.model.explicitParameters {
            model = MLP(sizes: sizes, activations: preset.model.activations, normalizations: norms)
            model.parameters = theta
        } else {
            model = MLP(sizes: sizes, activations: preset.model.activations, normalizations: norms,
                        initializer: preset.model.initializer.nnCore, seed: self.seed)
            let scale = preset.model.initScale
            if scale != 1 {  // weights and biases only (γ = 1, β = 0 of a normalisation stay)
                for l in 0..<model.layerCount {
                    for j in model.weightOffset(layer: l)..<(model.biasOffset(layer: l) + sizes[l + 1]) {
                        model.parameters[j] *= scale
                    }
                }
            }
        }
        let config = preset.training.trainingConfig(seed: Session.trainerSeed(self.seed))
        trainer = Trainer(model: model, train: self.data.train, test: self.data.test.isEmpty ? nil : self.data.test,
                          config: config)
        // BatchNorm's training-mode objective needs the whole training set in one chunk.
        let capacity = max(self.data.train.count, self.data.test.count, 1)
        workspace = BackpropWorkspace(for: model, batchCapacity: model.hasBatchNormalization ? capacity : min(capacity, 256))
        history = MetricHistory(capacity: historyCapacity)
        metrics = Metrics(trainObjective: 0, trainLoss: 0)
        refreshMetrics()
    }

    /// 2^23 activations (64 MB per array) for a BatchNorm network's whole-set passes.
    public static let batchNormActivationLimit = 1 << 23

    /// The trainer's generator seed for a training seed (distinct from the initialisation's stream).
    static func trainerSeed(_ seed: UInt64) -> UInt64 { seed ^ 0x5DEE_CE66_D1CE_F00D }

    /// The preset's features for this (raw) data: nil without `model.features`; a CSV file's input size is
    /// only known now, so the features must fit it here.
    static func featureMap(preset: Preset, data: GeneratedData) throws(PresetError) -> FeatureMap? {
        guard let names = preset.model.features else { return nil }
        let d = data.train.inputSize
        guard let map = FeatureMap(rawSize: d, features: names) else {
            let what = preset.data.kind == .csv ? "the CSV file \(preset.data.csv?.path ?? "")" : "the \"\(preset.data.kind.name)\" data"
            let allowed = InputFeature.names(forInputSize: d).map(\.name).joined(separator: ", ")
            throw PresetError(file: preset.source, path: "model.features",
                              message: "expected features of \(d)D input (\(what))" + (allowed.isEmpty ? ", which has none" : ": \(allowed)")
                                + ", got " + names.map(\.name).joined(separator: ", "))
        }
        return map
    }

    /// CSV data is only known now: its shape must fit the network and the loss. `data` is the network's
    /// view (after the input features).
    static func checkFit(preset: Preset, data: GeneratedData) throws(PresetError) {
        let layers = preset.model.layers
        let what = preset.model.features != nil ? "model.features"
            : preset.data.kind == .csv ? "the CSV file \(preset.data.csv?.path ?? "")" : "the \"\(preset.data.kind.name)\" data"
        if layers[0] != data.train.inputSize {
            throw PresetError(file: preset.source, path: "model.layers[0]",
                              message: "expected \(data.train.inputSize) (the input size of \(what)), got \(layers[0])")
        }
        if layers[layers.count - 1] != data.train.targetSize {
            throw PresetError(file: preset.source, path: "model.layers[\(layers.count - 1)]",
                              message: "expected \(data.train.targetSize) (the output size of \(what)), got \(layers[layers.count - 1])")
        }
        let fitting = Preset.losses(for: data.task)
        if !fitting.contains(preset.training.loss) {
            throw PresetError(file: preset.source, path: "training.loss",
                              message: "expected " + fitting.map { "\"\($0.name)\"" }.joined(separator: " or ") + " for \(what), got \"\(preset.training.loss.name)\"")
        }
        if let b = preset.training.batch, b > data.train.count {
            throw PresetError(file: preset.source, path: "training.batch",
                              message: "expected an integer between 1 and \(data.train.count) (the training set size) or \"full\", got \(b)")
        }
    }

    public var step: Int { trainer.stepCount }
    public var epoch: Int { trainer.epochCount }
    public var model: MLP { trainer.model }
    /// True once the run diverged or early stopping ended it (further steps do nothing).
    public var isFinished: Bool { trainer.divergence != nil || trainer.isStopped }
    /// Learning rate of the next step.
    public var learningRate: Double {
        trainer.config.schedule.learningRate(base: trainer.config.learningRate, step: trainer.stepCount)
    }

    /// Scales the base learning rate by `factor` for the following steps, keeping the weights, the optimiser
    /// state, the step count and the schedule's position (``Preset/scalingLearningRate(by:)`` clamps it).
    /// After a divergence a new rate alone cannot continue the run: reset it (rebuild the session).
    public mutating func scaleLearningRate(by factor: Double) {
        setLearningRate(preset.scalingLearningRate(by: factor).training.optimizer.lr)
    }

    /// Sets the base learning rate (must be finite and > 0; otherwise ignored), keeping the run going.
    public mutating func setLearningRate(_ lr: Double) {
        guard lr.isFinite, lr > 0 else { return }
        preset.training.optimizer.lr = lr
        trainer.setLearningRate(lr)
    }

    /// Applies a saved trainer state (a loaded session file), recomputes the metrics and starts the
    /// history afresh at the restored step.
    mutating func restoreTrainer(_ state: TrainerState) throws(TrainerStateError) {
        try trainer.restore(state)
        history = MetricHistory(capacity: history.capacity)
        metricsStep = -1
        refreshMetrics()
    }

    /// Trains up to `count` steps (fewer when the run diverges or stops); returns the number taken.
    /// Metrics are evaluated at the steps the history keeps and, unless `updateMetrics` is false, at the
    /// last step (callers that step in small chunks pass false and call ``updateMetrics()`` when they
    /// need the numbers: each evaluation is a pass over all the data).
    @discardableResult
    public mutating func step(_ count: Int = 1, updateMetrics: Bool = true) -> Int {
        var taken = 0
        while taken < count && !isFinished {
            let lr = learningRate
            trainer.step()
            taken += 1
            // In `.onUpdate` mode the log-spaced rows are still evaluated as they come (few in all): they keep
            // the first decades of a fast run, and every finite step before a divergence early on.
            if recordsHistory && (historyEvaluation == .everyKeptStep ? history.wants(step: trainer.stepCount)
                                                                      : history.wantsEarly(step: trainer.stepCount)) {
                refreshMetrics(lr: lr)
            }
        }
        if updateMetrics { self.updateMetrics() }
        return taken
    }

    /// Brings ``metrics`` up to the current step (no work when they already are).
    public mutating func updateMetrics() {
        if metricsStep != trainer.stepCount || history.isEmpty { refreshMetrics() }
    }

    /// Recomputes ``metrics`` for the current model and records them in the history.
    mutating func refreshMetrics(lr: Double? = nil) {
        let objective = trainer.config.objective
        let model = trainer.model
        let train = objective.evaluate(model: model, data: data.train, workspace: &workspace)
        var m = Metrics(trainObjective: train.objective, trainLoss: train.loss,
                        accuracy: train.accuracy ?? Session.thresholdAccuracy(model, data.train, data.task))
        if !data.test.isEmpty {
            // The test loss is an evaluation: BatchNorm uses its running statistics.
            let test = objective.evaluate(model: model, data: data.test, workspace: &workspace, mode: .inference)
            m.testLoss = test.loss
            m.testAccuracy = test.accuracy ?? Session.thresholdAccuracy(model, data.test, data.task)
        }
        metrics = m
        metricsStep = trainer.stepCount
        guard recordsHistory || history.isEmpty else { return }
        history.record(.init(step: trainer.stepCount, loss: m.trainObjective, testLoss: m.testLoss,
                             accuracy: m.accuracy, testAccuracy: m.testAccuracy, lr: lr ?? learningRate))
    }

    /// Accuracy of a binary task trained with MSE (output > ½ means class 1); nil for other cases,
    /// which the objective's own evaluation covers.
    static func thresholdAccuracy(_ model: MLP, _ data: Dataset, _ task: Task) -> Double? {
        guard task == .binary, !data.isEmpty else { return nil }
        let out = model.predict(data.x, count: data.count)
        var hits = 0
        for i in 0..<data.count where (out[i] > 0.5) == (data.y[i] > 0.5) { hits += 1 }
        return Double(hits) / Double(data.count)
    }

    /// An immutable picture of the session now.
    public func snapshot() -> SessionSnapshot {
        SessionSnapshot(
            preset: preset, seed: seed, step: trainer.stepCount, epoch: trainer.epochCount, model: trainer.model,
            train: data.train, test: data.test, task: data.task, loss: preset.training.loss,
            lr: learningRate, optimizerName: preset.training.optimizer.label,
            trainLoss: metrics.trainObjective, testLoss: metrics.testLoss, accuracy: metrics.accuracy,
            testAccuracy: metrics.testAccuracy, history: history,
            divergence: trainer.divergence.map { DivergenceNotice(step: $0.step) },
            stoppedEarly: trainer.isStopped,
            targetCurve: preset.data.targetCurve(samples: 256).map { CurvePoint(x: $0.x, y: $0.y) },
            inputDomain: preset.data.inputDomain, rawTrain: rawData.train, rawTest: rawData.test, features: features)
    }
}

extension InitName {
    /// The NNCore initialiser with the same law.
    public var nnCore: Initializer {
        switch self {
        case .he: return .he
        case .xavier: return .xavier
        case .uniformFanIn: return .uniformFanIn
        case .zeros: return .zeros
        }
    }
}

extension TrainingSpec {
    /// The NNCore training configuration this spec describes.
    public func trainingConfig(seed: UInt64) -> TrainingConfig {
        let opt: Optimizer
        switch optimizer.name {
        case .sgd: opt = .sgd
        case .momentum: opt = .momentum(beta: optimizer.momentum, nesterov: optimizer.nesterov)
        case .adam: opt = .adam(beta1: optimizer.beta1, beta2: optimizer.beta2, epsilon: optimizer.eps)
        case .adamw: opt = .adamw(beta1: optimizer.beta1, beta2: optimizer.beta2, epsilon: optimizer.eps,
                                  weightDecay: optimizer.weightDecay)
        }
        let shape: LearningRateSchedule.Shape
        switch schedule.name {
        case .constant: shape = .constant
        case .step: shape = .step(every: schedule.every, factor: schedule.factor)
        case .cosine: shape = .cosine(totalSteps: schedule.totalSteps, floor: schedule.floor)
        }
        var config = TrainingConfig(loss: loss, l2: l2, optimizer: opt, learningRate: optimizer.lr,
                                    schedule: LearningRateSchedule(shape, warmupSteps: schedule.warmup),
                                    batchSize: batch, dropout: dropout, clipNorm: clip,
                                    earlyStoppingPatience: earlyStoppingPatience, seed: seed)
        config.l1 = l1
        return config
    }
}
