import Foundation
import Testing
import NNCore
@testable import NNAnalysis

/// Lanczos, SLQ and Hutchinson against the exact spectrum of a P = 606 network (2-20-20-6 tanh, softmax CE).
@Suite struct SpectrumTests {
    /// Computed once: the operator, the exact Hessian and its eigenvalues.
    static let problem: (net: MLP, data: Dataset) = {
        let net = randomModel([2, 20, 20, 6], hidden: .tanh, seed: 61)
        var data = randomData(n: 40, inputs: 2, targets: 6, seed: 62)
        data.y = (0..<(40 * 6)).map { ($0 % 6) == ($0 / 6) % 6 ? 1 : 0 }
        return (net, data)
    }()
    /// A fresh operator per test (operators own workspaces and are not shared across threads).
    static func makeOperator() -> HessianOperator {
        // The problem is valid by construction (finite weights, matching sizes).
        // swiftlint:disable:next force_try
        try! HessianOperator(model: problem.net, loss: .softmaxCrossEntropy, l2: 1e-3, data: problem.data)
    }
    static let hessian: (H: [Double], ev: [Double]) = {
        let op = makeOperator()
        let H = op.fullHessian()
        return (H, SymmetricEigensolver.eigenvalues(H, n: op.parameterCount))
    }()
    static var exact: (op: HessianOperator, H: [Double], ev: [Double]) { (makeOperator(), hessian.H, hessian.ev) }

    @Test func lanczosExtremesMatchExactSpectrum() {
        let (op, _, ev) = Self.exact
        let P = op.parameterCount
        #expect(P == 606)
        let r = Lanczos.extremeEigenvalues(dimension: P, count: 3, tolerance: 1e-10, seed: 1) { v, out in op.hvp(v, into: &out) }
        #expect(r.converged)
        let scale = max(abs(ev[0]), abs(ev[P - 1]))
        #expect(maxAbsDiff(r.largest, Array(ev.suffix(3))) < 1e-8 * scale)
        #expect(maxAbsDiff(r.smallest, Array(ev.prefix(3))) < 1e-8 * scale)
        #expect(r.hvps < P)
    }

    @Test func lanczosConvergesOnlyTheEndAskedFor() {
        let (op, _, ev) = Self.exact
        let P = op.parameterCount
        let apply: SymmetricOperator = { v, out in op.hvp(v, into: &out) }
        let both = Lanczos.extremeEigenvalues(dimension: P, count: 3, tolerance: 1e-10, seed: 1, apply: apply)
        let top = Lanczos.extremeEigenvalues(dimension: P, count: 3, which: .largest, tolerance: 1e-10, seed: 1, apply: apply)
        let bottom = Lanczos.extremeEigenvalues(dimension: P, count: 3, which: .smallest, tolerance: 1e-10, seed: 1, apply: apply)
        #expect(top.converged && bottom.converged)
        #expect(top.smallest.isEmpty && bottom.largest.isEmpty)
        let scale = max(abs(ev[0]), abs(ev[P - 1]))
        #expect(maxAbsDiff(top.largest, Array(ev.suffix(3))) < 1e-8 * scale)
        #expect(maxAbsDiff(bottom.smallest, Array(ev.prefix(3))) < 1e-8 * scale)
        // The same Krylov sequence (same start), stopped as soon as the one end has converged: never later than
        // both ends together, and here strictly earlier for at least one of them.
        #expect(top.hvps <= both.hvps && bottom.hvps <= both.hvps)
        #expect(min(top.hvps, bottom.hvps) < both.hvps)
    }

    @Test func lanczosWithAllStepsReproducesTheWholeSpectrum() {
        // A small dense operator: P steps with full reorthogonalisation give every eigenvalue.
        var rng = AnalysisRNG(seed: 71)
        let lambda = (0..<30).map { _ in rng.uniform(-3, 3) }.sorted()
        let a = symmetricWithSpectrum(lambda, rng: &rng)
        let t = Lanczos.tridiagonalize(dimension: 30, steps: 30, start: (0..<30).map { _ in rng.gaussian() }) { v, out in
            out = matVec(a, v, n: 30)
        }
        let ev = SymmetricEigensolver.tridiagonalEigenvalues(diagonal: t.alpha, offDiagonal: Array(t.beta.prefix(29)))
        #expect(maxAbsDiff(ev, lambda) < 1e-10)
    }

