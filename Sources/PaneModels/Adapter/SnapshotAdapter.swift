import Foundation
import NNAnalysis
import NNCore
import NNSession

/// Turns a `SessionSnapshot` into what the panes draw: samples the network's curve, finds its kinks
/// (exactly, with `PiecewiseLinear1D`), evaluates the 2D map and its activation patterns, downsamples the
/// loss history and sums up the layers. Runs once per new snapshot, not per frame.
/// What the adapter computes beyond the data plots, chosen by the dashboard (not read from the preset by
/// the adapter itself).
public struct AdapterOptions: Sendable, Equatable {
    /// The lecture pane in the big slot (its per-snapshot data is computed: the Jacobians, the autodiff counts).
    public var featured: PaneID?
    /// Compute the end-to-end product's singular values.
    public var singularValues: Bool
    /// The depth L of a sawtooth target, for the fit's "target 2^L" note (nil: no such target).
    public var targetPieceDepth: Int?
    /// The pane names the view lists (a preset's `view.panes`), in order: they become
    /// ``DashboardModel/namedPanes`` and decide whether the activation statistics are computed.
    public var panes: [String]

    public init(featured: PaneID? = nil, singularValues: Bool = false, targetPieceDepth: Int? = nil, panes: [String] = []) {
        self.featured = featured
        self.singularValues = singularValues
        self.targetPieceDepth = targetPieceDepth
        self.panes = panes
    }

    /// The options a preset's own view asks for: its first lecture pane, the singular values when it lists
    /// them, the sawtooth target's depth, its panes (what the dashboard shows for it; used by the export and
    /// the benchmark, which have no dashboard state).
    public init(preset: Preset) {
        self.init(featured: preset.view.panes.lazy.compactMap(PaneID.init(rawValue:)).first { PaneID.presetPanes.contains($0) },
                  singularValues: preset.view.panes.contains(PaneID.singularValues.rawValue),
                  targetPieceDepth: preset.data.kind == .sawtooth ? preset.data.depth : nil,
                  panes: preset.view.panes)
    }
}

public enum SnapshotAdapter {
    /// Samples of the 1D curve.
    static let curveSamples = 480
    /// Map resolution (cells of the input box); the pane resamples to its size.
    static let mapColumns = 96
    static let mapRows = 64
    /// Multiply-adds (grid cells × P) the map's forward pass may take per snapshot: 10⁸. The map is evaluated
    /// for every adapted snapshot, and at 96×64 cells a [2,1400,1400,1] net (P ≈ 2·10⁶) took 1.2·10¹⁰
    /// multiply-adds and, keeping every layer's outputs for the unit thumbnails, 275 MB per snapshot.
    public static let mapWork = 100_000_000.0
    /// The smallest map grid (a coarse map still shows the class boundaries' shape).
    static let minimumMapColumns = 12
    static let minimumMapRows = 8

    /// The map's grid for a network of P parameters: the full 96×64 while cells × P ≤ ``mapWork``, else both
    /// sides shrunk by the same factor (the aspect kept) to fit it, but never below 12×8 (so at P ≈ 2·10⁶ the
    /// map costs 96·P ≈ 1.9·10⁸ multiply-adds, still bounded).
    public static func mapGrid(parameterCount P: Int, work: Double = mapWork) -> (columns: Int, rows: Int) {
        let full = Double(mapColumns * mapRows) * Double(max(P, 1))
        guard full > work else { return (mapColumns, mapRows) }
        let f = (work / full).squareRoot()
        return (max(minimumMapColumns, Int(Double(mapColumns) * f)), max(minimumMapRows, Int(Double(mapRows) * f)))
    }
    /// Loss curve points kept (the history is already bounded; this thins it for drawing).
    static let lossPoints = 400
    /// Exact region counting is skipped above this many hidden units (the grid count is shown instead).
    static let exactRegionUnitLimit = 48

