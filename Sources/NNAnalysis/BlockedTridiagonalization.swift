import CNNKernels

/// Blocked Householder tridiagonalisation (LAPACK dsytrd/dlatrd, "lower" in column-major terms = our
/// row-major upper triangle, where row k beyond the diagonal is contiguous).
///
/// Why: the unblocked reduction reads AND writes the whole trailing triangle at every step (the rank-2
/// update), so it is bound by cache bandwidth. Here a panel of `nb` reflectors is built while the trailing
/// matrix is only read (one symmetric matrix-vector product per reflector, corrected for the panel's
/// pending updates), and the matrix is written once per panel by a register-blocked rank-2·nb update.
/// The reflectors, d, e and β are the same as the unblocked path's up to round-off.
/// The two kernels (symmetric matrix-vector product, rank-2·nb update) run in CNNKernels with fused
/// multiply-adds, in the same order on every kernel path.
extension SymmetricEigensolver {
    /// Panel width of the blocked reduction (LAPACK's default for dsytrd is 32).
    static let tridiagonalBlockSize = 32

    /// Same contract as `tridiagonalizeUnblocked`: T = Qᵀ A Q with `d` diagonal, `e[k]` = T[k, k+1]
    /// (e[n−1] = 0); row k of `a` (columns k+1..<n) ends up holding v_k of H_k = I − β_k v_k v_kᵀ.
    /// `isCancelled` is consulted before each reflector; false when it fired (then nothing is usable).
    @discardableResult
    static func tridiagonalizeBlocked(_ a: inout [Double], n: Int, d: inout [Double], e: inout [Double],
                                      betas: inout [Double], blockSize: Int = tridiagonalBlockSize,
                                      isCancelled: () -> Bool = { false }) -> Bool {
        var complete = true
        let nb = max(1, blockSize)
        // Panel vectors and their w's, one length-n row each (zero before their start), and the packed
        // left operand of the trailing update: row j = (−v_0[j] … −v_{nb−1}[j], −w_0[j] … −w_{nb−1}[j]).
        var vt = [Double](repeating: 0, count: nb * n), wt = vt
        var left = [Double](repeating: 0, count: 2 * nb * n)
        var y = [Double](repeating: 0, count: n)
        var c1 = [Double](repeating: 0, count: nb), c2 = c1
        a.withUnsafeMutableBufferPointer { ab in
        vt.withUnsafeMutableBufferPointer { vb in wt.withUnsafeMutableBufferPointer { wb in
        left.withUnsafeMutableBufferPointer { lb in y.withUnsafeMutableBufferPointer { yb in
        c1.withUnsafeMutableBufferPointer { c1b in c2.withUnsafeMutableBufferPointer { c2b in
            guard let A = ab.baseAddress, let V = vb.baseAddress, let W = wb.baseAddress, let Lp = lb.baseAddress,
                  let Y = yb.baseAddress, let C1 = c1b.baseAddress, let C2 = c2b.baseAddress else { return }
            var k0 = 0
            while k0 < n {
                let width = min(nb, n - k0)
                for p in 0..<width {
                    if isCancelled() { complete = false; return }
                    let k = k0 + p, row = A + k * n
                    // Row k (columns k..<n) gets the panel's pending updates: −Σ_q v_q[k] w_q + w_q[k] v_q.
                    for q in 0..<p {
                        let vq = V + q * n, wq = W + q * n
                        kaxpy(-vq[k], wq + k, row + k, n - k)
                        kaxpy(-wq[k], vq + k, row + k, n - k)
                    }
                    d[k] = row[k]
                    let vp = V + p * n, wp = W + p * n
                    vp.update(repeating: 0, count: n); wp.update(repeating: 0, count: n)
                    if k >= n - 2 {
                        e[k] = k == n - 2 ? row[k + 1] : 0
                        betas[k] = 0
                        continue
                    }
                    let beta = householder(row + k + 1, m: n - k - 1, into: vp + k + 1, offDiagonal: &e[k])
                    betas[k] = beta
                    if beta == 0 { continue }   // w = 0: nothing pending from this step
                    // y = B v over the stored trailing matrix (rows/columns k+1..<n), then the panel's
                    // pending updates: (B − Σ_q v_q w_qᵀ + w_q v_qᵀ) v.
                    symvUpper(A, n: n, from: k + 1, v: vp, y: Y)
                    for q in 0..<p {
                        C1[q] = kdot(W + q * n + k + 1, vp + k + 1, n - k - 1)
                        C2[q] = kdot(V + q * n + k + 1, vp + k + 1, n - k - 1)
                    }
                    for q in 0..<p {
                        kaxpy(-C1[q], V + q * n + k + 1, Y + k + 1, n - k - 1)
                        kaxpy(-C2[q], W + q * n + k + 1, Y + k + 1, n - k - 1)
                    }
                    // w = βp − (β²/2)(pᵀv) v with p = y.
                    var pv = 0.0
                    for i in (k + 1)..<n { Y[i] *= beta; pv += Y[i] * vp[i] }
                    let kk = 0.5 * beta * pv
                    for i in (k + 1)..<n { wp[i] = Y[i] - kk * vp[i] }
                }
                // Trailing update of rows/columns ≥ k0 + width: A −= V Wᵀ + W Vᵀ (upper triangle).
                let s = k0 + width
                if s < n {
                    let kk = 2 * width
                    for j in s..<n {
                        let lr = Lp + j * kk
                        for q in 0..<width { lr[q] = -V[q * n + j]; lr[width + q] = -W[q * n + j] }
                    }
                    // Right operand rows: w_0 … w_{nb−1}, v_0 … v_{nb−1} (row stride n).
                    syr2kUpper(A, n: n, from: s, left: Lp, k: kk, wRows: W, vRows: V, width: width)
                }
                k0 += width
            }
        }}}}}}}
        return complete
    }

