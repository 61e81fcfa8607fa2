import NNCore

extension Preset {
    /// Parses and strictly validates a preset file's text. `file` is the name used in error messages,
    /// `name` the preset's short name (defaults to `file`'s last component without `.json`).
    /// Throws one ``PresetError`` for the first problem found (in file order within each section).
    public static func parse(_ text: String, file: String, name: String? = nil) throws(PresetError) -> Preset {
        try parse(bytes: Array(text.utf8), file: file, name: name)
    }

    public static func parse(bytes: [UInt8], file: String, name: String? = nil) throws(PresetError) -> Preset {
        let root: JSONValue
        do { root = try JSONParser.parse(bytes: bytes) } catch {
            throw PresetError(file: file, path: "", message: "invalid JSON at \(error.description)")
        }
        return try parse(json: root, file: file, name: name ?? Preset.stem(of: file))
    }

    /// The preset's name for a file path: its last component without `.json`.
    static func stem(of file: String) -> String {
        let last = file.split(separator: "/").last.map(String.init) ?? file
        return last.hasSuffix(".json") ? String(last.dropLast(5)) : last
    }

    static let rootKeys = ["title", "description", "caption", "data", "model", "training", "view", "experiment", "compare"]

    static func parse(json: JSONValue, file: String, name: String) throws(PresetError) -> Preset {
        let root = try JSONField(value: json, path: "", file: file)
            .object(allowed: rootKeys, what: "a JSON object at the top level")
        let title = try root["title"].nonEmptyString()
        let description = try root["description"].nonEmptyString(what: "a non-empty one-line string")
        if description.contains("\n") { throw root["description"].expected("a non-empty one-line string") }
        let caption = root.has("caption") ? try root["caption"].string() : ""
        if root.has("experiment") {
            // An experiment makes its own data and trains no network: the three sections would be ignored.
            for key in ["data", "model", "training"] where root.has(key) {
                throw root[key].error("expected no \"\(key)\" in an experiment preset (the experiment makes its own data and model)")
            }
            if root.has("compare") {
                throw root["compare"].error("expected no \"compare\" in an experiment preset (it has no sessions to compare)")
            }
            let experiment = try parseExperiment(root["experiment"])
            let (data, model, training) = experimentStandIn(seed: experiment.doubleDescent.seed)
            let view = root.has("view") ? try parseView(root["view"]) : ViewSpec(panes: ["double_descent"])
            return Preset(name: name, source: file, title: title, description: description, caption: caption,
                          data: data, model: model, training: training, view: view, experiment: experiment)
        }
        let data = try parseData(root["data"])
        let model = try parseModel(root["model"], data: data)
        let training = try parseTraining(root["training"], data: data)
        try checkBatchNorm(model: model, training: training, file: file)
        var view = root.has("view") ? try parseView(root["view"], compare: root.has("compare")) : ViewSpec()
        // A compare preset that names no panes gets what its panels show (the single default names the
        // network, which a compare panel has no room for; written back, it must read back).
        if root.has("compare"), view.panes == ViewSpec.defaultPanes { view.panes = ViewSpec.compareDefaultPanes }
        var preset = Preset(name: name, source: file, title: title, description: description, caption: caption,
                            data: data, model: model, training: training, view: view)
        if root.has("compare") {
            preset.comparison = try parseComparison(root["compare"])
            _ = try preset.comparedPresets()  // every merged session must be a valid preset too
        }
        return preset
    }

    /// BatchNorm needs batch statistics of at least two points (`prefix` names a compare entry's path).
    static func checkBatchNorm(model: ModelSpec, training: TrainingSpec, file: String, prefix: String = "") throws(PresetError) {
        if model.normalizations.contains(where: { $0.kind == .batch }), training.batch == 1 {
            throw PresetError(file: file, path: prefix + "training.batch",
                              message: "expected an integer >= 2 or \"full\" with BatchNorm (batch statistics need at least two points), got 1")
        }
    }

