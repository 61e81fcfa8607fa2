import NNCore

/// A small forward pass for drawing (curves and maps): reuses two scratch vectors, so evaluating a
/// grid of thousands of points allocates nothing per point. Independent of the training kernels, which
/// makes the drawn curve a second computation of what the trainer optimises.
struct MLPEvaluator {
    let model: MLP
    private var a: [Double]
    private var b: [Double]

    init(_ model: MLP) {
        self.model = model
        let w = model.sizes.max() ?? 1
        a = [Double](repeating: 0, count: w)
        b = [Double](repeating: 0, count: w)
    }

    /// Output `k` of the network at input `x` (x.count == inputSize).
    mutating func callAsFunction(_ x: [Double]) -> ArraySlice<Double> {
        forward(x) { _, _ in }
    }

    /// The forward pass, calling `visit(layer, h)` with every layer's output h = φ(f) (the last is the output).
    @discardableResult
    mutating func forward(_ x: [Double], visit: (Int, ArraySlice<Double>) -> Void) -> ArraySlice<Double> {
        let sizes = model.sizes
        for i in 0..<sizes[0] { a[i] = i < x.count ? x[i] : 0 }
        model.parameters.withUnsafeBufferPointer { theta in
            for l in 0..<model.layerCount {
                let dIn = sizes[l], dOut = sizes[l + 1]
                let wo = model.weightOffset(layer: l), bo = model.biasOffset(layer: l)
                let act = model.activations[l]
                let normalized = model.normalizations[l].isActive
                for o in 0..<dOut {
                    var s = theta[bo + o]
                    let row = wo + o * dIn
                    for i in 0..<dIn { s += theta[row + i] * a[i] }
                    b[o] = normalized ? s : act.value(s)
                }
                if normalized {
                    // LayerNorm / BatchNorm (running statistics) on the pre-activation, then φ.
                    model.normalizeForInference(layer: l, &b)
                    for o in 0..<dOut { b[o] = act.value(b[o]) }
                }
                swap(&a, &b)
                visit(l, a[0..<dOut])
            }
        }
        return a[0..<sizes[sizes.count - 1]]
    }
}
