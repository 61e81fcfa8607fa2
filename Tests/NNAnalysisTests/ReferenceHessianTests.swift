import Foundation
import Testing
import NNCore
@testable import NNAnalysis

/// The exact Hessian of the reference benchmark's initial networks (numpy weights and data dumped to
/// fixtures) against PyTorch/JAX float64 (`results-reference.jsonl`): loss, trace, λmin, λmax.
@Suite struct ReferenceHessianTests {
    static func load(_ name: String) throws -> (HessianOperator, [String: Any]) {
        let f = try fixture(name)
        let m = try fixtureModel(f)
        let data = Dataset(inputSize: m.inputSize, targetSize: 1, x: try fixtureDoubles(f, "x"), y: try fixtureDoubles(f, "y"))
        let loss = Loss(rawValue: (f["loss"] as? String) ?? "") ?? .mse
        return (try HessianOperator(model: m, loss: loss, data: data), f)
    }

    @Test func c1SawtoothFitMatchesJAX() throws {
        let (op, f) = try Self.load("C1")
        let loss0 = try #require(f["loss0"] as? Double)
        #expect(abs(op.value - loss0) < 1e-12)
        let P = op.parameterCount
        let H = op.fullHessian()
        let trace = (0..<P).reduce(0.0) { $0 + H[$1 * P + $1] }
        #expect(abs(trace - (try #require(f["hess_trace"] as? Double))) < 1e-10)
        let ev = SymmetricEigensolver.eigenvalues(H, n: P)
        #expect(abs(ev[0] - (try #require(f["eig_min"] as? Double))) < 1e-10)
        #expect(abs(ev[P - 1] - (try #require(f["eig_max"] as? Double))) < 1e-10)
        #expect(abs(ev.reduce(0, +) - trace) < 1e-9)
    }
}
