import NNCore

/// Edits the dashboard makes with single keys. Each returns a NEW preset that is valid by construction:
/// requests out of range are clamped (a width never drops below 1, the lr stays finite and > 0), and
/// whatever an edit invalidates is repaired (explicit weights are dropped when the shapes change, the
/// input/output widths and the loss follow the data set, the batch shrinks to the training set).
extension Preset {
    /// Largest width an edit allows: the parser's limit.
    public static var maxEditableWidth: Int { layerWidths.upperBound }
    /// Most hidden layers an edit allows: the parser's limit on `model.layers` less the input and output.
    public static var maxHiddenLayers: Int { layerCounts.upperBound - 2 }
    /// Learning-rate bounds the editing keys keep to.
    public static let editableLearningRates: ClosedRange<Double> = 1e-6...100

    /// Hidden widths d₁ … d_{L−1}.
    public var hiddenWidths: [Int] { model.hiddenWidths }

    /// Sets the width of hidden layer `index` (0-based among the hidden layers), clamped to 1…maxEditableWidth.
    /// An index out of range leaves the preset unchanged.
    public func settingHiddenWidth(_ index: Int, to width: Int) -> Preset {
        guard index >= 0, index < hiddenWidths.count else { return self }
        var p = self
        p.model.layers[index + 1] = min(max(width, 1), Preset.maxEditableWidth)
        return p.repaired()
    }

    /// Appends a hidden layer (before the output) with the last hidden layer's width and activation
    /// (8 and ReLU for a net without hidden layers). No-op at ``maxHiddenLayers``.
    public func addingHiddenLayer() -> Preset {
        guard hiddenWidths.count < Preset.maxHiddenLayers else { return self }
        var p = self
        let width = hiddenWidths.last ?? 8
        let activation = model.hiddenActivation ?? .relu
        p.model.layers.insert(width, at: p.model.layers.count - 1)
        p.model.activations.insert(activation, at: p.model.activations.count - 1)
        let norm = p.model.normalizations.count >= 2 ? p.model.normalizations[p.model.normalizations.count - 2] : .none
        p.model.normalizations.insert(norm, at: max(p.model.normalizations.count - 1, 0))
        return p.repaired()
    }

    /// Removes the last hidden layer (no-op when there is none: the net is then linear).
    public func removingHiddenLayer() -> Preset {
        guard !hiddenWidths.isEmpty else { return self }
        var p = self
        p.model.layers.remove(at: p.model.layers.count - 2)
        p.model.activations.remove(at: p.model.activations.count - 2)
        if p.model.normalizations.count >= 2 { p.model.normalizations.remove(at: p.model.normalizations.count - 2) }
        return p.repaired()
    }

    /// Sets every hidden layer to the next activation kind (relu → leaky_relu → tanh → … → softplus → relu).
    public func cyclingActivation() -> Preset {
        guard let current = model.hiddenActivation else { return self }
        let kinds = Activation.Kind.allCases
        let next = kinds[((kinds.firstIndex(of: current.kind) ?? 0) + 1) % kinds.count]
        return settingHiddenActivation(Activation(next))
    }

    /// Sets every hidden layer's activation.
    public func settingHiddenActivation(_ activation: Activation) -> Preset {
        var p = self
        for l in 0..<max(0, p.model.activations.count - 1) { p.model.activations[l] = activation }
        return p.repaired()
    }

    /// The next optimiser (sgd → momentum → adam → adamw → sgd), keeping the learning rate.
    public func cyclingOptimizer() -> Preset {
        let names = OptimizerSpec.Name.allCases
        let next = names[((names.firstIndex(of: training.optimizer.name) ?? 0) + 1) % names.count]
        var p = self
        p.training.optimizer = OptimizerSpec(name: next, lr: training.optimizer.lr)
        return p.repaired()
    }

    /// Multiplies the learning rate by `factor`, clamped to ``editableLearningRates``.
    public func scalingLearningRate(by factor: Double) -> Preset {
        var p = self
        let lr = training.optimizer.lr * factor
        let bounds = Preset.editableLearningRates
        p.training.optimizer.lr = lr.isFinite ? min(max(lr, bounds.lowerBound), bounds.upperBound) : training.optimizer.lr
        return p.repaired()
    }

    /// The next generated data set with the same number of inputs (1D sets cycle among 1D sets, 2D among
    /// 2D). CSV data does not cycle.
    public func cyclingDataset() -> Preset {
        guard data.kind != .csv else { return self }
        let group = DataKind.allCases.filter { $0 != .csv && $0.isOneDimensional == data.kind.isOneDimensional }
        let next = group[((group.firstIndex(of: data.kind) ?? 0) + 1) % group.count]
        return settingDataset(next)
    }

    /// Switches to another generated data set, keeping n, noise, split and seed; the network's input and
    /// output widths and the loss follow the new data.
    public func settingDataset(_ kind: DataKind) -> Preset {
        guard kind != .csv else { return self }
        var p = self
        p.data.kind = kind
        p.data.csv = nil
        // Hand-given points belong to their input size and task.
        if p.data.inputSize != data.inputSize || p.data.task != data.task { p.data.points = [] }
        return p.repaired()
    }

    /// Makes the cross-field invariants hold again after an edit (see the extension's doc).
    func repaired() -> Preset {
        var p = self
        if p.data.kind != .csv {
            // Input features stay while they fit the data's input size (and then set layers[0]).
            if let f = p.model.features, let d0 = p.data.inputSize,
               !f.allSatisfy(InputFeature.names(forInputSize: d0).contains) {
                p.model.features = nil
            }
            if let f = p.model.features { p.model.layers[0] = f.count } else if let d0 = p.data.inputSize { p.model.layers[0] = d0 }
            if let dL = p.data.outputSize { p.model.layers[p.model.layers.count - 1] = dL }
        }
        // Parameters that only some data kinds have go back to their defaults for the others
        // (the file format has no place for them there).
        let defaults = DataSpec(kind: p.data.kind)
        if p.data.kind != .spirals && p.data.kind != .blobs { p.data.classes = defaults.classes }
        if p.data.kind != .sawtooth { p.data.depth = defaults.depth }
        if p.data.kind == .csv { p.data.points = [] }  // CSV data has no hand-given points
                // A new task gets its default loss; otherwise the loss stays if it still fits.
        let fitting = Preset.losses(for: p.data.task)
        if p.data.task != data.task || !fitting.contains(p.training.loss) { p.training.loss = fitting[0] }
        // One normalisation per layer, the output layer's none.
        let L = p.model.layers.count - 1
        if p.model.normalizations.count != L {
            p.model.normalizations = Array(p.model.normalizations.prefix(L - 1))
                + Array(repeating: .none, count: max(0, L - 1 - p.model.normalizations.count)) + [.none]
        }
        if let last = p.model.normalizations.indices.last { p.model.normalizations[last] = .none }
        if let theta = p.model.explicitParameters, theta.count != p.model.parameterCount {
            p.model.explicitParameters = nil
        }
        if p.model.explicitParameters != nil && p != self && p.model.layers != model.layers {
            p.model.explicitParameters = nil
        }
        if p.data.kind != .csv {
            if let b = p.training.batch, b > p.data.trainCount { p.training.batch = p.data.trainCount }
            if p.model.normalizations.contains(where: { $0.kind == .batch }), p.training.batch == 1 { p.training.batch = 2 }
            if p.data.testCount == 0 { p.training.earlyStoppingPatience = nil }
        }
        return p
    }
}
