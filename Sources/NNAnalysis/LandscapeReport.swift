import NNCore

/// What `nnviz landscape` writes: the inspect fields needed to recompute the objective (`layers`, `data`,
/// `loss`, `l2`, `l1`, `features` where set — written by ``DumpFields``, so exactly as ``InspectReport`` —
/// and `objective`), the plane (`directions`, `method`, `u`, `v`), its grid (`alphas`, `betas`,
/// `loss_grid[i][j] = J(θ + alphas[i]·u + betas[j]·v)`, null where the objective is not finite), and
/// `eigenvalues` [λ₁, λ₂] (hessian) or `path_alpha`, `path_beta` (trajectory). JSON-encodable with exactly
/// these keys. J = loss + ½λ‖θ‖² + λ₁‖θ‖₁ on the network's inputs (the features of `data.x`, when set).
public struct LandscapeReport: Encodable, Sendable {
    /// `layers`, `loss`, `l2`, `l1`, `data` (raw inputs) and (with input features) `features`.
    public var common: DumpFields
    public var layers: [InspectReport.Layer] { common.layers }
    public var loss: String { common.loss }
    public var l2: Double { common.l2 }
    public var l1: Double { common.l1 }
    public var data: InspectReport.DataBlock { common.data }
    public var features: [String]? { common.features }
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
        case objective, parameterCount = "parameter_count", directions, method, u, v
        case alphas, betas, lossGrid = "loss_grid", eigenvalues, pathAlpha = "path_alpha", pathBeta = "path_beta"
    }

    public func encode(to encoder: any Encoder) throws {
        try common.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(objective, forKey: .objective)
        try c.encode(parameterCount, forKey: .parameterCount)
        try c.encode(directions, forKey: .directions)
        try c.encode(method, forKey: .method)
        try c.encode(u, forKey: .u)
        try c.encode(v, forKey: .v)
        try c.encode(alphas, forKey: .alphas)
        try c.encode(betas, forKey: .betas)
        try c.encode(lossGrid, forKey: .lossGrid)
        try c.encodeIfPresent(eigenvalues, forKey: .eigenvalues)
        try c.encodeIfPresent(pathAlpha, forKey: .pathAlpha)
        try c.encodeIfPresent(pathBeta, forKey: .pathBeta)
    }

    /// The report of `model` (θ, the plane's centre) with `directions`, on a `grid` × `grid` plane of
    /// half-width `span`. `data` holds the network's inputs (what J is evaluated on); with input features,
    /// pass the raw training set as `rawData` (what `data.x` of the dump holds) and the map as `features`.
    /// `objective` is J(θ) by the same evaluation as the grid, so `loss_grid` at (0, 0) equals it exactly.
    public init(model: MLP, loss: Loss, l2: Double, l1: Double = 0, data: Dataset, rawData: Dataset? = nil,
                features: FeatureMap? = nil, directions: LandscapeDirections, grid: Int, span: Double) throws {
        try AnalysisError.requireFinite(model)
        common = DumpFields(model: model, loss: loss, l2: l2, l1: l1, rawData: rawData ?? data, features: features)
        let objectiveFunction = Objective(loss: loss, l2: l2, l1: l1)
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
