import Foundation
import NNCore

/// One knob of the set-up (the settings list): what it changes in a preset. Pure model, independent of
/// any UI: ``Preset/setupKnobs(comparedTo:)`` lists the knobs that apply to a preset with their values,
/// ``Preset/steppingKnob(_:by:)`` moves one along its ladder, and every result is a valid preset.
public enum SetupKnobID: Sendable, Hashable, CustomStringConvertible {
    case dataset, noise, trainPercent, batch, learningRate, schedule, optimizer, momentum, beta1, beta2
    case loss, l1, l2, dropout, activation, initializer
    /// One input feature, on or off.
    case feature(InputFeature)
    /// The training seed (initialisation, minibatch order, dropout).
    case seed

    /// The label shown in the list.
    public var description: String {
        switch self {
        case .dataset: return "dataset"
        case .noise: return "noise"
        case .trainPercent: return "train %"
        case .batch: return "batch size"
        case .learningRate: return "learning rate"
        case .schedule: return "schedule"
        case .optimizer: return "optimiser"
        case .momentum: return "momentum"
        case .beta1: return "β₁"
        case .beta2: return "β₂"
        case .loss: return "loss"
        case .l1: return "L1"
        case .l2: return "L2"
        case .dropout: return "dropout"
        case .activation: return "activation"
        case .initializer: return "initialiser"
        case .feature(let f): return "feature " + f.name
        case .seed: return "seed"
        }
    }

    /// True when a change needs a new session (new data, new inputs or a new θ₀); false when it can be
    /// applied to the running session, keeping its weights.
    public var needsRebuild: Bool {
        switch self {
        case .dataset, .noise, .trainPercent, .feature, .initializer, .seed: return true
        case .batch, .learningRate, .schedule, .optimizer, .momentum, .beta1, .beta2, .loss, .l1, .l2,
             .dropout, .activation:
            return false
        }
    }
}

/// A knob as the list shows it: its current value, the preset's, and whether they differ.
public struct SetupKnob: Sendable, Equatable {
    public var id: SetupKnobID
    public var label: String { id.description }
    /// The current value, formatted (`0.03`, `full`, `80%`, `on`, `adam`).
    public var value: String
    /// The value in the preset the session started from (formatted the same way).
    public var presetValue: String
    public var differsFromPreset: Bool { value != presetValue }
}

extension Preset {
    // MARK: ladders (the values ←/→ step through)

