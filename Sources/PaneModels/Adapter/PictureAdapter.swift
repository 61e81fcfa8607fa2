import Foundation
import NNAnalysis
import NNCore
import NNSession

/// Builds the pictures (``UnitPictures``, ``MapPictures``) from a snapshot, off the main queue with the rest
/// of ``SnapshotAdapter``. For a 2D input ONE forward pass over the map's grid gives the map (class,
/// confidence, active units) and every unit's thumbnail; for a 1D input one pass over `lineSamples` points of
/// the x range gives every unit's curve and kinks.
public enum PictureAdapter {
    /// Thumbnails take every `planeStride`-th grid cell of the map in both directions.
    public static let planeStride = 2
    /// Samples of each unit's curve for a 1D input.
    public static let lineSamples = 160

    /// The centres of a cols × rows grid over the box, row 0 at the top (largest y), sample-major (x, y) pairs.
    public static func gridInputs(x xr: ClosedRange<Double>, y yr: ClosedRange<Double>, columns cols: Int,
                                  rows: Int) -> [Double] {
        var xs = [Double](repeating: 0, count: 2 * cols * rows)
        for r in 0..<rows {
            let y = yr.upperBound - (Double(r) + 0.5) / Double(rows) * (yr.upperBound - yr.lowerBound)
            for c in 0..<cols {
                xs[2 * (r * cols + c)] = xr.lowerBound + (Double(c) + 0.5) / Double(cols) * (xr.upperBound - xr.lowerBound)
                xs[2 * (r * cols + c) + 1] = y
            }
        }
        return xs
    }

    /// The weights, biases and activation names every picture shares.
    static func parameters(_ net: MLP) -> (weights: [[Double]], biases: [[Double]], activations: [String]) {
        var w: [[Double]] = [], b: [[Double]] = []
        for l in 0..<net.layerCount {
            let o = net.weightOffset(layer: l), n = net.sizes[l + 1] * net.sizes[l]
            w.append(Array(net.parameters[o..<(o + n)]))
            b.append(net.biasVector(layer: l))
        }
        return (w, b, ["input"] + net.activations.map(\.description))
    }

    /// Every unit over the plane, from the map's forward pass (`pass` over the cols × rows grid of `gridInputs`;
    /// `inputs` are the network's inputs at those points, inputSize per point: the plane's coordinates, or the
    /// input features computed from them).
    public static func plane(_ net: MLP, pass: LayerOutputs, x xr: ClosedRange<Double>, y yr: ClosedRange<Double>,
                             columns cols: Int, rows: Int, inputs: [Double]) -> UnitPictures {
        let d = net.inputSize
        let s = planeStride
        let tc = (cols + s - 1) / s, tr = (rows + s - 1) / s
        var values: [[[Float]]] = []
        // The inputs themselves (x₁ and x₂, or the features) at the same points.
        var inputLayer: [[Float]] = []
        for i in 0..<d {
            var v = [Float](repeating: 0, count: tc * tr)
            guard inputs.count >= d * cols * rows else { inputLayer.append(v); continue }
            for r in 0..<tr { for c in 0..<tc { v[r * tc + c] = Float(inputs[d * ((r * s) * cols + c * s) + i]) } }
            inputLayer.append(v)
        }
        values.append(inputLayer)
        for l in 0..<net.layerCount {
            var layer: [[Float]] = []
            for u in 0..<net.sizes[l + 1] {
                var v = [Float](repeating: 0, count: tc * tr)
                pass.outputs[l].withUnsafeBufferPointer { o in
                    let base = u * pass.count
                    for r in 0..<tr { for c in 0..<tc { v[r * tc + c] = Float(o[base + (r * s) * cols + c * s]) } }
                }
                layer.append(v)
            }
            values.append(layer)
        }
        let p = parameters(net)
        return UnitPictures(inputDimension: 2, xRange: xr, yRange: yr, columns: tc, rows: tr, values: values,
                            weights: p.weights, biases: p.biases, activations: p.activations)
    }