    /// Householder vector of x (m entries): fills v (m), sets e = ∓‖x‖, returns β (0 when x = 0 or is not
    /// finite, then v = 0 and e = x₀), and overwrites x with v (kept for the eigenvector back-transform).
    /// x is scaled by max|x_i| first so σ² can neither underflow nor overflow.
    @inline(__always)
    static func householder(_ x: UnsafeMutablePointer<Double>, m: Int, into v: UnsafeMutablePointer<Double>,
                            offDiagonal e: inout Double) -> Double {
        var scale = 0.0
        for i in 0..<m { scale = max(scale, Swift.abs(x[i])) }
        guard scale > 0 && scale.isFinite else {
            e = x[0]
            for i in 0..<m { x[i] = 0; v[i] = 0 }
            return 0
        }
        let inv = 1 / scale
        for i in 0..<m { v[i] = x[i] * inv }
        let sigma = kdot(v, v, m).squareRoot()
        let x0 = v[0]
        let alpha = x0 >= 0 ? -sigma : sigma
        v[0] -= alpha
        e = alpha * scale
        for i in 0..<m { x[i] = v[i] }
        return 1 / (sigma * (sigma + Swift.abs(x0)))
    }

    /// y[s..<n] = B v[s..<n] where B is the symmetric trailing block A[s..<n, s..<n], of which only the
    /// upper triangle (row-major, column ≥ row) is read. Four rows at a time share the loads of v and y.
    static func symvUpper(_ A: UnsafePointer<Double>, n: Int, from s: Int, v: UnsafePointer<Double>,
                          y: UnsafeMutablePointer<Double>) {
        nnk_symv_upper(A, n, s, v, y)
    }

    /// A[j, i] += Σ_q left[j, q]·R[q, i] for s ≤ j ≤ i < n, where R's rows are w_0…w_{width−1} then
    /// v_0…v_{width−1} (each a row of length n) and `left` is (n × k) row-major, k = 2·width. Tiles of
    /// 4 rows × 12 columns keep twelve SIMD4 accumulators in registers while q runs over k; tiles that
    /// straddle the diagonal also write a few entries below it, which are never read.
    static func syr2kUpper(_ A: UnsafeMutablePointer<Double>, n: Int, from s: Int, left: UnsafePointer<Double>,
                           k: Int, wRows: UnsafePointer<Double>, vRows: UnsafePointer<Double>, width: Int) {
        nnk_syr2k_upper(A, n, s, left, k, wRows, vRows, width)
    }
}
