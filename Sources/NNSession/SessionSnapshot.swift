import NNCore

/// A point of a curve (the noiseless 1D target, for drawing).
public struct CurvePoint: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) { self.x = x; self.y = y }
}

/// Training stopped because the objective or θ stopped being finite.
public struct DivergenceNotice: Sendable, Equatable {
    /// The step whose update produced the non-finite value.
    public var step: Int
    /// What to tell the user, e.g. "diverged at step 12: lower the learning rate with - and reset with r".
    public var message: String

    public init(step: Int) {
        self.step = step
        self.message = "diverged at step \(step): lower the learning rate with - and reset with r"
    }
}

/// Everything a view needs about a session at one moment: an immutable value, safe to hand to any thread.
public struct SessionSnapshot: Sendable {
    /// The preset the session was built from (with any edits applied).
    public var preset: Preset
    public var presetName: String { preset.name }
    public var title: String { preset.title }
    public var caption: String { preset.caption }
    /// Training seed in use (the preset's, or the one given on the command line).
    public var seed: UInt64
    /// Optimiser steps taken so far (0 = initial or hand-set weights).
    public var step: Int
    /// Completed passes over the training set.
    public var epoch: Int
    /// A copy of the network at this step.
    public var model: MLP
    /// The network's training and test inputs (after the input features; the raw data without them).
    public var train: Dataset
    public var test: Dataset
    public var task: Task
    public var loss: Loss
    /// Learning rate of the next step (after the schedule).
    public var lr: Double
    /// Optimiser label, e.g. `adam` or `momentum(0.9)`.
    public var optimizerName: String
    /// Training objective (loss + ½λ‖θ‖² + λ₁‖θ‖₁) over the whole training set, dropout off.
    public var trainLoss: Double
    /// Data loss over the test set (nil without test data).
    public var testLoss: Double?
    /// Training accuracy in [0, 1] (classification only).
    public var accuracy: Double?
    /// Test accuracy (classification with test data only).
    public var testAccuracy: Double?
    public var history: MetricHistory
    /// Set once training has diverged (training is then stopped until a reset).
    public var divergence: DivergenceNotice?
    /// True once early stopping ended the run.
    public var stoppedEarly: Bool
    /// The noiseless target f(x) sampled over the data's domain (1D generated data only; empty otherwise).
    public var targetCurve: [CurvePoint]
    /// The input box the data was drawn from (one range per input; empty for CSV data).
    public var inputDomain: [ClosedRange<Double>]
    /// The training and test data as generated (raw inputs, for drawing): the same as ``train`` and
    /// ``test`` without input features.
    public var rawTrain: Dataset
    public var rawTest: Dataset
    /// The input features (nil when the preset sets none).
    public var features: FeatureMap?
    /// Set by ``TrainingQueue``: whether the session is meant to train.
    public var isRunning: Bool = false
    /// Set by ``TrainingQueue``: training speed during its last publish cycle (nil until measured).
    public var stepsPerSecond: Double?
    /// Set by ``TrainingQueue``: increases by one with every snapshot it publishes (views redraw on change).
    public var generation: Int = 0
    /// Set by ``TrainingQueue``: the build number given with the last rebuild (0 for the first session), so
    /// a viewer can tell snapshots of a replaced session from current ones.
    public var build: Int = 0
}

extension SessionSnapshot {
    /// Dimension of the raw input (1 for a curve, 2 for a map).
    public var rawInputSize: Int { rawTrain.inputSize }

    /// True when kinks and exact linear regions are defined in raw input space: no features, or features
    /// that are the raw coordinates in order.
    public var hasRawLinearInput: Bool { features?.isIdentity ?? true }

    /// The network's inputs for `count` raw input rows (the raw rows themselves without features).
    public func networkInputs(raw x: [Double], count: Int) -> [Double] {
        features.map { $0.apply(x, count: count) } ?? x
    }
}
