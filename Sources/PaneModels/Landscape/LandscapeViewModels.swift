import NNAnalysis
import NNCore

/// A point of the landscape plane: θ_centre + alpha·u + beta·v.
public struct LandscapePoint: Sendable, Equatable {
    public var alpha: Double
    public var beta: Double
    public init(alpha: Double, beta: Double) { self.alpha = alpha; self.beta = beta }
}

/// The objective along one direction d through θ, J(θ + α d), with its quadratic model
/// J₀ + (gᵀd)·α + ½(dᵀHd)·α² (for a unit eigenvector dᵀHd = λ, and at a minimum g ≈ 0: ½λα²).
public struct LandscapeSlice: Sendable, Equatable {
    /// What d is, for the caption ("u", "λmin eigenvector").
    public var label: String
    public var alphas: [Double]
    /// J(θ + alphas[i]·d) (non-finite where the objective overflows).
    public var values: [Double]
    /// J(θ), gᵀd and dᵀHd.
    public var base: Double
    public var slope: Double
    public var curvature: Double
    /// Whether d is a unit eigenvector of H, so dᵀHd is its eigenvalue λ. Random (filter-normalised) and
    /// trajectory directions are not: dᵀHd is only the curvature along d, scaled by |d|².
    public var isEigenvector: Bool

    public init(label: String, alphas: [Double], values: [Double], base: Double, slope: Double, curvature: Double,
                isEigenvector: Bool = true) {
        self.label = label; self.alphas = alphas; self.values = values
        self.base = base; self.slope = slope; self.curvature = curvature; self.isEigenvector = isEigenvector
    }

    /// The second-order Taylor model at α.
    public func quadratic(_ alpha: Double) -> Double { base + slope * alpha + 0.5 * curvature * alpha * alpha }
}

/// What the landscape pane shows: J on a (u, v) plane around θ (a grid), the current point and the training
/// path projected on the plane, and two 1D slices with their quadratic models.
public struct LandscapeViewModel: Sendable, Equatable {
    public var directions: LandscapeDirectionKind
    /// How the directions were computed (from ``LossLandscape``).
    public var method: String
    /// Grid axes (α along u: columns; β along v: rows) and values `grid[i][j] = J(θ + alphas[i]·u + betas[j]·v)`.
    public var alphas: [Double]
    public var betas: [Double]
    public var grid: [[Double]]
    /// The plane: its centre θ and directions (to project later weights onto it).
    public var centre: [Double]
    public var u: [Double]
    public var v: [Double]
    /// Where the current weights are (nil when they are not known; (0, 0) when the grid is fresh).
    public var current: LandscapePoint?
    /// The training path projected on the plane, oldest first.
    public var path: [LandscapePoint]
    /// `hessian` directions: [λ₁, λ₂].
    public var eigenvalues: [Double]?
    /// The slice along u and along the eigenvector of λmin (nil when λmin could not be had).
    public var sliceU: LandscapeSlice
    public var sliceMin: LandscapeSlice?
    /// The training step the grid belongs to.
    public var step: Int

    /// Least-squares coordinates (α, β) of `theta` − centre in the plane (u, v need not be orthogonal:
    /// random directions are not); nil when the sizes differ or u, v are parallel.
    public func project(_ theta: [Double]) -> LandscapePoint? {
        guard theta.count == centre.count, u.count == centre.count, v.count == centre.count else { return nil }
        var uu = 0.0, uv = 0.0, vv = 0.0, ud = 0.0, vd = 0.0
        for k in theta.indices {
            let d = theta[k] - centre[k]
            uu += u[k] * u[k]; uv += u[k] * v[k]; vv += v[k] * v[k]; ud += u[k] * d; vd += v[k] * d
        }
        let det = uu * vv - uv * uv
        guard det > 1e-12 * max(uu * vv, Double.leastNormalMagnitude) else { return nil }
        return LandscapePoint(alpha: (vv * ud - uv * vd) / det, beta: (uu * vd - uv * ud) / det)
    }

    /// The same picture with the current point at `theta` (as training moves on between grids).
    public func withCurrent(_ theta: [Double]) -> LandscapeViewModel {
        var m = self
        m.current = project(theta)
        return m
    }

    /// The finite range of the grid's values (nil when none is finite).
    public var valueRange: ClosedRange<Double>? {
        var lo = Double.infinity, hi = -Double.infinity
        for row in grid { for x in row where x.isFinite { lo = min(lo, x); hi = max(hi, x) } }
        return lo <= hi ? lo...hi : nil
    }
}

/// λmax (and λmin) of the training objective against step, and the stability limit of the optimiser.
public struct SharpnessViewModel: Sendable, Equatable {
    public var steps: [Int]
    public var lambdaMax: [Double]
    /// NaN where λmin was not computed.
    public var lambdaMin: [Double]
    /// 2/η for plain SGD, (2 + 2β)/η for heavy-ball momentum, (2 + 2β)/((1 + 2β)η) for Nesterov; nil for
    /// adaptive methods (their limit is on the preconditioned Hessian).
    public var limit: Double?
    /// How the limit reads in the legend, e.g. "2/η = 20".
    public var limitLabel: String
    /// Log (true) or linear step axis.
    public var logSteps: Bool

    public init(steps: [Int] = [], lambdaMax: [Double] = [], lambdaMin: [Double] = [], limit: Double?, limitLabel: String,
                logSteps: Bool = true) {
        self.steps = steps; self.lambdaMax = lambdaMax; self.lambdaMin = lambdaMin
        self.limit = limit; self.limitLabel = limitLabel; self.logSteps = logSteps
    }

