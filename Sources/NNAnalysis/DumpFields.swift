import NNCore

/// The fields every JSON dump of a model and its data shares (`nnviz inspect`, and any other dump of the
/// objective at some weights): `layers`, `loss`, `l2` (λ of ½λ‖θ‖²), `l1` (λ₁ of λ₁‖θ‖₁; both 0 if none),
/// `data` (`{"x", "y"}`: the training set with its RAW inputs) and, only when the preset sets input
/// features, `features` (their names in order, so a reader can recompute the network's inputs from
/// `data.x`). One writer, so every dump spells them the same way.
///
/// Encoding adds these keys to the encoder's top-level object: a dump's own `encode(to:)` calls
/// ``encode(to:)`` and then writes its other keys with its own keyed container.
public struct DumpFields: Encodable, Sendable, Equatable {
    public var layers: [InspectReport.Layer]
    public var loss: String
    public var l2: Double
    public var l1: Double
    public var data: InspectReport.DataBlock
    /// Feature names in order; nil (and no key) without input features.
    public var features: [String]?

    enum CodingKeys: String, CodingKey {
        case layers, loss, l2, l1, data, features
    }

    /// `rawData` is the training set as generated (its inputs are what `data.x` holds); `features` maps it
    /// to the network's inputs (nil: the network sees the raw inputs).
    public init(model: MLP, loss: Loss, l2: Double, l1: Double, rawData: Dataset, features: FeatureMap?) {
        layers = (0..<model.layerCount).map { l in
            let a = model.activations[l]
            return InspectReport.Layer(weights: model.weightMatrix(layer: l), bias: model.biasVector(layer: l),
                                       activation: a.name, alpha: a.kind == .leakyRelu ? a.alpha : nil,
                                       normalization: InspectReport.NormalizationBlock(model: model, layer: l))
        }
        self.loss = loss.name
        self.l2 = l2
        self.l1 = l1
        let n = rawData.count
        data = InspectReport.DataBlock(x: (0..<n).map { Array(rawData.input($0)) },
                                       y: (0..<n).map { Array(rawData.target($0)) })
        self.features = features?.names
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(layers, forKey: .layers)
        try c.encode(loss, forKey: .loss)
        try c.encode(l2, forKey: .l2)
        try c.encode(l1, forKey: .l1)
        try c.encode(data, forKey: .data)
        try c.encodeIfPresent(features, forKey: .features)
    }
}
