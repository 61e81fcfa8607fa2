import NNCore

/// Knobs of ``InspectReport``; the defaults suit `nnviz inspect`.
public struct InspectOptions: Sendable, Equatable {
    /// Above this P the Hessian is not formed: `hessian_eigenvalues` is omitted and `spectrum` comes from
    /// Lanczos (extremes), Hutchinson (trace) and SLQ (histogram); `spectrum.method` says which.
    public var exactHessianLimit = 2500
    /// Lanczos: how many extreme eigenvalues at each end, and the step cap.
    public var lanczosCount = 10
    public var lanczosMaxSteps = 300
    public var slqSteps = 80
    public var slqProbes = 4
    public var hutchinsonSamples = 30
    /// Seed of every random probe (reports are reproducible).
    public var seed: UInt64 = 0
    public var histogramBins = 40
    /// NTK eigenvalues are computed when n·k ≤ this (K is (n·k)²) and the Jacobian's n·k·P entries are
    /// at most ``AnalysisLimits/jacobianEntries``.
    public var ntkLimit = 2048
    /// Measure the autodiff times (off for byte-reproducible output).
    public var measureAutodiff = true
    /// 2D region box; nil = the bounding box of the training inputs.
    public var regionBox: RegionBox?
    /// Grid resolution for the sampled region count.
    public var gridColumns = 128
    public var gridRows = 128

    /// Hessian-vector products beyond the exact limit may cost about this many multiply-adds in all
    /// (one HVP on n points costs about 6·P·n): the Lanczos, SLQ and Hutchinson settings are scaled down
    /// to fit (``budgeted(parameterCount:points:)``), so a large network's report takes seconds.
    public var hvpWorkLimit = 1e10
    /// The exact region count (and the exact kinks) may take this much work (see ``ExactRegionCount``);
    /// above it `regions.count` is omitted and `regions.regions_lower_bound` (the grid's count) is given.
    public var exactWorkLimit = AnalysisLimits.exactWork
    /// The region grid evaluates the network at columns × rows points: at most this many multiply-adds
    /// (points × P), the grid shrinking for large P.
    public var gridWorkLimit = AnalysisLimits.gridWork

    public init() {}

    /// These options with the Lanczos, SLQ and Hutchinson counts scaled to ``hvpWorkLimit`` for a network
    /// of P parameters on n points (never below 8 Lanczos steps, 8 SLQ steps, 1 probe, 2 samples), and the
    /// grid to ``gridWorkLimit``.
    public func budgeted(parameterCount P: Int, points n: Int) -> InspectOptions {
        var o = self
        let perHVP = 6 * Double(max(P, 1)) * Double(max(n, 1))
        let hvps = hvpWorkLimit / perHVP
        let wanted = Double(lanczosMaxSteps + slqSteps * slqProbes + hutchinsonSamples)
        if hvps < wanted {
            let f = hvps / wanted
            o.lanczosMaxSteps = max(8, Int(Double(lanczosMaxSteps) * f))
            o.slqProbes = max(1, min(slqProbes, Int(Double(slqProbes) * f.squareRoot())))
            o.slqSteps = max(8, Int(Double(slqSteps) * f / (Double(o.slqProbes) / Double(slqProbes))))
            o.slqSteps = min(o.slqSteps, slqSteps)
            o.hutchinsonSamples = max(2, Int(Double(hutchinsonSamples) * f))
        }
        let side = AnalysisLimits.gridSide(parameterCount: P, limit: gridWorkLimit)
        o.gridColumns = min(gridColumns, side)
        o.gridRows = min(gridRows, side)
        return o
    }
}