    public static let noiseLadder: [Double] = [0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1]
    /// Percentages of the points used for training (the rest is the test set).
    public static let trainPercentLadder: [Int] = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    /// Minibatch sizes (those above the training set size are skipped); after the last comes "full".
    public static let batchLadder: [Int] = [1, 2, 4, 8, 10, 16, 20, 25, 30, 32, 50, 64, 100, 128, 256, 512, 1024]
    public static let learningRateLadder: [Double] = [1e-5, 3e-5, 1e-4, 3e-4, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10]
    public static let momentumLadder: [Double] = [0, 0.5, 0.8, 0.9, 0.95, 0.99]
    public static let beta2Ladder: [Double] = [0.9, 0.99, 0.999, 0.9999]
    /// L1 and L2 rates (TensorFlow Playground's, plus smaller ones).
    public static let regularisationLadder: [Double] = [0, 1e-5, 1e-4, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10]
    public static let dropoutLadder: [Double] = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]

    /// The features the network sees, whether or not the preset names them (the raw coordinates when it
    /// does not; empty for CSV data, whose input size only the file knows).
    public var effectiveFeatures: [InputFeature] {
        model.features ?? data.inputSize.map { InputFeature.identity(inputSize: $0) } ?? []
    }

    /// The knobs that apply to this preset, in list order, with the values of `original` (the preset the
    /// session started from) beside them. Momentum only for the momentum optimiser, the betas only for
    /// Adam(W), the loss only when more than one fits the task, the activation only with hidden layers,
    /// the feature toggles only for generated data. Experiments have no knobs.
    public func setupKnobs(comparedTo original: Preset) -> [SetupKnob] {
        guard experiment == nil else { return [] }
        return knobIDs.map { SetupKnob(id: $0, value: formatted($0), presetValue: original.formatted($0)) }
    }

    /// The knobs whose value differs from `original`'s (for a status line).
    public func knobsDiffering(from original: Preset) -> [SetupKnobID] {
        setupKnobs(comparedTo: original).filter(\.differsFromPreset).map(\.id)
    }

    /// The knobs of ``setupKnobs(comparedTo:)``, in order.
    public var knobIDs: [SetupKnobID] {
        guard experiment == nil else { return [] }
        var ids: [SetupKnobID] = []
        if data.kind != .csv { ids += [.dataset, .noise] }
        ids += [.trainPercent, .batch, .learningRate, .schedule, .optimizer]
        switch training.optimizer.name {
        case .momentum: ids.append(.momentum)
        case .adam, .adamw: ids += [.beta1, .beta2]
        case .sgd: break
        }
        if Preset.losses(for: data.task).count > 1 { ids.append(.loss) }
        ids += [.l1, .l2, .dropout]
        if !model.hiddenWidths.isEmpty { ids.append(.activation) }
        ids.append(.initializer)
        if let d = data.inputSize { ids += InputFeature.names(forInputSize: d).map { .feature($0) } }
        ids.append(.seed)
        return ids
    }

    /// The knob's value, formatted for the list.
    public func formatted(_ id: SetupKnobID) -> String {
        switch id {
        case .dataset: return data.kind.name
        case .noise: return Preset.number(data.noise)
        case .trainPercent: return "\(trainPercent)%"
        case .batch: return training.batch.map(String.init) ?? "full"
        case .learningRate: return Preset.number(training.optimizer.lr)
        case .schedule: return training.schedule.name.rawValue
        case .optimizer: return training.optimizer.name.rawValue
        case .momentum: return Preset.number(training.optimizer.momentum)
        case .beta1: return Preset.number(training.optimizer.beta1)
        case .beta2: return Preset.number(training.optimizer.beta2)
        case .loss: return training.loss.name
        case .l1: return training.l1 == 0 ? "off" : Preset.number(training.l1)
        case .l2: return training.l2 == 0 ? "off" : Preset.number(training.l2)
        case .dropout: return training.dropout == 0 ? "off" : Preset.number(training.dropout)
        case .activation: return model.hiddenActivation?.description ?? "none"
        case .initializer: return model.explicitParameters != nil ? "hand-set" : model.initializer.rawValue
        case .feature(let f): return effectiveFeatures.contains(f) ? "on" : "off"
        case .seed: return String(training.seed)
        }
    }

    /// Shortest round-trip text of a number (`0.1`, `1e-05`, `3.0` → `3`).
    static func number(_ x: Double) -> String {
        if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int(x)) }
        return x.description
    }

    /// Percentage of the points that train: 100 · (1 − test_fraction), rounded.
    public var trainPercent: Int { Int((100 * (1 - data.testFraction)).rounded()) }

    // MARK: stepping

    /// The preset with knob `id` moved `delta` places along its ladder (or list of choices): clamped at
    /// the ends of a ladder, cyclic for names (dataset, schedule, optimiser, loss, activation,
    /// initialiser), toggled by any non-zero delta for a feature, ±delta for the seed. A value between two
    /// ladder rungs moves to the next rung in the direction of `delta`. The result is repaired like every
    /// edit (``repaired()``): valid by construction. A knob that does not apply leaves the preset unchanged.
    public func steppingKnob(_ id: SetupKnobID, by delta: Int) -> Preset {
        guard delta != 0, knobIDs.contains(id) else { return self }
        var p = self
        switch id {
        case .dataset:
            let kinds = DataKind.allCases.filter { $0 != .csv }
            return settingDataset(Preset.cycle(kinds, from: data.kind, by: delta))
        case .noise:
            p.data.noise = Preset.step(Preset.noiseLadder, from: data.noise, by: delta)
        case .trainPercent:
            let percent = Preset.step(Preset.trainPercentLadder.map(Double.init), from: Double(trainPercent), by: delta)
            p.data.testFraction = Double(100 - Int(percent)) / 100
        case .batch:
            p.training.batch = steppedBatch(by: delta)
        case .learningRate:
            p.training.optimizer.lr = Preset.step(Preset.learningRateLadder, from: training.optimizer.lr, by: delta)
        case .schedule:
            var s = ScheduleSpec()
            s.name = Preset.cycle(ScheduleSpec.Name.allCases, from: training.schedule.name, by: delta)
            s.warmup = training.schedule.warmup
            p.training.schedule = s
        case .optimizer:
            let name = Preset.cycle(OptimizerSpec.Name.allCases, from: training.optimizer.name, by: delta)
            p.training.optimizer = OptimizerSpec(name: name, lr: training.optimizer.lr)
        case .momentum:
            p.training.optimizer.momentum = Preset.step(Preset.momentumLadder, from: training.optimizer.momentum, by: delta)
        case .beta1:
            p.training.optimizer.beta1 = Preset.step(Preset.momentumLadder, from: training.optimizer.beta1, by: delta)
        case .beta2:
            p.training.optimizer.beta2 = Preset.step(Preset.beta2Ladder, from: training.optimizer.beta2, by: delta)
        case .loss:
            p.training.loss = Preset.cycle(Preset.losses(for: data.task), from: training.loss, by: delta)
        case .l1:
            p.training.l1 = Preset.step(Preset.regularisationLadder, from: training.l1, by: delta)
        case .l2:
            p.training.l2 = Preset.step(Preset.regularisationLadder, from: training.l2, by: delta)
        case .dropout:
            p.training.dropout = Preset.step(Preset.dropoutLadder, from: training.dropout, by: delta)
        case .activation:
            let current = model.hiddenActivation?.kind ?? .relu
            return settingHiddenActivation(Activation(Preset.cycle(Activation.Kind.allCases, from: current, by: delta)))
        case .initializer:
            if model.explicitParameters != nil {
                p.model.explicitParameters = nil  // hand-set weights give way to the law now shown
                p.model.initializer = .he
            } else {
                p.model.initializer = Preset.cycle(InitName.allCases, from: model.initializer, by: delta)
            }
            p.model.initScale = 1
        case .feature(let f):
            return togglingFeature(f)
        case .seed:
            let s = Int64(training.seed) + Int64(delta)
            p.training.seed = UInt64(Swift.min(Swift.max(s, 0), Int64(1) << 53))
        }
        return p.repaired()
    }

    /// Turns feature `f` on or off, keeping the features in the canonical order (``InputFeature/names(forInputSize:)``).
    /// The last feature cannot be turned off; features equal to the raw coordinates are stored as none.
    /// `layers[0]` follows (and hand-set weights are dropped, as for any change of shape).
    public func togglingFeature(_ f: InputFeature) -> Preset {
        guard let d = data.inputSize, InputFeature.names(forInputSize: d).contains(f) else { return self }
        var on = Set(effectiveFeatures)
        if on.contains(f) { on.remove(f) } else { on.insert(f) }
        guard !on.isEmpty else { return self }
        let list = InputFeature.names(forInputSize: d).filter(on.contains)
        var p = self
        p.model.features = list == InputFeature.identity(inputSize: d) ? nil : list
        p.model.layers[0] = list.count
        return p.repaired()
    }

    /// The next batch size along ``batchLadder`` up to the training set size, then "full" (nil).
    func steppedBatch(by delta: Int) -> Int? {
        let n = data.kind == .csv ? Int.max : data.trainCount
        // Rungs: the ladder's sizes below n, then n's "full" (nil, shown last).
        let rungs: [Int?] = Preset.batchLadder.filter { $0 < n }.map { Optional($0) } + [nil]
        let current = training.batch ?? Int.max
        var index: Int
        if let i = rungs.firstIndex(where: { ($0 ?? Int.max) == current }) {
            index = i + delta
        } else if delta > 0 {
            index = (rungs.firstIndex { ($0 ?? Int.max) > current } ?? rungs.count - 1) + delta - 1
        } else {
            index = (rungs.lastIndex { ($0 ?? Int.max) < current } ?? 0) + delta + 1
        }
        index = Swift.min(Swift.max(index, 0), rungs.count - 1)
        return rungs[index]
    }

    /// `value` moved `delta` rungs along an ascending ladder (clamped); a value off the ladder first moves
    /// to the nearest rung in the direction of `delta`.
    static func step(_ ladder: [Double], from value: Double, by delta: Int) -> Double {
        guard !ladder.isEmpty else { return value }
        var index: Int
        if let i = ladder.firstIndex(of: value) {
            index = i + delta
        } else if delta > 0 {
            index = (ladder.firstIndex { $0 > value } ?? ladder.count - 1) + delta - 1
        } else {
            index = (ladder.lastIndex { $0 < value } ?? 0) + delta + 1
        }
        return ladder[Swift.min(Swift.max(index, 0), ladder.count - 1)]
    }

    /// The element `delta` places after `value` in `choices`, cyclically (the first when `value` is absent).
    static func cycle<T: Equatable>(_ choices: [T], from value: T, by delta: Int) -> T {
        let n = choices.count
        let i = choices.firstIndex(of: value) ?? 0
        return choices[(((i + delta) % n) + n) % n]
    }
}

