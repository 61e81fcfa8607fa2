import Testing
@testable import NNSession
import NNCore

/// A small valid preset with replaceable sections, so each malformed case differs in one place.
func presetText(
    title: String = #""XOR""#,
    data: String = #"{"kind": "xor", "n": 100, "test_fraction": 0.2}"#,
    model: String = #"{"layers": [2, 4, 1]}"#,
    training: String = #"{"optimizer": {"name": "sgd", "lr": 0.1}}"#,
    extra: String = ""
) -> String {
    """
    {
      "title": \(title),
      "description": "one line",
      "data": \(data),
      "model": \(model),
      "training": \(training)\(extra)
    }
    """
}

/// The one-line error a text produces (nil when it is accepted).
func presetError(_ text: String, file: String = "presets/x.json") -> String? {
    do {
        _ = try Preset.parse(text, file: file)
        return nil
    } catch {
        return error.description
    }
}

struct MalformedCase: CustomTestStringConvertible, Sendable {
    var text: String
    var expected: String
    var testDescription: String { expected }
}

let malformedPresets: [MalformedCase] = [
    // Not JSON at all, or not the JSON we accept.
    .init(text: "", expected: "presets/x.json: invalid JSON at line 1, column 1: the file is empty (expected a JSON object)"),
    .init(text: "{", expected: "presets/x.json: invalid JSON at line 1, column 2: unexpected end of file (expected a key in double quotes)"),
    .init(text: "{\n  \"title\": \"a\",\n}", expected: "presets/x.json: invalid JSON at line 3, column 1: unexpected '}' (expected a key in double quotes)"),
    .init(text: #"{"title": "a", "title": "b"}"#, expected: #"presets/x.json: invalid JSON at line 1, column 16: duplicate key "title""#),
    .init(text: #"{"title": NaN}"#, expected: "presets/x.json: invalid JSON at line 1, column 11: NaN and Infinity are not JSON (expected a finite number)"),
    .init(text: #"{"title": 'a'}"#, expected: "presets/x.json: invalid JSON at line 1, column 11: unexpected ''' (expected a value)"),
    .init(text: String(repeating: "[", count: 300), expected: "presets/x.json: invalid JSON at line 1, column 201: nesting deeper than 200 levels"),
    .init(text: "{\"title\": \"a\u{1}\"}", expected: "presets/x.json: invalid JSON at line 1, column 13: control character in string (escape it)"),
    .init(text: #"{"title": "\x"}"#, expected: #"presets/x.json: invalid JSON at line 1, column 12: invalid escape '\x' in string"#),
    .init(text: #"{"title": 01}"#, expected: "presets/x.json: invalid JSON at line 1, column 12: invalid number (leading zeros are not allowed)"),
    .init(text: "[]", expected: "presets/x.json: expected a JSON object at the top level, got an empty array"),
    .init(text: presetText() + " x", expected: "presets/x.json: invalid JSON at line 7, column 3: unexpected 'x' after the end of the JSON value"),
    // Root fields.
    .init(text: presetText(extra: #", "colour": "red""#),
          expected: "presets/x.json: colour: unknown key (expected one of: title, description, caption, data, model, training, view, experiment, compare)"),
    .init(text: #"{"description": "d"}"#, expected: "presets/x.json: title: missing (expected a non-empty string)"),
    .init(text: presetText(title: "3"), expected: "presets/x.json: title: expected a non-empty string, got 3"),
    .init(text: presetText(title: #""  ""#), expected: #"presets/x.json: title: expected a non-empty string, got "  ""#),
    // data
    .init(text: presetText(data: #"{"kind": "spiralz"}"#),
          expected: #"presets/x.json: data.kind: expected a dataset name (one of: sine, xsinx, abs, step, cubic, sawtooth, xor, circles, moons, spirals, blobs, checkerboard, disc, bowl, csv), got "spiralz""#),
    .init(text: presetText(data: #"{"n": 10}"#),
          expected: "presets/x.json: data.kind: missing (expected a dataset name (one of: sine, xsinx, abs, step, cubic, sawtooth, xor, circles, moons, spirals, blobs, checkerboard, disc, bowl, csv))"),
    .init(text: presetText(data: #""xor""#), expected: #"presets/x.json: data: expected an object, got "xor""#),
    .init(text: presetText(data: #"{"kind": "xor", "n": 0}"#), expected: "presets/x.json: data.n: expected an integer between 4 and 100000, got 0"),
    .init(text: presetText(data: #"{"kind": "xor", "n": 2.5}"#), expected: "presets/x.json: data.n: expected an integer between 4 and 100000, got 2.5"),
    .init(text: presetText(data: #"{"kind": "xor", "noise": -1}"#), expected: "presets/x.json: data.noise: expected a number between 0 and 10, got -1"),
    .init(text: presetText(data: #"{"kind": "xor", "noise": 1e999}"#), expected: "presets/x.json: data.noise: expected a finite number, got 1e999"),
    .init(text: presetText(data: #"{"kind": "xor", "test_fraction": 1}"#), expected: "presets/x.json: data.test_fraction: expected a number >= 0 and <= 0.9, got 1"),
    .init(text: presetText(data: #"{"kind": "xor", "depth": 3}"#),
          expected: "presets/x.json: data.depth: unknown key (expected one of: kind, test_fraction, seed, n, noise, points)"),
    .init(text: presetText(data: #"{"kind": "xor", "seed": -4}"#), expected: "presets/x.json: data.seed: expected an integer seed between 0 and 2^53, got -4"),
    .init(text: presetText(data: #"{"kind": "spirals", "classes": 1}"#), expected: "presets/x.json: data.classes: expected an integer between 2 and 10, got 1"),
    .init(text: presetText(data: #"{"kind": "csv", "path": "d.csv", "task": "binary", "targets": 2}"#),
          expected: "presets/x.json: data.targets: expected 1 (a classification file has one label column), got 2"),
    .init(text: presetText(data: #"{"kind": "csv"}"#), expected: "presets/x.json: data.path: missing (expected the path of a CSV file)"),
    .init(text: presetText(data: #"{"kind": "csv", "path": "d.csv", "n": 10}"#),
          expected: "presets/x.json: data.n: unknown key (expected one of: kind, test_fraction, seed, path, task, targets)"),
    .init(text: presetText(data: #"{"kind": "csv", "path": "d.csv", "task": "ordinal"}"#),
          expected: #"presets/x.json: data.task: expected a task (one of: regression, binary, multiclass), got "ordinal""#),
    // model
    .init(text: presetText(model: #"{"activation": "relu"}"#),
          expected: "presets/x.json: model.layers: missing (expected an array of at least 2 layer widths (inputs first, outputs last))"),
    .init(text: presetText(model: #"{"layers": [2]}"#),
          expected: "presets/x.json: model.layers: expected an array of at least 2 layer widths (inputs first, outputs last), got an array"),
    .init(text: presetText(model: #"{"layers": [2, 0, 1]}"#), expected: "presets/x.json: model.layers[1]: expected an integer between 1 and 4096, got 0"),
    .init(text: presetText(model: #"{"layers": [2, 4096, 4096, 1]}"#),
          expected: "presets/x.json: model.layers: expected at most 2000000 parameters in total, got 16797697"),
    .init(text: presetText(model: #"{"layers": [2, "8", 1]}"#), expected: #"presets/x.json: model.layers[1]: expected an integer between 1 and 4096, got "8""#),
    .init(text: presetText(model: #"{"layers": [1, 4, 1]}"#), expected: #"presets/x.json: model.layers[0]: expected 2 (the input size of the "xor" data), got 1"#),
    .init(text: presetText(model: #"{"layers": [2, 4, 2]}"#), expected: #"presets/x.json: model.layers[2]: expected 1 (the output size of the "xor" data), got 2"#),
    .init(text: presetText(model: #"{"layers": [2, 4, 1], "widths": [4]}"#),
          expected: "presets/x.json: model.widths: unknown key (expected one of: layers, activation, activations, output_activation, init, init_scale, weights, normalization, normalizations, features)"),
    .init(text: presetText(model: #"{"layers": [2, 4, 1], "activation": "rleu"}"#),
          expected: #"presets/x.json: model.activation: expected an activation name (one of: relu, leaky_relu, tanh, sigmoid, linear, abs, softplus), got "rleu""#),
    .init(text: presetText(model: #"{"layers": [2, 4, 1], "activation": "relu", "activations": ["relu", "linear"]}"#),
          expected: #"presets/x.json: model.activations: expected either "activation" (hidden layers) or "activations" (one per layer), not both"#),
    .init(text: presetText(model: #"{"layers": [2, 4, 1], "activations": ["relu"]}"#),
          expected: "presets/x.json: model.activations: expected an array of 2 activations (one per layer, output last), got an array"),
    .init(text: presetText(model: #"{"layers": [2, 4, 1], "activation": {"name": "tanh", "alpha": 0.1}}"#),
          expected: #"presets/x.json: model.activation.alpha: expected no "alpha" for "tanh" (only leaky_relu has one)"#),
    .init(text: presetText(model: #"{"layers": [2, 4, 1], "init": "kaiming"}"#),
          expected: #"presets/x.json: model.init: expected an initialiser (one of: he, xavier, uniform_fan_in, zeros), got "kaiming""#),
    .init(text: presetText(model: #"{"layers": [2, 1, 1], "weights": [{"weights": [[1, 2], [3, 4]], "bias": [0]}, {"weights": [[1]], "bias": [0]}]}"#),
          expected: "presets/x.json: model.weights[0].weights: expected a 1 x 2 matrix (1 rows of 2 numbers), got an array"),
    .init(text: presetText(model: #"{"layers": [2, 1, 1], "weights": [{"weights": [[1]], "bias": [0]}, {"weights": [[1]], "bias": [0]}]}"#),
          expected: "presets/x.json: model.weights[0].weights[0]: expected a row of 2 numbers, got an array"),
    .init(text: presetText(model: #"{"layers": [2, 1, 1], "weights": [{"weights": [[1, 2]], "bias": [0, 0]}, {"weights": [[1]], "bias": [0]}]}"#),
          expected: "presets/x.json: model.weights[0].bias: expected an array of 1 numbers, got an array"),
    .init(text: presetText(model: #"{"layers": [2, 1, 1], "weights": [{"weights": [[1, "2"]], "bias": [0]}, {"weights": [[1]], "bias": [0]}]}"#),
          expected: #"presets/x.json: model.weights[0].weights[0][1]: expected a number, got "2""#),
    .init(text: presetText(model: #"{"layers": [2, 1, 1], "weights": [{"weights": [[1, 2]], "bias": [0]}]}"#),
          expected: #"presets/x.json: model.weights: expected an array of 2 layers, each {"weights": [[...]], "bias": [...]}, got an array"#),
    .init(text: presetText(model: #"{"layers": [2, 1, 1], "init": "he", "weights": [{"weights": [[1, 2]], "bias": [0]}, {"weights": [[1]], "bias": [0]}]}"#),
          expected: #"presets/x.json: model.init: expected no "init" when "weights" sets every parameter"#),
    // training
    .init(text: presetText(training: #"{"optimizer": {"name": "sgd", "lr": -1}}"#), expected: "presets/x.json: training.optimizer.lr: expected a number > 0, got -1"),
    .init(text: presetText(training: #"{"optimizer": {"name": "sgd", "lr": 0}}"#), expected: "presets/x.json: training.optimizer.lr: expected a number > 0, got 0"),
    .init(text: presetText(training: #"{"optimizer": {"name": "sgd", "lr": "fast"}}"#), expected: #"presets/x.json: training.optimizer.lr: expected a number > 0, got "fast""#),
    .init(text: presetText(training: #"{"optimizer": {"name": "sgd", "lr": -1e400}}"#), expected: "presets/x.json: training.optimizer.lr: expected a finite number, got -1e400"),
    .init(text: presetText(training: #"{"optimizer": {"name": "sgd"}}"#), expected: "presets/x.json: training.optimizer.lr: missing (expected a number > 0)"),
    .init(text: presetText(training: #"{"optimizer": {"name": "rmsprop", "lr": 0.1}}"#),
          expected: #"presets/x.json: training.optimizer.name: expected an optimizer name (one of: sgd, momentum, adam, adamw), got "rmsprop""#),
    .init(text: presetText(training: #"{"optimizer": {"name": "sgd", "lr": 0.1, "beta1": 0.9}}"#),
          expected: "presets/x.json: training.optimizer.beta1: unknown key (expected one of: name, lr)"),
    .init(text: presetText(training: #"{"optimizer": {"name": "momentum", "lr": 0.1, "momentum": 1}}"#),
          expected: "presets/x.json: training.optimizer.momentum: expected a number >= 0 and < 1, got 1"),
    .init(text: presetText(training: #"{"optimizer": {"name": "momentum", "lr": 0.1, "nesterov": "yes"}}"#),
          expected: #"presets/x.json: training.optimizer.nesterov: expected true or false, got "yes""#),
    .init(text: presetText(training: #"{"loss": "hinge", "optimizer": {"name": "sgd", "lr": 0.1}}"#),
          expected: #"presets/x.json: training.loss: expected a loss (one of: mse, bce_with_logits, softmax_cross_entropy), got "hinge""#),
    .init(text: presetText(training: #"{"loss": "softmax_cross_entropy", "optimizer": {"name": "sgd", "lr": 0.1}}"#),
          expected: #"presets/x.json: training.loss: expected "bce_with_logits" or "mse" for binary data, got "softmax_cross_entropy""#),
    .init(text: presetText(training: #"{"optimizer": {"name": "sgd", "lr": 0.1}, "batch": 81}"#),
          expected: #"presets/x.json: training.batch: expected an integer between 1 and 80 (the training set size) or "full", got 81"#),
    .init(text: presetText(training: #"{"optimizer": {"name": "sgd", "lr": 0.1}, "batch": "half"}"#),
          expected: #"presets/x.json: training.batch: expected an integer between 1 and 80 (the training set size) or "full", got "half""#),
    .init(text: presetText(training: #"{"optimizer": {"name": "sgd", "lr": 0.1}, "dropout": 1}"#),
          expected: "presets/x.json: training.dropout: expected a number >= 0 and < 1, got 1"),
    .init(text: presetText(training: #"{"optimizer": {"name": "sgd", "lr": 0.1}, "clip": 0}"#),
          expected: "presets/x.json: training.clip: expected a number > 0 or null, got 0"),
    .init(text: presetText(training: #"{"optimizer": {"name": "sgd", "lr": 0.1}, "l2": true}"#),
          expected: "presets/x.json: training.l2: expected a number >= 0, got true"),
    .init(text: presetText(data: #"{"kind": "xor", "test_fraction": 0}"#, training: #"{"optimizer": {"name": "sgd", "lr": 0.1}, "early_stopping": {"patience": 5}}"#),
          expected: "presets/x.json: training.early_stopping: expected no early stopping without test data (data.test_fraction is 0)"),
    .init(text: presetText(training: #"{"optimizer": {"name": "sgd", "lr": 0.1}, "early_stopping": {"patience": 0}}"#),
          expected: "presets/x.json: training.early_stopping.patience: expected an integer between 1 and 1000000, got 0"),
    .init(text: presetText(training: #"{"optimizer": {"name": "sgd", "lr": 0.1}, "schedule": "linear"}"#),
          expected: #"presets/x.json: training.schedule: expected a schedule name (one of: constant, step, cosine), got "linear""#),
    .init(text: presetText(training: #"{"optimizer": {"name": "sgd", "lr": 0.1}, "schedule": {"name": "step", "factor": 0}}"#),
          expected: "presets/x.json: training.schedule.factor: expected a number > 0 and <= 1, got 0"),
    .init(text: presetText(training: #"{"optimizer": {"name": "sgd", "lr": 0.1}, "schedule": {"name": "constant", "floor": 0.1}}"#),
          expected: "presets/x.json: training.schedule.floor: unknown key (expected one of: name, warmup)"),
    .init(text: presetText(training: #"{"optimizer": {"name": "sgd", "lr": 0.1}, "seed": 1.5}"#),
          expected: "presets/x.json: training.seed: expected an integer seed between 0 and 2^53, got 1.5"),
    .init(text: presetText(training: #"{"lr": 0.1}"#),
          expected: "presets/x.json: training.lr: unknown key (expected one of: loss, optimizer, schedule, batch, l2, l1, dropout, clip, early_stopping, seed)"),
    // view
    .init(text: presetText(extra: #", "view": {"panes": ["fit", "hessian"]}"#),
          expected: #"presets/x.json: view.panes[1]: expected a pane name (one of: \#(ViewSpec.knownPanes.joined(separator: ", "))), got "hessian""#),
    .init(text: presetText(extra: #", "view": {"panes": ["fit", "fit"]}"#), expected: #"presets/x.json: view.panes[1]: pane "fit" is listed twice"#),
    .init(text: presetText(extra: #", "view": {"caption": "yes"}"#), expected: #"presets/x.json: view.caption: expected true or false, got "yes""#),
    .init(text: presetText(extra: #", "view": {"claim_step": -1}"#), expected: "presets/x.json: view.claim_step: expected an integer between 0 and 100000000, got -1"),
    .init(text: presetText(extra: #", "view": {"claim_step": 2.5}"#), expected: "presets/x.json: view.claim_step: expected an integer between 0 and 100000000, got 2.5"),
    .init(text: presetText(extra: #", "view": {"claim_step": "2000"}"#), expected: #"presets/x.json: view.claim_step: expected an integer between 0 and 100000000, got "2000""#),
    .init(text: presetText(extra: #", "view": {"panes": ["fit", "accuracy"]}"#),
          expected: #"presets/x.json: view.panes[1]: expected a pane name (one of: \#(ViewSpec.knownPanes.joined(separator: ", "))), got "accuracy""#),
    .init(text: presetText(model: #"{"layers": [2, 4, 1], "init_scale": 0}"#),
          expected: "presets/x.json: model.init_scale: expected a number > 0 and <= 100, got 0"),
    // compare (each session is merged onto the base and validated like a preset; errors name the entry)
    .init(text: presetText(extra: #", "compare": {}"#),
          expected: #"presets/x.json: compare: expected an array of 2 to 4 sessions, each {"label": ..., "model": {...}, "training": {...}}, got an object"#),
    .init(text: presetText(extra: #", "compare": [{"label": "a"}]"#),
          expected: #"presets/x.json: compare: expected an array of 2 to 4 sessions, each {"label": ..., "model": {...}, "training": {...}}, got an array"#),
    .init(text: presetText(extra: #", "compare": ["a", "b"]"#),
          expected: #"presets/x.json: compare[0]: expected an object {"label": ..., "model": {...}, "training": {...}}, got "a""#),
    .init(text: presetText(extra: #", "compare": [{"label": "a", "data": {}}, {"label": "b"}]"#),
          expected: "presets/x.json: compare[0].data: unknown key (expected one of: label, model, training)"),
    .init(text: presetText(extra: #", "compare": [{"training": {}}, {"label": "b"}]"#),
          expected: "presets/x.json: compare[0].label: missing (expected a non-empty one-line label of at most 24 characters)"),
    .init(text: presetText(extra: #", "compare": [{"label": "a"}, {"label": "a very long label indeed, too long"}]"#),
          expected: #"presets/x.json: compare[1].label: expected a non-empty one-line label of at most 24 characters, got "a very long label indeed, too long""#),
    .init(text: presetText(extra: #", "compare": [{"label": "a"}, {"label": "a"}]"#),
          expected: #"presets/x.json: compare[1].label: label "a" is used by an earlier session"#),
    .init(text: presetText(extra: #", "compare": [{"label": "a", "model": [1]}, {"label": "b"}]"#),
          expected: "presets/x.json: compare[0].model: expected an object (the keys this session changes), got an array"),
    .init(text: presetText(extra: #", "compare": [{"label": "a"}, {"label": "b"}, {"label": "c", "training": {"optimizer": {"lr": -1}}}]"#),
          expected: "presets/x.json: compare[2].training.optimizer.lr: expected a number > 0, got -1"),
    .init(text: presetText(extra: #", "compare": [{"label": "a", "model": {"layers": [3, 4, 1]}}, {"label": "b"}]"#),
          expected: #"presets/x.json: compare[0].model.layers[0]: expected 2 (the input size of the "xor" data), got 3"#),
    .init(text: presetText(extra: #", "compare": [{"label": "a"}, {"label": "b", "training": {"optimiser": {}}}]"#),
          expected: "presets/x.json: compare[1].training.optimiser: unknown key (expected one of: loss, optimizer, schedule, batch, l2, l1, dropout, clip, early_stopping, seed)"),
    .init(text: presetText(extra: #", "compare": [{"label": "a", "training": {"optimizer": {"name": "adam", "momentum": 0.5}}}, {"label": "b"}]"#),
          expected: "presets/x.json: compare[0].training.optimizer.momentum: unknown key (expected one of: name, lr, beta1, beta2, eps)"),
    .init(text: presetText(extra: #", "compare": [{"label": "a"}, {"label": "b", "training": {"batch": 81}}]"#),
          expected: #"presets/x.json: compare[1].training.batch: expected an integer between 1 and 80 (the training set size) or "full", got 81"#),
    .init(text: presetText(extra: #", "compare": [{"label": "a", "model": {"activations": ["relu"]}}, {"label": "b"}]"#),
          expected: "presets/x.json: compare[0].model.activations: expected an array of 2 activations (one per layer, output last), got an array"),
]

@Test("a malformed preset is refused with its exact one-line error", arguments: malformedPresets)
func malformedPresetIsRefused(_ c: MalformedCase) {
    #expect(presetError(c.text) == c.expected)
}

@Test func theCorpusIsLargeAndEveryCaseIsDistinct() {
    #expect(malformedPresets.count >= 30)
    #expect(Set(malformedPresets.map(\.expected)).count == malformedPresets.count)
}

@Test func theBaseTemplateIsValid() throws {
    let p = try Preset.parse(presetText(), file: "presets/x.json")
    #expect(p.name == "x")
    #expect(p.model.layers == [2, 4, 1])
    #expect(p.model.activations == [.relu, .linear])
    #expect(p.training.loss == .bceWithLogits)
    #expect(p.training.batch == nil)
    #expect(p.data.trainCount == 80 && p.data.testCount == 20)
}

@Test func explicitWeightsAreReadInThetaOrder() throws {
    let p = try Preset.parse(presetText(model: #"{"layers": [2, 2, 1], "weights": [{"weights": [[1, 2], [3, 4]], "bias": [5, 6]}, {"weights": [[7, 8]], "bias": [9]}]}"#),
                             file: "w.json")
    #expect(p.model.explicitParameters == [1, 2, 3, 4, 5, 6, 7, 8, 9])
}

@Test func optionalFieldsAreRead() throws {
    let p = try Preset.parse(presetText(
        data: #"{"kind": "spirals", "classes": 3, "n": 90, "noise": 0.5, "test_fraction": 0.1, "seed": 9}"#,
        model: #"{"layers": [2, 5, 3], "activations": [{"name": "leaky_relu", "alpha": 0.2}, "linear"]}"#,
        training: #"{"optimizer": {"name": "adamw", "lr": 0.5, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6, "weight_decay": 0.1}, "schedule": {"name": "cosine", "total_steps": 10, "floor": 0.01, "warmup": 2}, "batch": "full", "l2": 0.001, "dropout": 0.25, "clip": 2, "early_stopping": {"patience": 7}, "seed": 4}"#,
        extra: #", "caption": "c", "view": {"panes": ["loss"], "caption": false, "claim_step": 2000}"#), file: "o.json")
    #expect(p.data == DataSpec(kind: .spirals, count: 90, noise: 0.5, testFraction: 0.1, seed: 9, classes: 3))
    #expect(p.model.activations == [.leakyRelu(alpha: 0.2), .linear])
    #expect(p.training.loss == .softmaxCrossEntropy)
    var opt = OptimizerSpec(name: .adamw, lr: 0.5)
    opt.beta1 = 0.8; opt.beta2 = 0.99; opt.eps = 1e-6; opt.weightDecay = 0.1
    #expect(p.training.optimizer == opt)
    #expect(p.training.schedule.name == .cosine && p.training.schedule.totalSteps == 10)
    #expect(p.training.schedule.floor == 0.01 && p.training.schedule.warmup == 2)
    #expect(p.training.batch == nil && p.training.l2 == 0.001 && p.training.dropout == 0.25)
    #expect(p.training.clip == 2 && p.training.earlyStoppingPatience == 7 && p.training.seed == 4)
    var view = ViewSpec(panes: ["loss"], caption: false)
    view.claimStep = 2000
    #expect(p.view == view)
    #expect(p.caption == "c")
    // Written and read back unchanged.
    #expect(try Preset.parse(p.json.serialized(), file: "o.json").view == view)
}

@Test func csvPathsAreRelativeToThePresetFile() throws {
    let p = try Preset.parse(presetText(data: #"{"kind": "csv", "path": "d.csv", "task": "binary"}"#), file: "some/dir/p.json")
    #expect(p.data.csv == CSVSpec(path: "some/dir/d.csv", targetKind: .binary))
}

/// A key written with JSON escapes for control characters ("a\nb") must not break the one-line error
/// (found by the mutation fuzz once the "experiment" and "compare" keys joined the root).
@Test func controlCharactersInAKeyAreEscapedInTheError() throws {
    let text = #"{"title": "x", "tra\ning": 1}"#
    do throws(PresetError) {
        _ = try Preset.parse(bytes: Array(text.utf8), file: "f.json")
        Issue.record("an unknown key was accepted")
    } catch {
        #expect(error.description.hasPrefix(#"f.json: tra\ning: unknown key"#))
        #expect(!error.description.contains("\n"))
    }
}
