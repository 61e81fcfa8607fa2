import Testing
@testable import NNAnalysis

@Suite struct EigensolverTests {
    @Test func emptyAndOneByOne() {
        #expect(SymmetricEigensolver.eigenvalues([], n: 0) == [])
        #expect(SymmetricEigensolver.eigenvalues([-3.5], n: 1) == [-3.5])
        let d = SymmetricEigensolver.decompose([2], n: 1)
        #expect(d.values == [2] && d.vectors == [1])
        #expect(SymmetricEigensolver.decompose([], n: 0).values.isEmpty)
    }

    @Test func twoByTwoClosedForm() {
        // [[a, b], [b, c]]: λ = (a+c)/2 ± √(((a−c)/2)² + b²)
        let (a, b, c) = (1.5, -0.7, 0.25)
        let r = (((a - c) / 2) * ((a - c) / 2) + b * b).squareRoot()
        let ev = SymmetricEigensolver.eigenvalues([a, b, b, c], n: 2)
        #expect(abs(ev[0] - ((a + c) / 2 - r)) < 1e-14 && abs(ev[1] - ((a + c) / 2 + r)) < 1e-14)
    }

    @Test(arguments: [3, 7, 40, 97])
    func knownSpectrumUnderOrthogonalSimilarity(n: Int) {
        var rng = AnalysisRNG(seed: UInt64(n))
        let lambda = (0..<n).map { _ in rng.uniform(-5, 5) }.sorted()
        let a = symmetricWithSpectrum(lambda, rng: &rng)
        let ev = SymmetricEigensolver.eigenvalues(a, n: n)
        #expect(maxAbsDiff(ev, lambda) < 1e-12 * Double(n))
        let dec = SymmetricEigensolver.decompose(a, n: n)
        #expect(maxAbsDiff(dec.values, lambda) < 1e-12 * Double(n))
    }

    @Test func repeatedEigenvaluesAndResiduals() {
        var rng = AnalysisRNG(seed: 11)
        let lambda = [-2.0, -2, -2, 0, 0, 1, 3, 3, 3, 3, 7, 7]
        let n = lambda.count
        let a = symmetricWithSpectrum(lambda, rng: &rng)
        let dec = SymmetricEigensolver.decompose(a, n: n)
        #expect(maxAbsDiff(dec.values, lambda) < 1e-12)
        for j in 0..<n {
            let v = dec.vector(j)
            #expect(abs(norm(v) - 1) < 1e-12)
            let av = matVec(a, v, n: n)
            let res = norm(zip(av, v).map { $0 - dec.values[j] * $1 })
            #expect(res < 1e-12)
        }
        // Orthogonality inside the repeated eigenspaces too.
        for i in 0..<n { for j in 0..<i {
            let dot = zip(dec.vector(i), dec.vector(j)).reduce(0.0) { $0 + $1.0 * $1.1 }
            #expect(abs(dot) < 1e-12)
        } }
    }

    @Test(arguments: [5, 16, 33])
    func agreesWithJacobiOracle(n: Int) {
        var rng = AnalysisRNG(seed: 100 + UInt64(n))
        let a = randomSymmetric(n, rng: &rng)
        let jac = JacobiEigensolver.decompose(a, n: n)
        let ev = SymmetricEigensolver.eigenvalues(a, n: n)
        #expect(maxAbsDiff(ev, jac.values) < 1e-11)
        // The oracle itself: residuals.
        for j in 0..<n {
            let v = jac.vector(j)
            let res = norm(zip(matVec(a, v, n: n), v).map { $0 - jac.values[j] * $1 })
            #expect(res < 1e-10)
        }
        let dec = SymmetricEigensolver.decompose(a, n: n)
        for j in 0..<n {
            let v = dec.vector(j)
            let res = norm(zip(matVec(a, v, n: n), v).map { $0 - dec.values[j] * $1 })
            #expect(res < 1e-11)
        }
    }

    @Test func diagonalAndZeroColumnsNeedNoReflection() {
        // Already diagonal (every Householder step is skipped) and a zero matrix.
        let n = 6
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { a[i * n + i] = Double(n - i) }
        #expect(SymmetricEigensolver.eigenvalues(a, n: n) == [1, 2, 3, 4, 5, 6])
        #expect(SymmetricEigensolver.eigenvalues([Double](repeating: 0, count: 16), n: 4) == [0, 0, 0, 0])
    }

    @Test func tridiagonalClosedForm() {
        // tridiag(−1, 2, −1) of order m: λ_j = 2 − 2cos(jπ/(m+1)).
        let m = 25
        let ev = SymmetricEigensolver.tridiagonalEigenvalues(diagonal: Array(repeating: 2, count: m),
                                                             offDiagonal: Array(repeating: -1, count: m - 1))
        let exact = (1...m).map { 2 - 2 * cos(Double($0) * Double.pi / Double(m + 1)) }
        #expect(maxAbsDiff(ev, exact) < 1e-13)
    }
}
import Foundation
