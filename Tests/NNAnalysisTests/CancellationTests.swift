import NNCore
import Testing
@testable import NNAnalysis

/// A cancellation probe that answers false `fireAfter` times, then true, counting its calls: a
/// deterministic stand-in for a worker whose job is cancelled while it runs.
final class CountingProbe {
    let fireAfter: Int
    private(set) var calls = 0
    init(fireAfter: Int = .max) { self.fireAfter = fireAfter }
    func callAsFunction() -> Bool {
        calls += 1
        return calls > fireAfter
    }
}

/// Counts the applications of a dense symmetric operator.
final class CountingOperator {
    let matrix: [Double]
    let n: Int
    private(set) var applications = 0
    init(_ matrix: [Double], n: Int) { self.matrix = matrix; self.n = n }
    func apply(_ v: [Double], _ out: inout [Double]) {
        applications += 1
        out = matVec(matrix, v, n: n)
    }
}

/// The long analyses stop at the probe's first `true`, inside their loops (the probe's call count shows
/// where), and report it instead of a partial result; a probe that never fires gives the same bits as the
/// call without one.
@Suite struct CancellationTests {
    static let model = randomModel([2, 5, 3, 1], hidden: .tanh, seed: 3)
    static let data = randomData(n: 9, inputs: 2, targets: 1, seed: 4)

    @Test func fullHessianStopsBetweenColumns() throws {
        let op = try HessianOperator(model: Self.model, loss: .mse, l2: 0.01, data: Self.data)
        let P = op.parameterCount
        let probe = CountingProbe(fireAfter: 10)
        var h: [Double] = []
        #expect(!op.fullHessian(into: &h, isCancelled: probe.callAsFunction))
        #expect(probe.calls == 11 && 11 < P)   // one check per column: stopped at the 11th of P
        #expect(op.fullHessian(isCancelled: CountingProbe(fireAfter: 0).callAsFunction) == nil)

        let never = CountingProbe()
        #expect(op.fullHessian(into: &h, isCancelled: never.callAsFunction))
        #expect(never.calls == P)
        #expect(h == op.fullHessian())   // bit for bit
    }

    /// Both reductions (unblocked up to two panels, blocked above) check once per reflector.
    @Test(arguments: [20, 100])
    func eigenvaluesStopBetweenReflectors(n: Int) {
        var rng = AnalysisRNG(seed: UInt64(n))
        let a = randomSymmetric(n, rng: &rng)
        var ws = SymmetricEigenWorkspace()
        var h = a
        let probe = CountingProbe(fireAfter: 5)
        #expect(SymmetricEigensolver.eigenvalues(overwriting: &h, n: n, workspace: &ws, isCancelled: probe.callAsFunction) == nil)
        #expect(probe.calls == 6)
        #expect(SymmetricEigensolver.eigenvalues(a, n: n, isCancelled: CountingProbe(fireAfter: n / 2).callAsFunction) == nil)

        h = a
        let never = CountingProbe()
        let values = SymmetricEigensolver.eigenvalues(overwriting: &h, n: n, workspace: &ws, isCancelled: never.callAsFunction)
        #expect(never.calls == n)
        #expect(values == SymmetricEigensolver.eigenvalues(a, n: n))
        #expect(SymmetricEigensolver.eigenvalues(a, n: n, isCancelled: { false }) == SymmetricEigensolver.eigenvalues(a, n: n))
    }

    /// The decomposition checks in all three O(n³) parts: n reflectors, n QL eigenvalues, n back-transformed
    /// rows. A probe firing inside each part stops it there.
    @Test(arguments: [40, 70])
    func decompositionStopsInEveryPart(n: Int) {
        var rng = AnalysisRNG(seed: UInt64(n) + 1)
        let a = randomSymmetric(n, rng: &rng)
        for k in [3, n + 3, 2 * n + 3] {
            let probe = CountingProbe(fireAfter: k)
            #expect(SymmetricEigensolver.decompose(a, n: n, isCancelled: probe.callAsFunction) == nil, "k = \(k)")
            #expect(probe.calls == k + 1, "k = \(k)")
        }
        let never = CountingProbe()
        #expect(SymmetricEigensolver.decompose(a, n: n, isCancelled: never.callAsFunction) == SymmetricEigensolver.decompose(a, n: n))
        #expect(never.calls == 3 * n)
    }