/// Caps on the work of the exact analyses (see ``ExactRegionCount``, ``PiecewiseLinear1D``), shared by
/// `nnviz train`, `nnviz inspect` and the dashboard.
public enum AnalysisLimits {
    /// Work units (about one multiply-add each) of one exact region count or kink count: 10⁸, well
    /// under a second, and with it at most a few hundred MB of regions.
    public static let exactWork = 100_000_000
    /// Entries of a Jacobian (n·k × P) the empirical NTK may form: 2^25 (256 MB); above it the NTK
    /// eigenvalues are omitted.
    public static let jacobianEntries = 1 << 25
    /// Multiply-adds of one region grid (points × P): 2·10⁸.
    public static let gridWork = 200_000_000.0

    /// Samples of the kink estimate (``KinkGridEstimate``) that fit `limit` for P parameters (about 2·P
    /// multiply-adds each), between 16 and 65,536: [1,1412,1412,1] (P ≈ 2·10⁶) gets 50, a network
    /// just over the exact limit (P ≈ 10⁴) gets 10⁴.
    public static func kinkSamples(parameterCount P: Int, limit: Double = gridWork) -> Int {
        let samples = limit / (2 * Double(max(P, 1)))
        return max(16, min(65_536, Int(samples)))
    }

    /// The side of a square grid that fits `limit` for P parameters (between 4 and 128).
    public static func gridSide(parameterCount P: Int, limit: Double = gridWork) -> Int {
        let points = limit / Double(max(P, 1))
        return max(4, min(128, Int(points.squareRoot())))
    }
}

/// Everything `nnviz inspect` writes (the fields of docs/cli.md, with `spectrum`, `autodiff_cost`, `regions`,
/// `ntk_eigenvalues`): built in one call, JSON-encodable with the contract's keys.
/// Refuses non-finite weights (``AnalysisError/nonFiniteParameters(count:)``): no number is computed from NaN.
/// Normalised networks: layers carry a `normalization` block, `objective`/`gradient`/Hessian are of the
/// training-mode objective (BatchNorm statistics over the whole training set), and `kinks`, `regions`,
/// `ntk_eigenvalues` are omitted (those analyses follow plain layers).
public struct InspectReport: Encodable, Sendable {
    public struct Layer: Encodable, Sendable, Equatable {
        public var weights: [[Double]]
        public var bias: [Double]
        public var activation: String
        /// Only for leaky_relu.
        public var alpha: Double?
        /// Only for a normalised layer (LayerNorm/BatchNorm on the pre-activation, before the activation).
        public var normalization: NormalizationBlock?
    }

    /// `{"kind": "layer"|"batch", "epsilon", "gamma", "beta"}`, plus `momentum`, `running_mean`,
    /// `running_var` for BatchNorm. In θ (and `gradient`) γ then β follow the layer's bias.
    public struct NormalizationBlock: Encodable, Sendable, Equatable {
        public var kind: String
        public var epsilon: Double
        public var gamma: [Double]
        public var beta: [Double]
        public var momentum: Double?
        public var runningMean: [Double]?
        public var runningVar: [Double]?

        enum CodingKeys: String, CodingKey {
            case kind, epsilon, gamma, beta, momentum, runningMean = "running_mean", runningVar = "running_var"
        }

        init?(model: MLP, layer l: Int) {
            guard let (g, b) = model.normalizationParameters(layer: l) else { return nil }
            let norm = model.normalizations[l]
            kind = norm.name; epsilon = norm.epsilon; gamma = g; beta = b
            if norm.kind == .batch {
                let o = model.runningStatisticsOffset(layer: l), d = model.sizes[l + 1]
                momentum = norm.momentum
                runningMean = Array(model.runningStatistics[o..<(o + d)])
                runningVar = Array(model.runningStatistics[(o + d)..<(o + 2 * d)])
            }
        }
    }

    public struct DataBlock: Encodable, Sendable, Equatable {
        public var x: [[Double]]
        public var y: [[Double]]
    }

