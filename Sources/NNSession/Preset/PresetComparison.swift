import NNCore

/// One session of a compare preset as written in the file: its label and the parts of `model` and
/// `training` it changes. Kept as partial JSON (not merged) so the file round-trips through the writer
/// and so that edits to the base reach every session.
public struct ComparisonEntry: Sendable, Equatable {
    /// Shown above the session's panes and as `"session"` in `nnviz train` output.
    public var label: String
    /// Partial `model` object deep-merged onto the base's (nil = the base's model).
    public var model: JSONObject?
    /// Partial `training` object deep-merged onto the base's (nil = the base's training).
    public var training: JSONObject?

    public init(label: String, model: JSONObject? = nil, training: JSONObject? = nil) {
        self.label = label
        self.model = model
        self.training = training
    }
}

/// One session of a compare preset, merged and validated: an ordinary preset (no `comparison`) and its label.
public struct ComparedPreset: Sendable, Equatable {
    public var label: String
    public var preset: Preset

    public init(label: String, preset: Preset) {
        self.label = label
        self.preset = preset
    }
}

extension Preset {
    /// Sessions a compare preset may declare.
    public static let comparisonSizes = 2...4
    /// Longest session label (it titles a pane column).
    public static let maxLabelLength = 24

    /// True for a compare preset.
    public var isComparison: Bool { !comparison.isEmpty }

    /// The preset without its comparison: the base every entry is merged onto.
    public var base: Preset {
        var p = self
        p.comparison = []
        return p
    }

    /// The sessions of a compare preset, in file order: each entry's `model` and `training` deep-merged
    /// onto the base's (objects key by key, arrays and scalars replaced) and validated as strictly as any
    /// preset. Errors name the entry: `presets/x.json: compare[2].training.optimizer.lr: expected a number > 0, got -1`.
    /// Empty for an ordinary preset. (Parsing already ran this, so it throws only after edits to the base
    /// that an entry no longer fits.)
    ///
    /// The base is merged in its written form, normalised so that a partial reads as a person means it:
    /// naming another optimiser or schedule drops the base's keys the new one does not have (the `lr` stays);
    /// `activation`/`output_activation` and `activations` replace each other, as do `init` and `weights`;
    /// `normalization` and `normalizations` replace each other; a base whose hidden layers share one
    /// activation (normalisation) is written as `activation` + `output_activation` (`normalization`), so a
    /// partial may change `layers` alone.
    public func comparedPresets() throws(PresetError) -> [ComparedPreset] {
        let base = self.base
        var out: [ComparedPreset] = []
        for (i, entry) in comparison.enumerated() {
            var p = base
            if let partial = entry.model {
                let merged = Preset.deepMerge(base.mergeableModelJSON(for: partial), partial)
                p.model = try Preset.parseModel(JSONField(value: .object(merged), path: "compare[\(i)].model", file: source),
                                                data: data)
            }
            if let partial = entry.training {
                let merged = Preset.deepMerge(base.mergeableTrainingJSON(for: partial), partial)
                p.training = try Preset.parseTraining(JSONField(value: .object(merged), path: "compare[\(i)].training", file: source),
                                                      data: data)
            }
            try Preset.checkBatchNorm(model: p.model, training: p.training, file: source, prefix: "compare[\(i)].")
            out.append(ComparedPreset(label: entry.label, preset: p))
        }
        return out
    }

    /// `into` with `from` merged in: objects key by key (recursively), anything else replaced.
    static func deepMerge(_ into: JSONObject, _ from: JSONObject) -> JSONObject {
        var out = into
        for key in from.keys {
            guard let new = from[key] else { continue }
            if case .object(let a)? = out[key], case .object(let b) = new {
                out[key] = .object(deepMerge(a, b))
            } else {
                out[key] = new
            }
        }
        return out
    }

    /// The base's model object, normalised for merging `partial` (see ``comparedPresets()``).
    func mergeableModelJSON(for partial: JSONObject) -> JSONObject {
        var o = modelJSON
        let acts = model.activations
        if let last = acts.last, acts.dropLast().allSatisfy({ $0 == acts[0] }) {
            o["activations"] = nil
            if acts.count > 1 { o["activation"] = Preset.activationJSON(acts[0]) }
            o["output_activation"] = Preset.activationJSON(last)
        }
        if partial["activations"] != nil {
            o["activation"] = nil
            o["output_activation"] = nil
        }
        if partial["activation"] != nil || partial["output_activation"] != nil, o["activations"] != nil {
            o["activations"] = nil
            if partial["output_activation"] == nil, let last = acts.last { o["output_activation"] = Preset.activationJSON(last) }
        }
        if partial["weights"] != nil { o["init"] = nil; o["init_scale"] = nil }
        let hiddenNorms = model.normalizations.dropLast()
        if let first = hiddenNorms.first, hiddenNorms.allSatisfy({ $0 == first }), o["normalizations"] != nil {
            o["normalizations"] = nil
            o["normalization"] = Preset.normalizationJSON(first)
        }
        if partial["normalizations"] != nil { o["normalization"] = nil }
        if partial["normalization"] != nil { o["normalizations"] = nil }
        if partial["init"] != nil { o["weights"] = nil }
        return o
    }

    /// The base's training object, normalised for merging `partial` (see ``comparedPresets()``).
    func mergeableTrainingJSON(for partial: JSONObject) -> JSONObject {
        var o = trainingJSON
        if case .object(let opt)? = partial["optimizer"], case .string(let name)? = opt["name"],
           let newName = OptimizerSpec.Name(rawValue: name), case .object(var base)? = o["optimizer"] {
            for key in base.keys where !Preset.optimizerKeys(newName).contains(key) { base[key] = nil }
            o["optimizer"] = .object(base)
        }
        if case .object(let s)? = partial["schedule"], case .object(var base)? = o["schedule"] {
            if case .string(let name)? = s["name"], let newName = ScheduleSpec.Name(rawValue: name) {
                for key in base.keys where !Preset.scheduleKeys(newName).contains(key) { base[key] = nil }
            }
            o["schedule"] = .object(base)
        }
        return o
    }

    /// `compare`: 2 to 4 entries `{"label": ..., "model": {...}, "training": {...}}`, labels distinct.
    static func parseComparison(_ field: JSONField) throws(PresetError) -> [ComparisonEntry] {
        let what = "an array of 2 to 4 sessions, each {\"label\": ..., \"model\": {...}, \"training\": {...}}"
        let items = try field.array(what: what, count: comparisonSizes)
        var entries: [ComparisonEntry] = []
        for item in items {
            let o = try item.object(allowed: ["label", "model", "training"],
                                    what: "an object {\"label\": ..., \"model\": {...}, \"training\": {...}}")
            let labelWhat = "a non-empty one-line label of at most \(maxLabelLength) characters"
            let label = try o["label"].nonEmptyString(what: labelWhat)
            if label.contains("\n") || label.count > maxLabelLength { throw o["label"].expected(labelWhat) }
            if entries.contains(where: { $0.label == label }) {
                throw o["label"].error("label \"\(label)\" is used by an earlier session")
            }
            var entry = ComparisonEntry(label: label)
            if o.has("model") { entry.model = try partialObject(o["model"]) }
            if o.has("training") { entry.training = try partialObject(o["training"]) }
            entries.append(entry)
        }
        return entries
    }

    static func partialObject(_ field: JSONField) throws(PresetError) -> JSONObject {
        guard case .object(let o)? = field.value else { throw field.expected("an object (the keys this session changes)") }
        return o
    }
}
