import NNAnalysis
import NNCore

/// A preset that runs an analysis experiment instead of training one network: the top-level key
/// `"experiment"`. The only kind so far is the lecture's double descent (``DoubleDescentCurve``):
/// ```
/// "experiment": { "kind": "double_descent", "input_dimension": 5, "train_count": 40, "test_count": 400,
///                 "noise": 0.2, "draws": 5, "widths": "auto" | [2, 10, 40, 400], "seed": 1 }
/// ```
/// Every key but `kind` is optional (the defaults are the values above). An experiment generates its own
/// data and has no network to train, so `data`, `model` and `training` are refused beside it; the
/// preset's `data`/`model`/`training` values are then a fixed stand-in (``Preset/experimentStandIn``)
/// that nothing shows.
public struct ExperimentSpec: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case doubleDescent = "double_descent"
    }
    public var kind: Kind
    public var doubleDescent: DoubleDescentCurve.Setup
    /// The widths p of the sweep; nil = ``DoubleDescentCurve/defaultWidths(n:maxFactor:)`` ("auto").
    public var widths: [Int]?

    public init(kind: Kind = .doubleDescent, doubleDescent: DoubleDescentCurve.Setup = .init(), widths: [Int]? = nil) {
        self.kind = kind
        self.doubleDescent = doubleDescent
        self.widths = widths
    }

    /// The widths the sweep runs over (explicit, or the automatic ones for n).
    public var sweepWidths: [Int] { widths ?? DoubleDescentCurve.defaultWidths(n: doubleDescent.trainCount) }

    /// Largest sweep a preset may ask for, in doubles of features held at once (80 MB).
    public static let maxFeatureValues = 10_000_000

    static let keys = ["kind", "input_dimension", "train_count", "test_count", "noise", "draws", "widths", "seed"]
}

extension Preset {
    /// What a preset with an `experiment` holds for `data`, `model` and `training`: a tiny valid stand-in
    /// (so every `Preset` can still build a session), never written to or read from files.
    public static func experimentStandIn(seed: UInt64) -> (DataSpec, ModelSpec, TrainingSpec) {
        var data = DataSpec(kind: .sine)
        data.count = 8
        let model = ModelSpec(layers: [1, 1], activations: [.linear], initializer: .zeros)
        var training = TrainingSpec(loss: .mse, optimizer: OptimizerSpec(name: .sgd, lr: 0.01))
        training.seed = seed
        return (data, model, training)
    }

    static func parseExperiment(_ field: JSONField) throws(PresetError) -> ExperimentSpec {
        let o = try field.object(allowed: ExperimentSpec.keys, what: "an object {\"kind\": \"double_descent\", ...}")
        let kindName = try o["kind"].name(of: ExperimentSpec.Kind.allCases.map(\.rawValue), what: "an experiment kind")
        var spec = ExperimentSpec(kind: ExperimentSpec.Kind(rawValue: kindName) ?? .doubleDescent)
        var s = DoubleDescentCurve.Setup()
        if o.has("input_dimension") { s.inputDimension = try o["input_dimension"].integer(1...100) }
        if o.has("train_count") { s.trainCount = try o["train_count"].integer(2...1000) }
        if o.has("test_count") { s.testCount = try o["test_count"].integer(1...10_000) }
        if o.has("noise") { s.noise = try o["noise"].number("a number between 0 and 10") { $0 >= 0 && $0 <= 10 } }
        if o.has("draws") { s.draws = try o["draws"].integer(1...100) }
        if o.has("seed") { s.seed = try o["seed"].seed() }
        spec.doubleDescent = s
        if o.has("widths") {
            let w = o["widths"]
            let what = "\"auto\" or an array of 1 to 200 increasing widths between 1 and 100000"
            if case .string(let text)? = w.value {
                guard text == "auto" else { throw w.expected(what) }
            } else {
                let items = try w.array(what: what, count: 1...200)
                var widths: [Int] = []
                for item in items {
                    let p = try item.integer(1...100_000, what: "a width between 1 and 100000")
                    if let last = widths.last, p <= last {
                        throw item.expected("a width larger than the one before (\(last)): widths increase")
                    }
                    widths.append(p)
                }
                spec.widths = widths
            }
        }
        let values = DoubleDescentCurve.featureValueCount(s, widths: spec.widths)
        if values > ExperimentSpec.maxFeatureValues {
            throw field.error("expected at most \(ExperimentSpec.maxFeatureValues) feature values "
                + "(draws × (train_count + test_count) × largest width), got \(values)")
        }
        return spec
    }

    /// The `experiment` object as the file format writes it (every key, widths as a list or "auto").
    var experimentJSON: JSONObject? {
        guard let e = experiment else { return nil }
        let s = e.doubleDescent
        return JSONObject([
            ("kind", .string(e.kind.rawValue)),
            ("input_dimension", .number(Double(s.inputDimension))),
            ("train_count", .number(Double(s.trainCount))),
            ("test_count", .number(Double(s.testCount))),
            ("noise", .number(s.noise)),
            ("draws", .number(Double(s.draws))),
            ("widths", e.widths.map { .array($0.map { .number(Double($0)) }) } ?? .string("auto")),
            ("seed", .number(Double(s.seed))),
        ])
    }
}