    public struct Regions: Encodable, Sendable, Equatable {
        public var box: RegionBox
        /// Exact regions after each hidden layer (nil when an activation is not piecewise linear).
        public var exactPerLayer: [Int]?
        public var count: Int?
        public var gridColumns: Int
        public var gridRows: Int
        /// Distinct activation patterns on the grid (a lower bound), per hidden layer and in total.
        public var gridPerLayer: [Int]
        public var gridCount: Int
        /// When the exact count is over its work limit (`count` omitted): the grid's count, a lower bound.
        public var lowerBound: Int? = nil

        enum CodingKeys: String, CodingKey {
            case box, exactPerLayer = "exact_per_layer", count, gridColumns = "grid_columns", gridRows = "grid_rows"
            case gridPerLayer = "grid_per_layer", gridCount = "grid_count", lowerBound = "regions_lower_bound"
        }
    }

    /// `layers`, `loss`, `l2`, `l1`, `data` and (with input features) `features`: see ``DumpFields``.
    public var common: DumpFields
    public var layers: [Layer] { common.layers }
    public var loss: String { common.loss }
    public var l2: Double { common.l2 }
    public var l1: Double { common.l1 }
    /// The training set with its raw inputs.
    public var data: DataBlock { common.data }
    public var features: [String]? { common.features }
    public var objective: Double
    public var gradient: [Double]
    public var hessianEigenvalues: [Double]?
    public var parameterCount: Int
    public var kinks: [Double]?
    /// When the exact kinks are over their work limit (`kinks` omitted): ``KinkGridEstimate``'s lower bound.
    public var kinksLowerBound: Int?
    public var spectrum: SpectrumSummary
    public var autodiffCost: AutodiffCost
    public var regions: Regions?
    public var ntkEigenvalues: [Double]?

    enum CodingKeys: String, CodingKey {
        case objective, gradient, hessianEigenvalues = "hessian_eigenvalues"
        case parameterCount = "parameter_count", kinks, kinksLowerBound = "kinks_lower_bound", spectrum
        case autodiffCost = "autodiff_cost", regions
        case ntkEigenvalues = "ntk_eigenvalues"
    }

    public func encode(to encoder: any Encoder) throws {
        try common.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(objective, forKey: .objective)
        try c.encode(gradient, forKey: .gradient)
        try c.encodeIfPresent(hessianEigenvalues, forKey: .hessianEigenvalues)
        try c.encode(parameterCount, forKey: .parameterCount)
        try c.encodeIfPresent(kinks, forKey: .kinks)
        try c.encodeIfPresent(kinksLowerBound, forKey: .kinksLowerBound)
        try c.encode(spectrum, forKey: .spectrum)
        try c.encode(autodiffCost, forKey: .autodiffCost)
        try c.encodeIfPresent(regions, forKey: .regions)
        try c.encodeIfPresent(ntkEigenvalues, forKey: .ntkEigenvalues)
    }

