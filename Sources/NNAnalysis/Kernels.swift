import NNCore

/// Small pointer kernels for the analysis code (indexing `[Double]` in inner loops blocks
/// vectorisation; SIMD4 over raw pointers runs 3–4× faster). Reductions are written with explicit SIMD
/// accumulators because the compiler may not reorder floating-point sums by itself.
/// `addingProduct` only where the FMA target feature is on (Package.swift builds this module with
/// `-target-cpu haswell` on x86-64; arm64 always has it): without it, it lowers to a libm `fma` call per
/// element, which made every kernel ~30× slower (measured).
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
                m: Int, n: Int, k: Int, overwrite: Bool = false) {
    kgemmAcc(a, rowStride: k, colStride: 1, b, c, m: m, n: n, k: k, overwrite: overwrite)
}

/// C (m×n) += Aᵀ · B where A is k×m and B is k×n; row-major.
@inlinable
func kgemmTNacc(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
                m: Int, n: Int, k: Int) {
    kgemmAcc(a, rowStride: 1, colStride: m, b, c, m: m, n: n, k: k)
}

/// C[i, j] += Σ_p A(i, p)·B[p, j] with A(i, p) = a[i·rowStride + p·colStride], B k×n and C m×n row-major.
/// Register-blocked: four rows of C × 8 columns stay in eight SIMD4 accumulators while p runs over k, so
/// each B load feeds four rows and C is read and written once per tile (not once per p). Fused multiply-adds
/// (`addingProduct`): one vfmadd each with the package's `-target-cpu haswell` (NEON on arm64), which cut
/// the instructions per multiply-add from ~0.7 to ~0.45 (callgrind, C2 HVP). Column tails (< 8, e.g. the
/// 1-unit output layer) use a 4-wide strip, then per-element dot products.
@inlinable
func kgemmAcc(_ a: UnsafePointer<Double>, rowStride rs: Int, colStride cs: Int, _ b: UnsafePointer<Double>,
              _ c: UnsafeMutablePointer<Double>, m: Int, n: Int, k: Int, overwrite: Bool = false) {
    // With `overwrite` C's old values are not read: each tile is stored from zero plus its sum.
    @inline(__always) func old4(_ p: UnsafeMutablePointer<Double>) -> D4 { overwrite ? D4() : load4(p) }
    var j0 = 0
    while j0 + 8 <= n {
        var i = 0
        while i + 4 <= m {
            var x0 = D4(), x1 = D4(), y0 = D4(), y1 = D4(), z0 = D4(), z1 = D4(), u0 = D4(), u1 = D4()
            let ar0 = a + i &* rs, ar1 = ar0 + rs, ar2 = ar1 + rs, ar3 = ar2 + rs
            var bp = b + j0, off = 0
            for _ in 0..<k {
                let b0 = load4(bp), b1 = load4(bp + 4)
                let s0 = D4(repeating: ar0[off]), s1 = D4(repeating: ar1[off])
                x0 = x0.addingProduct(s0, b0); x1 = x1.addingProduct(s0, b1)
                y0 = y0.addingProduct(s1, b0); y1 = y1.addingProduct(s1, b1)
                let s2 = D4(repeating: ar2[off]), s3 = D4(repeating: ar3[off])
                z0 = z0.addingProduct(s2, b0); z1 = z1.addingProduct(s2, b1)
                u0 = u0.addingProduct(s3, b0); u1 = u1.addingProduct(s3, b1)
                bp += n; off &+= cs
            }
            let c0 = c + (i &* n &+ j0), c1 = c0 + n, c2 = c1 + n, c3 = c2 + n
            store4(old4(c0) + x0, c0); store4(old4(c0 + 4) + x1, c0 + 4)
            store4(old4(c1) + y0, c1); store4(old4(c1 + 4) + y1, c1 + 4)
            store4(old4(c2) + z0, c2); store4(old4(c2 + 4) + z1, c2 + 4)
            store4(old4(c3) + u0, c3); store4(old4(c3 + 4) + u1, c3 + 4)
            i += 4
        }
        while i < m {
            var x0 = D4(), x1 = D4()
            let ar0 = a + i &* rs
            var bp = b + j0, off = 0
            for _ in 0..<k {
                let s0 = D4(repeating: ar0[off])
                x0 = x0.addingProduct(s0, load4(bp)); x1 = x1.addingProduct(s0, load4(bp + 4))
                bp += n; off &+= cs
            }
            let c0 = c + (i &* n &+ j0)
            store4(old4(c0) + x0, c0); store4(old4(c0 + 4) + x1, c0 + 4)
            i += 1
        }
        j0 += 8
    }
    if j0 + 4 <= n {
        for i in 0..<m {
            var x0 = D4()
            let ar0 = a + i &* rs
            var bp = b + j0, off = 0
            for _ in 0..<k {
                x0 = x0.addingProduct(D4(repeating: ar0[off]), load4(bp))
                bp += n; off &+= cs
            }
            let c0 = c + (i &* n &+ j0)
            store4(old4(c0) + x0, c0)
        }
        j0 += 4
    }
    while j0 < n {
        // Fewer than 4 columns left (a 1- or 2-unit layer): a dot product per element.
        for i in 0..<m {
            let ar0 = a + i &* rs
            var t0 = 0.0, t1 = 0.0
            var bp = b + j0, off = 0, p = 0
            while p + 2 <= k {
                t0 += ar0[off] * bp[0]; t1 += ar0[off &+ cs] * bp[n]
                bp += 2 &* n; off &+= 2 &* cs; p += 2
            }
            if p < k { t0 += ar0[off] * bp[0] }
            c[i &* n &+ j0] = (overwrite ? 0 : c[i &* n &+ j0]) + (t0 + t1)
        }
        j0 += 1
    }
}

