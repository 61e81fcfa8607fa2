import Foundation

/// Eigenvalues (ascending) and, when asked for, unit eigenvectors of a real symmetric matrix.
public struct SymmetricEigendecomposition: Sendable, Equatable {
    /// Matrix order n.
    public let n: Int
    /// All n eigenvalues, ascending.
    public let values: [Double]
    /// n×n row-major; row j is the unit eigenvector of `values[j]` (empty for the values-only path).
    public let vectors: [Double]

    /// The unit eigenvector belonging to `values[j]`.
    public func vector(_ j: Int) -> [Double] { Array(vectors[(j * n)..<((j + 1) * n)]) }
}

/// Pure-Swift symmetric eigensolver: Householder reduction to tridiagonal form followed by the implicit
/// QL algorithm (the EISPACK tred2/tql2 route, as in JAMA), in two paths:
/// - `eigenvalues(_:n:)`: no vector accumulation. Above two panels the reduction is blocked (dsytrd style,
///   BlockedTridiagonalization.swift); below, fused so that each Householder step makes ONE pass over the
///   trailing triangle (the previous step's rank-2 update and this step's symmetric matrix-vector product
///   in the same loop). The tridiagonal eigenvalues then come from the root-free QL (RootFreeQL.swift).
/// - `decompose(_:n:)`: the same reduction, keeping the Householder vectors; QL rotations are
///   accumulated on contiguous rows, then the reflections are applied to get the vectors of A.
/// Only the upper triangle (column ≥ row) of the row-major input is read.
public enum SymmetricEigensolver {
    /// All eigenvalues of the symmetric n×n matrix `a` (row-major), ascending.
    public static func eigenvalues(_ a: [Double], n: Int) -> [Double] {
        eigenvalues(a, n: n, isCancelled: { false }) ?? []
    }

    /// The same, consulting `isCancelled` before each Householder reflector: nil when it fired.
    public static func eigenvalues(_ a: [Double], n: Int, isCancelled: () -> Bool) -> [Double]? {
        precondition(a.count == n * n, "matrix must be n×n")
        if n == 0 { return [] }
        var work = a
        var d = [Double](repeating: 0, count: n), e = [Double](repeating: 0, count: n)
        var betas = [Double](repeating: 0, count: n)
        guard tridiagonalize(&work, n: n, d: &d, e: &e, betas: &betas, isCancelled: isCancelled) else { return nil }
        var values = d, off = e
        if !rootFreeQL(d: &values, e: &off, n: n) {
            // Not converged (never seen; dsterf's limit of 30n sweeps): the tql route on the same T.
            values = d
            qlImplicit(d: &values, e: &e, vectorsT: nil, n: n)
        }
        values.sort()
        return values
    }

    /// Eigenvalues (ascending) and unit eigenvectors of the symmetric n×n matrix `a` (row-major).
    public static func decompose(_ a: [Double], n: Int) -> SymmetricEigendecomposition {
        decompose(a, n: n, isCancelled: { false }) ?? SymmetricEigendecomposition(n: 0, values: [], vectors: [])
    }

    /// The same, consulting `isCancelled` before each reflector, each eigenvalue of the QL iteration and each
    /// back-transformed row (each O(n²) work): nil when it fired.
    public static func decompose(_ a: [Double], n: Int, isCancelled: () -> Bool) -> SymmetricEigendecomposition? {
        precondition(a.count == n * n, "matrix must be n×n")
        if n == 0 { return SymmetricEigendecomposition(n: 0, values: [], vectors: []) }
        var work = a
        var d = [Double](repeating: 0, count: n), e = [Double](repeating: 0, count: n)
        var betas = [Double](repeating: 0, count: n)
        guard tridiagonalize(&work, n: n, d: &d, e: &e, betas: &betas, isCancelled: isCancelled) else { return nil }
        // Zt: row i = eigenvector i of T (starts as the identity; QL rotations act on pairs of rows).
        var zt = [Double](repeating: 0, count: n * n)
        for i in 0..<n { zt[i * n + i] = 1 }
        guard qlImplicit(d: &d, e: &e, vectorsT: &zt, n: n, isCancelled: isCancelled) else { return nil }
        // Back-transform: x = Q z = H_0(H_1(…H_{n−3} z)); v_k is stored in row k, columns k+1..<n.
        var complete = true
        work.withUnsafeBufferPointer { wp in
            zt.withUnsafeMutableBufferPointer { zp in
                guard let w = wp.baseAddress, let z = zp.baseAddress else { return }
                for r in 0..<n {
                    if isCancelled() { complete = false; return }
                    let zr = z + r * n
                    var k = n - 3
                    while k >= 0 {
                        let beta = betas[k]
                        if beta != 0 {
                            let v = w + k * n + (k + 1), m = n - k - 1
                            let s = beta * kdot(v, zr + k + 1, m)
                            kaxpy(-s, v, zr + k + 1, m)
                        }
                        k -= 1
                    }
                }
            }
        }
        guard complete else { return nil }
        let order = (0..<n).sorted { d[$0] < d[$1] }
        var values = [Double](repeating: 0, count: n), vectors = [Double](repeating: 0, count: n * n)
        for (dst, src) in order.enumerated() {
            values[dst] = d[src]
            for c in 0..<n { vectors[dst * n + c] = zt[src * n + c] }
        }
        return SymmetricEigendecomposition(n: n, values: values, vectors: vectors)
    }

