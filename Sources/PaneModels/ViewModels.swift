/// View models: exactly what the panes draw, already computed (curves sampled, maps evaluated,
/// histories downsampled). Panes are pure functions of these; `SnapshotAdapter` builds them from a
/// `SessionSnapshot` plus analysis results, and tests build them by hand.

import NNAnalysis

/// The 1D fit: data, target, network curve and kinks.
public struct FitViewModel: Sendable, Equatable {
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>
    public var trainX: [Double]
    public var trainY: [Double]
    public var testX: [Double]
    public var testY: [Double]
    /// Target function samples (empty when unknown).
    public var targetX: [Double]
    public var targetY: [Double]
    /// Network function samples, ascending x.
    public var curveX: [Double]
    public var curveY: [Double]
    /// Kink positions (x), ascending.
    public var kinks: [Double]
    /// When the exact kinks are over their work limit (`kinks` then empty): a lower bound on their number
    /// from a grid scan (``KinkGridEstimate``), shown as "≥ N kinks (estimate)".
    public var kinksLowerBound: Int?
    /// Upper bound on the number of linear pieces (kinks + 1) for this architecture (nil when none
    /// applies, e.g. smooth activations) and how it is derived ("n+1", "Π(width+1)", "2^L", …).
    public var pieceBound: Int?
    public var kinkBoundNote: String
    /// With non-linear input features: why there are no kinks (the pane's title says it), else empty.
    public var featureNote = ""

    public init(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, trainX: [Double] = [], trainY: [Double] = [],
                testX: [Double] = [], testY: [Double] = [], targetX: [Double] = [], targetY: [Double] = [],
                curveX: [Double] = [], curveY: [Double] = [], kinks: [Double] = [], pieceBound: Int? = nil,
                kinkBoundNote: String = "") {
        self.xRange = xRange
        self.yRange = yRange
        self.trainX = trainX
        self.trainY = trainY
        self.testX = testX
        self.testY = testY
        self.targetX = targetX
        self.targetY = targetY
        self.curveX = curveX
        self.curveY = curveY
        self.kinks = kinks
        self.pieceBound = pieceBound
        self.kinkBoundNote = kinkBoundNote
    }
}

/// A data point on the 2D map.
public struct MapPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double
    /// Class index (or value level for regression).
    public var label: Int
    public var isTest: Bool
    public init(x: Double, y: Double, label: Int, isTest: Bool = false) {
        self.x = x
        self.y = y
        self.label = label
        self.isTest = isTest
    }
}

/// The 2D map: predicted class per grid cell (row 0 at the top, i.e. the largest y), optional region
/// ids for the boundary overlay, and the data.
public struct RegionsViewModel: Sendable, Equatable {
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>
    public var gridWidth: Int
    public var gridHeight: Int
    /// gridWidth × gridHeight labels (class, or value level 0…levels−1 for regression).
    public var labels: [UInt8]
    /// gridWidth × gridHeight linear-region ids (activation patterns); empty when not available.
    public var regionIDs: [UInt32]
    /// Number of classes (or value levels).
    public var classCount: Int
    /// True for a regression map (labels are value levels, shown as a ramp).
    public var isValueMap: Bool
    public var points: [MapPoint]
    /// Linear regions in the plotted box (nil when not computed) and how they were counted.
    public var regionCount: Int?
    public var regionCountNote: String
    /// Shading, exact boundaries and active-unit counts (``MapPictures``); nil when not computed.
    public var pictures: MapPictures? = nil
    /// With non-linear input features: why there are no exact regions (the pane's title says it), else empty.
    public var featureNote = ""

    public init(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, gridWidth: Int, gridHeight: Int,
                labels: [UInt8], regionIDs: [UInt32] = [], classCount: Int, isValueMap: Bool = false,
                points: [MapPoint] = [], regionCount: Int? = nil, regionCountNote: String = "") {
        self.xRange = xRange
        self.yRange = yRange
        self.gridWidth = max(0, gridWidth)
        self.gridHeight = max(0, gridHeight)
        self.labels = labels
        self.regionIDs = regionIDs
        self.classCount = max(1, classCount)
        self.isValueMap = isValueMap
        self.points = points
        self.regionCount = regionCount
        self.regionCountNote = regionCountNote
    }

    /// The label at grid cell (gx, gy), 0 when out of range or missing.
    public func label(_ gx: Int, _ gy: Int) -> UInt8 {
        let i = gy * gridWidth + gx
        return gx >= 0 && gy >= 0 && gx < gridWidth && gy < gridHeight && i < labels.count ? labels[i] : 0
    }

    /// The linear-region id at grid cell (gx, gy), nil when out of range or missing.
    public func regionID(_ gx: Int, _ gy: Int) -> UInt32? {
        let i = gy * gridWidth + gx
        return gx >= 0 && gy >= 0 && gx < gridWidth && gy < gridHeight && i < regionIDs.count ? regionIDs[i] : nil
    }
}

/// Loss curves (already downsampled), accuracy and learning rate.
public struct LossViewModel: Sendable, Equatable {
    public var steps: [Int]
    public var train: [Double]
    /// Test loss at the same steps (empty when there is no test data).
    public var test: [Double]
    public var lossName: String
    public var accuracy: Double?
    public var testAccuracy: Double?
    public var learningRate: Double
    /// The step where training stopped on a non-finite loss (nil: it did not): the pane marks the last
    /// finite values before it.
    public var divergedAtStep: Int? = nil

    public init(steps: [Int] = [], train: [Double] = [], test: [Double] = [], lossName: String = "",
                accuracy: Double? = nil, testAccuracy: Double? = nil, learningRate: Double = 0) {
        self.steps = steps
        self.train = train
        self.test = test
        self.lossName = lossName
        self.accuracy = accuracy
        self.testAccuracy = testAccuracy
        self.learningRate = learningRate
    }
}