    @Test func lanczosStopsBetweenSteps() {
        let n = 60
        var rng = AnalysisRNG(seed: 11)
        let a = randomSymmetric(n, rng: &rng)
        let op = CountingOperator(a, n: n)
        let probe = CountingProbe(fireAfter: 7)
        #expect(Lanczos.extremeEigenvalues(dimension: n, count: 2, maxSteps: 40, isCancelled: probe.callAsFunction,
                                           apply: op.apply) == nil)
        #expect(op.applications == 7 && probe.calls == 8)

        let plain = Lanczos.extremeEigenvalues(dimension: n, count: 2, maxSteps: n, apply: op.apply)
        let probed = Lanczos.extremeEigenvalues(dimension: n, count: 2, maxSteps: n, isCancelled: CountingProbe().callAsFunction,
                                                apply: op.apply)
        #expect(probed?.smallest == plain.smallest && probed?.largest == plain.largest)
        #expect(probed?.hvps == plain.hvps && probed?.converged == plain.converged)
        // The independent check that the uncancelled run computed something: the dense solver's extremes.
        let exact = SymmetricEigensolver.eigenvalues(a, n: n)
        #expect(abs(plain.largest[1] - exact[n - 1]) < 1e-8 && abs(plain.smallest[0] - exact[0]) < 1e-8)

        let start = (0..<n).map { Double($0 % 7) - 3 }
        #expect(Lanczos.largestEigenpairs(dimension: n, count: 1, start: start, isCancelled: CountingProbe(fireAfter: 4).callAsFunction,
                                          apply: op.apply) == nil)
        let pairs = Lanczos.largestEigenpairs(dimension: n, count: 1, start: start, apply: op.apply)
        let probedPairs = Lanczos.largestEigenpairs(dimension: n, count: 1, start: start, isCancelled: { false }, apply: op.apply)
        #expect(probedPairs?.values == pairs.values && probedPairs?.vectors == pairs.vectors && probedPairs?.steps == pairs.steps)
    }

    @Test func quadratureAndTraceStopBetweenProducts() {
        let n = 50
        var rng = AnalysisRNG(seed: 12)
        let a = randomSymmetric(n, rng: &rng)
        let op = CountingOperator(a, n: n)
        // 10 steps per probe: the probe fires in the second probe's run.
        let probe = CountingProbe(fireAfter: 13)
        #expect(Lanczos.spectralDensity(dimension: n, steps: 10, probes: 3, isCancelled: probe.callAsFunction, apply: op.apply) == nil)
        #expect(op.applications == 13)
        #expect(Lanczos.spectralDensity(dimension: n, steps: 10, probes: 3, isCancelled: { false }, apply: op.apply)
                == Lanczos.spectralDensity(dimension: n, steps: 10, probes: 3, apply: op.apply))

        let before = op.applications
        #expect(Lanczos.hutchinsonTrace(dimension: n, samples: 8, isCancelled: CountingProbe(fireAfter: 2).callAsFunction,
                                        apply: op.apply) == nil)
        #expect(op.applications - before == 2)
        let plain = Lanczos.hutchinsonTrace(dimension: n, samples: 8, apply: op.apply)
        let probed = Lanczos.hutchinsonTrace(dimension: n, samples: 8, isCancelled: { false }, apply: op.apply)
        #expect(probed?.trace == plain.trace && probed?.standardError == plain.standardError)
    }

    @Test func landscapeGridAndDirectionsStop() throws {
        let op = try HessianOperator(model: Self.model, loss: .mse, l2: 0.01, data: Self.data)
        let P = op.parameterCount
        let u = (0..<P).map { Double($0 % 3) - 1 }, v = (0..<P).map { Double($0 % 5) - 2 }
        let objective = Objective(loss: .mse, l2: 0.01)
        let axis = LossLandscape.linspace(span: 1, count: 5)
        let probe = CountingProbe(fireAfter: 7)
        #expect(LossLandscape.grid(model: Self.model, objective: objective, data: Self.data, u: u, v: v, alphas: axis, betas: axis,
                                   isCancelled: probe.callAsFunction) == nil)
        #expect(probe.calls == 8)
        #expect(LossLandscape.grid(model: Self.model, objective: objective, data: Self.data, u: u, v: v, alphas: axis, betas: axis,
                                   isCancelled: { false })
                == LossLandscape.grid(model: Self.model, objective: objective, data: Self.data, u: u, v: v, alphas: axis, betas: axis))

        // Exact path (full Hessian, eigenvalues, Lanczos on it) and the HVP path.
        for (limit, ks) in [(2500, [3, P + 5, 2 * P + 5]), (10, [3])] {
            for k in ks {
                #expect(throws: AnalysisCancelled.self) {
                    try LossLandscape.hessianDirections(operator: op, exactLimit: limit, isCancelled: CountingProbe(fireAfter: k).callAsFunction)
                }
            }
            #expect(try LossLandscape.hessianDirections(operator: op, exactLimit: limit, isCancelled: CountingProbe().callAsFunction)
                    == LossLandscape.hessianDirections(operator: op, exactLimit: limit))
        }
    }

    /// A cancelled measurement leaves the warm start alone: the next one equals a fresh tracker's.
    @Test func cancelledSharpnessKeepsTheWarmStart() throws {
        let op = try HessianOperator(model: Self.model, loss: .mse, l2: 0.01, data: Self.data)
        let tracker = SharpnessTracker()
        #expect(tracker.lambdaMax(operator: op, isCancelled: CountingProbe(fireAfter: 2).callAsFunction) == nil)
        let after = tracker.lambdaMax(operator: op)
        #expect(after != nil && after == SharpnessTracker().lambdaMax(operator: op))
    }
}
