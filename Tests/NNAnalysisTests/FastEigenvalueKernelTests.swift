import Foundation
import Testing
@testable import NNAnalysis

/// The blocked tridiagonalisation and the root-free QL, each against the simple implementation it replaces
/// (the unblocked reduction, the tql route) and against independent references (a known spectrum under an
/// orthogonal similarity, the Jacobi oracle, closed forms).
@Suite struct FastEigenvalueKernelTests {
    /// Eigenvalues of T = tridiag(d, e) by the tql route (the reference for the root-free QL).
    func tqlEigenvalues(_ d: [Double], _ e: [Double]) -> [Double] {
        var x = d, y = e
        SymmetricEigensolver.qlImplicit(d: &x, e: &y, vectorsT: nil, n: d.count)
        return x.sorted()
    }

    func reduce(_ a: [Double], n: Int, blockSize: Int?) -> (d: [Double], e: [Double], betas: [Double], work: [Double]) {
        var w = a, d = [Double](repeating: 0, count: n), e = d, b = d
        if let blockSize {
            SymmetricEigensolver.tridiagonalizeBlocked(&w, n: n, d: &d, e: &e, betas: &b, blockSize: blockSize)
        } else {
            SymmetricEigensolver.tridiagonalizeUnblocked(&w, n: n, d: &d, e: &e, betas: &b)
        }
        return (d, e, b, w)
    }

