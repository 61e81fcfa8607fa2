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
    kgemmAcc(a, rowStride: k, colStride: 1, b, c, m: m, n: n, k: k)
}

/// C (m×n) += Aᵀ · B where A is k×m and B is k×n; row-major.
@inlinable
func kgemmTNacc(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
                m: Int, n: Int, k: Int) {
    kgemmAcc(a, rowStride: 1, colStride: m, b, c, m: m, n: n, k: k)
}

/// C[i, j] += Σ_p A(i, p)·B[p, j] with A(i, p) = a[i·rowStride + p·colStride], B k×n and C m×n row-major.
/// Register-blocked: two rows of C × 16 columns stay in eight SIMD4 accumulators while p runs over k, so
/// each B load feeds two rows and C is read and written once per tile (not once per p).
@inlinable
func kgemmAcc(_ a: UnsafePointer<Double>, rowStride rs: Int, colStride cs: Int, _ b: UnsafePointer<Double>,
              _ c: UnsafeMutablePointer<Double>, m: Int, n: Int, k: Int) {
    var j0 = 0
    while j0 + 16 <= n {
        var i = 0
        while i + 2 <= m {
            var x0 = D4(), x1 = D4(), x2 = D4(), x3 = D4(), y0 = D4(), y1 = D4(), y2 = D4(), y3 = D4()
            let ar0 = a + i * rs, ar1 = a + (i + 1) * rs
            for p in 0..<k {
                let bp = b + p * n + j0
                let b0 = load4(bp), b1 = load4(bp + 4), b2 = load4(bp + 8), b3 = load4(bp + 12)
                let s0 = D4(repeating: ar0[p * cs]), s1 = D4(repeating: ar1[p * cs])
                x0 += s0 * b0; x1 += s0 * b1; x2 += s0 * b2; x3 += s0 * b3
                y0 += s1 * b0; y1 += s1 * b1; y2 += s1 * b2; y3 += s1 * b3
            }
            let c0 = c + i * n + j0, c1 = c + (i + 1) * n + j0
            store4(load4(c0) + x0, c0); store4(load4(c0 + 4) + x1, c0 + 4)
            store4(load4(c0 + 8) + x2, c0 + 8); store4(load4(c0 + 12) + x3, c0 + 12)
            store4(load4(c1) + y0, c1); store4(load4(c1 + 4) + y1, c1 + 4)
            store4(load4(c1 + 8) + y2, c1 + 8); store4(load4(c1 + 12) + y3, c1 + 12)
            i += 2
        }
        if i < m {
            var x0 = D4(), x1 = D4(), x2 = D4(), x3 = D4()
            let ar0 = a + i * rs
            for p in 0..<k {
                let bp = b + p * n + j0
                let s0 = D4(repeating: ar0[p * cs])
                x0 += s0 * load4(bp); x1 += s0 * load4(bp + 4); x2 += s0 * load4(bp + 8); x3 += s0 * load4(bp + 12)
            }
            let c0 = c + i * n + j0
            store4(load4(c0) + x0, c0); store4(load4(c0 + 4) + x1, c0 + 4)
            store4(load4(c0 + 8) + x2, c0 + 8); store4(load4(c0 + 12) + x3, c0 + 12)
        }
        j0 += 16
    }
    if j0 < n {
        // Remaining < 16 columns: one row at a time, axpy form.
        let w = n - j0
        for i in 0..<m {
            let ar = a + i * rs, cr = c + i * n + j0
            for p in 0..<k {
                let s = ar[p * cs]
                if s != 0 { kaxpy(s, b + p * n + j0, cr, w) }
            }
        }
    }
}