    /// An empty history with the limit of `optimizer` at learning rate `lr`.
    public init(optimizer: Optimizer, learningRate lr: Double, logSteps: Bool = true) {
        let l = SharpnessViewModel.stabilityLimit(optimizer: optimizer, learningRate: lr)
        self.init(limit: l?.value, limitLabel: l?.label ?? "no 2/η line for \(optimizer.name)", logSteps: logSteps)
    }

    /// The largest curvature gradient descent with this optimiser is stable on, for a quadratic.
    /// Heavy ball θ ← θ − η b, b ← βb + g: stable while ηλ < 2 + 2β; Nesterov: ηλ < (2 + 2β)/(1 + 2β).
    public static func stabilityLimit(optimizer: Optimizer, learningRate lr: Double) -> (value: Double, label: String)? {
        guard lr > 0, lr.isFinite else { return nil }
        switch optimizer {
        case .sgd:
            let v = 2 / lr
            return (v, "2/η = " + Fmt.num(v))
        case .momentum(let beta, false):
            let v = (2 + 2 * beta) / lr
            return (v, "(2+2β)/η = " + Fmt.num(v))
        case .momentum(let beta, true):
            let v = (2 + 2 * beta) / ((1 + 2 * beta) * lr)
            return (v, "(2+2β)/((1+2β)η) = " + Fmt.num(v))
        case .adam, .adamw:
            return nil
        }
    }

    /// Most samples kept; beyond it every other old sample is dropped (the log axis needs the early ones).
    public static let capacity = 512

    /// Adds one measurement (steps must increase; an older or equal step replaces nothing and is ignored).
    public mutating func append(step: Int, lambdaMax top: Double, lambdaMin bottom: Double = .nan) {
        if let last = steps.last, step <= last { return }
        steps.append(step); lambdaMax.append(top); lambdaMin.append(bottom)
        if steps.count > SharpnessViewModel.capacity {
            // Keep the first and last, thin the rest by two.
            let keep = steps.indices.filter { $0 == 0 || $0 == steps.count - 1 || $0 % 2 == 0 }
            steps = keep.map { steps[$0] }; lambdaMax = keep.map { lambdaMax[$0] }; lambdaMin = keep.map { lambdaMin[$0] }
        }
    }
}

/// One layer's part of θ laid out as a matrix: a row per unit, columns = its incoming weights, its bias
/// (and γ, β of a normalised layer); each cell holds that parameter's share of the flat subspace.
public struct FlatLayer: Sendable, Equatable {
    public var name: String
    public var rows: Int
    public var columns: Int
    /// rows × columns, row-major: Σ over the ≈0 eigenvectors w of w[p]², in [0, 1].
    public var mass: [Double]
    /// ≈0 eigenvectors whose largest share of Σw² lies in this layer.
    public var count: Int
    public var parameterCount: Int { rows * columns }
}

/// Where the flat directions live: the eigenvectors of the ≈0 Hessian eigenvalues (|λ| ≤ τ, τ as in the
/// spectrum summary) as a heatmap over θ by layer, with per-layer counts. A weight with mass near 1 is
/// (almost) free: moving it changes J only to second order in nothing — it is badly determined.
public struct FlatDirectionsViewModel: Sendable, Equatable {
    public var layers: [FlatLayer]
    public var nearZeroCount: Int
    public var parameterCount: Int
    public var tolerance: Double
    public var step: Int

    /// From a full eigendecomposition of the Hessian at `model` (`vectors`: row i is the unit eigenvector
    /// of `values[i]`, P × P row-major).
    public init(model: MLP, values: [Double], vectors: [Double], step: Int) {
        let P = model.parameterCount
        precondition(values.count == P && vectors.count == P * P, "a full decomposition of the P×P Hessian")
        let top = values.reduce(0.0) { max($0, Swift.abs($1)) }
        tolerance = SpectrumSummary.tolerance(lambdaMaxAbs: top, dimension: P)
        parameterCount = P
        self.step = step
        var layerOf = [Int](repeating: 0, count: P)
        var cellOf = [Int](repeating: 0, count: P)
        var shapes: [(rows: Int, cols: Int)] = []
        for l in 0..<model.layerCount {
            let rows = model.sizes[l + 1], inputs = model.sizes[l]
            let extra = model.normalizations[l].isActive ? 3 : 1
            let cols = inputs + extra
            shapes.append((rows, cols))
            let w = model.weightOffset(layer: l), b = model.biasOffset(layer: l)
            for r in 0..<rows {
                for c in 0..<inputs { layerOf[w + r * inputs + c] = l; cellOf[w + r * inputs + c] = r * cols + c }
                for e in 0..<extra { layerOf[b + e * rows + r] = l; cellOf[b + e * rows + r] = r * cols + inputs + e }
            }
        }
        var mass = shapes.map { [Double](repeating: 0, count: $0.rows * $0.cols) }
        var counts = [Int](repeating: 0, count: shapes.count)
        var flat = 0
        var share = [Double](repeating: 0, count: shapes.count)
        for i in 0..<P where Swift.abs(values[i]) <= tolerance {
            flat += 1
            for l in share.indices { share[l] = 0 }
            for p in 0..<P {
                let x = vectors[i * P + p], s = x * x
                mass[layerOf[p]][cellOf[p]] += s
                share[layerOf[p]] += s
            }
            var best = 0
            for l in share.indices where share[l] > share[best] { best = l }
            counts[best] += 1
        }
        nearZeroCount = flat
        layers = shapes.indices.map { l in
            FlatLayer(name: "layer \(l + 1)", rows: shapes[l].rows, columns: shapes[l].cols,
                      mass: mass[l].map { min(1, max(0, $0)) }, count: counts[l])
        }
    }
}