    /// Eigenvalues (ascending) of the symmetric tridiagonal matrix with `diagonal` (n) and `offDiagonal`
    /// (n−1 entries, T[i, i+1]).
    public static func tridiagonalEigenvalues(diagonal: [Double], offDiagonal: [Double]) -> [Double] {
        let n = diagonal.count
        precondition(offDiagonal.count == max(n - 1, 0))
        if n == 0 { return [] }
        var d = diagonal, e = offDiagonal + [0]
        qlImplicit(d: &d, e: &e, vectorsT: nil, n: n)
        d.sort()
        return d
    }

    /// Eigen-decomposition of a symmetric tridiagonal matrix (used by Lanczos for Ritz vectors / SLQ
    /// weights): values ascending, rows of `vectors` are unit eigenvectors.
    public static func tridiagonalDecompose(diagonal: [Double], offDiagonal: [Double]) -> SymmetricEigendecomposition {
        let n = diagonal.count
        if n == 0 { return SymmetricEigendecomposition(n: 0, values: [], vectors: []) }
        var d = diagonal, e = offDiagonal + [0]
        var zt = [Double](repeating: 0, count: n * n)
        for i in 0..<n { zt[i * n + i] = 1 }
        qlImplicit(d: &d, e: &e, vectorsT: &zt, n: n)
        let order = (0..<n).sorted { d[$0] < d[$1] }
        var values = [Double](repeating: 0, count: n), vectors = [Double](repeating: 0, count: n * n)
        for (dst, src) in order.enumerated() {
            values[dst] = d[src]
            for c in 0..<n { vectors[dst * n + c] = zt[src * n + c] }
        }
        return SymmetricEigendecomposition(n: n, values: values, vectors: vectors)
    }

    // MARK: - Householder tridiagonalisation (fused, upper triangle)

    /// Reduces `a` to tridiagonal T = Qᵀ A Q: `d` diagonal, `e[k]` = T[k, k+1] (e[n−1] = 0). Row k of `a`
    /// (columns k+1..<n) ends up holding the Householder vector v_k of H_k = I − β_k v_k v_kᵀ.
    /// `isCancelled` is consulted before each reflector; false when it fired (then nothing is usable).
    @discardableResult
    static func tridiagonalize(_ a: inout [Double], n: Int, d: inout [Double], e: inout [Double],
                               betas: inout [Double], isCancelled: () -> Bool = { false }) -> Bool {
        if n > 2 * tridiagonalBlockSize {
            return tridiagonalizeBlocked(&a, n: n, d: &d, e: &e, betas: &betas, isCancelled: isCancelled)
        } else {
            return tridiagonalizeUnblocked(&a, n: n, d: &d, e: &e, betas: &betas, isCancelled: isCancelled)
        }
    }

