import Foundation
@testable import NNCore

/// A deliberately naive second implementation (nested arrays, scalar libm, one sample at a time) that the
/// fast kernels are checked against.
enum Reference {
    /// Forward pass of one input: all pre-activations and the output.
    static func forward(_ m: MLP, _ x: [Double]) -> (pre: [[Double]], out: [Double]) {
        var a = x
        var pre: [[Double]] = []
        for l in 0..<m.layerCount {
            let W = m.weightMatrix(layer: l), b = m.biasVector(layer: l)
            var z = [Double](repeating: 0, count: b.count)
            for o in 0..<b.count {
                var s = b[o]
                for i in 0..<a.count { s += W[o][i] * a[i] }
                z[o] = s
            }
            pre.append(z)
            a = z.map { m.activations[l].value($0) }
        }
        return (pre, a)
    }

    static func loss(_ loss: Loss, out: [Double], y: [Double]) -> Double {
        switch loss {
        case .mse: return zip(out, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
        case .bceWithLogits:
            // −y log σ(z) − (1−y) log(1−σ(z)), written the textbook way (fine for moderate z).
            return zip(out, y).map { z, t in
                let s = 1 / (1 + exp(-z))
                return -t * log(s) - (1 - t) * log(1 - s)
            }.reduce(0, +)
        case .softmaxCrossEntropy:
            let mx = out.max() ?? 0
            let e = out.map { exp($0 - mx) }
            let sum = e.reduce(0, +)
            return zip(e, y).map { -$1 * log($0 / sum) }.reduce(0, +)
        }
    }

    /// loss + ½λ‖θ‖² over the given rows (all when nil).
    static func objective(_ m: MLP, _ data: Dataset, _ lossKind: Loss, l2: Double, rows: [Int]? = nil) -> Double {
        let idx = rows ?? Array(0..<data.count)
        var s = 0.0
        for r in idx { s += loss(lossKind, out: forward(m, Array(data.input(r))).out, y: Array(data.target(r))) }
        let norm = Double(lossKind == .softmaxCrossEntropy ? idx.count : idx.count * data.targetSize)
        return s / norm + 0.5 * l2 * m.parameters.map { $0 * $0 }.reduce(0, +)
    }

    /// Central differences of `f` at θ with step h.
    static func centralDifference(_ m: MLP, h: Double = 1e-6, _ f: (MLP) -> Double) -> [Double] {
        var g = [Double](repeating: 0, count: m.parameterCount)
        var p = m
        for j in 0..<m.parameterCount {
            let t = m.parameters[j]
            p.parameters[j] = t + h
            let fp = f(p)
            p.parameters[j] = t - h
            let fm = f(p)
            p.parameters[j] = t
            g[j] = (fp - fm) / (2 * h)
        }
        return g
    }

    /// Smallest |pre-activation| of the hidden layers over all samples and units (distance to any kink).
    static func minAbsPreactivation(_ m: MLP, _ data: Dataset) -> Double {
        var best = Double.infinity
        for r in 0..<data.count {
            for z in forward(m, Array(data.input(r))).pre.dropLast().joined() { best = min(best, Swift.abs(z)) }
        }
        return best
    }

    /// Worst component error relative to the gradient's largest component.
    static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count)
        let scale = max(a.map { Swift.abs($0) }.max() ?? 0, 1e-12)
        return zip(a, b).map { Swift.abs($0 - $1) }.max().map { $0 / scale } ?? .infinity
    }

    /// Random data for a loss: inputs N(0,1); targets N(0,1) (mse), binary and fractional (bce), one-hot (softmax).
    static func data(n: Int, inputs: Int, outputs k: Int, loss: Loss, seed: UInt64) -> Dataset {
        var rng = SeededRNG(seed: seed)
        let x = (0..<(n * inputs)).map { _ in rng.nextGaussian() }
        var y = [Double]()
        for _ in 0..<n {
            switch loss {
            case .mse: for _ in 0..<k { y.append(rng.nextGaussian()) }
            case .bceWithLogits:
                for c in 0..<k { y.append(c == 0 ? Double(rng.nextInt(below: 2)) : rng.nextDouble()) }
            case .softmaxCrossEntropy:
                let hot = rng.nextInt(below: k)
                for c in 0..<k { y.append(c == hot ? 1 : 0) }
            }
        }
        return Dataset(inputSize: inputs, targetSize: k, x: x, y: y)
    }

    /// A model with the given shape, initialised from a seed.
    static func model(_ sizes: [Int], _ activations: [Activation], _ initializer: Initializer = .xavier,
                      seed: UInt64) -> MLP {
        MLP(sizes: sizes, activations: activations, initializer: initializer, seed: seed)
    }
}
