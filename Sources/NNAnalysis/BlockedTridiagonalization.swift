/// Blocked Householder tridiagonalisation (LAPACK dsytrd/dlatrd, "lower" in column-major terms = our
/// row-major upper triangle, where row k beyond the diagonal is contiguous).
///
/// Why: the unblocked reduction reads AND writes the whole trailing triangle at every step (the rank-2
/// update), so it is bound by cache bandwidth. Here a panel of `nb` reflectors is built while the trailing
/// matrix is only read (one symmetric matrix-vector product per reflector, corrected for the panel's
/// pending updates), and the matrix is written once per panel by a register-blocked rank-2·nb update.
/// The reflectors, d, e and β are the same as the unblocked path's up to round-off.
/// The two kernels use fused multiply-add (`addingProduct`): one vfmadd per product with the package's
/// `-target-cpu haswell` on x86-64 (native on arm64). Without an FMA target it would become a libm call
/// (see Kernels.swift), so keep that flag where these kernels are built.
extension SymmetricEigensolver {
    /// Panel width of the blocked reduction (LAPACK's default for dsytrd is 32).
    static let tridiagonalBlockSize = 32

    /// Same contract as `tridiagonalizeUnblocked`: T = Qᵀ A Q with `d` diagonal, `e[k]` = T[k, k+1]
    /// (e[n−1] = 0); row k of `a` (columns k+1..<n) ends up holding v_k of H_k = I − β_k v_k v_kᵀ.
    static func tridiagonalizeBlocked(_ a: inout [Double], n: Int, d: inout [Double], e: inout [Double],
                                      betas: inout [Double], blockSize: Int = tridiagonalBlockSize) {
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
        (y + s).update(repeating: 0, count: n - s)
        var j = s
        while j + 4 <= n {
            let r0 = A + j * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n
            let v0 = v[j], v1 = v[j + 1], v2 = v[j + 2], v3 = v[j + 3]
            // The 4×4 diagonal block, from its upper triangle.
            let a01 = r0[j + 1], a02 = r0[j + 2], a03 = r0[j + 3], a12 = r1[j + 2], a13 = r1[j + 3], a23 = r2[j + 3]
            var t0 = r0[j] * v0 + a01 * v1 + a02 * v2 + a03 * v3
            var t1 = a01 * v0 + r1[j + 1] * v1 + a12 * v2 + a13 * v3
            var t2 = a02 * v0 + a12 * v1 + r2[j + 2] * v2 + a23 * v3
            var t3 = a03 * v0 + a13 * v1 + a23 * v2 + r3[j + 3] * v3
            let i0 = j + 4
            var s0 = D4(), s1 = D4(), s2 = D4(), s3 = D4()
            let b0 = D4(repeating: v0), b1 = D4(repeating: v1), b2 = D4(repeating: v2), b3 = D4(repeating: v3)
            var i = i0
            while i + 4 <= n {
                let x = load4(v + i)
                let a0 = load4(r0 + i), a1 = load4(r1 + i), a2 = load4(r2 + i), a3 = load4(r3 + i)
                s0 = s0.addingProduct(a0, x); s1 = s1.addingProduct(a1, x)
                s2 = s2.addingProduct(a2, x); s3 = s3.addingProduct(a3, x)
                let t = (a0 * b0).addingProduct(a1, b1) + (a2 * b2).addingProduct(a3, b3)
                store4(load4(y + i) + t, y + i)
                i += 4
            }
            while i < n {
                let x = v[i], a0 = r0[i], a1 = r1[i], a2 = r2[i], a3 = r3[i]
                t0 += a0 * x; t1 += a1 * x; t2 += a2 * x; t3 += a3 * x
                y[i] += (a0 * v0 + a1 * v1) + (a2 * v2 + a3 * v3)
                i += 1
            }
            y[j] += t0 + s0.sum(); y[j + 1] += t1 + s1.sum(); y[j + 2] += t2 + s2.sum(); y[j + 3] += t3 + s3.sum()
            j += 4
        }
        while j < n {
            let r = A + j * n, vj = v[j]
            var t = r[j] * vj
            for i in (j + 1)..<max(j + 1, n) { t += r[i] * v[i]; y[i] += r[i] * vj }
            y[j] += t
            j += 1
        }
    }

