/// Everything that defines a training run besides the model and the data.
public struct TrainingConfig: Sendable, Hashable, Codable {
    /// The data term of the objective.
    public var loss: Loss
    /// λ of the ½λ‖θ‖² term in the objective (over all of θ). Distinct from AdamW's decoupled decay.
    public var l2: Double
    /// λ₁ of the λ₁‖θ‖₁ term (over all of θ; subgradient with sign(0) = 0, see ``Objective``).
    public var l1: Double = 0
    public var optimizer: Optimizer
    /// The base learning rate η (> 0), shaped by `schedule`.
    public var learningRate: Double
    public var schedule: LearningRateSchedule
    /// Minibatch size; nil (or ≥ n) = full batch. See ``Trainer`` for the epoch and last-batch rules.
    public var batchSize: Int?
    /// Inverted-dropout probability on hidden layers during training, in [0, 1) (0 = off).
    public var dropout: Double
    /// Rescale the gradient to this Euclidean norm when it is larger (nil = no clipping).
    public var clipNorm: Double?
    /// Stop when the test loss has not improved for this many epochs, restoring the best θ (nil = never).
    public var earlyStoppingPatience: Int?
    /// Seed of the trainer's generator (shuffling, dropout). Initialisation has its own seed.
    public var seed: UInt64

    public init(
        loss: Loss, l2: Double = 0, optimizer: Optimizer = .sgd, learningRate: Double = 0.01,
        schedule: LearningRateSchedule = .constant, batchSize: Int? = nil, dropout: Double = 0,
        clipNorm: Double? = nil, earlyStoppingPatience: Int? = nil, seed: UInt64 = 0
    ) {
        self.loss = loss
        self.l2 = l2
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.schedule = schedule
        self.batchSize = batchSize
        self.dropout = dropout
        self.clipNorm = clipNorm
        self.earlyStoppingPatience = earlyStoppingPatience
        self.seed = seed
    }

    /// The objective trained (loss + ½λ‖θ‖² + λ₁‖θ‖₁).
    public var objective: Objective { Objective(loss: loss, l2: l2, l1: l1) }
}

/// What one training step did.
public struct StepReport: Sendable, Hashable {
    /// Number of updates applied so far (this one included).
    public var step: Int
    /// Completed epochs after this step.
    public var epoch: Int
    /// The minibatch objective (loss + ½λ‖θ‖² + λ₁‖θ‖₁, dropout applied if on) at θ before the update.
    public var loss: Double
    /// The learning rate used.
    public var learningRate: Double
    /// ‖∇J‖ before clipping.
    public var gradientNorm: Double
    /// True when clipping rescaled the gradient.
    public var clipped: Bool
    /// Size of the minibatch used.
    public var batchSize: Int
    /// True when this step finished an epoch.
    public var endOfEpoch: Bool
    /// Test loss measured at the end of the epoch (only when early stopping is on).
    public var testLoss: Double?
    /// Set when the run has diverged (now or earlier); the step then did nothing.
    public var divergence: Divergence?
    /// True when early stopping has ended the run (now or earlier); the step then did nothing.
    public var stopped: Bool
}

/// Why and when a run diverged: detected after an update, never hidden.
public struct Divergence: Sendable, Hashable, CustomStringConvertible {
    public enum Reason: String, Sendable, Hashable {
        case nonFiniteLoss = "non-finite loss"
        case nonFiniteGradient = "non-finite gradient"
        case nonFiniteParameters = "non-finite parameters"
    }
    /// The update (1-based) after which it was detected.
    public var step: Int
    public var reason: Reason
    public var description: String { "diverged at step \(step): \(reason.rawValue)" }
}