    /// `data` holds the network's inputs (what the objective is evaluated on). With input features, pass
    /// the raw training set as `rawData` (it is what `data.x` of the dump holds) and the map as `features`;
    /// `kinks` and `regions` are then omitted unless the features are the raw coordinates in order (both are
    /// defined in raw input space).
    public init(model: MLP, loss: Loss, l2: Double, l1: Double = 0, data: Dataset, rawData: Dataset? = nil,
                features: FeatureMap? = nil, options: InspectOptions = InspectOptions()) throws {
        try AnalysisError.requireFinite(model)
        let op = try HessianOperator(model: model, loss: loss, l2: l2, l1: l1, data: data)
        let P = model.parameterCount, n = data.count
        let options = options.budgeted(parameterCount: P, points: n)
        common = DumpFields(model: model, loss: loss, l2: l2, l1: l1, rawData: rawData ?? data, features: features)
        objective = op.value
        gradient = op.gradient
        parameterCount = P
        let apply: SymmetricOperator = { v, out in op.hvp(v, into: &out) }
        if P <= options.exactHessianLimit {
            let ev = SymmetricEigensolver.eigenvalues(op.fullHessian(), n: P)
            hessianEigenvalues = ev
            spectrum = SpectrumSummary(eigenvalues: ev, bins: options.histogramBins)
        } else {
            hessianEigenvalues = nil
            let ext = Lanczos.extremeEigenvalues(dimension: P, count: options.lanczosCount, maxSteps: options.lanczosMaxSteps,
                                                 seed: options.seed, apply: apply)
            let tr = Lanczos.hutchinsonTrace(dimension: P, samples: options.hutchinsonSamples, seed: options.seed &+ 1, apply: apply)
            let q = Lanczos.spectralDensity(dimension: P, steps: options.slqSteps, probes: options.slqProbes,
                                            seed: options.seed &+ 2, apply: apply)
            spectrum = SpectrumSummary(lambdaMin: ext.smallest.first ?? 0, lambdaMax: ext.largest.last ?? 0,
                                       trace: tr.trace, traceStandardError: tr.standardError, quadrature: q,
                                       bins: options.histogramBins)
        }
        // Kinks, regions, the NTK and the autodiff cost follow plain layers only (see AnalysisError.normalizedModel).
        let plain = !model.isNormalized
        let rawLinear = features?.isIdentity ?? true
        if options.measureAutodiff && plain {
            autodiffCost = try AutodiffCost(model: model, inputs: data.x, count: n)
        } else {
            autodiffCost = AutodiffCost(sizes: model.sizes)
        }
        let piecewise = plain && model.activations.allSatisfy(\.isPiecewiseLinear)
        kinks = nil
        kinksLowerBound = nil
        if model.inputSize == 1, piecewise, rawLinear, let lo = data.x.min(), let hi = data.x.max(), lo < hi {
            do { kinks = try PiecewiseLinear1D(model: model, lower: lo, upper: hi, workLimit: options.exactWorkLimit).breakpoints } catch AnalysisError.workLimit {
                // Over the work limit: `kinks` omitted, a grid scan's lower bound instead.
                kinksLowerBound = try KinkGridEstimate(model: model, lower: lo, upper: hi,
                                                       samples: AnalysisLimits.kinkSamples(parameterCount: P, limit: options.gridWorkLimit)).lowerBound
            }
        }
        regions = nil
        if model.inputSize == 2 && plain && rawLinear {
            let box = options.regionBox ?? InspectReport.boundingBox(data)
            let grid = try RegionGrid(model: model, box: box, columns: options.gridColumns, rows: options.gridRows)
            var exact: ExactRegionCount?
            var overLimit = false
            if piecewise {
                do { exact = try ExactRegionCount(model: model, box: box, workLimit: options.exactWorkLimit) } catch AnalysisError.workLimit {
                    overLimit = true
                }
            }
            regions = Regions(box: box, exactPerLayer: exact?.perLayer, count: exact?.total, gridColumns: options.gridColumns,
                              gridRows: options.gridRows, gridPerLayer: grid.distinctPerLayer, gridCount: grid.distinctCount,
                              lowerBound: overLimit ? grid.distinctCount : nil)
        }
        ntkEigenvalues = plain && n * model.outputSize <= options.ntkLimit
            && n * model.outputSize * P <= AnalysisLimits.jacobianEntries
            ? try EmpiricalNTK(model: model, inputs: data.x, count: n).eigenvalues : nil
    }

    /// The bounding box of 2D inputs ([−1, 1]² when it has no interior).
    static func boundingBox(_ data: Dataset) -> RegionBox {
        var b = RegionBox(xMin: .infinity, xMax: -.infinity, yMin: .infinity, yMax: -.infinity)
        for i in 0..<data.count {
            let x = data.x[2 * i], y = data.x[2 * i + 1]
            b.xMin = min(b.xMin, x); b.xMax = max(b.xMax, x); b.yMin = min(b.yMin, y); b.yMax = max(b.yMax, y)
        }
        return b.isValid ? b : .square(1)
    }
}