    // MARK: - data

    static func parseData(_ field: JSONField) throws(PresetError) -> DataSpec {
        guard case .object(let raw)? = field.value else { throw field.expected("an object") }
        let kindName = try field.child("kind", in: raw)
            .name(of: DataKind.allCases.map(\.name), what: "a dataset name")
        let kind = DataKind(rawValue: kindName) ?? .sine
        var allowed = ["kind", "test_fraction", "seed"]
        switch kind {
        case .sawtooth: allowed += ["n", "noise", "depth"]
        case .spirals, .blobs: allowed += ["n", "noise", "classes"]
        case .csv: allowed += ["path", "task", "targets"]  // the file decides n; no synthetic noise
        default: allowed += ["n", "noise"]
        }
        if kind != .csv { allowed.append("points") }
        let o = try field.object(allowed: allowed)
        var spec = DataSpec(kind: kind)
        if o.has("n") { spec.count = try o["n"].integer(4...100_000) }
        if o.has("noise") { spec.noise = try o["noise"].number("a number between 0 and 10") { $0 >= 0 && $0 <= 10 } }
        if o.has("test_fraction") {
            spec.testFraction = try o["test_fraction"].number("a number >= 0 and <= 0.9") { $0 >= 0 && $0 <= 0.9 }
        }
        if o.has("seed") { spec.seed = try o["seed"].seed() }
        if o.has("depth") { spec.depth = try o["depth"].integer(0...12) }
        if o.has("classes") { spec.classes = try o["classes"].integer(2...10) }
        if kind == .csv {
            var path = try o["path"].nonEmptyString(what: "the path of a CSV file")
            // Relative paths are relative to the preset file's directory.
            if !path.hasPrefix("/"), let slash = field.file.lastIndex(of: "/") {
                path = String(field.file[...slash]) + path
            }
            var csv = CSVSpec(path: path)
            if o.has("task") {
                let t = try o["task"].name(of: CSVSpec.TargetKind.allCases.map(\.rawValue), what: "a task")
                csv.targetKind = CSVSpec.TargetKind(rawValue: t) ?? .regression
            }
            if o.has("targets") {
                if csv.targetKind == .regression {
                    csv.targetColumns = try o["targets"].integer(1...100)
                } else {
                    _ = try o["targets"].integer(1...1, what: "1 (a classification file has one label column)")
                }
            }
            spec.csv = csv
        }
        if o.has("points") { spec.points = try parsePoints(o["points"], spec: spec) }
        return spec
    }

    /// `"points": [[x1, x2, label], ...]` (2D) or `[[x, y], ...]` (1D regression): 1 to 10,000 rows of the
    /// raw inputs and then the target — a class index (0 … k−1) for classification, any number for
    /// regression. Flattened row by row.
    static func parsePoints(_ field: JSONField, spec: DataSpec) throws(PresetError) -> [Double] {
        let d = spec.inputSize ?? 2
        let names = d == 1 ? "[x, y]" : "[x1, x2, " + (spec.task == .regression ? "y]" : "class]")
        let rows = try field.array(what: "an array of 1 to 10000 points \(names)", count: 1...10_000)
        var out: [Double] = []
        for row in rows {
            let items = try row.array(what: "a point \(names) (\(d + 1) numbers)", count: (d + 1)...(d + 1))
            for item in items.dropLast() { out.append(try item.number("a number")) }
            guard let label = items.last else { continue }
            switch spec.task {
            case .binary?:
                out.append(Double(try label.integer(0...1, what: "a class 0 or 1")))
            case .multiclass(let k)?:
                out.append(Double(try label.integer(0...(k - 1), what: "a class between 0 and \(k - 1)")))
            case .regression?, nil:
                out.append(try label.number("a number"))
            }
        }
        return out
    }

    // MARK: - model

