import NNCore

/// Live edits that keep the run: the settings knobs that change how the network trains (batch size,
/// learning rate, schedule, optimiser and its hyper-parameters, loss, L1, L2, dropout) or the hidden
/// activations, applied to a running session without new weights.
extension Session {
    /// Whether `edited` differs from the running preset only in what ``retune(to:)`` can apply (same data,
    /// input features, shape, normalisations, initialiser and seeds; hand-given points are not compared:
    /// clicked points reach the running session one by one).
    public func canRetune(to edited: Preset) -> Bool {
        var probe = edited
        probe.data.points = preset.data.points   // points added by hand reach the session as they are clicked
        probe.training = preset.training
        probe.model.activations = preset.model.activations
        probe.model.explicitParameters = preset.model.explicitParameters
        probe.view = preset.view
        probe.caption = preset.caption
        probe.name = preset.name
        probe.source = preset.source
        return probe == preset && edited.training.seed == preset.training.seed
            && edited.training.earlyStoppingPatience == preset.training.earlyStoppingPatience
    }

    /// Runs on under `edited` from here: the weights, the step and epoch counts, the minibatch order and the
    /// generator stay; the optimiser's moments stay when the optimiser is the same and start from zero when
    /// it changes. The metrics are re-evaluated under the new objective. Throws (and changes nothing) when
    /// `edited` needs a new session (``canRetune(to:)`` is false).
    public mutating func retune(to edited: Preset) throws(PresetError) {
        guard canRetune(to: edited) else {
            throw PresetError(file: edited.source, path: "", message: "this change needs a new session (data, features, shape or seed)")
        }
        var model = MLP(sizes: preset.model.layers, activations: edited.model.activations,
                        normalizations: preset.model.normalizations)
        model.parameters = trainer.model.parameters
        model.runningStatistics = trainer.model.runningStatistics
        let config = edited.training.trainingConfig(seed: Session.trainerSeed(seed))
        var next = Trainer(model: model, train: trainer.train, test: trainer.test, config: config)
        var state = trainer.savedState
        if edited.training.optimizer.name != preset.training.optimizer.name {
            let fresh = next.savedState
            state.optimizerUpdateCount = 0
            state.firstMoment = fresh.firstMoment
            state.secondMoment = fresh.secondMoment
            state.beta1Power = 1
            state.beta2Power = 1
        }
        do { try next.restore(state) } catch {
            throw PresetError(file: edited.source, path: "", message: "cannot keep the run: \(error)")
        }
        trainer = next
        var kept = edited
        kept.data.points = preset.data.points
        preset = kept
        refreshMetrics()
    }
}

extension TrainingQueue {
    /// Applies `preset` to session `i` on the queue (``Session/retune(to:)``: weights, step and minibatch
    /// order kept) and publishes a new snapshot. A preset that needs a new session (new data, features,
    /// shape or seed) is ignored here: rebuild with it instead.
    public func retune(_ i: Int = 0, to preset: Preset) {
        updateSession(i) { session in
            guard session.canRetune(to: preset) else { return }
            try? session.retune(to: preset)
        }
    }
}
