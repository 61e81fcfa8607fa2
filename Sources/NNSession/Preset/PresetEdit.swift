import NNCore

/// One change to a preset, as the dashboard's keys (and any other editor) ask for it. The ONE way an edit
/// reaches a preset is ``PresetEdit/apply(_:to:)``: it makes the change, repairs what the change
/// invalidates (hand-set weights when the shapes change, the input/output widths and the loss when the
/// data set changes), and then validates the result with the preset parser itself, so an edited preset is
/// always one that `Preset.parse` accepts with the same limits as a file (and that the writer writes
/// back unchanged). A session is then built from the edited preset.
///
/// Layer indices: `hidden` indices count hidden layers from 0 (h1 is 0); `layer` indices count every
/// weight layer from 0 (the output layer is the last).
public enum PresetEdit: Sendable, Equatable {
    /// Width of hidden layer `hidden`.
    case setHiddenWidth(hidden: Int, width: Int)
    /// A copy of hidden layer `hidden` (width, activation, normalisation) inserted right after it.
    case duplicateHiddenLayer(hidden: Int)
    /// Removes hidden layer `hidden` with its activation and normalisation (at least one hidden layer stays).
    case removeHiddenLayer(hidden: Int)
    /// The activation of one weight layer (`layer` in 0..<L; L−1 is the output layer), by its file name.
    case setActivation(layer: Int, name: String)
    /// The same activation on every hidden layer, by its file name.
    case setHiddenActivations(name: String)
    /// Another optimiser with the same learning rate (its other hyper-parameters at their defaults).
    case setOptimizer(OptimizerSpec.Name)
    /// The base learning rate (the session keeps its weights and optimiser state).
    case setLearningRate(Double)
    /// Another generated data set (n, noise, split and seed kept).
    case setDataset(DataKind)
    /// The data's seed (new noise, same weights).
    case setDataSeed(UInt64)
    /// The training seed (initialisation, minibatch order, dropout; an experiment's sweep seed). A new seed
    /// means new weights: hand-set weights are dropped.
    case setTrainingSeed(UInt64)
    /// Training pace shown by the dashboard (`view.pace`).
    case setPace(Pace)
    /// A knob of the settings list moved `delta` places along its ladder (``Preset/steppingKnob(_:by:)``).
    case stepKnob(SetupKnobID, by: Int)
    /// A knob of the settings list set to a typed value (``Preset/settingKnob(_:to:)``).
    case setKnob(SetupKnobID, to: String)
    /// A hand-given training point appended to `data.points`: the raw inputs, then the class (2D
    /// classification) or the target value (1D regression). The running session takes it as it is.
    case addPoint([Double])
    /// Every hand-given point removed from `data.points`.
    case erasePoints
    /// The activation of hidden layer `hidden` alone moved `by` places along the activation kinds (cyclic).
    case stepHiddenActivation(hidden: Int, by: Int)

    /// True when a session must be rebuilt from the edited preset (new weights or data); false when the
    /// running session can take the change as it is (the learning rate, the pace).
    public var rebuildsSession: Bool {
        switch self {
        case .setLearningRate, .setPace, .addPoint, .stepHiddenActivation: return false
        case .stepKnob(let id, _), .setKnob(let id, _): return id.needsRebuild
        default: return true
        }
    }

    /// True when the edit changes what a preset's caption describes (its model, data, optimiser or learning
    /// rate: captions state numbers such as 2/η = 20 that a new rate falsifies), so the caption no longer
    /// holds; a new seed, new noise or the pace leave it true.
    public var invalidatesCaption: Bool {
        switch self {
        case .setHiddenWidth, .duplicateHiddenLayer, .removeHiddenLayer, .setActivation, .setHiddenActivations,
             .setOptimizer, .setDataset, .stepHiddenActivation, .setLearningRate:
            return true
        case .setDataSeed, .setTrainingSeed, .setPace, .addPoint, .erasePoints:
            return false
        case .stepKnob(let id, _), .setKnob(let id, _):
            switch id {
            case .dataset, .optimizer, .loss, .activation, .feature, .learningRate: return true
            default: return false
            }
        }
    }

    /// `preset` with `edit` made, repaired and validated; throws the one-line reason when the edit is refused
    /// (the preset is then unchanged for the caller).
    public static func apply(_ edit: PresetEdit, to preset: Preset) throws(PresetEditError) -> Preset {
        let edited = try edit.make(preset)
        return try validated(edited)
    }

