import CNNKernels

/// Activations applied to whole feature-major buffers (counts are multiples of 4, see ``DenseKernels``).
///
/// Same conventions as the scalar ``Activation/value(_:)`` and ``Activation/derivative(_:)`` (relu′(0) = 0,
/// leaky_relu′(0) = α, abs′(0) = 0; relu(NaN) = 0 as in the scalar code); tanh uses ``VectorMath/tanh(_:)-(SIMD4<Double>)``'s algorithm
/// (within a few ulp of libm), sigmoid and softplus the stable scalar formulas with ``DeterministicMath``'s
/// exp and log1p — no libm anywhere, so the same bits on every platform.
public enum ActivationKernels {
    @inline(__always) @usableFromInline
    static func load(_ p: UnsafePointer<Double>) -> SIMD4<Double> { DenseKernels.load(p) }
    @inline(__always) @usableFromInline
    static func store(_ v: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>) { DenseKernels.store(v, p) }

    /// h[j] = φ(z[j]) for j in 0..<count (count a multiple of 4; h may equal z).
    public static func apply(
        _ activation: Activation, z: UnsafePointer<Double>, h: UnsafeMutablePointer<Double>, count: Int
    ) {
        precondition(count % 4 == 0)
        let zero = SIMD4<Double>()
        var j = 0
        switch activation.kind {
        case .linear:
            if UnsafePointer(h) != z { h.update(from: z, count: count) }
        case .relu:
            while j < count { let v = load(z + j); store(zero.replacing(with: v, where: v .> 0), h + j); j += 4 }
        case .leakyRelu:
            let a = SIMD4(repeating: activation.alpha)
            while j < count { let v = load(z + j); store((a * v).replacing(with: v, where: v .> 0), h + j); j += 4 }
        case .abs:
            while j < count { let v = load(z + j); store(v.replacing(with: -v, where: v .< 0), h + j); j += 4 }
        case .tanh:
            // The same algorithm as ``VectorMath/tanh(_:)-(SIMD4<Double>)``, in CNNKernels (full vector width).
            nnk_tanh(z, h, count)
        case .sigmoid:
            while j < count { h[j] = DeterministicMath.logistic(z[j]); j += 1 }
        case .softplus:
            while j < count { h[j] = DeterministicMath.softplus(z[j]); j += 1 }
        }
    }

    /// d[j] *= φ′(z[j]), given the pre-activations z and the outputs h = φ(z) (whichever is cheaper is used).
    public static func multiplyDerivative(
        _ activation: Activation, z: UnsafePointer<Double>, h: UnsafePointer<Double>,
        d: UnsafeMutablePointer<Double>, count: Int
    ) {
        precondition(count % 4 == 0)
        let zero = SIMD4<Double>(), one = SIMD4<Double>(repeating: 1)
        var j = 0
        switch activation.kind {
        case .linear:
            return
        case .relu:
            while j < count { store(zero.replacing(with: load(d + j), where: load(z + j) .> 0), d + j); j += 4 }
        case .leakyRelu:
            let a = SIMD4(repeating: activation.alpha)
            while j < count {
                let g = load(d + j)
                store((a * g).replacing(with: g, where: load(z + j) .> 0), d + j); j += 4
            }
        case .abs:
            while j < count {
                let g = load(d + j), v = load(z + j)
                var r = zero.replacing(with: g, where: v .> 0)
                r.replace(with: -g, where: v .< 0)
                store(r, d + j); j += 4
            }
        case .tanh:
            nnk_tanh_derivative(h, d, count)
        case .sigmoid:
            while j < count { let s = load(h + j); store(load(d + j) * (s * (one - s)), d + j); j += 4 }
        case .softplus:
            while j < count { d[j] *= DeterministicMath.logistic(z[j]); j += 1 }
        }
    }
}
