import Testing
import NNCore
@testable import NNAnalysis

/// Relative error with an absolute floor.
func relErr(_ a: [Double], _ b: [Double], floor: Double = 1e-8) -> Double {
    maxAbsDiff(a, b) / max(floor, b.map { abs($0) }.max() ?? 0)
}

@Suite struct DerivativeTests {
    static let smooth: [Activation] = [.tanh, .softplus, .sigmoid]

    @Test(arguments: smooth)
    func jvpMatchesFiniteDifferencesAndVJPIsItsAdjoint(act: Activation) {
        let net = randomModel([3, 5, 4, 2], hidden: act, seed: 21)
        let data = randomData(n: 6, inputs: 3, targets: 2, seed: 22)
        var rng = AnalysisRNG(seed: 23)
        let v = (0..<net.parameterCount).map { _ in rng.gaussian() }
        let dx = (0..<data.x.count).map { _ in rng.gaussian() }
        let nd = NetworkDerivatives(model: net, inputs: data.x, count: data.count)
        let jv = nd.jvp(parameters: v, inputs: dx)
        // Central differences of the (independent, scalar) forward pass along (v, dx).
        let h = 1e-5
        func outputs(_ s: Double) -> [Double] {
            var m = net
            for i in m.parameters.indices { m.parameters[i] += s * v[i] }
            return (0..<data.count).flatMap { i in directForward(m, (0..<3).map { data.x[i * 3 + $0] + s * dx[i * 3 + $0] }) }
        }
        let fd = zip(outputs(h), outputs(-h)).map { ($0 - $1) / (2 * h) }
        #expect(relErr(jv, fd) < 1e-8)
        // uᵀ(J v) = (Jᵀu)ᵀ v, for parameters and inputs together.
        let u = (0..<jv.count).map { _ in rng.gaussian() }
        let back = nd.vjp(u)
        let lhs = zip(u, jv).reduce(0.0) { $0 + $1.0 * $1.1 }
        let rhs = zip(back.parameters, v).reduce(0.0) { $0 + $1.0 * $1.1 } + zip(back.inputs, dx).reduce(0.0) { $0 + $1.0 * $1.1 }
        #expect(abs(lhs - rhs) < 1e-12 * max(1, abs(lhs)))
    }

    @Test func jacobiansBothWaysAgree() {
        let net = randomModel([3, 6, 6, 2], hidden: .tanh, seed: 31)
        let data = randomData(n: 5, inputs: 3, targets: 2, seed: 32)
        let nd = NetworkDerivatives(model: net, inputs: data.x, count: data.count)
        #expect(maxAbsDiff(nd.inputJacobianForward(), nd.inputJacobianReverse()) < 1e-14)
        // Parameter Jacobian rows against JVPs with unit tangents (forward mode) for a few columns.
        let jac = nd.parameterJacobian()
        let P = net.parameterCount
        for j in stride(from: 0, to: P, by: 7) {
            var e = [Double](repeating: 0, count: P); e[j] = 1
            let col = nd.jvp(parameters: e)
            #expect(maxAbsDiff(col, (0..<(data.count * 2)).map { jac[$0 * P + j] }) < 1e-14)
        }
    }

    @Test(arguments: [Loss.mse, .bceWithLogits, .softmaxCrossEntropy])
    func gradientAndHVPMatchFiniteDifferences(loss: Loss) throws {
        let k = loss == .bceWithLogits ? 1 : 3
        let net = randomModel([2, 6, 5, k], hidden: .tanh, seed: 41)
        var data = randomData(n: 7, inputs: 2, targets: k, seed: 42, binary: loss == .bceWithLogits)
        if loss == .softmaxCrossEntropy {
            data.y = (0..<(7 * k)).map { $0 % k == ($0 / k) % k ? 1 : 0 }
        }
        let l2 = 0.03
        let op = try HessianOperator(model: net, loss: loss, l2: l2, data: data)
        var rng = AnalysisRNG(seed: 43)
        let v = (0..<net.parameterCount).map { _ in rng.gaussian() }
        func shifted(_ s: Double) throws -> HessianOperator {
            var m = net
            for i in m.parameters.indices { m.parameters[i] += s * v[i] }
            return try HessianOperator(model: m, loss: loss, l2: l2, data: data)
        }
        let h = 1e-5
        let (p, m) = (try shifted(h), try shifted(-h))
        // Directional derivative of the value vs gradient · v.
        let dd = (p.value - m.value) / (2 * h), gv = zip(op.gradient, v).reduce(0.0) { $0 + $1.0 * $1.1 }
        #expect(abs(dd - gv) < 1e-7 * max(1, abs(gv)))
        // HVP vs central differences of the gradient.
        let fd = zip(p.gradient, m.gradient).map { ($0 - $1) / (2 * h) }
        #expect(relErr(op.hvp(v), fd) < 1e-6)
        // And against the columns of the full Hessian, which is symmetric.
        var asym = 0.0
        let H = op.fullHessian(asymmetry: &asym)
        #expect(asym < 1e-13)
        #expect(maxAbsDiff(op.hvp(v), matVec(H, v, n: net.parameterCount)) < 1e-12)
    }

    /// The lecture's sanity case: a linear model z = w·x + b under MSE with x = ±1 has H = 2I exactly
    /// (∂²/∂w² = 2·mean x², ∂²/∂b² = 2, cross term 2·mean x = 0); with ½λ‖θ‖² it is (2 + λ)I.
    @Test func linearRegressionHessianIsTwoI() throws {
        var m = MLP(sizes: [1, 1], hidden: .linear)
        m.parameters = [0.3, -0.2]
        let data = Dataset(inputSize: 1, targetSize: 1, x: [1, -1], y: [0.5, 2])
        #expect(try HessianOperator(model: m, loss: .mse, data: data).fullHessian() == [2, 0, 0, 2])
        let H = try HessianOperator(model: m, loss: .mse, l2: 0.5, data: data).fullHessian()
        #expect(H == [2.5, 0, 0, 2.5])
    }

    @Test func reluNetworkHVPMatchesFiniteDifferencesAwayFromKinks() throws {
        // Small steps never move a pre-activation across 0 here, so FD is valid for ReLU too.
        let net = randomModel([2, 8, 8, 1], hidden: .relu, seed: 51)
        let data = randomData(n: 9, inputs: 2, targets: 1, seed: 52)
        let op = try HessianOperator(model: net, loss: .mse, data: data)
        var rng = AnalysisRNG(seed: 53)
        let v = (0..<net.parameterCount).map { _ in rng.gaussian() }
        let h = 1e-7
        var a = net, b = net
        for i in a.parameters.indices { a.parameters[i] += h * v[i]; b.parameters[i] -= h * v[i] }
        let fd = zip(try HessianOperator(model: a, loss: .mse, data: data).gradient,
                     try HessianOperator(model: b, loss: .mse, data: data).gradient).map { ($0 - $1) / (2 * h) }
        #expect(relErr(op.hvp(v), fd) < 1e-6)
    }

    @Test func refusesNonFiniteWeightsAndMismatchedData() {
        var bad = MLP(sizes: [2, 3, 1], hidden: .tanh); bad.parameters[4] = .nan
        let data = randomData(n: 3, inputs: 2, targets: 1, seed: 1)
        #expect(throws: AnalysisError.nonFiniteParameters(count: 1)) { try HessianOperator(model: bad, loss: .mse, data: data) }
        #expect(throws: AnalysisError.self) {
            try HessianOperator(model: MLP(sizes: [3, 3, 1], hidden: .tanh), loss: .mse, data: data)
        }
    }
}
