import NNCore
import Testing
@testable import NNAnalysis

/// The in-place APIs the dashboard's Hessian worker uses to keep one block of memory for the whole run:
/// the same numbers bit for bit as the allocating APIs, whatever the reused buffers held before.
@Suite struct WorkspaceReuseTests {
    /// One workspace across orders 33, 5, 33, 2, 1, 0: each result equals the allocating solver bit for bit,
    /// and both match the spectrum the matrix was built with (the independent check).
    @Test func eigenvaluesInPlaceEqualTheAllocatingSolver() {
        var rng = AnalysisRNG(seed: 7)
        var ws = SymmetricEigenWorkspace()
        for n in [33, 5, 33, 2, 1, 0] {
            let lambda = (0..<n).map { _ in rng.uniform(-3, 3) }.sorted()
            let a = symmetricWithSpectrum(lambda, rng: &rng)
            var h = a
            let inPlace = SymmetricEigensolver.eigenvalues(overwriting: &h, n: n, workspace: &ws)
            #expect(inPlace == SymmetricEigensolver.eigenvalues(a, n: n), "n = \(n)")
            #expect(inPlace.count == n && (n == 0 || maxAbsDiff(inPlace, lambda) < 1e-12 * Double(n)), "n = \(n)")
            #expect(ws.order == (n == 0 ? 1 : n))   // n = 0 returns before touching the workspace
        }
    }

    /// `fullHessian(into:)` on a buffer full of NaN, then reused for a model of another size and again for
    /// the first: each equals `fullHessian()` bit for bit, and H v from the matrix equals the HVP.
    @Test func fullHessianIntoAReusedBufferEqualsTheAllocatingOne() throws {
        let m1 = randomModel([2, 5, 3, 1], hidden: .tanh, seed: 3), d1 = randomData(n: 9, inputs: 2, targets: 1, seed: 4)
        let m2 = randomModel([2, 4, 2], hidden: .relu, seed: 5)
        let d2 = randomData(n: 7, inputs: 2, targets: 2, seed: 6)
        var h = [Double](repeating: .nan, count: m1.parameterCount * m1.parameterCount)
        for (m, d, loss) in [(m1, d1, Loss.mse), (m2, d2, Loss.mse), (m1, d1, Loss.mse)] {
            let op = try HessianOperator(model: m, loss: loss, l2: 0.01, data: d)
            op.fullHessian(into: &h)
            let P = m.parameterCount
            #expect(h.count == P * P && h == op.fullHessian())
            let v = (0..<P).map { Double($0 % 5) - 2 }
            #expect(maxAbsDiff(matVec(h, v, n: P), op.hvp(v)) < 1e-12)
        }
    }
}