    /// A[j, i] += Σ_q left[j, q]·R[q, i] for s ≤ j ≤ i < n, where R's rows are w_0…w_{width−1} then
    /// v_0…v_{width−1} (each a row of length n) and `left` is (n × k) row-major, k = 2·width. Tiles of
    /// 4 rows × 12 columns keep twelve SIMD4 accumulators in registers while q runs over k; tiles that
    /// straddle the diagonal also write a few entries below it, which are never read.
    static func syr2kUpper(_ A: UnsafeMutablePointer<Double>, n: Int, from s: Int, left: UnsafePointer<Double>,
                           k: Int, wRows: UnsafePointer<Double>, vRows: UnsafePointer<Double>, width: Int) {
        @inline(__always) func rrow(_ q: Int) -> UnsafePointer<Double> {
            q < width ? wRows + q * n : vRows + (q - width) * n
        }
        // Columns s..<s+r (r < 12) first: only the rows j ≤ i < s + r, a small triangle near the diagonal.
        let r = (n - s) % 12
        for j in s..<(s + r) { for i in j..<(s + r) { A[j * n + i] += rowDot(left + j * k, k, i) } }
        var i0 = s + r
        while i0 + 12 <= n {
            var j = s
            // Row tiles whose first row is at most the block's last column (a tile may reach below the
            // diagonal; it never reaches past row n − 1).
            while j < i0 + 12 && j + 4 <= n {
                let l0 = left + j * k, l1 = l0 + k, l2 = l1 + k, l3 = l2 + k
                var x0 = D4(), x1 = D4(), x2 = D4(), y0 = D4(), y1 = D4(), y2 = D4()
                var z0 = D4(), z1 = D4(), z2 = D4(), u0 = D4(), u1 = D4(), u2 = D4()
                for half in 0..<2 {
                    let base = (half == 0 ? wRows : vRows) + i0, lo = half &* width
                    for q in 0..<width {
                        let r = base + q &* n, ql = lo &+ q
                        let b0 = load4(r), b1 = load4(r + 4), b2 = load4(r + 8)
                        let s0 = D4(repeating: l0[ql]), s1 = D4(repeating: l1[ql])
                        x0 = x0.addingProduct(s0, b0); x1 = x1.addingProduct(s0, b1); x2 = x2.addingProduct(s0, b2)
                        y0 = y0.addingProduct(s1, b0); y1 = y1.addingProduct(s1, b1); y2 = y2.addingProduct(s1, b2)
                        let s2 = D4(repeating: l2[ql]), s3 = D4(repeating: l3[ql])
                        z0 = z0.addingProduct(s2, b0); z1 = z1.addingProduct(s2, b1); z2 = z2.addingProduct(s2, b2)
                        u0 = u0.addingProduct(s3, b0); u1 = u1.addingProduct(s3, b1); u2 = u2.addingProduct(s3, b2)
                    }
                }
                let c0 = A + j * n + i0, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n
                store4(load4(c0) + x0, c0); store4(load4(c0 + 4) + x1, c0 + 4); store4(load4(c0 + 8) + x2, c0 + 8)
                store4(load4(c1) + y0, c1); store4(load4(c1 + 4) + y1, c1 + 4); store4(load4(c1 + 8) + y2, c1 + 8)
                store4(load4(c2) + z0, c2); store4(load4(c2 + 4) + z1, c2 + 4); store4(load4(c2 + 8) + z2, c2 + 8)
                store4(load4(c3) + u0, c3); store4(load4(c3 + 4) + u1, c3 + 4); store4(load4(c3 + 8) + u2, c3 + 8)
                j += 4
            }
            // The last rows of the matrix (fewer than 4), on and above the diagonal.
            while j < i0 + 12 {
                for i in max(i0, j)..<(i0 + 12) { A[j * n + i] += rowDot(left + j * k, k, i) }
                j += 1
            }
            i0 += 12
        }
        @inline(__always) func rowDot(_ l: UnsafePointer<Double>, _ k: Int, _ i: Int) -> Double {
            var t = 0.0
            for q in 0..<k { t += l[q] * rrow(q)[i] }
            return t
        }
    }
}
