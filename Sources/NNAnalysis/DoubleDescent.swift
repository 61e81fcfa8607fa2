import Foundation
import NNCore

/// Double descent with random ReLU features (Belkin et al. 2019), the lecture's "test error peaks where
/// the model just interpolates, then falls again".
///
/// Setup (all seeded): inputs x ∈ ℝ^d with x ~ N(0, I); target y = sin(uᵀx) + σε, with u = (1,…,1)/√d (so uᵀx ~ N(0, 1)) and
/// ε ~ N(0, 1) (noise on the training labels only; the test error is against the noiseless target). Features
/// φ_j(x) = ReLU(w_jᵀx + b_j), w_j ~ N(0, I/d), b_j ~ U(−1, 1), j = 1…p. Fit: the minimum-norm least-squares
/// coefficients a = Φ⁺y, computed from the smaller Gram matrix with the symmetric eigensolver:
/// p ≤ n: a = (ΦᵀΦ)⁺Φᵀy; p > n: a = Φᵀ(ΦΦᵀ)⁺y, where ⁺ drops eigenvalues below 1e-12·λmax (the
/// pseudo-inverse; a Cholesky would fail exactly where the curve is interesting, at p ≈ n). For p < n
/// this is ordinary least squares (the classical U), for p > n the interpolant of least ‖a‖, whose test
/// error falls again as p grows. Errors are mean squared, averaged over `draws` feature draws.
public struct DoubleDescentCurve: Sendable, Equatable {
    public struct Setup: Sendable, Equatable {
        public var inputDimension = 5
        public var trainCount = 40
        public var testCount = 400
        public var noise = 0.2
        public var draws = 5
        public var seed: UInt64 = 1
        public init() {}
    }
    public let setup: Setup
    public let widths: [Int]
    public let testErrors: [Double]
    public let trainErrors: [Double]

    /// The width with the largest test error.
    public var peakWidth: Int { widths[testErrors.indices.max { testErrors[$0] < testErrors[$1] } ?? 0] }
    /// The smallest test error over widths below n (the bottom of the classical U), nil if none.
    public var classicalMinimum: Double? {
        zip(widths, testErrors).filter { $0.0 < setup.trainCount }.map(\.1).min()
    }

    /// A default sweep across n: 1…2n densely, then up to `maxFactor`·n.
    public static func defaultWidths(n: Int, maxFactor: Int = 15) -> [Int] {
        var w = Array(stride(from: 2, to: 2 * n, by: Swift.max(1, n / 10)))
        w += [n - 1, n, n + 1]
        var p = 2 * n
        while p <= maxFactor * n { w.append(p); p = p * 3 / 2 }
        return Array(Set(w)).sorted()
    }

    /// The whole curve at once: ``Sweep`` run to the end (one copy of the data, features and solves).
    public init(setup: Setup = Setup(), widths: [Int]? = nil) {
        self.setup = setup
        var sweep = Sweep(setup: setup, widths: widths)
        var test: [Double] = [], train: [Double] = []
        while let p = sweep.step() {
            test.append(p.testError)
            train.append(p.trainError)
        }
        self.widths = sweep.widths
        testErrors = test
        trainErrors = train
    }

    /// Φ (count × p, row-major).
    static func features(_ x: [Double], count: Int, d: Int, w: [Double], b: [Double], p: Int) -> [Double] {
        var phi = [Double](repeating: 0, count: count * p)
        for i in 0..<count { for j in 0..<p {
            var s = b[j]
            for k in 0..<d { s += w[j * d + k] * x[i * d + k] }
            phi[i * p + j] = Swift.max(s, 0)
        } }
        return phi
    }

    static func mse(_ phi: [Double], rows: Int, stride: Int, a: [Double], y: [Double]) -> Double {
        var e = 0.0
        for i in 0..<rows {
            var z = 0.0
            for j in 0..<a.count { z += phi[i * stride + j] * a[j] }
            e += (z - y[i]) * (z - y[i])
        }
        return e / Double(rows)
    }

    /// a = Φ⁺y for the first p columns of Φ (rows × stride), via the eigendecomposition of the smaller
    /// Gram matrix (documented above).
    public static func minimumNormSolve(_ phi: [Double], rows n: Int, stride: Int, p: Int, y: [Double]) -> [Double] {
        let m = Swift.min(n, p), overdetermined = p <= n
        var g = [Double](repeating: 0, count: m * m)
        for i in 0..<m { for j in i..<m {
            var s = 0.0
            if overdetermined { for r in 0..<n { s += phi[r * stride + i] * phi[r * stride + j] } }
            else { for c in 0..<p { s += phi[i * stride + c] * phi[j * stride + c] } }
            g[i * m + j] = s; g[j * m + i] = s
        } }
        // rhs = Φᵀy (p ≤ n) or y (p > n).
        var rhs = [Double](repeating: 0, count: m)
        if overdetermined { for j in 0..<p { for r in 0..<n { rhs[j] += phi[r * stride + j] * y[r] } } }
        else { for r in 0..<n { rhs[r] = y[r] } }
        let sol = SymmetricEigensolver.pseudoInverseSolve(g, n: m, rhs: rhs)
        if overdetermined { return sol }
        var a = [Double](repeating: 0, count: p)
        for r in 0..<n { for j in 0..<p { a[j] += phi[r * stride + j] * sol[r] } }
        return a
    }
}
