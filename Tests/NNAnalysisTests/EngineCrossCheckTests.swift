import Testing
import NNCore
@testable import NNAnalysis

/// NNAnalysis' own forward/VJP (an independent implementation) as an oracle for the training engine's
/// backprop (NNCore `Objective`): same value and gradient for every activation and loss, with l2.
@Suite struct EngineCrossCheckTests {
    @Test(arguments: Activation.Kind.allCases)
    func engineGradientMatchesAnalysis(kind: Activation.Kind) throws {
        for loss in Loss.allCases {
            let k = loss == .bceWithLogits ? 1 : 3
            let net = randomModel([3, 7, 5, k], hidden: Activation(kind, alpha: 0.1), seed: 7)
            var data = randomData(n: 11, inputs: 3, targets: k, seed: 8, binary: loss == .bceWithLogits)
            if loss == .softmaxCrossEntropy { data.y = (0..<(11 * k)).map { $0 % k == ($0 / k) % k ? 1 : 0 } }
            let ours = try HessianOperator(model: net, loss: loss, l2: 0.02, data: data)
            var g: [Double] = []
            var ws = BackpropWorkspace(for: net)
            let value = Objective(loss: loss, l2: 0.02).gradient(model: net, data: data, into: &g, workspace: &ws)
            #expect(abs(value - ours.value) < 1e-12 * max(1, abs(value)), "\(kind) \(loss)")
            #expect(relErr(g, ours.gradient) < 1e-11, "\(kind) \(loss)")
        }
    }
}