    /// Checks `preset` with the preset parser: written out and read back, it must parse to the same value.
    public static func validated(_ preset: Preset) throws(PresetEditError) -> Preset {
        let back: Preset
        do {
            back = try Preset.parse(json: preset.json, file: preset.source, name: preset.name)
        } catch {
            throw PresetEditError(error.path.isEmpty ? error.message : "\(error.path): \(error.message)")
        }
        guard back == preset else { throw PresetEditError("the edited preset does not read back the same") }
        return preset
    }

    // MARK: - The edits

    private func make(_ p: Preset) throws(PresetEditError) -> Preset {
        let hidden = p.model.hiddenWidths
        switch self {
        case .setHiddenWidth(let i, let width):
            try Self.checkHidden(i, count: hidden.count)
            guard width >= Preset.layerWidths.lowerBound else { throw PresetEditError("width \(Preset.layerWidths.lowerBound) is the minimum") }
            guard width <= Preset.layerWidths.upperBound else { throw PresetEditError("width \(Preset.layerWidths.upperBound) is the maximum") }
            var q = p
            q.model.layers[i + 1] = width
            return q.repaired()
        case .duplicateHiddenLayer(let i):
            if let depth = p.sawtoothDepth {
                // The hand-set sawtooth keeps its construction one layer deeper (2^L pieces at every depth).
                guard depth < Preset.maxSawtoothDepth else {
                    throw PresetEditError("depth \(Preset.maxSawtoothDepth) is the hand-set sawtooth's maximum")
                }
                return p.settingSawtoothDepth(depth + 1)
            }
            try Self.checkHidden(i, count: hidden.count)
            guard p.model.layers.count < Preset.layerCounts.upperBound else {
                throw PresetEditError("\(Preset.layerCounts.upperBound - 2) hidden layers is the maximum")
            }
            var q = p
            q.model.layers.insert(hidden[i], at: i + 2)
            q.model.activations.insert(p.model.activations[i], at: i + 1)
            q.model.normalizations.insert(p.model.normalizations[i], at: i + 1)
            return q.repaired()
        case .removeHiddenLayer(let i):
            try Self.checkHidden(i, count: hidden.count)
            guard hidden.count > 1 else { throw PresetEditError("at least one hidden layer") }
            if let depth = p.sawtoothDepth { return p.settingSawtoothDepth(depth - 1) }
            var q = p
            q.model.layers.remove(at: i + 1)
            q.model.activations.remove(at: i)
            q.model.normalizations.remove(at: i)
            return q.repaired()
        case .setActivation(let layer, let name):
            let activation = try Self.activation(name)
            guard layer >= 0, layer < p.model.activations.count else {
                throw PresetEditError("no layer \(layer + 1) (the net has \(p.model.activations.count))")
            }
            guard p.model.activations[layer] != activation else { return p }
            var q = p
            q.model.activations[layer] = activation
            q.model.explicitParameters = nil   // hand-set weights belong to their activations
            return q.repaired()
        case .setHiddenActivations(let name):
            let activation = try Self.activation(name)
            guard !hidden.isEmpty else { throw PresetEditError("no hidden layer") }
            guard p.model.activations.dropLast().contains(where: { $0 != activation }) else { return p }
            var q = p.settingHiddenActivation(activation)
            q.model.explicitParameters = nil
            return q
        case .setOptimizer(let name):
            guard name != p.training.optimizer.name else { return p }
            var q = p
            q.training.optimizer = OptimizerSpec(name: name, lr: p.training.optimizer.lr)
            return q.repaired()
        case .setLearningRate(let lr):
            guard lr.isFinite, lr > 0 else { throw PresetEditError("the learning rate must be a finite number > 0") }
            var q = p
            q.training.optimizer.lr = lr
            return q
        case .setDataset(let kind):
            guard p.experiment == nil else { throw PresetEditError("an experiment makes its own data") }
            guard p.data.kind != .csv else { throw PresetEditError("data from a CSV file does not change") }
            guard kind != .csv else { throw PresetEditError("a CSV file is named in the preset, not chosen by a key") }
            guard kind.isOneDimensional == p.data.kind.isOneDimensional else {
                throw PresetEditError("\(kind.name) has another input dimension than \(p.data.kind.name)")
            }
            return p.settingDataset(kind)
        case .setDataSeed(let seed):
            try Self.checkSeed(seed)
            var q = p
            q.data.seed = seed
            return q
        case .setTrainingSeed(let seed):
            try Self.checkSeed(seed)
            var q = p
            if seed != p.training.seed { q.model.explicitParameters = nil }
            q.training.seed = seed
            q.experiment?.doubleDescent.seed = seed
            return q
        case .setPace(let pace):
            guard pace.isValid else { throw PresetEditError("the pace must be a number of steps per second > 0 or max") }
            var q = p
            q.view.pace = pace
            return q
        case .stepKnob(let id, let delta):
            guard p.knobIDs.contains(id) else { throw PresetEditError("\(id): not a knob of this preset") }
            return p.steppingKnob(id, by: delta)
        case .setKnob(let id, let text):
            do { return try p.settingKnob(id, to: text) } catch { throw PresetEditError(error.message) }
        case .addPoint(let row):
            guard p.experiment == nil, p.data.kind != .csv, let d = p.data.inputSize, let task = p.data.task else {
                throw PresetEditError("hand-given points need generated data (not a CSV file or an experiment)")
            }
            guard row.count == d + 1, row.allSatisfy(\.isFinite) else {
                throw PresetEditError("a point is \(d + 1) finite numbers (inputs, then the target), got \(row.count)")
            }
            guard p.data.points.count / (d + 1) < 10_000 else { throw PresetEditError("10000 hand-given points is the maximum") }
            let label = row[d]
            switch task {
            case .binary:
                guard label == 0 || label == 1 else { throw PresetEditError("a class 0 or 1, got \(Preset.number(label))") }
            case .multiclass(let k):
                guard label == label.rounded(), label >= 0, label < Double(k) else {
                    throw PresetEditError("a class between 0 and \(k - 1), got \(Preset.number(label))")
                }
            case .regression:
                guard d == 1 else { throw PresetEditError("clicked points need classes: this data set is a regression (values)") }
            }
            var q = p
            q.data.points += row
            return q
        case .stepHiddenActivation(let i, let delta):
            try Self.checkHidden(i, count: hidden.count)
            let kind = Preset.cycle(Activation.Kind.allCases, from: p.model.activations[i].kind, by: delta)
            return try PresetEdit.setActivation(layer: i, name: kind.rawValue).make(p)
        case .erasePoints:
            guard !p.data.points.isEmpty else { throw PresetEditError("no hand-given points to erase") }
            var q = p
            q.data.points = []
            return q
        }
    }

