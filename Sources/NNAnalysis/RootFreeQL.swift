import Foundation

/// Eigenvalues of a symmetric tridiagonal matrix by the Pal–Walker–Kahan root-free QL/QR iteration
/// (LAPACK dsterf, which numpy's `eigvalsh` ends in). It works on the squares of the off-diagonal, so its
/// inner loop has two divisions and no square root, where the tql1 route calls `hypot` once per rotation
/// (the `hypot` calls alone were ~8% of a whole C1 eigenvalue computation under callgrind). Each unreduced
/// block is scaled into a safe range, and iterated from the end with the larger diagonal entry (QL from the
/// top, QR from the bottom), as in dsterf.
extension SymmetricEigensolver {
    /// Overwrites `d` (n) with the eigenvalues (unsorted) of the tridiagonal (d, e), e[i] = T[i, i+1]
    /// (e[n−1] is ignored); `e` is destroyed. Returns false if some block did not converge within 30n
    /// iterations (then `d` holds no useful values).
    static func rootFreeQL(d: inout [Double], e: inout [Double], n: Int) -> Bool {
        if n <= 1 { return true }
        let eps = Double.ulpOfOne / 2, eps2 = eps * eps
        let safmin = Double.leastNormalMagnitude, safmax = 1 / safmin
        let ssfmax = safmax.squareRoot() / 3, ssfmin = safmin.squareRoot() / eps2
        let nmaxit = n * 30
        var jtot = 0
        var l1 = 0
        while l1 < n {
            if l1 > 0 { e[l1 - 1] = 0 }
            // The next unreduced block l1...m.
            var m = l1
            while m < n - 1 {
                let tst = Swift.abs(e[m])
                if tst == 0 { break }
                if tst <= (Swift.abs(d[m]).squareRoot() * Swift.abs(d[m + 1]).squareRoot()) * eps { e[m] = 0; break }
                m += 1
            }
            var l = l1
            let lsv = l
            var lend = m
            let lendsv = lend
            l1 = m + 1
            if lend == l { continue }
            var anorm = 0.0
            for i in l...lend { anorm = max(anorm, Swift.abs(d[i])) }
            for i in l..<lend { anorm = max(anorm, Swift.abs(e[i])) }
            if anorm == 0 { continue }
            if !anorm.isFinite { return false }
            var scale = 1.0
            if anorm > ssfmax { scale = ssfmax / anorm } else if anorm < ssfmin { scale = ssfmin / anorm }
            if scale != 1 {
                for i in l...lend { d[i] *= scale }
                for i in l..<lend { e[i] *= scale }
            }
            for i in l..<lend { e[i] *= e[i] }
            if Swift.abs(d[lend]) < Swift.abs(d[l]) { lend = lsv; l = lendsv }
            if lend >= l {
                // QL: deflate from the top.
                while l <= lend {
                    var mm = lend
                    if l != lend {
                        mm = l
                        while mm < lend { if Swift.abs(e[mm]) <= eps2 * Swift.abs(d[mm] * d[mm + 1]) { break }; mm += 1 }
                    }
                    if mm < lend { e[mm] = 0 }
                    var p = d[l]
                    if mm == l { d[l] = p; l += 1; continue }
                    if mm == l + 1 {
                        let (rt1, rt2) = eigenvalues2x2(d[l], e[l].squareRoot(), d[l + 1])
                        d[l] = rt1; d[l + 1] = rt2; e[l] = 0
                        l += 2
                        continue
                    }
                    if jtot == nmaxit { break }
                    jtot += 1
                    let rte = e[l].squareRoot()
                    var sigma = (d[l + 1] - p) / (2 * rte)
                    let r0 = hypot(sigma, 1)
                    sigma = p - rte / (sigma + (sigma >= 0 ? r0 : -r0))
                    var c = 1.0, s = 0.0, gamma = d[mm] - sigma
                    p = gamma * gamma
                    var i = mm - 1
                    while i >= l {
                        let bb = e[i], r = p + bb
                        if i != mm - 1 { e[i + 1] = s * r }
                        let oldc = c
                        c = p / r; s = bb / r
                        let oldgam = gamma, alpha = d[i]
                        gamma = c * (alpha - sigma) - s * oldgam
                        d[i + 1] = oldgam + (alpha - gamma)
                        p = c != 0 ? (gamma * gamma) / c : oldc * bb
                        i -= 1
                    }
                    e[l] = s * p
                    d[l] = sigma + gamma
                }
            } else {
                // QR: deflate from the bottom.
                while l >= lend {
                    var mm = l
                    while mm > lend { if Swift.abs(e[mm - 1]) <= eps2 * Swift.abs(d[mm] * d[mm - 1]) { break }; mm -= 1 }
                    if mm > lend { e[mm - 1] = 0 }
                    var p = d[l]
                    if mm == l { d[l] = p; l -= 1; continue }
                    if mm == l - 1 {
                        let (rt1, rt2) = eigenvalues2x2(d[l], e[l - 1].squareRoot(), d[l - 1])
                        d[l] = rt1; d[l - 1] = rt2; e[l - 1] = 0
                        l -= 2
                        continue
                    }
                    if jtot == nmaxit { break }
                    jtot += 1
                    let rte = e[l - 1].squareRoot()
                    var sigma = (d[l - 1] - p) / (2 * rte)
                    let r0 = hypot(sigma, 1)
                    sigma = p - rte / (sigma + (sigma >= 0 ? r0 : -r0))
                    var c = 1.0, s = 0.0, gamma = d[mm] - sigma
                    p = gamma * gamma
                    for i in mm..<l {
                        let bb = e[i], r = p + bb
                        if i != mm { e[i - 1] = s * r }
                        let oldc = c
                        c = p / r; s = bb / r
                        let oldgam = gamma, alpha = d[i + 1]
                        gamma = c * (alpha - sigma) - s * oldgam
                        d[i] = oldgam + (alpha - gamma)
                        p = c != 0 ? (gamma * gamma) / c : oldc * bb
                    }
                    e[l - 1] = s * p
                    d[l] = sigma + gamma
                }
            }
            if scale != 1 { for i in min(lsv, lendsv)...max(lsv, lendsv) { d[i] /= scale } }
            if jtot >= nmaxit { return false }
        }
        return true
    }

    /// Eigenvalues (rt1 of larger magnitude) of [[a, b], [b, c]], as LAPACK dlae2 computes them.
    static func eigenvalues2x2(_ a: Double, _ b: Double, _ c: Double) -> (Double, Double) {
        let sm = a + c, df = a - c, adf = Swift.abs(df), tb = b + b, ab = Swift.abs(tb)
        let (acmx, acmn) = Swift.abs(a) > Swift.abs(c) ? (a, c) : (c, a)
        let rt: Double
        if adf > ab {
            rt = adf * (1 + (ab / adf) * (ab / adf)).squareRoot()
        } else if adf < ab {
            rt = ab * (1 + (adf / ab) * (adf / ab)).squareRoot()
        } else {
            rt = ab * 2.0.squareRoot()
        }
        if sm < 0 {
            let rt1 = 0.5 * (sm - rt)
            return (rt1, (acmx / rt1) * acmn - (b / rt1) * b)
        } else if sm > 0 {
            let rt1 = 0.5 * (sm + rt)
            return (rt1, (acmx / rt1) * acmn - (b / rt1) * b)
        }
        return (0.5 * rt, -0.5 * rt)
    }
}