    /// The view models of a snapshot, computed for the panes `options` names.
    public static func model(from s: SessionSnapshot, options: AdapterOptions) -> DashboardModel {
        let net = s.model
        let diverged = s.divergence?.step
        var m = DashboardModel(presetName: s.presetName, title: s.title, caption: s.caption, formula: "",
                               step: s.step, epoch: s.epoch, optimizer: s.optimizerName, learningRate: s.lr,
                               loss: s.trainLoss, divergedAtStep: diverged, inputDimension: s.rawInputSize,
                               lossCurves: loss(s), network: network(net))
        // Keep the other panes sensible when the weights are no longer finite: no curve, no map.
        m.build = s.build
        m.stoppedEarly = s.stoppedEarly
        if s.rawInputSize == 1 {
            m.fit = fit(s, targetPieceDepth: options.targetPieceDepth)
            if net.isFinite {
                m.network.pictures = PictureAdapter.line(net, x: m.fit?.xRange ?? domain(s, input: 0),
                                                           features: { s.networkInputs(raw: $0, count: $1) })
            }
        } else if s.rawInputSize == 2 {
            let (map, units) = regionsAndUnits(s)
            m.regions = map
            m.network.pictures = units
        }
        LectureAdapter.apply(s, featured: options.featured, to: &m)
        if options.singularValues { m.singularValues = singularValues(s) }
        m.namedPanes = namedPanes(options.panes, inputDimension: s.rawInputSize)
        if m.namedPanes.contains(.activations) { m.activations = activations(net, s.train) }
        return m
    }

    /// The view models with the options the snapshot's own preset asks for (``AdapterOptions/init(preset:)``).
    public static func model(from s: SessionSnapshot) -> DashboardModel {
        model(from: s, options: AdapterOptions(preset: s.preset))
    }

    /// The side panes a view's pane names ask for, in their order (`fit` and `regions` name the data plot;
    /// the lecture panes go in the big slot; `active_count` has no pane of its own here).
    static func namedPanes(_ names: [String], inputDimension: Int) -> [PaneID] {
        var out: [PaneID] = []
        for name in names {
            let id: PaneID?
            switch name {
            case "fit", "regions": id = inputDimension == 2 ? .regions : .fit
            default: id = PaneID(rawValue: name)
            }
            if let id, !out.contains(id) { out.append(id) }
        }
        return out
    }

    /// Points used for the activation statistics (the first ones of the training set).
    static let activationPoints = 256

    /// Mean, standard deviation and E[h²] of each hidden layer's h = φ(f) over the first training inputs.
    static func activations(_ net: MLP, _ data: Dataset) -> ActivationsViewModel? {
        guard net.isFinite, data.inputSize == net.inputSize, data.count > 0 else { return nil }
        let hidden = net.layerCount - 1
        guard hidden >= 1 else { return ActivationsViewModel(layers: [], points: 0) }
        var sum = [Double](repeating: 0, count: hidden), sq = sum, n = sum
        var eval = MLPEvaluator(net)
        let points = min(data.count, activationPoints), d = data.inputSize
        for r in 0..<points {
            eval.forward(Array(data.x[(r * d)..<((r + 1) * d)])) { l, h in
                guard l < hidden else { return }
                for v in h { sum[l] += v; sq[l] += v * v }
                n[l] += Double(h.count)
            }
        }
        let layers = (0..<hidden).map { l -> ActivationLayerStats in
            let mean = sum[l] / n[l], ms = sq[l] / n[l]
            return ActivationLayerStats(layer: l, width: net.sizes[l + 1], mean: mean, std: max(0, ms - mean * mean).squareRoot(),
                                        meanSquare: ms)
        }
        return ActivationsViewModel(layers: layers, points: points)
    }

    // MARK: 1D fit

    static func domain(_ s: SessionSnapshot, input i: Int) -> ClosedRange<Double> {
        if i < s.inputDomain.count, s.inputDomain[i].lowerBound.isFinite, s.inputDomain[i].upperBound.isFinite,
           s.inputDomain[i].upperBound > s.inputDomain[i].lowerBound {
            return s.inputDomain[i]
        }
        var lo = Double.infinity, hi = -Double.infinity
        for d in [s.rawTrain, s.rawTest] where d.inputSize > i {
            for r in 0..<d.count {
                let v = d.x[r * d.inputSize + i]
                if v.isFinite { lo = min(lo, v); hi = max(hi, v) }
            }
        }
        return lo < hi ? lo...hi : -1...1
    }