    /// The unblocked reduction (one fused sweep of the trailing triangle per step): used below two panels,
    /// and the reference the blocked path is tested against.
    @discardableResult
    static func tridiagonalizeUnblocked(_ a: inout [Double], n: Int, d: inout [Double], e: inout [Double],
                                        betas: inout [Double], isCancelled: () -> Bool = { false }) -> Bool {
        var complete = true
        var vNew = [Double](repeating: 0, count: n), p = [Double](repeating: 0, count: n)
        var vOld = [Double](repeating: 0, count: n), wOld = [Double](repeating: 0, count: n)
        a.withUnsafeMutableBufferPointer { ab in
        vNew.withUnsafeMutableBufferPointer { vb in
        p.withUnsafeMutableBufferPointer { pb in
        vOld.withUnsafeMutableBufferPointer { vob in
        wOld.withUnsafeMutableBufferPointer { wob in
            guard let A = ab.baseAddress, var v = vb.baseAddress, let p = pb.baseAddress,
                  var vo = vob.baseAddress, let wo = wob.baseAddress else { return }
            /// Applies the previous step's rank-2 update A −= v wᵀ + w vᵀ to row j, columns j..<n.
            func updateRow(_ j: Int) {
                let row = A + j * n, vj = vo[j], wj = wo[j]
                for i in j..<n { row[i] -= vj * wo[i] + wj * vo[i] }
            }
            for k in 0..<n {
                if isCancelled() { complete = false; return }
                updateRow(k)   // a no-op when nothing is pending ((vo, wo) are zero there)
                d[k] = A[k * n + k]
                if k >= n - 2 {
                    e[k] = k == n - 2 ? A[k * n + k + 1] : 0
                    betas[k] = 0
                    continue
                }
                // Householder vector for x = A[k, k+1..<n].
                let x = A + k * n + (k + 1), m = n - k - 1
                // Scale x by max|x_i| first so σ² can neither underflow nor overflow (tiny Hessian entries of
                // dead units gave β = ∞ and NaNs without it); the reflection is scale-invariant.
                var scale = 0.0
                for i in 0..<m { scale = max(scale, Swift.abs(x[i])) }
                var beta = 0.0
                for i in (k + 1)..<n { v[i] = 0; p[i] = 0 }
                if scale > 0 && scale.isFinite {
                    for i in 0..<m { v[k + 1 + i] = x[i] / scale }
                    let sigma = kdot(v + k + 1, v + k + 1, m).squareRoot()
                    let x0 = v[k + 1]
                    let alpha = x0 >= 0 ? -sigma : sigma
                    v[k + 1] -= alpha
                    beta = 1 / (sigma * (sigma + Swift.abs(x0)))
                    e[k] = alpha * scale
                    for i in 0..<m { x[i] = v[k + 1 + i] }   // keep v_k for the vectors path
                } else {
                    e[k] = x[0]
                    for i in 0..<m { x[i] = 0 }
                }
                betas[k] = beta
                // One sweep over rows j > k: finish the pending update, accumulate p = B v. Rows go in pairs
                // so the loads of v, p and the pending (v, w) are shared by two rows. When nothing is pending,
                // (vo, wo) are zero on these indices and the update is a no-op.
                var j = k + 1
                while j < n {
                    let r0 = A + j * n
                    let voj0 = vo[j], woj0 = wo[j], vj0 = v[j]
                    let a00 = r0[j] - 2 * voj0 * woj0
                    r0[j] = a00
                    if j + 1 < n {
                        let j1 = j + 1, r1 = A + j1 * n
                        let voj1 = vo[j1], woj1 = wo[j1], vj1 = v[j1]
                        let a01 = r0[j1] - (voj0 * woj1 + woj0 * voj1)
                        r0[j1] = a01
                        let a11 = r1[j1] - 2 * voj1 * woj1
                        r1[j1] = a11
                        var acc0 = a00 * vj0 + a01 * vj1, acc1 = a11 * vj1
                        p[j1] += vj0 * a01
                        let i0 = j + 2, len = n - i0
                        if len > 0 {
                            let x0 = r0 + i0, x1 = r1 + i0, vv = v + i0, pp = p + i0, vo1 = vo + i0, wo1 = wo + i0
                            let a0 = D4(repeating: voj0), b0 = D4(repeating: woj0), c0 = D4(repeating: vj0)
                            let a1 = D4(repeating: voj1), b1 = D4(repeating: woj1), c1 = D4(repeating: vj1)
                            var s0 = D4(), s1 = D4()
                            var i = 0
                            while i + 4 <= len {
                                let w4 = load4(wo1 + i), u4 = load4(vo1 + i), v4 = load4(vv + i)
                                let y0 = load4(x0 + i) - (a0 * w4 + b0 * u4)
                                let y1 = load4(x1 + i) - (a1 * w4 + b1 * u4)
                                store4(y0, x0 + i); store4(y1, x1 + i)
                                s0 += y0 * v4; s1 += y1 * v4
                                store4(load4(pp + i) + (c0 * y0 + c1 * y1), pp + i)
                                i += 4
                            }
                            while i < len {
                                let y0 = x0[i] - (voj0 * wo1[i] + woj0 * vo1[i])
                                let y1 = x1[i] - (voj1 * wo1[i] + woj1 * vo1[i])
                                x0[i] = y0; x1[i] = y1
                                acc0 += y0 * vv[i]; acc1 += y1 * vv[i]
                                pp[i] += vj0 * y0 + vj1 * y1
                                i += 1
                            }
                            acc0 += s0.sum(); acc1 += s1.sum()
                        }
                        p[j] += acc0
                        p[j1] += acc1
                        j += 2
                    } else {
                        p[j] += a00 * vj0   // the last row has no columns to its right
                        j += 1
                    }
                }
                // w = βp − (β²/2)(pᵀv) v, then it becomes the pending update.
                var pv = 0.0
                for i in (k + 1)..<n { p[i] *= beta; pv += p[i] * v[i] }
                let kk = 0.5 * beta * pv
                for i in (k + 1)..<n { p[i] -= kk * v[i] }
                swap(&vo, &v)
                for i in (k + 1)..<n { wo[i] = p[i] }
                vo[k] = 0; wo[k] = 0
            }

        }}}}}
        return complete
    }