    /// Largest network a preset may describe (θ, the optimiser's moments and the gradient must fit in memory
    /// comfortably: 2·10⁶ parameters are 16 MB each).
    public static let maxParameterCount = 2_000_000
    /// Widths a layer may have.
    public static let layerWidths = 1...4096
    /// Number of entries of `model.layers` (inputs and outputs included).
    public static let layerCounts = 2...64
    /// Largest seed (an integer a JSON number holds exactly).
    public static let maxSeed: UInt64 = 1 << 53

    static let modelKeys = ["layers", "activation", "activations", "output_activation", "init", "init_scale", "weights",
                            "normalization", "normalizations", "features"]

    static func parseModel(_ field: JSONField, data: DataSpec) throws(PresetError) -> ModelSpec {
        let o = try field.object(allowed: modelKeys)
        let layerFields = try o["layers"].array(what: "an array of at least 2 layer widths (inputs first, outputs last)",
                                                count: 2...Int.max)
        guard layerFields.count <= Preset.layerCounts.upperBound else {
            throw o["layers"].error("expected at most 64 layer widths (63 layers), got \(layerFields.count)")
        }
        var layers: [Int] = []
        for f in layerFields { layers.append(try f.integer(Preset.layerWidths)) }
        let features = o.has("features") ? try parseFeatures(o["features"], data: data) : nil
        if let features, layers[0] != features.count {
            throw layerFields[0].expected("\(features.count) (the number of model.features)")
        }
        if features == nil, let d0 = data.inputSize, layers[0] != d0 {
            throw layerFields[0].expected("\(d0) (the input size of the \"\(data.kind.name)\" data)")
        }
        if let dL = data.outputSize, layers[layers.count - 1] != dL {
            throw layerFields[layers.count - 1].expected("\(dL) (the output size of the \"\(data.kind.name)\" data)")
        }
        let L = layers.count - 1
        let normalizations = try parseNormalizations(o, hiddenLayers: L - 1)
        let parameterCount = MLP.parameterCount(sizes: layers, normalizations: normalizations)
        if parameterCount > Preset.maxParameterCount {
            throw o["layers"].error("expected at most \(Preset.maxParameterCount) parameters in total, got \(parameterCount)")
        }
        var activations: [Activation]
        if o.has("activations") {
            if o.has("activation") {
                throw o["activations"].error("expected either \"activation\" (hidden layers) or \"activations\" (one per layer), not both")
            }
            if o.has("output_activation") {
                throw o["output_activation"].error("expected no \"output_activation\" with \"activations\" (which already lists the output layer's)")
            }
            let fields = try o["activations"].array(what: "an array of \(L) activations (one per layer, output last)", count: L...L)
            activations = []
            for f in fields { activations.append(try parseActivation(f)) }
        } else {
            let hidden = o.has("activation") ? try parseActivation(o["activation"]) : .relu
            let output = o.has("output_activation") ? try parseActivation(o["output_activation"]) : .linear
            activations = Array(repeating: hidden, count: L - 1) + [output]
        }
        var initializer = InitName.he
        if o.has("init") {
            if o.has("weights") { throw o["init"].error("expected no \"init\" when \"weights\" sets every parameter") }
            initializer = InitName(rawValue: try o["init"].name(of: InitName.allCases.map(\.rawValue), what: "an initialiser")) ?? .he
        }
        var initScale = 1.0
        if o.has("init_scale") {
            if o.has("weights") { throw o["init_scale"].error("expected no \"init_scale\" when \"weights\" sets every parameter") }
            initScale = try o["init_scale"].number("a number > 0 and <= 100") { $0 > 0 && $0 <= 100 }
        }
        var explicit: [Double]?
        if o.has("weights") { explicit = try parseWeights(o["weights"], layers: layers, normalizations: normalizations) }
        var spec = ModelSpec(layers: layers, activations: activations, initializer: initializer, explicitParameters: explicit,
                             normalizations: normalizations)
        spec.initScale = initScale
        spec.features = features
        return spec
    }

