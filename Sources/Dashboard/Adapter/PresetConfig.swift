import NNCore
import NNSession

/// The dashboard's editable view of a preset, and back: `ModelConfig` is what the keys change; applying it
/// to the session's preset goes through NNSession's editing helpers, which keep every invariant.
extension ModelConfig {
    public init(preset: Preset, seed: UInt64? = nil) {
        self.init(hiddenWidths: preset.model.hiddenWidths,
                  activation: preset.model.hiddenActivation?.kind.rawValue ?? "relu",
                  optimizer: preset.training.optimizer.name.rawValue,
                  learningRate: preset.training.optimizer.lr,
                  dataset: preset.data.kind.rawValue,
                  seed: seed ?? preset.training.seed,
                  noiseSeed: preset.data.seed)
    }
}

extension Choices {
    /// Activations and optimisers NNCore has; datasets with the same input dimension as the preset's.
    public init(preset: Preset) {
        let kind = preset.data.kind
        let datasets = kind == .csv ? [kind] : DataKind.allCases.filter { $0 != .csv && $0.isOneDimensional == kind.isOneDimensional }
        self.init(activations: Activation.Kind.allCases.map(\.rawValue),
                  optimizers: OptimizerSpec.Name.allCases.map(\.rawValue),
                  datasets: datasets.map(\.rawValue))
    }
}

extension Preset {
    /// This preset with the dashboard's edits applied (unchanged fields keep their values, so hand-set
    /// weights survive until the shape changes or a re-initialisation asks for new weights).
    public func applying(_ c: ModelConfig, keepExplicitWeights: Bool) -> Preset {
        var p = self
        if let kind = DataKind(rawValue: c.dataset), kind != p.data.kind { p = p.settingDataset(kind) }
        p.data.seed = c.noiseSeed
        // Depth, then widths (the helpers clamp and repair).
        while p.model.hiddenWidths.count < c.hiddenWidths.count {
            let before = p.model.hiddenWidths.count
            p = p.addingHiddenLayer()
            if p.model.hiddenWidths.count == before { break }
        }
        while p.model.hiddenWidths.count > max(0, c.hiddenWidths.count) {
            let before = p.model.hiddenWidths.count
            p = p.removingHiddenLayer()
            if p.model.hiddenWidths.count == before { break }
        }
        for (i, w) in c.hiddenWidths.enumerated() where i < p.model.hiddenWidths.count && p.model.hiddenWidths[i] != w {
            p = p.settingHiddenWidth(i, to: w)
        }
        if let kind = Activation.Kind(rawValue: c.activation), p.model.hiddenActivation?.kind != kind {
            p = p.settingHiddenActivation(Activation(kind))
        }
        if let name = OptimizerSpec.Name(rawValue: c.optimizer), name != p.training.optimizer.name {
            p = p.cyclingOptimizerTo(name)
        }
        if c.learningRate.isFinite, c.learningRate > 0, c.learningRate != p.training.optimizer.lr {
            p = p.scalingLearningRate(by: c.learningRate / p.training.optimizer.lr)
        }
        p.training.seed = c.seed
        p.experiment?.doubleDescent.seed = c.seed   // an experiment's seed is the one `r` changes
        if !keepExplicitWeights { p.model.explicitParameters = nil }
        return p
    }

    /// The preset a `.rebuild(config)` effect starts from. Hand-set weights survive when neither the seed
    /// nor the shape nor the activation changed; on the hand-set sawtooth, `{` and `}` change its depth and
    /// keep the construction (2^L pieces at every depth) rather than falling back to random weights.
    public func rebuilt(with config: ModelConfig) -> Preset {
        let sameSeed = config.seed == ModelConfig(preset: self).seed
        if let depth = sawtoothDepth, sameSeed, config.hiddenWidths.count != depth,
           config.hiddenWidths.allSatisfy({ $0 == 2 }), config.activation == Activation.Kind.relu.rawValue {
            return settingSawtoothDepth(config.hiddenWidths.count)
        }
        let keep = sameSeed && config.hiddenWidths == model.hiddenWidths
            && config.activation == model.hiddenActivation?.kind.rawValue
        return applying(config, keepExplicitWeights: keep)
    }

    func cyclingOptimizerTo(_ name: OptimizerSpec.Name) -> Preset {
        var p = self
        for _ in 0..<OptimizerSpec.Name.allCases.count where p.training.optimizer.name != name { p = p.cyclingOptimizer() }
        return p
    }
}