    /// Odd sizes and sizes around panel boundaries (n = k·nb, k·nb ± 1, and the 12-column tiles of the
    /// trailing update), several panel widths.
    @Test(arguments: [(5, 2), (9, 4), (16, 4), (17, 4), (31, 8), (33, 8), (40, 8), (41, 3), (50, 16), (71, 32)])
    func blockedMatchesUnblockedReduction(n: Int, nb: Int) {
        var rng = AnalysisRNG(seed: UInt64(1000 + n * 7 + nb))
        let a = randomSymmetric(n, rng: &rng)
        let u = reduce(a, n: n, blockSize: nil), b = reduce(a, n: n, blockSize: nb)
        // Same reflectors up to round-off: d, e (with sign), β and the stored v_k. (The reduction is backward
        // stable, not forward stable: two summation orders can move d, e by far more than ε‖A‖, so this
        // only catches gross slips; the similarity check below is the exact one.)
        #expect(maxAbsDiff(u.d, b.d) < 1e-9)
        #expect(maxAbsDiff(u.e, b.e) < 1e-9)
        for k in 0..<n {
            #expect(Swift.abs(u.betas[k] - b.betas[k]) <= 1e-9 * Swift.max(1, Swift.abs(u.betas[k])))
            for i in (k + 1)..<n { #expect(Swift.abs(u.work[k * n + i] - b.work[k * n + i]) < 1e-9) }
        }
        // Q = H_0 H_1 … H_{n−3} from the blocked path's own reflectors: Q orthogonal and QᵀAQ = T.
        var q = [Double](repeating: 0, count: n * n)
        for i in 0..<n { q[i * n + i] = 1 }
        for k in stride(from: n - 3, through: 0, by: -1) where b.betas[k] != 0 {
            // Q ← H_k Q, H_k = I − β v vᵀ with v in row k, columns k+1..<n.
            for c in 0..<n {
                var s = 0.0
                for i in (k + 1)..<n { s += b.work[k * n + i] * q[i * n + c] }
                s *= b.betas[k]
                for i in (k + 1)..<n { q[i * n + c] -= s * b.work[k * n + i] }
            }
        }
        var sym = a
        for i in 0..<n { for j in 0..<i { sym[i * n + j] = sym[j * n + i] } }
        var worstT = 0.0, worstQ = 0.0
        for i in 0..<n {
            let aqi = matVec(sym, (0..<n).map { q[$0 * n + i] }, n: n)   // A · (column i of Q)
            for j in 0..<n {
                var t = 0.0, o = 0.0
                for r in 0..<n { t += q[r * n + j] * aqi[r]; o += q[r * n + j] * q[r * n + i] }
                let want = i == j ? b.d[i] : (j == i + 1 ? b.e[i] : (i == j + 1 ? b.e[j] : 0))
                worstT = Swift.max(worstT, Swift.abs(t - want))
                worstQ = Swift.max(worstQ, Swift.abs(o - (i == j ? 1 : 0)))
            }
        }
        #expect(worstT < 1e-13 * Double(n))
        #expect(worstQ < 1e-14 * Double(n))
        // And the eigenvalues of the two T's agree with the Jacobi oracle on A.
        let jac = JacobiEigensolver.decompose(a, n: n).values
        #expect(maxAbsDiff(tqlEigenvalues(b.d, b.e), jac) < 1e-11)
    }

    @Test(arguments: [65, 97, 130])
    func blockedPathKnownSpectrum(n: Int) {
        // Above two panels `eigenvalues` and `decompose` take the blocked path.
        var rng = AnalysisRNG(seed: UInt64(n))
        let lambda = (0..<n).map { _ in rng.uniform(-3, 3) }.sorted()
        let a = symmetricWithSpectrum(lambda, rng: &rng)
        #expect(maxAbsDiff(SymmetricEigensolver.eigenvalues(a, n: n), lambda) < 1e-12 * Double(n))
        let dec = SymmetricEigensolver.decompose(a, n: n)
        #expect(maxAbsDiff(dec.values, lambda) < 1e-12 * Double(n))
        for j in stride(from: 0, to: n, by: 13) {
            let v = dec.vector(j)
            let res = norm(zip(matVec(a, v, n: n), v).map { $0 - dec.values[j] * $1 })
            #expect(res < 1e-11)
        }
    }

    @Test func blockedReductionHandlesZeroAndDiagonalColumns() {
        // Zero rows inside the panel (β = 0 steps) and a block-diagonal matrix.
        let n = 20
        var rng = AnalysisRNG(seed: 5)
        var a = randomSymmetric(n, rng: &rng)
        for i in 0..<n { a[3 * n + i] = 0; a[i * n + 3] = 0; a[11 * n + i] = 0; a[i * n + 11] = 0 }
        let u = reduce(a, n: n, blockSize: nil), b = reduce(a, n: n, blockSize: 4)
        #expect(maxAbsDiff(tqlEigenvalues(u.d, u.e), tqlEigenvalues(b.d, b.e)) < 1e-12)
        #expect(maxAbsDiff(tqlEigenvalues(b.d, b.e), JacobiEigensolver.decompose(a, n: n).values) < 1e-11)
    }

    @Test(arguments: [2, 3, 8, 57, 300])
    func rootFreeMatchesTqlOnRandomTridiagonals(n: Int) {
        var rng = AnalysisRNG(seed: UInt64(77 + n))
        let d = (0..<n).map { _ in rng.uniform(-1, 1) }, e = (0..<n).map { i in i < n - 1 ? rng.uniform(-1, 1) : 0 }
        var x = d, y = e
        #expect(SymmetricEigensolver.rootFreeQL(d: &x, e: &y, n: n))
        #expect(maxAbsDiff(x.sorted(), tqlEigenvalues(d, e)) < 1e-13 * Double(n))
    }

    @Test func rootFreeClosedFormsAndSplits() {
        // tridiag(−1, 2, −1): λ_j = 2 − 2cos(jπ/(m+1)); Wilkinson W21+ (nearly equal pairs); a zero diagonal
        // (eigenvalues 2cos(jπ/(m+1))); zeros on the off-diagonal split the matrix into blocks.
        let m = 40
        var d = [Double](repeating: 2, count: m), e = (0..<m).map { $0 < m - 1 ? -1.0 : 0 }
        #expect(SymmetricEigensolver.rootFreeQL(d: &d, e: &e, n: m))
        #expect(maxAbsDiff(d.sorted(), (1...m).map { 2 - 2 * cos(Double($0) * .pi / Double(m + 1)) }.sorted()) < 1e-13)
        var z = [Double](repeating: 0, count: m), ze = (0..<m).map { $0 < m - 1 ? 1.0 : 0 }
        #expect(SymmetricEigensolver.rootFreeQL(d: &z, e: &ze, n: m))
        #expect(maxAbsDiff(z.sorted(), (1...m).map { 2 * cos(Double($0) * .pi / Double(m + 1)) }.sorted()) < 1e-13)
        let wd = (0..<21).map { Swift.abs(Double($0) - 10) }, we = (0..<21).map { $0 < 20 ? 1.0 : 0 }
        var w = wd, wo = we
        #expect(SymmetricEigensolver.rootFreeQL(d: &w, e: &wo, n: 21))
        #expect(maxAbsDiff(w.sorted(), tqlEigenvalues(wd, we)) < 1e-13)
        #expect(Swift.abs((w.max() ?? 0) - 10.746194182903393) < 1e-12)   // W21+'s largest eigenvalue
        var rng = AnalysisRNG(seed: 9)
        let sd = (0..<30).map { _ in rng.uniform(-1, 1) }
        let se = (0..<30).map { i in i % 7 == 3 || i == 29 ? 0 : rng.uniform(-1, 1) }
        var s = sd, so = se
        #expect(SymmetricEigensolver.rootFreeQL(d: &s, e: &so, n: 30))
        #expect(maxAbsDiff(s.sorted(), tqlEigenvalues(sd, se)) < 1e-14)
    }

    @Test(arguments: [1e300, 1e-300])
    func rootFreeScalesExtremeMagnitudes(scale: Double) {
        // The same T scaled by 10^±300: the eigenvalues scale with it (the tql route overflows or loses
        // digits there; the root-free QL rescales each block into a safe range first).
        var rng = AnalysisRNG(seed: 31)
        let d = (0..<50).map { _ in rng.uniform(-1, 1) }, e = (0..<50).map { i in i < 49 ? rng.uniform(-1, 1) : 0 }
        let ref = tqlEigenvalues(d, e)
        var x = d.map { $0 * scale }, y = e.map { $0 * scale }
        #expect(SymmetricEigensolver.rootFreeQL(d: &x, e: &y, n: 50))
        #expect(maxAbsDiff(x.sorted().map { $0 / scale }, ref) < 1e-13)
    }

    @Test func eigenvalues2x2MatchesClosedForm() {
        for (a, b, c) in [(1.5, -0.7, 0.25), (-2.0, 0.5, -3.0), (1.0, 0.0, 1.0), (1.0, 2.0, -1.0)] {
            let (r1, r2) = SymmetricEigensolver.eigenvalues2x2(a, b, c)
            let mid = (a + c) / 2, rad = (((a - c) / 2) * ((a - c) / 2) + b * b).squareRoot()
            #expect(Swift.abs(Swift.min(r1, r2) - (mid - rad)) < 1e-14 && Swift.abs(Swift.max(r1, r2) - (mid + rad)) < 1e-14)
        }
    }
}
