import NNCore

extension Preset {
    /// The preset as a JSON value in the file format ``Preset/parse(_:file:name:)`` reads, so that
    /// `parse(json.serialized())` gives back an equal preset (edited presets can be saved and reloaded).
    /// Defaults are written out explicitly; explicit weights are written per layer.
    public var json: JSONValue {
        var root = JSONObject()
        root["title"] = .string(title)
        root["description"] = .string(description)
        if !caption.isEmpty { root["caption"] = .string(caption) }
        if let experiment = experimentJSON {
            root["experiment"] = .object(experiment)
        } else {
            root["data"] = .object(dataJSON)
            root["model"] = .object(modelJSON)
            root["training"] = .object(trainingJSON)
        }
        var viewJSON = JSONObject([
            ("panes", .array(view.panes.map { .string($0) })),
            ("caption", .bool(view.caption)),
            ("pace", view.pace.stepsPerSecond.map { .number($0) } ?? .string("max")),
            ("start", .string(view.start.rawValue)),
        ])
        if let step = view.claimStep { viewJSON["claim_step"] = .number(Double(step)) }
        root["view"] = .object(viewJSON)
        if isComparison {
            // The entries as written (partial objects), so the merge reads the same after a reload.
            root["compare"] = .array(comparison.map { entry in
                var o = JSONObject([("label", .string(entry.label))])
                if let m = entry.model { o["model"] = .object(m) }
                if let t = entry.training { o["training"] = .object(t) }
                return .object(o)
            })
        }
        return .object(root)
    }

    var dataJSON: JSONObject {
        var o = JSONObject()
        o["kind"] = .string(data.kind.name)
        if data.kind == .csv, let csv = data.csv {
            o["path"] = .string(relativeDataPath(csv.path))
            o["task"] = .string(csv.targetKind.rawValue)
            if csv.targetKind == .regression { o["targets"] = .number(Double(csv.targetColumns)) }
        } else {
            o["n"] = .number(Double(data.count))
        }
        if data.kind == .sawtooth { o["depth"] = .number(Double(data.depth)) }
        if data.kind == .spirals || data.kind == .blobs { o["classes"] = .number(Double(data.classes)) }
        if data.kind != .csv { o["noise"] = .number(data.noise) }
        o["test_fraction"] = .number(data.testFraction)
        o["seed"] = .number(Double(data.seed))
        if !data.points.isEmpty, let d = data.inputSize {
            let width = d + 1
            o["points"] = .array(stride(from: 0, to: data.points.count, by: width).map { start in
                .array(data.points[start..<(start + width)].map { .number($0) })
            })
        }
        return o
    }

    static func activationJSON(_ a: Activation) -> JSONValue {
        if a.kind == .leakyRelu && a.alpha != Activation.leakyRelu().alpha {
            return .object(JSONObject([("name", .string(a.name)), ("alpha", .number(a.alpha))]))
        }
        return .string(a.name)
    }

    /// `"none"`, or `{"kind", "eps"}` (+ `"momentum"` for batch), written out in full.
    static func normalizationJSON(_ n: Normalization) -> JSONValue {
        guard n.isActive else { return .string("none") }
        var o = JSONObject([("kind", .string(n.name)), ("eps", .number(n.epsilon))])
        if n.kind == .batch { o["momentum"] = .number(n.momentum) }
        return .object(o)
    }

    var modelJSON: JSONObject {
        var o = JSONObject()
        o["layers"] = .array(model.layers.map { .number(Double($0)) })
        o["activations"] = .array(model.activations.map(Preset.activationJSON))
        if model.isNormalized {
            o["normalizations"] = .array(model.normalizations.dropLast().map(Preset.normalizationJSON))
        }
        if let features = model.features { o["features"] = .array(features.map { .string($0.name) }) }
        if let theta = model.explicitParameters {
            var layers: [JSONValue] = []
            var p = 0
            for l in 0..<(model.layers.count - 1) {
                let rows = model.layers[l + 1], cols = model.layers[l]
                var w: [JSONValue] = []
                for _ in 0..<rows {
                    w.append(.array(theta[p..<(p + cols)].map { .number($0) }))
                    p += cols
                }
                let b: [JSONValue] = theta[p..<(p + rows)].map { .number($0) }
                p += rows
                var layer = JSONObject([("weights", .array(w)), ("bias", .array(b))])
                if model.normalizations[l].isActive {
                    layer["gamma"] = .array(theta[p..<(p + rows)].map { .number($0) })
                    layer["beta"] = .array(theta[(p + rows)..<(p + 2 * rows)].map { .number($0) })
                    p += 2 * rows
                }
                layers.append(.object(layer))
            }
            o["weights"] = .array(layers)
        } else {
            o["init"] = .string(model.initializer.rawValue)
            if model.initScale != 1 { o["init_scale"] = .number(model.initScale) }
        }
        return o
    }

    var trainingJSON: JSONObject {
        let t = training
        var o = JSONObject()
        o["loss"] = .string(t.loss.name)
        var opt = JSONObject([("name", .string(t.optimizer.name.rawValue)), ("lr", .number(t.optimizer.lr))])
        switch t.optimizer.name {
        case .sgd: break
        case .momentum:
            opt["momentum"] = .number(t.optimizer.momentum)
            opt["nesterov"] = .bool(t.optimizer.nesterov)
        case .adam, .adamw:
            opt["beta1"] = .number(t.optimizer.beta1)
            opt["beta2"] = .number(t.optimizer.beta2)
            opt["eps"] = .number(t.optimizer.eps)
            if t.optimizer.name == .adamw { opt["weight_decay"] = .number(t.optimizer.weightDecay) }
        }
        o["optimizer"] = .object(opt)
        var s = JSONObject([("name", .string(t.schedule.name.rawValue))])
        switch t.schedule.name {
        case .constant: break
        case .step:
            s["every"] = .number(Double(t.schedule.every))
            s["factor"] = .number(t.schedule.factor)
        case .cosine:
            s["total_steps"] = .number(Double(t.schedule.totalSteps))
            s["floor"] = .number(t.schedule.floor)
        }
        s["warmup"] = .number(Double(t.schedule.warmup))
        o["schedule"] = .object(s)
        o["batch"] = t.batch.map { .number(Double($0)) } ?? .string("full")
        o["l2"] = .number(t.l2)
        if t.l1 != 0 { o["l1"] = .number(t.l1) }
        o["dropout"] = .number(t.dropout)
        o["clip"] = t.clip.map { .number($0) } ?? .null
        o["early_stopping"] = t.earlyStoppingPatience.map {
            .object(JSONObject([("patience", .number(Double($0)))]))
        } ?? .null
        o["seed"] = .number(Double(t.seed))
        return o
    }

    /// A CSV path as the file names it: the parser resolves a relative path against the preset file's
    /// directory, so a path inside that directory is written relative again (the written preset then
    /// re-parses to the same path and stays valid when the checkout moves).
    func relativeDataPath(_ path: String) -> String {
        guard let slash = source.lastIndex(of: "/") else { return path }
        let dir = source[...slash]
        return path.hasPrefix(dir) && path.count > dir.count ? String(path.dropFirst(dir.count)) : path
    }
}
