import NNCore

/// A validated description of one nnviz scene: data, model, training and view. Built only through
/// ``Preset/parse(_:file:name:)`` (strict validation) or the editing helpers (which re-validate), so a
/// `Preset` value always describes something that can be built and trained.
///
/// File format (JSON; every key below is the complete list, anything else is refused):
/// ```
/// { "title": "...", "description": "one line", "caption": "formula and claim",
///   "data": { "kind": "sawtooth", "n": 256, "noise": 0, "test_fraction": 0.2, "seed": 1,
///             "depth": 4 (sawtooth), "classes": 3 (spirals, blobs),
///             "path": "file.csv", "task": "regression|binary|multiclass", "targets": 1 (csv),
///             "points": [[x1, x2, class], ...] (hand-given training points; not csv) },
///   "model": { "layers": [1, 2, 2, 1], "activation": "relu" | "activations": [... one per layer],
///              "output_activation": "linear", "init": "he|xavier|uniform_fan_in|zeros", "init_scale": 1,
///              "normalization": "none|layer|batch" | {"kind": "batch", "eps": 1e-5, "momentum": 0.1}
///                (every hidden layer) | "normalizations": [... one per hidden layer],
///              "weights": [ { "weights": [[...]], "bias": [...], "gamma": [...], "beta": [...] }, ... ],
///              "features": ["x1^2", "x2^2"] (network inputs computed from the raw input; layers[0] = their count) },
///   "training": { "loss": "mse", "optimizer": { "name": "adam", "lr": 0.01, ... },
///                 "schedule": { "name": "cosine", "total_steps": 1000, "floor": 0.0001, "warmup": 0 },
///                 "batch": 32 | "full", "l2": 0, "l1": 0, "dropout": 0, "clip": 1.0, "early_stopping": { "patience": 50 },
///                 "seed": 1 },
///   "view": { "panes": ["fit", "loss", "network"], "caption": true, "pace": 200 | "max", "start": "running|paused" },
///   "compare": [ { "label": "SGD", "model": { partial }, "training": { partial } }, ... 2 to 4 ] }
/// ```
/// With `compare` the preset is a comparison: each entry is deep-merged onto the rest (the base) and
/// names one session of it (see ``Preset/comparedPresets()``).
/// or, instead of `data`, `model` and `training`, an analysis experiment (see ``ExperimentSpec``):
/// `"experiment": { "kind": "double_descent", "train_count": 40, ... }`.
public struct Preset: Sendable, Equatable {
    /// Short name (the file's name without `.json`), e.g. `sawtooth`.
    public var name: String
    /// Where it was read from, as shown in error messages (e.g. `presets/sawtooth.json`).
    public var source: String
    public var title: String
    /// One line, shown by `nnviz presets`.
    public var description: String
    /// The claim and its formula, shown under the panes.
    public var caption: String
    public var data: DataSpec
    public var model: ModelSpec
    public var training: TrainingSpec
    public var view: ViewSpec
    /// The sessions a compare preset runs side by side (empty for an ordinary preset).
    public var comparison: [ComparisonEntry] = []
    /// An analysis experiment run instead of training (nil for an ordinary preset). When set, `data`,
    /// `model` and `training` are ``Preset/experimentStandIn(seed:)`` and are not written to files.
    public var experiment: ExperimentSpec? = nil
}

/// The network: widths, activations, and how θ starts.
public struct ModelSpec: Sendable, Equatable {
    /// Layer widths d₀ … d_L (inputs first, outputs last).
    public var layers: [Int]
    /// One activation per layer (L of them; the last is the output activation, usually linear).
    public var activations: [Activation]
    public var initializer: InitName
    /// Factor on every initial parameter drawn by ``initializer`` (1 = the law itself; e.g. 0.1 for a
    /// "too small" initialisation whose signal vanishes with depth).
    public var initScale: Double = 1
    /// Explicit parameters θ (layout of ``MLP/parameters``), when the preset sets them by hand.
    public var explicitParameters: [Double]?
    /// One normalisation per layer (L of them; the output layer's is always none). All none by default.
    public var normalizations: [Normalization]
    /// Input features: the network's inputs computed from the raw input (nil = the raw input itself, and
    /// the preset file has no `features`). `layers[0]` equals their count.
    public var features: [InputFeature]? = nil