    static func checkHidden(_ i: Int, count: Int) throws(PresetEditError) {
        guard count > 0 else { throw PresetEditError("no hidden layer") }
        guard i >= 0, i < count else { throw PresetEditError("no hidden layer h\(i + 1) (the net has \(count))") }
    }

    static func checkSeed(_ seed: UInt64) throws(PresetEditError) {
        guard seed <= Preset.maxSeed else { throw PresetEditError("a seed is at most 2^53") }
    }

    static func activation(_ name: String) throws(PresetEditError) -> Activation {
        guard let kind = Activation.Kind(rawValue: name) else {
            let names = Activation.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw PresetEditError("unknown activation \"\(name.prefix(40))\" (one of: \(names))")
        }
        return Activation(kind)
    }
}

/// Why an edit was refused: one line for the dashboard's hint bar.
public struct PresetEditError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = PresetError.oneLine(message) }
    public var description: String { message }
}

extension PresetEdit {
    /// The data sets the `d` key cycles through for `preset`: the generated ones with the same number of
    /// inputs (none for CSV data or an experiment).
    public static func datasetChoices(for preset: Preset) -> [DataKind] {
        guard preset.data.kind != .csv, preset.experiment == nil else { return [] }
        return DataKind.allCases.filter { $0 != .csv && $0.isOneDimensional == preset.data.kind.isOneDimensional }
    }

    /// The activation names the `a` key cycles through.
    public static let activationChoices: [String] = Activation.Kind.allCases.map(\.rawValue)

    /// The optimisers the `o` key cycles through.
    public static let optimizerChoices: [OptimizerSpec.Name] = OptimizerSpec.Name.allCases
}