/// Whether a product of this shape goes through NNCore's packed kernel (``DenseKernels/packedMultiplyAccumulate``):
/// output columns a multiple of 8 and at least 2²⁰ multiply-adds (C3's 1024 × 256 × 256: one HVP 69 → 35 ms
/// CPU). C2's 512 × 32 × 32 stays below: measured, packing did not pay there. Small or ragged products (the
/// 1-unit output layer, the 2-input first layer) keep ``kgemmAcc``.
@inlinable
func prefersPackedGemm(m: Int, n: Int, k: Int) -> Bool { n % 8 == 0 && m * n * k >= 1 << 20 }

/// C (m×n) += A (m×k) · B (k×n); row-major (with `overwrite`, C = A · B and C's old values are never read).
/// Packed route for large shapes (`pack`: scratch of ``DenseKernels/packCapacity(columns:)``(n) values), a dot
/// product per row for one column (the 1-unit output layer), else ``kgemmNNacc``.
func gemmNNacc(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
               m: Int, n: Int, k: Int, pack: UnsafeMutablePointer<Double>, overwrite: Bool = false) {
    if n == 1 {
        for i in 0..<m { c[i] = (overwrite ? 0 : c[i]) + kdot(a + i * k, b, k) }
        return
    }
    guard prefersPackedGemm(m: m, n: n, k: k) else { return kgemmNNacc(a, b, c, m: m, n: n, k: k, overwrite: overwrite) }
    DenseKernels.packedMultiplyAccumulate(a: a, aRowStride: k, aInnerStride: 1, b: b, ldb: n, bTransposed: false,
                                          c: c, ldc: n, rows: m, inner: k, columns: n, pack: pack, accumulate: !overwrite)
}