    /// `"features": [names]`: 1 to all of the names for the data's input size (see ``InputFeature``), each
    /// at most once. CSV data (input size known only from the file) takes the names of one dimension; the
    /// session checks the file's columns against it.
    static func parseFeatures(_ field: JSONField, data: DataSpec) throws(PresetError) -> [InputFeature] {
        let dims = data.inputSize.map { [$0] } ?? [1, 2]
        let allowed = dims.flatMap { InputFeature.names(forInputSize: $0) }
        let dataName = data.inputSize.map { "\($0)D" } ?? "1D or 2D"
        let items = try field.array(what: "an array of 1 to \(allowed.count) feature names for \(dataName) data",
                                    count: 1...allowed.count)
        var features: [InputFeature] = []
        for item in items {
            let name = try item.name(of: allowed.map(\.name), what: "a feature name for \(dataName) data")
            guard let f = InputFeature(rawValue: name) else { throw item.expected("a feature name") }
            if features.contains(f) { throw item.error("feature \"\(name)\" is listed twice") }
            if let first = features.first, InputFeature.names(forInputSize: 1).contains(first)
                != InputFeature.names(forInputSize: 1).contains(f) {
                throw item.error("expected features of one input size (1D: x, x^2, x^3, sin(x), cos(x); 2D: x1, x2, ...), got \"\(name)\" after \"\(first.name)\"")
            }
            features.append(f)
        }
        return features
    }

    /// `normalization` (one for every hidden layer) or `normalizations` (one per hidden layer); L entries
    /// in all, the output layer's none.
    static func parseNormalizations(_ o: JSONObjectReader, hiddenLayers h: Int) throws(PresetError) -> [Normalization] {
        var hidden = [Normalization](repeating: .none, count: h)
        if o.has("normalizations") {
            if o.has("normalization") {
                throw o["normalizations"].error("expected either \"normalization\" (every hidden layer) or \"normalizations\" (one per hidden layer), not both")
            }
            let fields = try o["normalizations"].array(what: "an array of \(h) normalizations (one per hidden layer)", count: h...h)
            hidden = []
            for f in fields { hidden.append(try parseNormalization(f)) }
        } else if o.has("normalization") {
            let n = try parseNormalization(o["normalization"])
            if n.isActive && h == 0 {
                throw o["normalization"].error("expected \"none\": a network without hidden layers has nothing to normalise")
            }
            hidden = Array(repeating: n, count: h)
        }
        return hidden + [.none]
    }

    /// `"none" | "layer" | "batch"` or `{"kind": ..., "eps": > 0, "momentum": in (0, 1] (batch only)}`.
    static func parseNormalization(_ field: JSONField) throws(PresetError) -> Normalization {
        let names = Normalization.Kind.allCases.map(\.rawValue)
        if case .object = field.value {
            let o = try field.object(allowed: ["kind", "eps", "momentum"], what: "a normalization")
            let kind = Normalization.Kind(rawValue: try o["kind"].name(of: names, what: "a normalization kind")) ?? .none
            var n = Normalization(kind)
            if o.has("eps") {
                guard kind != .none else { throw o["eps"].error("expected no \"eps\" for \"none\"") }
                n.epsilon = try o["eps"].number("a number > 0 and <= 1") { $0 > 0 && $0 <= 1 }
            }
            if o.has("momentum") {
                guard kind == .batch else {
                    throw o["momentum"].error("expected no \"momentum\" for \"\(kind.rawValue)\" (only batch has running statistics)")
                }
                n.momentum = try o["momentum"].number("a number > 0 and <= 1") { $0 > 0 && $0 <= 1 }
            }
            return n
        }
        return Normalization(Normalization.Kind(rawValue: try field.name(of: names, what: "a normalization kind")) ?? .none)
    }

