import Foundation
import Testing
import NNCore
@testable import NNAnalysis

@Suite struct InspectReportTests {
    static func json(_ r: InspectReport) throws -> [String: Any] {
        let data = try JSONEncoder().encode(r)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func oneDimensionalReportHasTheContractKeys() throws {
        let net = randomModel([1, 6, 6, 1], hidden: .leakyRelu(alpha: 0.2), seed: 3)
        let data = randomData(n: 12, inputs: 1, targets: 1, seed: 4)
        var opts = InspectOptions(); opts.measureAutodiff = false
        let r = try InspectReport(model: net, loss: .mse, l2: 0.01, data: data, options: opts)
        let j = try Self.json(r)
        let required: Set = ["layers", "loss", "l2", "l1", "data", "objective", "gradient", "hessian_eigenvalues",
                             "parameter_count", "kinks", "spectrum", "autodiff_cost", "ntk_eigenvalues"]
        #expect(Set(j.keys) == required)   // no `regions` for 1D input
        let layers = try #require(j["layers"] as? [[String: Any]])
        #expect(layers.count == 3)
        #expect(layers[0]["activation"] as? String == "leaky_relu" && layers[0]["alpha"] as? Double == 0.2)
        #expect(layers[2]["activation"] as? String == "linear" && layers[2]["alpha"] == nil)
        #expect((layers[1]["weights"] as? [[Double]])?.count == 6 && (layers[1]["weights"] as? [[Double]])?.first?.count == 6)
        #expect(j["loss"] as? String == "mse" && j["l2"] as? Double == 0.01)
        let d = try #require(j["data"] as? [String: Any])
        #expect((d["x"] as? [[Double]])?.count == 12 && (d["y"] as? [[Double]])?.first?.count == 1)
        let ev = try #require(j["hessian_eigenvalues"] as? [Double])
        #expect(ev.count == net.parameterCount && zip(ev, ev.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(j["parameter_count"] as? Int == net.parameterCount)
        // Values agree with the pieces computed directly.
        let op = try HessianOperator(model: net, loss: .mse, l2: 0.01, data: data)
        #expect(r.objective == op.value && r.gradient == op.gradient)
        let lo = data.x.min() ?? 0, hi = data.x.max() ?? 0
        #expect(r.kinks == (try PiecewiseLinear1D(model: net, lower: lo, upper: hi)).breakpoints)
        // The JSON carries the same numbers (JSONEncoder writes shortest round-trip digits; JSONSerialization's
        // parser can be off by one ulp, hence the 1e-15).
        #expect(abs((try #require(j["objective"] as? Double)) - op.value) <= 1e-15 * abs(op.value))
        #expect(relErr(try #require(j["gradient"] as? [Double]), op.gradient) < 1e-15)
        #expect((j["kinks"] as? [Double])?.count == r.kinks?.count)
        #expect(r.spectrum.method == "exact" && r.spectrum.parameterCount == net.parameterCount)
        #expect(r.ntkEigenvalues?.count == 12)
    }

    @Test func twoDimensionalReportHasRegionsAndLargePUsesLanczos() throws {
        let net = randomModel([2, 8, 8, 1], hidden: .relu, seed: 5)
        let data = randomData(n: 20, inputs: 2, targets: 1, seed: 6, binary: true)
        var opts = InspectOptions()
        opts.exactHessianLimit = 50      // force the large-P path (P = 105)
        opts.lanczosCount = 2
        opts.gridColumns = 32; opts.gridRows = 32
        let r = try InspectReport(model: net, loss: .bceWithLogits, l2: 0, data: data, options: opts)
        let j = try Self.json(r)
        #expect(j["hessian_eigenvalues"] == nil)
        #expect(j["kinks"] == nil)
        let spec = try #require(j["spectrum"] as? [String: Any])
        #expect(spec["method"] as? String == "lanczos")
        let regions = try #require(r.regions)
        #expect(regions.count == (try ExactRegionCount(model: net, box: regions.box)).total)
        #expect(regions.gridCount <= (regions.count ?? 0))
        let jr = try #require(j["regions"] as? [String: Any])
        #expect(jr["count"] as? Int == regions.count)
        // Lanczos extremes agree with the exact spectrum.
        let ev = SymmetricEigensolver.eigenvalues(try HessianOperator(model: net, loss: .bceWithLogits, data: data).fullHessian(),
                                                  n: net.parameterCount)
        #expect(abs(r.spectrum.lambdaMax - (ev.last ?? 0)) < 1e-8 * abs(ev.last ?? 1))
        #expect(abs(r.spectrum.lambdaMin - (ev.first ?? 0)) < 1e-8 * abs(ev.last ?? 1))
    }

    @Test func refusesNonFiniteWeights() {
        var net = MLP(sizes: [1, 3, 1], hidden: .relu)
        net.parameters[1] = .nan
        let data = randomData(n: 4, inputs: 1, targets: 1, seed: 1)
        #expect(throws: AnalysisError.nonFiniteParameters(count: 1)) {
            try InspectReport(model: net, loss: .mse, l2: 0, data: data)
        }
        #expect(AnalysisError.nonFiniteParameters(count: 1).description.contains("non-finite"))
    }
}
