import Foundation

/// Cyclic Jacobi eigenvalue algorithm: a deliberately simple, independent oracle for
/// ``SymmetricEigensolver`` in tests (O(n³) per sweep; use for n ≲ 100).
public enum JacobiEigensolver {
    /// Eigenvalues (ascending) and unit eigenvectors (rows of `vectors`) of the symmetric n×n matrix `a`.
    public static func decompose(_ a: [Double], n: Int, maxSweeps: Int = 100) -> SymmetricEigendecomposition {
        precondition(a.count == n * n)
        if n == 0 { return SymmetricEigendecomposition(n: 0, values: [], vectors: []) }
        var m = a
        // Symmetrise from the upper triangle (the same part the Householder path reads).
        for i in 0..<n { for j in 0..<i { m[i * n + j] = m[j * n + i] } }
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        for _ in 0..<maxSweeps {
            var off = 0.0, total = 0.0
            for i in 0..<n { for j in 0..<n { let x = m[i * n + j] * m[i * n + j]; total += x; if i != j { off += x } } }
            if off <= 1e-30 * total || off == 0 { break }
            for p in 0..<(n - 1) {
                for q in (p + 1)..<n {
                    let apq = m[p * n + q]
                    if apq == 0 { continue }
                    let theta = (m[q * n + q] - m[p * n + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (Swift.abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    // M ← Jᵀ M J with J the rotation in the (p, q) plane.
                    for k in 0..<n {
                        let mkp = m[k * n + p], mkq = m[k * n + q]
                        m[k * n + p] = c * mkp - s * mkq
                        m[k * n + q] = s * mkp + c * mkq
                    }
                    for k in 0..<n {
                        let mpk = m[p * n + k], mqk = m[q * n + k]
                        m[p * n + k] = c * mpk - s * mqk
                        m[q * n + k] = s * mpk + c * mqk
                    }
                    for k in 0..<n {
                        let vkp = v[k * n + p], vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<n).sorted { m[$0 * n + $0] < m[$1 * n + $1] }
        var values = [Double](), vectors = [Double]()
        values.reserveCapacity(n); vectors.reserveCapacity(n * n)
        for j in order {
            values.append(m[j * n + j])
            for k in 0..<n { vectors.append(v[k * n + j]) }
        }
        return SymmetricEigendecomposition(n: n, values: values, vectors: vectors)
    }
}