    static func parseActivation(_ field: JSONField) throws(PresetError) -> Activation {
        let names = Activation.Kind.allCases.map(\.rawValue)
        if case .object = field.value {
            let o = try field.object(allowed: ["name", "alpha"], what: "an activation")
            let name = try o["name"].name(of: names, what: "an activation name")
            let kind = Activation.Kind(rawValue: name) ?? .relu
            if o.has("alpha") {
                guard kind == .leakyRelu else { throw o["alpha"].error("expected no \"alpha\" for \"\(name)\" (only leaky_relu has one)") }
                return Activation(kind, alpha: try o["alpha"].number("a number >= 0 and < 1") { $0 >= 0 && $0 < 1 })
            }
            return Activation(kind)
        }
        let name = try field.name(of: names, what: "an activation name")
        return Activation(Activation.Kind(rawValue: name) ?? .relu)
    }

    /// Explicit θ from `[{"weights": [[out × in]], "bias": [out]}, …]`, checked shape by shape.
    /// Normalised layers may add `"gamma"` and `"beta"` (d_ℓ numbers each; default 1 and 0).
    static func parseWeights(_ field: JSONField, layers: [Int], normalizations: [Normalization]) throws(PresetError) -> [Double] {
        let L = layers.count - 1
        let items = try field.array(what: "an array of \(L) layers, each {\"weights\": [[...]], \"bias\": [...]}", count: L...L)
        var theta: [Double] = []
        theta.reserveCapacity(MLP.parameterCount(sizes: layers, normalizations: normalizations))
        for (l, item) in items.enumerated() {
            let normalized = normalizations[l].isActive
            let o = try item.object(allowed: normalized ? ["weights", "bias", "gamma", "beta"] : ["weights", "bias"],
                                    what: "an object {\"weights\": [[...]], \"bias\": [...]}")
            let rows = layers[l + 1], cols = layers[l]
            let rowFields = try o["weights"].array(what: "a \(rows) x \(cols) matrix (\(rows) rows of \(cols) numbers)", count: rows...rows)
            for r in rowFields {
                let entries = try r.array(what: "a row of \(cols) numbers", count: cols...cols)
                for e in entries { theta.append(try e.number("a number")) }
            }
            let bias = try o["bias"].array(what: "an array of \(rows) numbers", count: rows...rows)
            for e in bias { theta.append(try e.number("a number")) }
            guard normalized else { continue }
            for (key, fill) in [("gamma", 1.0), ("beta", 0.0)] {
                if o.has(key) {
                    let items = try o[key].array(what: "an array of \(rows) numbers", count: rows...rows)
                    for e in items { theta.append(try e.number("a number")) }
                } else {
                    theta += [Double](repeating: fill, count: rows)
                }
            }
        }
        return theta
    }

    // MARK: - training

    static let trainingKeys = ["loss", "optimizer", "schedule", "batch", "l2", "l1", "dropout", "clip", "early_stopping", "seed"]

    /// The losses that fit a task (the first is the default).
    public static func losses(for task: Task?) -> [Loss] {
        switch task {
        case .regression?: return [.mse]
        case .binary?: return [.bceWithLogits, .mse]
        case .multiclass?: return [.softmaxCrossEntropy]
        case nil: return [.softmaxCrossEntropy]  // csv multiclass: k from the file
        }
    }