    static func fit(_ s: SessionSnapshot, targetPieceDepth: Int? = nil) -> FitViewModel {
        let xr = domain(s, input: 0)
        let train = s.rawTrain, test = s.rawTest
        var fit = FitViewModel(xRange: xr, yRange: -1...1,
                               trainX: train.x, trainY: column0(train), testX: test.x, testY: column0(test),
                               targetX: s.targetCurve.map(\.x), targetY: s.targetCurve.map(\.y))
        let net = s.model
        if net.isFinite {
            var eval = MLPEvaluator(net)
            let n = curveSamples
            fit.curveX.reserveCapacity(n)
            fit.curveY.reserveCapacity(n)
            for i in 0..<n {
                let x = xr.lowerBound + (xr.upperBound - xr.lowerBound) * Double(i) / Double(n - 1)
                fit.curveX.append(x)
                fit.curveY.append(eval(s.networkInputs(raw: [x], count: 1)).first ?? .nan)
            }
            if !s.hasRawLinearInput {
                fit.featureNote = featureNote(s)
            } else if net.activations.allSatisfy(\.isPiecewiseLinear), let found = kinks(net, over: xr) {
                fit.kinks = found.exact ?? []
                fit.kinksLowerBound = found.lowerBound
                // Exact bound on pieces: n+1 for one hidden layer; Π(width+1) over the layers in general (each layer
                // splits each piece at most nℓ times).
                let hidden = Array(net.sizes.dropFirst().dropLast())
                var bound = 1
                for w in hidden { bound = bound > Int.max / (w + 1) ? Int.max : bound * (w + 1) }
                fit.pieceBound = bound
                fit.kinkBoundNote = hidden.count == 1 ? "n+1" : "Π(width+1)"
                if let depth = targetPieceDepth {
                    let d = min(30, max(0, depth))
                    fit.kinkBoundNote += ", target 2\(Self.superscript(d))=\(1 << d)"
                }
            } else {
                fit.kinkBoundNote = "smooth"
            }
        }
        fit.yRange = yRange(fit.trainY + fit.testY + fit.targetY, fit.curveY)
        return fit
    }

    /// The kinks over `xr` exactly, or, over the exact work limit, the grid scan's lower bound on their number
    /// (the same budget as `nnviz train`'s `kinks_lower_bound`); nil when neither applies.
    static func kinks(_ net: MLP, over xr: ClosedRange<Double>, workLimit: Int = AnalysisLimits.exactWork)
        -> (exact: [Double]?, lowerBound: Int?)? {
        do {
            let pl = try PiecewiseLinear1D(model: net, lower: xr.lowerBound, upper: xr.upperBound, workLimit: workLimit)
            return (pl.breakpoints, nil)
        } catch AnalysisError.workLimit {
            let samples = AnalysisLimits.kinkSamples(parameterCount: net.parameterCount)
            guard let e = try? KinkGridEstimate(model: net, lower: xr.lowerBound, upper: xr.upperBound, samples: samples) else { return nil }
            return (nil, e.lowerBound)
        } catch {
            return nil
        }
    }

    static func column0(_ d: Dataset) -> [Double] {
        (0..<d.count).map { d.y[$0 * d.targetSize] }
    }

    /// The data's y range with a 10% margin; the curve widens it only moderately (a wild curve must not
    /// squash the data flat).
    static func yRange(_ data: [Double], _ curve: [Double]) -> ClosedRange<Double> {
        var lo = Double.infinity, hi = -Double.infinity
        for v in data where v.isFinite { lo = min(lo, v); hi = max(hi, v) }
        if !(lo < hi) { lo = -1; hi = 1 }
        let span = hi - lo
        var clo = lo, chi = hi
        for v in curve where v.isFinite { clo = min(clo, v); chi = max(chi, v) }
        lo = max(clo, lo - span)
        hi = min(chi, hi + span)
        let pad = 0.08 * (hi - lo)
        return (lo - pad)...(hi + pad)
    }

    // MARK: 2D map

    static func classOf(_ out: ArraySlice<Double>, task: Task) -> Int {
        switch task {
        case .binary: return (out.first ?? 0) > 0 ? 1 : 0
        case .multiclass: return argmax(out)
        case .regression: return 0
        }
    }

    /// Index of the largest value (the first one on ties); 0 for an empty slice.
    static func argmax(_ values: ArraySlice<Double>) -> Int {
        var best = 0, bestValue = -Double.infinity
        for (i, v) in values.enumerated() where v > bestValue { best = i; bestValue = v }
        return best
    }