    public init(layers: [Int], activations: [Activation], initializer: InitName = .he, explicitParameters: [Double]? = nil,
                normalizations: [Normalization]? = nil) {
        self.layers = layers
        self.activations = activations
        self.initializer = initializer
        self.explicitParameters = explicitParameters
        self.normalizations = normalizations ?? Array(repeating: .none, count: max(layers.count - 1, 0))
    }

    /// True when some hidden layer has LayerNorm or BatchNorm.
    public var isNormalized: Bool { normalizations.contains { $0.isActive } }

    /// P for these layers and normalisations.
    public var parameterCount: Int { MLP.parameterCount(sizes: layers, normalizations: normalizations) }

    /// Hidden widths d₁ … d_{L−1}.
    public var hiddenWidths: [Int] { Array(layers.dropFirst().dropLast()) }

    /// The activation shared by the hidden layers (the first hidden one's; nil without hidden layers).
    public var hiddenActivation: Activation? { layers.count > 2 ? activations.first : nil }
    /// The hidden layers' activations as text: one name when they are all the same ("tanh"), every layer's
    /// when they are mixed ("sigmoid,tanh"), nil without a hidden layer. Mixed activations are named in full
    /// so that a label never says one activation for a net that has several.
    public var hiddenActivationsText: String? {
        let names = activations.dropLast().map(\.name)
        guard layers.count > 2, let first = names.first else { return nil }
        return names.allSatisfy { $0 == first } ? first : names.joined(separator: ",")
    }
    /// True when the hidden layers do not all have the same activation.
    public var hasMixedHiddenActivations: Bool { Set(activations.dropLast().map(\.name)).count > 1 }
}

/// How θ is initialised when no explicit weights are given (preset names = raw values; same laws as
/// NNCore's `Initializer`).
public enum InitName: String, Sendable, Equatable, CaseIterable {
    /// N(0, 2/fan_in) weights, zero biases (good for ReLU).
    case he
    /// Glorot uniform U(±√(6/(fan_in+fan_out))) weights, zero biases (good for tanh/sigmoid).
    case xavier
    /// U(−1/√fan_in, 1/√fan_in) for weights and biases (PyTorch's Linear default).
    case uniformFanIn = "uniform_fan_in"
    /// Everything zero (a teaching case: symmetric units never separate).
    case zeros
}

/// Optimiser choice and its hyper-parameters.
public struct OptimizerSpec: Sendable, Equatable {
    public enum Name: String, Sendable, Equatable, CaseIterable {
        case sgd, momentum, adam, adamw
    }
    public var name: Name
    public var lr: Double
    /// Heavy-ball coefficient (momentum).
    public var momentum: Double = 0.9
    /// Nesterov look-ahead (momentum).
    public var nesterov: Bool = false
    public var beta1: Double = 0.9
    public var beta2: Double = 0.999
    public var eps: Double = 1e-8
    /// Decoupled weight decay (adamw).
    public var weightDecay: Double = 0.01

    public init(name: Name, lr: Double) {
        self.name = name
        self.lr = lr
    }

    /// A short label for displays: `sgd`, `momentum(0.9)`, `nesterov(0.9)`, `adam`, `adamw(0.01)`.
    public var label: String {
        switch name {
        case .sgd: return "sgd"
        case .momentum: return nesterov ? "nesterov(\(momentum))" : "momentum(\(momentum))"
        case .adam: return "adam"
        case .adamw: return "adamw(\(weightDecay))"
        }
    }
}

