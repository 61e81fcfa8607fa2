/// Small pointer kernels for the analysis code (DESIGN.md §5b: indexing `[Double]` in inner loops blocks
/// vectorisation; SIMD4 over raw pointers runs 3–4× faster). Reductions are written with explicit SIMD
/// accumulators because the compiler may not reorder floating-point sums by itself.
/// Never `addProduct`/`addingProduct` here: without an FMA target feature (the default x86-64 baseline)
/// they lower to a libm `fma` call per element, which made every kernel ~30× slower (measured).
@usableFromInline typealias D4 = SIMD4<Double>

@inlinable @inline(__always)
func load4(_ p: UnsafePointer<Double>) -> D4 {
    UnsafeRawPointer(p).loadUnaligned(as: D4.self)
}

@inlinable @inline(__always)
func store4(_ v: D4, _ p: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: D4.self)
}

/// Σ a[i]·b[i] for i in 0..<n.
@inlinable
func kdot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
    var s0 = D4(), s1 = D4()
    var i = 0
    while i + 8 <= n {
        s0 += load4(a + i) * load4(b + i)
        s1 += load4(a + i + 4) * load4(b + i + 4)
        i += 8
    }
    if i + 4 <= n { s0 += load4(a + i) * load4(b + i); i += 4 }
    var s = (s0 + s1).sum()
    while i < n { s += a[i] * b[i]; i += 1 }
    return s
}

/// y[i] += α·x[i] for i in 0..<n.
@inlinable
func kaxpy(_ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
    let a4 = D4(repeating: alpha)
    var i = 0
    while i + 4 <= n {
        var v = load4(y + i)
        v += a4 * load4(x + i)
        store4(v, y + i)
        i += 4
    }
    while i < n { y[i] += alpha * x[i]; i += 1 }
}

/// C (m×n) = A (m×k) · Bᵀ (or C += … when `accumulate`) where B is n×k; all row-major and contiguous.
@inlinable
func kgemmNT(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
             m: Int, n: Int, k: Int, accumulate: Bool = false) {
    for i in 0..<m {
        let ar = a + i * k, cr = c + i * n
        if accumulate {
            for j in 0..<n { cr[j] += kdot(ar, b + j * k, k) }
        } else {
            for j in 0..<n { cr[j] = kdot(ar, b + j * k, k) }
        }
    }
}

/// C (m×n) += A (m×k) · B (k×n); row-major.
@inlinable
func kgemmNNacc(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
                m: Int, n: Int, k: Int) {
    for i in 0..<m {
        let ar = a + i * k, cr = c + i * n
        for p in 0..<k {
            let s = ar[p]
            if s != 0 { kaxpy(s, b + p * n, cr, n) }
        }
    }
}

/// C (m×n) += Aᵀ · B where A is k×m and B is k×n; row-major.
@inlinable
func kgemmTNacc(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
                m: Int, n: Int, k: Int) {
    for p in 0..<k {
        let ar = a + p * m, br = b + p * n
        for i in 0..<m {
            let s = ar[i]
            if s != 0 { kaxpy(s, br, c + i * n, n) }
        }
    }
}