    static func parseTraining(_ field: JSONField, data: DataSpec) throws(PresetError) -> TrainingSpec {
        let o = try field.object(allowed: trainingKeys)
        let fitting = losses(for: data.task)
        var loss = fitting[0]
        if o.has("loss") {
            let what = fitting.map { "\"\($0.name)\"" }.joined(separator: " or ")
                + " for \(taskName(data)) data"
            let name = try o["loss"].name(of: Loss.allCases.map(\.name), what: "a loss")
            loss = Loss(rawValue: name) ?? .mse
            guard fitting.contains(loss) else { throw o["loss"].expected(what) }
        }
        let optimizer = try parseOptimizer(o["optimizer"])
        var spec = TrainingSpec(loss: loss, optimizer: optimizer)
        if o.has("schedule") { spec.schedule = try parseSchedule(o["schedule"]) }
        if o.has("batch"), !o["batch"].isNull {
            let nTrain = data.kind == .csv ? 1_000_000 : data.trainCount
            let what = data.kind == .csv ? "an integer >= 1 or \"full\""
                : "an integer between 1 and \(nTrain) (the training set size) or \"full\""
            if case .string(let s)? = o["batch"].value {
                guard s == "full" else { throw o["batch"].expected(what) }
            } else {
                spec.batch = try o["batch"].integer(1...nTrain, what: what)
            }
        }
        if o.has("l2") { spec.l2 = try o["l2"].number("a number >= 0") { $0 >= 0 } }
        if o.has("l1") { spec.l1 = try o["l1"].number("a number >= 0") { $0 >= 0 } }
        if o.has("dropout") { spec.dropout = try o["dropout"].number("a number >= 0 and < 1") { $0 >= 0 && $0 < 1 } }
        if o.has("clip"), !o["clip"].isNull { spec.clip = try o["clip"].number("a number > 0 or null") { $0 > 0 } }
        if o.has("early_stopping"), !o["early_stopping"].isNull {
            let es = try o["early_stopping"].object(allowed: ["patience"], what: "an object {\"patience\": steps} or null")
            spec.earlyStoppingPatience = try es["patience"].integer(1...1_000_000)
            if data.kind != .csv ? data.testCount == 0 : data.testFraction == 0 {
                throw o["early_stopping"].error("expected no early stopping without test data (data.test_fraction is 0)")
            }
        }
        if o.has("seed") { spec.seed = try o["seed"].seed() }
        return spec
    }

    static func taskName(_ data: DataSpec) -> String {
        switch data.task {
        case .regression?: return "regression"
        case .binary?: return "binary"
        case .multiclass?, nil: return "multi-class"
        }
    }

    static func parseOptimizer(_ field: JSONField) throws(PresetError) -> OptimizerSpec {
        guard case .object(let raw)? = field.value else { throw field.expected("an object {\"name\": ..., \"lr\": ...}") }
        let nameField = field.child("name", in: raw)
        let name = OptimizerSpec.Name(rawValue: try nameField.name(of: OptimizerSpec.Name.allCases.map(\.rawValue),
                                                                    what: "an optimizer name")) ?? .sgd
        let o = try field.object(allowed: optimizerKeys(name))
        var spec = OptimizerSpec(name: name, lr: try o["lr"].number("a number > 0") { $0 > 0 })
        let unit = "a number >= 0 and < 1"
        if o.has("momentum") { spec.momentum = try o["momentum"].number(unit) { $0 >= 0 && $0 < 1 } }
        if o.has("nesterov") { spec.nesterov = try o["nesterov"].bool() }
        if o.has("beta1") { spec.beta1 = try o["beta1"].number(unit) { $0 >= 0 && $0 < 1 } }
        if o.has("beta2") { spec.beta2 = try o["beta2"].number(unit) { $0 >= 0 && $0 < 1 } }
        if o.has("eps") { spec.eps = try o["eps"].number("a number > 0") { $0 > 0 } }
        if o.has("weight_decay") { spec.weightDecay = try o["weight_decay"].number("a number >= 0") { $0 >= 0 } }
        return spec
    }

    /// The keys an optimiser object may have, by optimiser.
    static func optimizerKeys(_ name: OptimizerSpec.Name) -> [String] {
        switch name {
        case .sgd: return ["name", "lr"]
        case .momentum: return ["name", "lr", "momentum", "nesterov"]
        case .adam: return ["name", "lr", "beta1", "beta2", "eps"]
        case .adamw: return ["name", "lr", "beta1", "beta2", "eps", "weight_decay"]
        }
    }