/// A typed value the knob cannot take: one line for the hint row, e.g.
/// `learning rate: expected a number > 0 and <= 100, got "abc"`.
public struct SetupKnobError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension Preset {
    /// The preset with knob `id` set to a typed value: a number for the numeric knobs (within the range
    /// the preset format accepts; `off` = 0 for L1, L2 and dropout; `full` for the batch; `80` or `80%` for
    /// train %), a name for the others (`adam`, `cosine`, `tanh`, `xavier`, `sine`), `on`/`off` for a
    /// feature. Repaired like every edit. Throws one line naming the knob, what was expected and the value.
    public func settingKnob(_ id: SetupKnobID, to typed: String) throws(SetupKnobError) -> Preset {
        guard knobIDs.contains(id) else { throw SetupKnobError("\(id): not a knob of this preset") }
        let text = typed.trimmingCharacters(in: .whitespaces)
        let shown = text.count > 40 ? String(text.prefix(37)) + "..." : text
        func fail(_ what: String) -> SetupKnobError { SetupKnobError("\(id): expected \(what), got \"\(shown)\"") }
        func number(_ what: String, _ ok: (Double) -> Bool) throws(SetupKnobError) -> Double {
            let v = ["off", "none"].contains(text.lowercased()) ? 0 : Double(text)
            guard let v, v.isFinite, ok(v) else { throw fail(what) }
            return v
        }
        func name<T>(_ choices: [T], _ label: (T) -> String) throws(SetupKnobError) -> T {
            guard let c = choices.first(where: { label($0) == text }) else {
                throw fail("one of " + choices.map(label).joined(separator: ", "))
            }
            return c
        }
        var p = self
        switch id {
        case .dataset:
            return settingDataset(try name(DataKind.allCases.filter { $0 != .csv }, \.name))
        case .noise: p.data.noise = try number("a number between 0 and 10") { $0 >= 0 && $0 <= 10 }
        case .trainPercent:
            let digits = text.hasSuffix("%") ? String(text.dropLast()) : text
            guard let v = Int(digits), (10...100).contains(v) else { throw fail("a whole percentage between 10 and 100") }
            p.data.testFraction = Double(100 - v) / 100
        case .batch:
            if text == "full" {
                p.training.batch = nil
            } else {
                let n = data.kind == .csv ? 1_000_000 : data.trainCount
                guard let b = Int(text), b >= 1, b <= n else { throw fail("an integer between 1 and \(n) or full") }
                p.training.batch = b
            }
        case .learningRate:
            let r = Preset.editableLearningRates
            p.training.optimizer.lr = try number("a number between \(r.lowerBound) and \(Preset.number(r.upperBound))") { r.contains($0) }
        case .schedule:
            var s = ScheduleSpec()
            s.name = try name(ScheduleSpec.Name.allCases, \.rawValue)
            s.warmup = training.schedule.warmup
            p.training.schedule = s
        case .optimizer:
            p.training.optimizer = OptimizerSpec(name: try name(OptimizerSpec.Name.allCases, \.rawValue), lr: training.optimizer.lr)
        case .momentum: p.training.optimizer.momentum = try number("a number >= 0 and < 1") { $0 >= 0 && $0 < 1 }
        case .beta1: p.training.optimizer.beta1 = try number("a number >= 0 and < 1") { $0 >= 0 && $0 < 1 }
        case .beta2: p.training.optimizer.beta2 = try number("a number >= 0 and < 1") { $0 >= 0 && $0 < 1 }
        case .loss: p.training.loss = try name(Preset.losses(for: data.task), \.name)
        case .l1: p.training.l1 = try number("a number >= 0 or off") { $0 >= 0 }
        case .l2: p.training.l2 = try number("a number >= 0 or off") { $0 >= 0 }
        case .dropout: p.training.dropout = try number("a number >= 0 and < 1, or off") { $0 >= 0 && $0 < 1 }
        case .activation:
            return settingHiddenActivation(Activation(try name(Activation.Kind.allCases, \.rawValue)))
        case .initializer:
            p.model.initializer = try name(InitName.allCases, \.rawValue)
            p.model.explicitParameters = nil
            p.model.initScale = 1
        case .feature(let f):
            guard text == "on" || text == "off" else { throw fail("on or off") }
            return (formatted(id) == text) ? self : togglingFeature(f)
        case .seed:
            guard let v = UInt64(text), v <= 1 << 53 else { throw fail("an integer seed between 0 and 2^53") }
            p.training.seed = v
        }
        return p.repaired()
    }

    /// The status line's list of what differs from `original`: `noise 0.1 · batch 16 · x1^2 on` (empty
    /// when nothing does), cut to `width` characters with `…` when longer. The activation knob shows the
    /// first hidden layer's; when any hidden layer's activation changed and they are now mixed, the entry
    /// names them all (`activations sigmoid,tanh`) instead of that one value.
    public func differenceLine(from original: Preset, width: Int = .max) -> String {
        let hidden = model.activations.dropLast().map(\.name), was = original.model.activations.dropLast().map(\.name)
        let parts = setupKnobs(comparedTo: original).compactMap { k -> String? in
            if k.id == .activation, hidden != was {
                return model.hasMixedHiddenActivations ? "activations " + hidden.joined(separator: ",") : "\(k.label) \(k.value)"
            }
            guard k.differsFromPreset else { return nil }
            if case .feature(let f) = k.id { return "\(f.name) \(k.value)" }
            return "\(k.label) \(k.value)"
        }
        let line = parts.joined(separator: " · ")
        guard line.count > width else { return line }
        return width <= 1 ? String(line.prefix(max(width, 0))) : String(line.prefix(width - 1)) + "…"
    }
}