/// Learning-rate schedule: a base shape and an optional linear warm-up.
public struct ScheduleSpec: Sendable, Equatable {
    public enum Name: String, Sendable, Equatable, CaseIterable {
        case constant, step, cosine
    }
    public var name: Name = .constant
    /// `step`: multiply by `factor` every `every` steps.
    public var every: Int = 1000
    public var factor: Double = 0.5
    /// `cosine`: decay from lr to `floor` over `totalSteps`.
    public var totalSteps: Int = 1000
    public var floor: Double = 0
    /// Linear warm-up steps (0 = none).
    public var warmup: Int = 0

    public init() {}
}

/// Everything about training: objective, optimiser, schedule, minibatches and regularisation.
public struct TrainingSpec: Sendable, Equatable {
    public var loss: Loss
    public var optimizer: OptimizerSpec
    public var schedule: ScheduleSpec = ScheduleSpec()
    /// Minibatch size; nil = full batch.
    public var batch: Int?
    /// λ of the ½λ‖θ‖² term.
    public var l2: Double = 0
    /// λ₁ of the λ₁‖θ‖₁ term (same parameters as `l2`: all of θ; subgradient with sign(0) = 0).
    public var l1: Double = 0
    /// Dropout probability on hidden units during training (0 = off).
    public var dropout: Double = 0
    /// Gradient-norm clipping threshold (nil = off).
    public var clip: Double?
    /// Early stopping patience in epochs without a new best test loss (nil = off; the best θ is restored).
    public var earlyStoppingPatience: Int?
    /// Seed of initialisation, minibatch order and dropout.
    public var seed: UInt64 = 1

    public init(loss: Loss, optimizer: OptimizerSpec) {
        self.loss = loss
        self.optimizer = optimizer
    }
}

/// What the dashboard shows first.
public struct ViewSpec: Sendable, Equatable {
    /// Pane names, in order (see ``ViewSpec/knownPanes``).
    public var panes: [String]
    /// Whether the caption is shown at start.
    public var caption: Bool
    /// Training pace in the dashboard (`"pace"`: steps per second > 0, or `"max"`; default ``Pace/default``).
    public var pace: Pace = .default
    /// Whether the dashboard trains at once or opens paused (`"start"`: `"running"` or `"paused"`).
    public var start: StartState = .running
    /// The training step at which the screen shows what the caption claims (`view.claim_step`, an integer
    /// 0…10⁸; nil: the preset makes no claim tied to a step). The preset tests train to it and check the
    /// dashboard's numbers against the caption.
    public var claimStep: Int? = nil

    public init(panes: [String] = ViewSpec.defaultPanes, caption: Bool = true) {
        self.panes = panes
        self.caption = caption
    }

    public static let defaultPanes = ["fit", "loss", "network"]

    /// Every pane name a preset may ask for; any other name is refused at load. `fit` and `regions` both
    /// name the data plot (the 1D fit or the 2D map, by the data's input dimension); every named pane is on
    /// screen at start (the first lecture pane in the big slot, the others beside it).
    public static let knownPanes = [
        "fit", "loss", "network", "activations", "spectrum", "kinks", "regions", "active_count", "jacobian",
        "singular_values", "double_descent", "autodiff_cost", "ntk", "sharpness", "landscape",
        "flat_directions",
    ]

    /// The panes a compare preset may name: each panel shows its data plot (`fit` or `regions`), its loss
    /// and one pane beside it — λmax over training (`spectrum`), or `activations` or `kinks` in its place.
    public static let comparePanes = ["fit", "regions", "loss", "spectrum", "activations", "kinks"]
    /// A compare preset's panes when it names none.
    public static let compareDefaultPanes = ["fit", "loss", "spectrum"]
    /// The panes that take the one place beside a compare panel's loss (at most one may be named).
    public static let compareSidePanes = ["spectrum", "activations", "kinks"]

    /// True when the view shows the sharpness pane (λmax against step): `nnviz train` then prints
    /// `lambda_max` by default.
    public var showsSharpness: Bool { panes.contains("sharpness") }
}