/// C (m×n) += Aᵀ · B where A is k×m and B is k×n; row-major (with `overwrite`, C = Aᵀ · B). Packed route for
/// large shapes; for 1–3 rows of C (the 1-unit output layer) a row of B at a time; the narrow kernel for 1–3
/// columns (the first layer's weight products against a 1D or 2D input); else ``kgemmTNacc``.
func gemmTNacc(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
               m: Int, n: Int, k: Int, pack: UnsafeMutablePointer<Double>, overwrite: Bool = false) {
    let packed = m >= 4 && !(n < 4 && m >= 8) && prefersPackedGemm(m: m, n: n, k: k)
    if overwrite && !packed { c.update(repeating: 0, count: m * n) }
    if m < 4 && n >= 8 {
        // C's rows stay in L1 while B is read once along its rows (kgemmTNacc's row path walks B down its
        // columns, 8 at a time).
        for p in 0..<k { for i in 0..<m { kaxpy(a[p * m + i], b + p * n, c + i * n, n) } }
        return
    }
    if n < 4 && m >= 8 { return kgemmTNaccNarrow(a, b, c, m: m, n: n, k: k) }
    guard packed else { return kgemmTNacc(a, b, c, m: m, n: n, k: k) }
    DenseKernels.packedMultiplyAccumulate(a: a, aRowStride: 1, aInnerStride: m, b: b, ldb: n, bTransposed: false,
                                          c: c, ldc: n, rows: m, inner: k, columns: n, pack: pack, accumulate: !overwrite)
}

/// C (m×n) += A (m×k) · Bᵀ where B is n×k; row-major (with `overwrite`, C = A · Bᵀ). Packed route (B
/// transposed while packing) for large shapes, else B is not touched, C is untouched, and the caller's
/// fallback runs: returns false.
func gemmNTaccPacked(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
                     m: Int, n: Int, k: Int, pack: UnsafeMutablePointer<Double>, overwrite: Bool = false) -> Bool {
    guard prefersPackedGemm(m: m, n: n, k: k) else { return false }
    DenseKernels.packedMultiplyAccumulate(a: a, aRowStride: k, aInnerStride: 1, b: b, ldb: k, bTransposed: true,
                                          c: c, ldc: n, rows: m, inner: k, columns: n, pack: pack, accumulate: !overwrite)
    return true
}

/// C (m×n) += Aᵀ · B for a narrow B (n < 4 columns; A is k×m, B k×n, row-major). ``kgemmTNacc``'s column tail
/// walks A down its columns (one cache line per element, stride m), which cost ~1 ms per C3 HVP for
/// rd₀ᵀ x; here A is read along its rows, 8 entries of C at a time held in registers while p runs over k.
/// Each element is still Σ_p in order of p from zero, then added to C.
@inlinable
func kgemmTNaccNarrow(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
                      m: Int, n: Int, k: Int) {
    var j = 0
    while j < n {
        let pair = j + 1 < n
        var i0 = 0
        while i0 < m {
            let width = Swift.min(8, m - i0)
            var x0 = D4(), x1 = D4(), y0 = D4(), y1 = D4()
            if width == 8 {
                var ap = a + i0, bp = b + j
                for _ in 0..<k {
                    let a0 = load4(ap), a1 = load4(ap + 4)
                    let s = D4(repeating: bp[0])
                    x0 = x0.addingProduct(s, a0); x1 = x1.addingProduct(s, a1)
                    if pair {
                        let t = D4(repeating: bp[1])
                        y0 = y0.addingProduct(t, a0); y1 = y1.addingProduct(t, a1)
                    }
                    ap += m; bp += n
                }
                for q in 0..<4 {
                    c[(i0 + q) * n + j] += x0[q]; c[(i0 + 4 + q) * n + j] += x1[q]
                    if pair { c[(i0 + q) * n + j + 1] += y0[q]; c[(i0 + 4 + q) * n + j + 1] += y1[q] }
                }
            } else {
                for i in i0..<(i0 + width) {
                    var s0 = 0.0, s1 = 0.0
                    for p in 0..<k {
                        s0 = s0.addingProduct(a[p * m + i], b[p * n + j])
                        if pair { s1 = s1.addingProduct(a[p * m + i], b[p * n + j + 1]) }
                    }
                    c[i * n + j] += s0
                    if pair { c[i * n + j + 1] += s1 }
                }
            }
            i0 += width
        }
        j += pair ? 2 : 1
    }
}