    /// Every unit over the x range (1D input): `lineSamples` points from one forward pass, and each unit's kinks
    /// (where its activation input changes sign; exact for the first layer, whose input is affine in x).
    /// `features` maps the raw x samples to the network's inputs (the identity without input features).
    public static func line(_ net: MLP, x xr: ClosedRange<Double>,
                            features: ([Double], Int) -> [Double] = { x, _ in x }) -> UnitPictures {
        let n = lineSamples
        let xs = (0..<n).map { xr.lowerBound + (xr.upperBound - xr.lowerBound) * Double($0) / Double(n - 1) }
        let inputs = features(xs, n)
        let d = net.inputSize
        precondition(inputs.count == n * d, "features must give inputSize values per sample")
        let pass = net.layerOutputs(inputs, count: n, keepActivationInputs: true)
        var values: [[[Float]]] = [(0..<d).map { i in (0..<n).map { Float(inputs[$0 * d + i]) } }]
        var kinks: [[[Double]]] = [[[Double]](repeating: [], count: d)]
        for l in 0..<net.layerCount {
            var layer: [[Float]] = [], layerKinks: [[Double]] = []
            let bends = net.activations[l].isPiecewiseLinear && net.activations[l].kind != .linear
            for u in 0..<net.sizes[l + 1] {
                let base = u * n
                layer.append((0..<n).map { Float(pass.outputs[l][base + $0]) })
                var k: [Double] = []
                if bends {
                    for i in 1..<n {
                        let a = pass.activationInputs[l][base + i - 1], b = pass.activationInputs[l][base + i]
                        if (a < 0 && b >= 0) || (a > 0 && b <= 0) || (a == 0 && b != 0 && i == 1) {
                            let t = a == b ? 0 : a / (a - b)
                            k.append(xs[i - 1] + t * (xs[i] - xs[i - 1]))
                        }
                    }
                }
                layerKinks.append(k)
            }
            values.append(layer)
            kinks.append(layerKinks)
        }
        let p = parameters(net)
        return UnitPictures(inputDimension: 1, xRange: xr, yRange: xr, columns: n, rows: 1, values: values, kinks: kinks,
                            weights: p.weights, biases: p.biases, activations: p.activations)
    }

    /// Confidence of one output row: 2|σ(z) − ½| for one logit, (p_max − 1/k)/(1 − 1/k) of the softmax for k > 1.
    public static func confidence(_ out: UnsafeBufferPointer<Double>) -> Float {
        guard let z0 = out.first else { return 0 }
        if out.count == 1 {
            guard z0.isFinite else { return z0.isNaN ? 0 : 1 }
            let p = 1 / (1 + safeExp(-z0))
            return Float(min(1, max(0, 2 * abs(p - 0.5))))
        }
        var zmax = -Double.infinity
        for z in out { zmax = max(zmax, z) }
        guard zmax.isFinite else { return 0 }
        var sum = 0.0
        for z in out { sum += safeExp(z - zmax) }
        let k = Double(out.count)
        let top = 1 / sum
        return Float(min(1, max(0, (top - 1 / k) / (1 - 1 / k))))
    }

    /// The map's shading and active-unit counts from its forward pass (`pass` with activation inputs kept).
    static func map(pass: LayerOutputs, task: Task, valueRange: ClosedRange<Double>?, net: MLP) -> MapPictures {
        let n = pass.count, L = net.layerCount, k = net.outputSize
        var shade = [Float](repeating: 0, count: n)
        let shading: MapPictures.Shading
        if task == .regression {
            let range = valueRange ?? 0...1
            let mid = (range.lowerBound + range.upperBound) / 2, half = max(1e-300, (range.upperBound - range.lowerBound) / 2)
            shading = .value(range: range)
            for i in 0..<n {
                let v = pass.outputs[L - 1][i]
                shade[i] = v.isFinite ? Float(max(-1, min(1, (v - mid) / half))) : 0
            }
        } else {
            shading = .confidence
            var row = [Double](repeating: 0, count: k)
            row.withUnsafeMutableBufferPointer { rb in
                for i in 0..<n {
                    for c in 0..<k { rb[c] = pass.outputs[L - 1][c * n + i] }
                    shade[i] = confidence(UnsafeBufferPointer(rb))
                }
            }
        }
        var active = [UInt16](repeating: 0, count: n)
        var hiddenUnits = 0
        if !pass.activationInputs.isEmpty {
            for l in 0..<(L - 1) {
                hiddenUnits += net.sizes[l + 1]
                pass.activationInputs[l].withUnsafeBufferPointer { z in
                    for u in 0..<net.sizes[l + 1] {
                        let base = u * n
                        for i in 0..<n where z[base + i] > 0 { active[i] &+= 1 }
                    }
                }
            }
        }
        return MapPictures(shading: shading, shade: shade, activeUnits: active, hiddenUnits: hiddenUnits)
    }

    /// The exact boundaries layer by layer, and for one hidden layer the lines and their intersections.
    static func overlay(_ partition: RegionPartition2D, net: MLP) -> RegionOverlay {
        let arrangement = net.layerCount == 2 ? try? LineArrangement2D(model: net, box: partition.box) : nil
        return RegionOverlay(perLayer: partition.perLayer, cuts: partition.cuts, arrangement: arrangement)
    }
}

@inline(__always)
private func safeExp(_ x: Double) -> Double { x.isFinite ? exp(x) : (x > 0 ? .infinity : 0) }
