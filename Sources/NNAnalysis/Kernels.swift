import CNNKernels
import NNCore

/// Small pointer kernels for the analysis code: indexing `[Double]` in inner loops blocks vectorisation, so the
/// loops run over raw pointers in the C target CNNKernels (one version per instruction set, chosen at run time;
/// same bits on every path). Swift code here keeps to plain IEEE arithmetic: `addingProduct` on SIMD vectors
/// would lower to a libm `fma` call per element wherever the module is built without an FMA target (the
/// package sets no CPU flags), ~30× slower (measured), so fused products go through the C kernels.
@usableFromInline typealias D4 = SIMD4<Double>

@inlinable @inline(__always)
func load4(_ p: UnsafePointer<Double>) -> D4 {
    UnsafeRawPointer(p).loadUnaligned(as: D4.self)
}

@inlinable @inline(__always)
func store4(_ v: D4, _ p: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: D4.self)
}

/// Σ a[i]·b[i] for i in 0..<n (two four-lane partial sums, no fusion).
@inlinable
func kdot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double { nnk_dot(a, b, n) }

/// y[i] += α·x[i] for i in 0..<n.
@inlinable
func kaxpy(_ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
    nnk_axpy(alpha, x, y, n)
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
/// Register-blocked in CNNKernels: each element of the first n − n mod 4 columns is a fused multiply-add chain in
/// order of p from zero, then added to C (to +0 with `overwrite`, when C's old values are not read); the last
/// 1–3 columns (a 1- or 2-unit layer) a two-way dot product per element.
@inlinable
func kgemmAcc(_ a: UnsafePointer<Double>, rowStride rs: Int, colStride cs: Int, _ b: UnsafePointer<Double>,
              _ c: UnsafeMutablePointer<Double>, m: Int, n: Int, k: Int, overwrite: Bool = false) {
    nnk_gemm_acc(a, rs, cs, b, c, m, n, k, overwrite ? 1 : 0)
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

/// C (m×n) += Aᵀ · B for a narrow B (n < 4 columns; A is k×m, B k×n, row-major). A general column tail would
/// walk A down its columns (one cache line per element, stride m), which cost ~1 ms per C3 HVP for rd₀ᵀ x;
/// here A is read along its rows, 8 entries of C at a time held in registers while p runs over k.
/// Each element is still Σ_p in order of p from zero, then added to C.
@inlinable
func kgemmTNaccNarrow(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
                      m: Int, n: Int, k: Int) {
    nnk_gemm_tn_narrow(a, b, c, m, n, k)
}