    @Test func slqQuadratureIdentitiesAndTrace() {
        let (op, H, ev) = Self.exact
        let P = op.parameterCount
        let trace = ev.reduce(0, +)
        #expect(abs(trace - (0..<P).reduce(0.0) { $0 + H[$1 * P + $1] }) < 1e-10)
        let q = Lanczos.spectralDensity(dimension: P, steps: 40, probes: 12, seed: 3) { v, out in op.hvp(v, into: &out) }
        // Gauss quadrature is exact for low moments: Σ τ = 1, Σ τ θ = vᵀHv/‖v‖² per probe (checked through the
        // trace identity against Hutchinson with the same Rademacher probes and seed).
        for w in q.weights { #expect(abs(w.reduce(0, +) - 1) < 1e-12) }
        let hutch = Lanczos.hutchinsonTrace(dimension: P, samples: 12, seed: 3) { v, out in op.hvp(v, into: &out) }
        #expect(abs(q.traceEstimate - hutch.trace) < 1e-9 * max(1, abs(trace)))
        // Both are unbiased: within 4 standard errors of the exact trace, and the error bar is informative.
        #expect(abs(hutch.trace - trace) < 4 * hutch.standardError)
        #expect(hutch.standardError < abs(trace))
        // The smoothed density integrates to ≈1 and its extreme nodes bracket the exact extremes closely.
        let xs = stride(from: ev[0] - 1, through: ev[P - 1] + 1, by: 1e-2).map { $0 }
        let integral = q.density(at: xs, sigma: 0.05).reduce(0, +) * 1e-2
        #expect(abs(integral - 1) < 1e-3)
        let maxNode = q.nodes.map { $0.last ?? 0 }.max() ?? 0
        #expect(abs(maxNode - ev[P - 1]) < 1e-6 * abs(ev[P - 1]))
    }

    @Test func summaryCountsAndHistogram() {
        let ev: [Double] = [-2, -1e-12, 0, 3e-13, 1e-3, 0.5, 4]
        let s = SpectrumSummary(eigenvalues: ev, bins: 10)
        #expect(s.tolerance == 4e-8)
        #expect(s.negativeCount == 1 && s.nearZeroCount == 3 && s.positiveCount == 3)
        #expect(s.lambdaMin == -2 && s.lambdaMax == 4 && abs(s.trace - 2.501) < 1e-12)
        #expect(s.histogram.counts.reduce(0, +) == 7)
        #expect(s.histogram.edges.first == -2 && s.histogram.edges.last == 4)
        #expect(zip(s.histogram.edges, s.histogram.edges.dropFirst()).allSatisfy { $0 < $1 })
        // Symmetric-log axis round trip.
        for x in [-3.0, -1e-9, 0, 2e-7, 10] {
            #expect(abs(SymLogHistogram.inverse(SymLogHistogram.forward(x, 1e-6), 1e-6) - x) < 1e-12 * max(1, abs(x)))
        }
        let empty = SpectrumSummary(eigenvalues: [])
        #expect(empty.parameterCount == 0 && empty.negativeCount == 0)
    }

    @Test func exactSummaryOfTheNetworkIsConsistent() {
        let (_, _, ev) = Self.exact
        let s = SpectrumSummary(eigenvalues: ev)
        #expect((s.negativeCount ?? -1) + (s.nearZeroCount ?? -1) + (s.positiveCount ?? -1) == ev.count)
        #expect(Int(s.histogram.counts.reduce(0, +)) == ev.count)
        #expect((s.negativeCount ?? 0) > 0)   // an untrained net sits at a saddle
    }
}