    static func labelOf(_ d: Dataset, row r: Int, task: Task) -> Int {
        let y = d.y[(r * d.targetSize)..<((r + 1) * d.targetSize)]
        switch task {
        case .binary: return (y.first ?? 0) > 0.5 ? 1 : 0
        case .multiclass: return argmax(y)
        case .regression: return 0
        }
    }

    static func regions(_ s: SessionSnapshot) -> RegionsViewModel { regionsAndUnits(s).map }

    /// The map and, from the same forward pass over its grid, every unit's thumbnail.
    static func regionsAndUnits(_ s: SessionSnapshot) -> (map: RegionsViewModel, units: UnitPictures?) {
        let xr = domain(s, input: 0), yr = domain(s, input: 1)
        let task = s.task
        let classes: Int
        switch task {
        case .binary: classes = 2
        case .multiclass(let k): classes = max(2, k)
        case .regression: classes = 8
        }
        let net = s.model
        let (cols, rows) = mapGrid(parameterCount: net.parameterCount)
        var labels = [UInt8](repeating: 0, count: cols * rows)
        var values = [Double](repeating: 0, count: task == .regression ? cols * rows : 0)
        var pass: LayerOutputs?
        var units: UnitPictures?
        if net.isFinite {
            // One batched forward pass over the grid centres (NNCore's SIMD kernels) keeps every layer: the map's
            // classes and confidence, the active units and every unit's thumbnail all come from it.
            let xs = s.networkInputs(raw: PictureAdapter.gridInputs(x: xr, y: yr, columns: cols, rows: rows), count: cols * rows)
            let all = net.layerOutputs(xs, count: cols * rows, keepActivationInputs: true)
            let out = all.outputs[net.layerCount - 1]
            let k = net.outputSize, n = cols * rows
            var o = [Double](repeating: 0, count: k)
            for i in 0..<n {
                for c in 0..<k { o[c] = out[c * n + i] }
                if task == .regression { values[i] = o.first ?? 0 } else { labels[i] = UInt8(min(255, classOf(o[...], task: task))) }
            }
            pass = all
            units = PictureAdapter.plane(net, pass: all, x: xr, y: yr, columns: cols, rows: rows, inputs: xs)
        }
        var points: [MapPoint] = []
        var levelOf: (Double) -> Int = { _ in 0 }
        var valueRange: ClosedRange<Double>?
        if task == .regression {
            var lo = Double.infinity, hi = -Double.infinity
            for v in values + column0(s.rawTrain) where v.isFinite { lo = min(lo, v); hi = max(hi, v) }
            if !(lo < hi) { lo = 0; hi = 1 }
            let (l, h) = (lo, hi)
            valueRange = l...h
            // Clamped as a Double before the conversion: a target far outside the fitted range (a test
            // target of 1e300) must give the top level, not a trap in Int(_:).
            levelOf = { v in
                let t = (v - l) / (h - l) * Double(classes)
                return t.isNaN ? 0 : Int(Swift.max(0, Swift.min(Double(classes - 1), t)))
            }
            for i in values.indices { labels[i] = UInt8(levelOf(values[i])) }
        }
        for (d, isTest) in [(s.rawTrain, false), (s.rawTest, true)] where d.inputSize >= 2 {
            for r in 0..<d.count {
                let label = task == .regression ? levelOf(d.y[r * d.targetSize]) : labelOf(d, row: r, task: task)
                points.append(MapPoint(x: d.x[r * d.inputSize], y: d.x[r * d.inputSize + 1], label: label, isTest: isTest))
            }
        }
        var map = RegionsViewModel(xRange: xr, yRange: yr, gridWidth: cols, gridHeight: rows, labels: labels,
                                   classCount: classes, isValueMap: task == .regression, points: points)
        if let pass { map.pictures = PictureAdapter.map(pass: pass, task: task, valueRange: valueRange, net: net) }
        let box = RegionBox(xMin: xr.lowerBound, xMax: xr.upperBound, yMin: yr.lowerBound, yMax: yr.upperBound)
        if !s.hasRawLinearInput {
            map.featureNote = featureNote(s)
            // The boundaries of the activation patterns as a function of x (curves: no linear-region count).
            if net.isFinite, net.activations.dropLast().allSatisfy(\.isPiecewiseLinear),
               let grid = try? RegionGrid(model: net, box: box, columns: cols, rows: rows, features: s.features) {
                map.regionIDs = grid.regionIndex.map { UInt32(bitPattern: $0) }
            }
        }
        if net.isFinite, s.hasRawLinearInput, net.activations.dropLast().allSatisfy(\.isPiecewiseLinear),
           let grid = try? RegionGrid(model: net, box: box, columns: cols, rows: rows) {
            map.regionIDs = grid.regionIndex.map { UInt32(bitPattern: $0) }
            let hiddenUnits = net.sizes.dropFirst().dropLast().reduce(0, +)
            // The exact partition keeps its polygons' edges: the map draws them as the region boundaries.
            if hiddenUnits <= exactRegionUnitLimit, let exact = try? RegionPartition2D(model: net, box: box) {
                map.regionCount = exact.total
                map.regionCountNote = "exact"
                map.pictures?.overlay = PictureAdapter.overlay(exact, net: net)
            } else {
                map.regionCount = grid.distinctCount
                map.regionCountNote = "estimate"  // distinct patterns on the grid: a lower bound
            }
        }
        return (map, units)
    }

