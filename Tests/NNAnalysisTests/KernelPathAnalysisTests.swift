import NNCore
import Testing
@testable import NNAnalysis

/// The analysis kernels (HVP products, blocked tridiagonalisation, Lanczos) on every kernel path this CPU runs:
/// the same bits everywhere, and each result checked against an independent computation once.
struct KernelPathAnalysisTests {
    /// HVPs, the full Hessian and all its eigenvalues: bit-identical across paths; Σλ equals the trace, and the
    /// HVP equals H·v from the matrix (a second route) to round-off. P = 97 and 145 take the blocked reduction
    /// (n > 64); the 2-24-24-1 net's first layer takes the narrow-input HVP route.
    @Test(arguments: [0, 1])
    func hessianAndEigenvaluesAreIdenticalOnEveryPath(shape: Int) throws {
        let (sizes, hidden, loss): ([Int], Activation, Loss) = shape == 0
            ? ([1, 8, 8, 1], .tanh, .mse) : ([2, 4, 24, 1], .relu, .bceWithLogits)
        let model = randomModel(sizes, hidden: hidden, seed: 11 + UInt64(shape))
        let data = randomData(n: 24, inputs: sizes[0], targets: 1, seed: 5, binary: loss == .bceWithLogits)
        let P = model.parameterCount
        var rng = AnalysisRNG(seed: 3)
        let v = (0..<P).map { _ in rng.gaussian() }
        var results: [KernelPath: [[UInt64]]] = [:]
        for path in CPUDispatch.supported {
            let (h, ev, hv) = try CPUDispatch.withPath(path) { () throws -> ([Double], [Double], [Double]) in
                let op = try HessianOperator(model: model, loss: loss, data: data)
                let h = op.fullHessian()
                return (h, SymmetricEigensolver.eigenvalues(h, n: P), op.hvp(v))
            }
            results[path] = [h, ev, hv].map { $0.map(\.bitPattern) }
            let trace = (0..<P).reduce(0.0) { $0 + h[$1 * P + $1] }
            #expect(abs(ev.reduce(0, +) - trace) <= 1e-10 * max(1, abs(trace)))
            #expect(maxAbsDiff(hv, matVec(h, v, n: P)) <= 1e-10 * max(1, norm(hv)))
        }
        let reference = results[.baseline]
        for (path, r) in results { #expect(r == reference, "path \(path.rawValue) differs from baseline") }
    }

    /// Lanczos (reorthogonalisation through the dot and axpy kernels) on a matrix of known spectrum: the same
    /// Ritz values on every path, and the extremes within tolerance of the known eigenvalues.
    @Test func lanczosIsIdenticalOnEveryPath() {
        let n = 80
        let lambda = (0..<n).map { Double($0) / 10 - 2 }
        var rng = AnalysisRNG(seed: 9)
        let a = symmetricWithSpectrum(lambda, rng: &rng)
        var results: [KernelPath: [UInt64]] = [:]
        for path in CPUDispatch.supported {
            let r = CPUDispatch.withPath(path) {
                Lanczos.extremeEigenvalues(dimension: n, count: 3, apply: { v, out in out = matVec(a, v, n: n) })
            }
            results[path] = (r.smallest + r.largest).map(\.bitPattern)
            #expect(abs((r.largest.last ?? .nan) - lambda[n - 1]) <= 1e-8)
            #expect(abs((r.smallest.first ?? .nan) - lambda[0]) <= 1e-8)
        }
        let reference = results[.baseline]
        for (path, r) in results { #expect(r == reference, "path \(path.rawValue) differs from baseline") }
    }
}
