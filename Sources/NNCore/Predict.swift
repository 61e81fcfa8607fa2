/// Inference: the network's outputs for many inputs at once (same kernels as training, no dropout;
/// BatchNorm uses the running statistics, ``NormalizationMode/inference``).
extension MLP {
    /// Outputs for `count` inputs stored row-major in `x` (count × inputSize); returns count × outputSize,
    /// row-major. The output layer's activation is applied (for logits, the last activation is linear).
    public func predict(_ x: [Double], count: Int) -> [Double] {
        var ws = BackpropWorkspace(for: self, batchCapacity: Swift.min(Swift.max(count, 1), 256))
        var out = [Double](repeating: 0, count: count * outputSize)
        predict(x, count: count, into: &out, workspace: &ws)
        return out
    }

    /// Outputs for one input row.
    public func predict(_ x: [Double]) -> [Double] { predict(x, count: 1) }

    /// Allocation-free form: writes count × outputSize outputs into `output` (which must hold that many).
    public func predict(
        _ x: [Double], count: Int, into output: inout [Double], workspace: inout BackpropWorkspace
    ) {
        precondition(x.count == count * inputSize, "x must hold count × inputSize values")
        precondition(output.count >= count * outputSize, "output too small")
        guard count > 0 else { return }
        let k = outputSize, L = layerCount
        parameters.withUnsafeBufferPointer { t in
            x.withUnsafeBufferPointer { xb in
                output.withUnsafeMutableBufferPointer { ob in
                    guard let tp = t.baseAddress, let xp = xb.baseAddress, let op = ob.baseAddress else { return }
                    var start = 0
                    while start < count {
                        let m = Swift.min(workspace.batchCapacity, count - start)
                        _ = workspace.runChunk(
                            model: self, theta: tp, x: xp, y: nil, rows: nil, start: start, count: m, loss: .mse,
                            scale: 1, gradient: nil, dropoutRate: 0, rng: nil, correct: nil, mode: .inference)
                        let ld = DenseKernels.leadingDimension(m)
                        workspace.storage.withUnsafeBufferPointer { s in
                            guard let sp = s.baseAddress else { return }
                            let h = sp + workspace.activationOffset[L]
                            for b in 0..<m { for c in 0..<k { op[(start + b) * k + c] = h[c * ld + b] } }
                        }
                        start += m
                    }
                }
            }
        }
    }
}