    // MARK: - Implicit QL (tql2), optional accumulation of rotations on rows of `vectorsT`

    /// Diagonalises the tridiagonal (d, e) in place (e[i] = T[i, i+1], e[n−1] = 0). When `vectorsT` is given,
    /// the rotations are applied to its rows (row i ↔ column i of JAMA's V).
    /// `isCancelled` is consulted before each eigenvalue l (with vectors, each costs O(n²)); false when it fired.
    @discardableResult
    static func qlImplicit(d: inout [Double], e: inout [Double], vectorsT: UnsafeMutablePointer<[Double]>?, n: Int,
                           isCancelled: () -> Bool = { false }) -> Bool {
        var f = 0.0, tst1 = 0.0
        let eps = Double.ulpOfOne
        for l in 0..<n {
            if isCancelled() { return false }
            tst1 = max(tst1, Swift.abs(d[l]) + Swift.abs(e[l]))
            var m = l
            while m < n - 1 { if Swift.abs(e[m]) <= eps * tst1 { break }; m += 1 }
            if m > l {
                var iter = 0
                repeat {
                    iter += 1
                    var g = d[l]
                    var p = (d[l + 1] - g) / (2 * e[l])
                    var r = hypot(p, 1)
                    if p < 0 { r = -r }
                    d[l] = e[l] / (p + r)
                    d[l + 1] = e[l] * (p + r)
                    let dl1 = d[l + 1]
                    var h = g - d[l]
                    if l + 2 < n { for i in (l + 2)..<n { d[i] -= h } }
                    f += h
                    p = d[m]
                    var c = 1.0, c2 = 1.0, c3 = 1.0, s = 0.0, s2 = 0.0
                    let el1 = e[l + 1]
                    var i = m - 1
                    while i >= l {
                        c3 = c2; c2 = c; s2 = s
                        g = c * e[i]; h = c * p
                        r = hypot(p, e[i])
                        e[i + 1] = s * r
                        s = e[i] / r; c = p / r
                        p = c * d[i] - s * g
                        d[i + 1] = h + s * (c * g + s * d[i])
                        if let vt = vectorsT { rotateRows(vt, i, i + 1, c: c, s: s, n: n) }
                        i -= 1
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1
                    e[l] = s * p
                    d[l] = c * p
                } while Swift.abs(e[l]) > eps * tst1 && iter < 100
            }
            d[l] += f
            e[l] = 0
        }
        return true
    }

    /// (row a, row b) ← (c·a − s·b, s·a + c·b), contiguous rows of length n.
    private static func rotateRows(_ vt: UnsafeMutablePointer<[Double]>, _ a: Int, _ b: Int, c: Double, s: Double, n: Int) {
        vt.pointee.withUnsafeMutableBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            let ra = base + a * n, rb = base + b * n
            let c4 = D4(repeating: c), s4 = D4(repeating: s)
            var k = 0
            while k + 4 <= n {
                let x = load4(ra + k), y = load4(rb + k)
                store4(c4 * x - s4 * y, ra + k)
                store4(s4 * x + c4 * y, rb + k)
                k += 4
            }
            while k < n { let x = ra[k], y = rb[k]; ra[k] = c * x - s * y; rb[k] = s * x + c * y; k += 1 }
        }
    }
}