/// The Hessian spectrum at some step.
public struct SpectrumViewModel: Sendable, Equatable {
    /// Eigenvalues (any order) or Ritz values; for a density, `weights` gives each one's mass.
    public var eigenvalues: [Double]
    public var weights: [Double]
    public var lambdaMax: Double
    public var lambdaMin: Double
    /// Counts of negative and ≈0 eigenvalues (nil when the method only estimates them).
    public var negativeCount: Int?
    public var nearZeroCount: Int?
    public var parameterCount: Int
    /// "exact" or "Lanczos k" etc.
    public var method: String
    /// Training step the spectrum belongs to.
    public var step: Int

    public init(eigenvalues: [Double], weights: [Double] = [], lambdaMax: Double, lambdaMin: Double,
                negativeCount: Int?, nearZeroCount: Int?, parameterCount: Int, method: String, step: Int) {
        self.eigenvalues = eigenvalues
        self.weights = weights
        self.lambdaMax = lambdaMax
        self.lambdaMin = lambdaMin
        self.negativeCount = negativeCount
        self.nearZeroCount = nearZeroCount
        self.parameterCount = parameterCount
        self.method = method
        self.step = step
    }
}

/// One hidden layer's activations h = φ(f) over the training inputs.
public struct ActivationLayerStats: Sendable, Equatable {
    /// 0-based hidden layer index.
    public var layer: Int
    public var width: Int
    /// Mean and standard deviation of all h values of the layer (units × points), and E[h²].
    public var mean: Double
    public var std: Double
    public var meanSquare: Double
    public init(layer: Int, width: Int, mean: Double, std: Double, meanSquare: Double) {
        self.layer = layer
        self.width = width
        self.mean = mean
        self.std = std
        self.meanSquare = meanSquare
    }
}

/// The activation scale per hidden layer (the `activations` pane).
public struct ActivationsViewModel: Sendable, Equatable {
    public var layers: [ActivationLayerStats]
    /// Number of inputs averaged over.
    public var points: Int
    public init(layers: [ActivationLayerStats], points: Int) {
        self.layers = layers
        self.points = points
    }

}

/// One layer of the network pane.
public struct LayerInfo: Sendable, Equatable {
    public var width: Int
    public var activation: String
    public var weightNorm: Double
    public init(width: Int, activation: String, weightNorm: Double) {
        self.width = width
        self.activation = activation
        self.weightNorm = weightNorm
    }
}

/// The network's shape and weight norms.
public struct NetworkViewModel: Sendable, Equatable {
    public var inputSize: Int
    /// Hidden layers then the output layer.
    public var layers: [LayerInfo]
    public var parameterCount: Int
    /// Weights, biases and every unit's output over the input (``UnitPictures``); nil when not computed.
    public var pictures: UnitPictures? = nil
    public init(inputSize: Int, layers: [LayerInfo], parameterCount: Int) {
        self.inputSize = inputSize
        self.layers = layers
        self.parameterCount = parameterCount
    }
}

/// Everything one published snapshot contributes to the screen.
public struct DashboardModel: Sendable, Equatable {
    public var presetName: String
    public var title: String
    public var caption: String
    public var formula: String
    public var step: Int
    public var epoch: Int
    public var optimizer: String
    public var learningRate: Double
    public var loss: Double
    /// Non-nil when training stopped on a NaN/Inf: the step where it happened.
    public var divergedAtStep: Int?
    /// Input dimension of the data (1 → Fit pane, 2 → Regions pane).
    public var inputDimension: Int
    public var fit: FitViewModel?
    public var regions: RegionsViewModel?
    public var lossCurves: LossViewModel
    public var network: NetworkViewModel
    /// The lecture pane the adapter was asked to compute for (``AdapterOptions/featured``), nil for none.
    public var featuredPane: PaneID?
    /// The rebuild the snapshot belongs to (``NNSession/SessionSnapshot/build``): older ones are stale.
    public var build = 0
    /// Training stopped by itself: early stopping restored the best weights.
    public var stoppedEarly = false
    /// The background work the featured lecture pane needs for this snapshot (a different key: new work).
    public var lectureJobKey: String?
    /// The `jacobian` pane's matrices (computed only when that pane is featured).
    public var jacobian: JacobianViewModel?
    /// The `autodiff_cost` pane's closed-form counts for the current shape (times come from a job).
    public var autodiffCounts: GradientCostModel?
    /// The end-to-end product's singular values at this step (only when the preset shows them).
    public var singularValues: SingularValuesPoint? = nil
    /// The activation scale per hidden layer (only when the preset shows the `activations` pane).
    public var activations: ActivationsViewModel? = nil
    /// The side panes the preset's view names (`activations`, `kinks`, `spectrum`, …), in its order.
    public var namedPanes: [PaneID] = []

    public init(presetName: String, title: String = "", caption: String = "", formula: String = "", step: Int = 0,
                epoch: Int = 0, optimizer: String = "", learningRate: Double = 0, loss: Double = .nan,
                divergedAtStep: Int? = nil, inputDimension: Int, fit: FitViewModel? = nil,
                regions: RegionsViewModel? = nil, lossCurves: LossViewModel = LossViewModel(),
                network: NetworkViewModel) {
        self.presetName = presetName
        self.title = title
        self.caption = caption
        self.formula = formula
        self.step = step
        self.epoch = epoch
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.loss = loss
        self.divergedAtStep = divergedAtStep
        self.inputDimension = inputDimension
        self.fit = fit
        self.regions = regions
        self.lossCurves = lossCurves
        self.network = network
    }
}
