/// Every layer's values over a batch of inputs from ONE forward pass: what the dashboard draws for each
/// unit (its output over the input plane or the x axis) and the network's output, without a second pass.
public struct LayerOutputs: Sendable, Equatable {
    /// Number of inputs evaluated.
    public let count: Int
    /// Layer widths d₀ … d_L (as the model's `sizes`).
    public let sizes: [Int]
    /// For each layer ℓ = 1…L (index ℓ − 1): φ_ℓ, unit-major, `values[ℓ−1][unit * count + sample]`.
    public let outputs: [[Double]]
    /// For each layer ℓ = 1…L (index ℓ − 1): the activation's input (the pre-activation W_ℓφ_{ℓ−1} + b_ℓ, or
    /// its normalised form in a LayerNorm/BatchNorm layer), same layout. Empty unless asked for.
    public let activationInputs: [[Double]]

    /// φ_ℓ of `unit` at sample `i` (layer index 0 = first hidden layer).
    public func output(layer: Int, unit: Int, sample i: Int) -> Double { outputs[layer][unit * count + i] }
}

extension MLP {
    /// Runs `count` inputs (`x`: count × inputSize, sample-major) through the network once (inference mode,
    /// no dropout) and keeps every layer's outputs, unit-major, and with `keepActivationInputs` the
    /// activations' inputs too. Same kernels as ``predict(_:count:)``: the last layer's outputs are the same
    /// numbers `predict` returns.
    public func layerOutputs(_ x: [Double], count: Int, keepActivationInputs: Bool = false) -> LayerOutputs {
        precondition(x.count == count * inputSize, "x must hold count × inputSize values")
        let L = layerCount
        var outs = (1...L).map { [Double](repeating: 0, count: sizes[$0] * Swift.max(0, count)) }
        var ins = keepActivationInputs ? outs : []
        guard count > 0 else { return LayerOutputs(count: 0, sizes: sizes, outputs: outs, activationInputs: ins) }
        var ws = BackpropWorkspace(for: self, batchCapacity: Swift.min(count, 256))
        parameters.withUnsafeBufferPointer { t in
            x.withUnsafeBufferPointer { xb in
                guard let tp = t.baseAddress, let xp = xb.baseAddress else { return }
                var start = 0
                while start < count {
                    let m = Swift.min(ws.batchCapacity, count - start)
                    _ = ws.runChunk(model: self, theta: tp, x: xp, y: nil, rows: nil, start: start, count: m, loss: .mse,
                                    scale: 1, gradient: nil, dropoutRate: 0, rng: nil, correct: nil, mode: .inference)
                    let ld = DenseKernels.leadingDimension(m)
                    ws.storage.withUnsafeBufferPointer { s in
                        guard let sp = s.baseAddress else { return }
                        for l in 1...L {
                            let d = sizes[l]
                            let h = sp + ws.activationOffset[l]
                            outs[l - 1].withUnsafeMutableBufferPointer { o in
                                for u in 0..<d { for b in 0..<m { o[u * count + start + b] = h[u * ld + b] } }
                            }
                            if keepActivationInputs {
                                let z = sp + (normalizations[l - 1].isActive ? ws.scaledOffset[l] : ws.preactivationOffset[l])
                                ins[l - 1].withUnsafeMutableBufferPointer { o in
                                    for u in 0..<d { for b in 0..<m { o[u * count + start + b] = z[u * ld + b] } }
                                }
                            }
                        }
                    }
                    start += m
                }
            }
        }
        return LayerOutputs(count: count, sizes: sizes, outputs: outs, activationInputs: ins)
    }
}
