import NNCore

/// What `nnviz landscape` writes: the inspect fields needed to recompute the objective (`layers`, `data`,
/// `loss`, `l2`, `l1`, `objective`, same schema as ``InspectReport``), the plane (`directions`, `method`,
/// `u`, `v`), its grid (`alphas`, `betas`, `loss_grid[i][j] = J(θ + alphas[i]·u + betas[j]·v)`, null where
/// the objective is not finite), and `eigenvalues` [λ₁, λ₂] (hessian) or `path_alpha`, `path_beta`
/// (trajectory). JSON-encodable with exactly these keys.
public struct LandscapeReport: Encodable, Sendable {
    public var layers: [InspectReport.Layer]
    public var loss: String
    public var l2: Double
    public var l1: Double
    public var data: InspectReport.DataBlock
    public var objective: Double
    public var parameterCount: Int
    public var directions: String
    public var method: String
    public var u: [Double]
    public var v: [Double]
    public var alphas: [Double]
    public var betas: [Double]
    public var lossGrid: [[Double?]]
    public var eigenvalues: [Double]?
    public var pathAlpha: [Double]?
    public var pathBeta: [Double]?

    enum CodingKeys: String, CodingKey {
        case layers, loss, l2, l1, data, objective, parameterCount = "parameter_count", directions, method, u, v
        case alphas, betas, lossGrid = "loss_grid", eigenvalues, pathAlpha = "path_alpha", pathBeta = "path_beta"
    }

    /// The report of `model` (θ, the plane's centre) with `directions`, on a `grid` × `grid` plane of
    /// half-width `span`. `objective` is J(θ) by the same evaluation as the grid, so `loss_grid` at (0, 0)
    /// equals it exactly.
    public init(model: MLP, loss: Loss, l2: Double, l1: Double = 0, data: Dataset, directions: LandscapeDirections,
                grid: Int, span: Double) throws {
        try AnalysisError.requireFinite(model)
        let n = data.count
        layers = (0..<model.layerCount).map { l in
            let a = model.activations[l]
            return InspectReport.Layer(weights: model.weightMatrix(layer: l), bias: model.biasVector(layer: l), activation: a.name,
                                       alpha: a.kind == .leakyRelu ? a.alpha : nil,
                                       normalization: InspectReport.NormalizationBlock(model: model, layer: l))
        }
        self.loss = loss.name
        self.l2 = l2
        self.l1 = l1
        self.data = InspectReport.DataBlock(x: (0..<n).map { Array(data.input($0)) }, y: (0..<n).map { Array(data.target($0)) })
        let objectiveFunction = Objective(loss: loss, l2: l2)
        parameterCount = model.parameterCount
        self.directions = directions.kind.rawValue
        method = directions.method
        u = directions.u
        v = directions.v
        alphas = LossLandscape.linspace(span: span, count: grid)
        betas = alphas
        let values = LossLandscape.grid(model: model, objective: objectiveFunction, data: data, u: u, v: v,
                                        alphas: alphas, betas: betas)
        lossGrid = values.map { row in row.map { $0.isFinite ? $0 : nil } }
        objective = objectiveFunction.value(model: model, data: data)
        eigenvalues = directions.eigenvalues
        pathAlpha = directions.pathAlpha
        pathBeta = directions.pathBeta
    }
}