    /// One line for a pane title with non-linear input features: which features, and why there are no
    /// kinks or exact regions (the network is not piecewise linear in the raw input x then).
    static func featureNote(_ s: SessionSnapshot) -> String {
        "features " + (s.features?.names.joined(separator: ", ") ?? "") + ": not piecewise linear in x"
    }

    // MARK: loss, network

    static func loss(_ s: SessionSnapshot) -> LossViewModel {
        let rows = s.history.rows
        let stride = max(1, (rows.count + lossPoints - 1) / lossPoints)
        var m = LossViewModel(lossName: s.loss.rawValue, accuracy: s.accuracy, testAccuracy: s.testAccuracy,
                              learningRate: s.lr)
        m.divergedAtStep = s.divergence?.step
        let hasTest = !rows.isEmpty && rows.allSatisfy { $0.testLoss != nil }
        // Every stride-th row, and within each group of `stride` rows its highest loss when it is a spike
        // (above 1.5× the group's first): the catapult of a too-large learning rate stays on screen.
        var picks: [Int] = []
        for start in Swift.stride(from: 0, to: rows.count, by: stride) {
            picks.append(start)
            let end = min(rows.count, start + stride)
            if let peak = (start..<end).max(by: { rows[$0].loss < rows[$1].loss }), peak != start,
               rows[peak].loss.isFinite, rows[peak].loss > 1.5 * rows[start].loss {
                picks.append(peak)
            }
        }
        if let last = picks.last, last != rows.count - 1 { picks.append(rows.count - 1) }   // always the newest
        for i in picks {
            let r = rows[i]
            m.steps.append(r.step)
            m.train.append(r.loss)
            if hasTest { m.test.append(r.testLoss ?? .nan) }
        }
        return m
    }

    static func network(_ net: MLP) -> NetworkViewModel {
        var layers: [LayerInfo] = []
        for l in 0..<net.layerCount {
            let o = net.weightOffset(layer: l), n = net.sizes[l + 1] * net.sizes[l]
            var ss = 0.0
            for i in o..<(o + n) { ss += net.parameters[i] * net.parameters[i] }
            // A normalised layer names its normalisation before the activation: "LN relu", "BN tanh".
            let norm = net.normalizations[l].kind == .layer ? "LN " : net.normalizations[l].kind == .batch ? "BN " : ""
            layers.append(LayerInfo(width: net.sizes[l + 1], activation: norm + net.activations[l].description,
                                    weightNorm: ss.squareRoot()))
        }
        return NetworkViewModel(inputSize: net.inputSize, layers: layers, parameterCount: net.parameterCount)
    }
}

extension SnapshotAdapter {
    /// `n` in superscript digits ("2⁴", not the TeX-like "2^4", which reads as code on a lecture screen;
    /// `--ascii` turns superscripts back into "^4").
    static func superscript(_ n: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        return String(String(n).compactMap { c in c.wholeNumberValue.map { digits[$0] } })
    }
}