    /// The keys a schedule object may have, by schedule.
    static func scheduleKeys(_ name: ScheduleSpec.Name) -> [String] {
        switch name {
        case .constant: return ["name", "warmup"]
        case .step: return ["name", "every", "factor", "warmup"]
        case .cosine: return ["name", "total_steps", "floor", "warmup"]
        }
    }

    static func parseSchedule(_ field: JSONField) throws(PresetError) -> ScheduleSpec {
        let names = ScheduleSpec.Name.allCases.map(\.rawValue)
        var spec = ScheduleSpec()
        if case .string? = field.value {
            spec.name = ScheduleSpec.Name(rawValue: try field.name(of: names, what: "a schedule name")) ?? .constant
            return spec
        }
        guard case .object(let raw)? = field.value else { throw field.expected("a schedule name or an object {\"name\": ...}") }
        spec.name = ScheduleSpec.Name(rawValue: try field.child("name", in: raw).name(of: names, what: "a schedule name")) ?? .constant
        let o = try field.object(allowed: scheduleKeys(spec.name))
        if o.has("every") { spec.every = try o["every"].integer(1...Int.max) }
        if o.has("factor") { spec.factor = try o["factor"].number("a number > 0 and <= 1") { $0 > 0 && $0 <= 1 } }
        if o.has("total_steps") { spec.totalSteps = try o["total_steps"].integer(1...Int.max) }
        if o.has("floor") { spec.floor = try o["floor"].number("a number >= 0") { $0 >= 0 } }
        if o.has("warmup") { spec.warmup = try o["warmup"].integer(0...Int.max) }
        return spec
    }

    // MARK: - view

    /// `compare`: the view of a compare preset, whose panels show only ``ViewSpec/comparePanes`` (a pane
    /// named there and not shown would be a claim without its evidence, so it is refused here).
    static func parseView(_ field: JSONField, compare: Bool = false) throws(PresetError) -> ViewSpec {
        let o = try field.object(allowed: ["panes", "caption", "pace", "start", "claim_step"])
        var view = ViewSpec()
        if o.has("panes") {
            let items = try o["panes"].array(what: "an array of 1 to 8 pane names", count: 1...8)
            var panes: [String] = []
            for item in items {
                let p = try item.name(of: ViewSpec.knownPanes, what: "a pane name")
                if panes.contains(p) { throw item.error("pane \"\(p)\" is listed twice") }
                if compare, !ViewSpec.comparePanes.contains(p) {
                    throw item.error("compare mode does not show a \"\(p)\" pane (its panels show "
                                     + ViewSpec.comparePanes.joined(separator: ", ") + ")")
                }
                panes.append(p)
            }
            if compare, panes.filter(ViewSpec.compareSidePanes.contains).count > 1 {
                throw o["panes"].error("a compare panel has one pane beside its loss: name at most one of "
                                       + ViewSpec.compareSidePanes.joined(separator: ", "))
            }
            view.panes = panes
        }
        if o.has("caption") { view.caption = try o["caption"].bool() }
        if o.has("pace") { view.pace = try parsePace(o["pace"]) }
        if o.has("claim_step") { view.claimStep = try o["claim_step"].integer(0...100_000_000) }
        if o.has("start") {
            let names = StartState.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
            guard case .string(let s)? = o["start"].value, let start = StartState(rawValue: s) else { throw o["start"].expected(names) }
            view.start = start
        }
        return view
    }

    /// `view.pace`: a number of steps per second (> 0, at most ``Pace/maxPerSecond``) or `"max"`.
    static func parsePace(_ field: JSONField) throws(PresetError) -> Pace {
        let what = "a number of steps per second > 0 and <= 1e7, or \"max\""
        if case .string(let s)? = field.value {
            guard s == "max" else { throw field.expected(what) }
            return .max
        }
        let pace = Pace.perSecond(try field.number(what) { $0 > 0 && $0 <= Pace.maxPerSecond })
        return pace
    }
}
