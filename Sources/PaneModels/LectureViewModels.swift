import NNAnalysis

/// How vec(W_ℓ) stacks the weights: by columns (the maths convention, ∂f_ℓ/∂vec(W_ℓ) = φ_{ℓ−1}ᵀ ⊗ I) or by
/// rows (our row-major θ, I ⊗ φ_{ℓ−1}ᵀ). The `x` key switches.
public enum JacobianStacking: String, Sendable, CaseIterable {
    case column, row

    /// The Kronecker form shown in the pane.
    public var formula: String { self == .column ? "φᵀ ⊗ I" : "I ⊗ φᵀ" }
}

/// One layer's ∂f_ℓ/∂vec(W_ℓ) at one sample, in both stackings, with the check against autodiff.
public struct JacobianLayerView: Sendable, Equatable {
    /// 0-based layer index (f_{layer+1} in the lecture's numbering).
    public var layer: Int
    /// d_ℓ (rows) and d_{ℓ−1}; the matrix has d_ℓ·d_{ℓ−1} columns.
    public var outputs: Int
    public var inputs: Int
    /// φ_{ℓ−1} at the sample (the values in the blocks).
    public var phi: [Double]
    /// Row-major d_ℓ × d_ℓd_{ℓ−1}: column stacking and row stacking, by the Kronecker formula.
    public var column: [Double]
    public var row: [Double]
    /// max |formula − autodiff Jacobian| per stacking (nil when autodiff was not run).
    public var columnDiff: Double?
    public var rowDiff: Double?

    public init(layer: Int, outputs: Int, inputs: Int, phi: [Double], column: [Double], row: [Double],
                columnDiff: Double?, rowDiff: Double?) {
        self.layer = layer
        self.outputs = outputs
        self.inputs = inputs
        self.phi = phi
        self.column = column
        self.row = row
        self.columnDiff = columnDiff
        self.rowDiff = rowDiff
    }

    public func matrix(_ s: JacobianStacking) -> [Double] { s == .column ? column : row }
    public func autodiffDiff(_ s: JacobianStacking) -> Double? { s == .column ? columnDiff : rowDiff }
}

/// The `jacobian` pane's data: every layer (up to a size limit) at one training sample.
public struct JacobianViewModel: Sendable, Equatable {
    /// Index of the training point and its input.
    public var sample: Int
    public var input: [Double]
    public var layers: [JacobianLayerView]
    /// Layers past this index were too large to compute (nil: none skipped).
    public var skippedFrom: Int?

    public init(sample: Int, input: [Double], layers: [JacobianLayerView], skippedFrom: Int? = nil) {
        self.sample = sample
        self.input = input
        self.layers = layers
        self.skippedFrom = skippedFrom
    }
}

/// One line of the gradcheck table.
public struct GradcheckRow: Sendable, Equatable {
    /// "W1", "b1", …, or "all".
    public var name: String
    public var maxRelativeDifference: Double
    /// 1-based layer, row and column of the worst component (column 0 for biases); nil when all skipped.
    public var layer: Int?
    public var row: Int
    public var column: Int
    public var analytic: Double
    public var numeric: Double
    public var checked: Int

    public init(name: String, maxRelativeDifference: Double, layer: Int?, row: Int, column: Int, analytic: Double,
                numeric: Double, checked: Int) {
        self.name = name
        self.maxRelativeDifference = maxRelativeDifference
        self.layer = layer
        self.row = row
        self.column = column
        self.analytic = analytic
        self.numeric = numeric
        self.checked = checked
    }
}

/// The `g` overlay's table: backprop against central differences, per layer and overall.
public struct GradcheckViewModel: Sendable, Equatable {
    public var rows: [GradcheckRow]
    public var overall: GradcheckRow
    public var skippedNearKinks: Int
    public var step: Int
    public var points: Int
    public var parameters: Int
    public var h: Double
    /// The pass mark the overlay judges by (the CLI's default, 1e-6).
    public var threshold: Double

    public init(rows: [GradcheckRow], overall: GradcheckRow, skippedNearKinks: Int, step: Int, points: Int,
                parameters: Int, h: Double, threshold: Double = 1e-6) {
        self.rows = rows
        self.overall = overall
        self.skippedNearKinks = skippedNearKinks
        self.step = step
        self.points = points
        self.parameters = parameters
        self.h = h
        self.threshold = threshold
    }

    public var passes: Bool { overall.maxRelativeDifference <= threshold }
}

/// The `g` overlay: open while computing, then the table or why there is none.
public enum GradcheckOverlay: Sendable, Equatable {
    case computing
    case done(GradcheckViewModel)
    case failed(String)
}

/// Results of the lecture panes' background jobs.
public struct LectureResults: Sendable, Equatable {
    /// Measured autodiff times (with the counts) for the shape in `cost.sizes`.
    public var cost: GradientCostModel?
    /// The NTK drift run so far.
    public var ntk: NTKDriftResult?
    /// Why a job failed (shown in its pane).
    public var failure: String?
    public init() {}
}

/// One background result.
public enum LectureUpdate: Sendable, Equatable {
    case cost(GradientCostModel)
    case ntk(NTKDriftResult)
    case failed(String)
}
