import Testing
import NNCore
@testable import NNAnalysis

@Suite struct NTKAndCostTests {
    /// f(x) = Σ_a v_a φ(w_a·x + b_a) + c:  K(x, x') = Σ_a φ(h_a)φ(h'_a) + 1 + Σ_a v_a² φ′(h_a)φ′(h'_a)(x·x' + 1).
    @Test(arguments: [Activation.tanh, .relu, .softplus])
    func oneHiddenLayerClosedForm(act: Activation) throws {
        let width = 7, d = 3, n = 6
        let net = randomModel([d, width, 1], hidden: act, seed: 81)
        let data = randomData(n: n, inputs: d, targets: 1, seed: 82)
        let ntk = try EmpiricalNTK(model: net, inputs: data.x, count: n)
        let W = net.weightMatrix(layer: 0), b = net.biasVector(layer: 0), v = net.weightMatrix(layer: 1)[0]
        func h(_ i: Int) -> [Double] {
            var out = [Double](repeating: 0, count: width)
            for a in 0..<width {
                var s: Double = b[a]
                for c in 0..<d { s += W[a][c] * data.x[i * d + c] }
                out[a] = s
            }
            return out
        }
        for i in 0..<n { for j in 0..<n {
            let hi = h(i), hj = h(j)
            var xx = 1.0
            for c in 0..<d { xx += data.x[i * d + c] * data.x[j * d + c] }
            var k = 1.0
            for a in 0..<width {
                k += act.value(hi[a]) * act.value(hj[a])
                k += v[a] * v[a] * act.derivative(hi[a]) * act.derivative(hj[a]) * xx
            }
            #expect(abs(ntk.matrix[i * n + j] - k) < 1e-12 * max(1, abs(k)))
        } }
        #expect(ntk.eigenvalues.allSatisfy { $0 > -1e-10 })
    }

    /// At an interpolating minimum of MSE (targets = the net's own outputs, so every residual is 0 exactly),
    /// H = (2/(n·k)) JᵀJ: its non-zero eigenvalues are (2/(n·k))·eig(K), the other P − n·k are 0.
    @Test(arguments: [1, 2])
    func interpolatingMinimumHessianMatchesNTK(k: Int) throws {
        let n = 5
        let net = randomModel([2, 6, 5, k], hidden: .tanh, seed: 90 + UInt64(k))
        let x = randomData(n: n, inputs: 2, targets: 1, seed: 91).x
        let nd = NetworkDerivatives(model: net, inputs: x, count: n)
        let data = Dataset(inputSize: 2, targetSize: k, x: x, y: nd.outputs)
        let op = try HessianOperator(model: net, loss: .mse, data: data)
        #expect(op.value == 0)
        let P = op.parameterCount
        let ev = SymmetricEigensolver.eigenvalues(op.fullHessian(), n: P)
        let ntk = try EmpiricalNTK(model: net, inputs: x, count: n)
        let c = try #require(EmpiricalNTK.hessianScale(loss: .mse, n: n, k: k))
        #expect(c == 2 / Double(n * k))
        let top = Array(ev.suffix(n * k)), expected = ntk.eigenvalues.map { c * $0 }
        #expect(maxAbsDiff(top, expected) < 1e-12 * (expected.last ?? 1))
        #expect(ev.prefix(P - n * k).allSatisfy { abs($0) < 1e-12 })
    }

    @Test func lectureMultiplyCounts() {
        let cost = AutodiffCost(sizes: [3, 4, 5, 2])
        #expect(cost.forwardMultiplies == 3 * (5 * 4 + 2 * 5))
        #expect(cost.reverseMultiplies == 2 * (3 * 4 + 4 * 5))
        // Independent: count the multiplies of the matrix chain evaluated in each order.
        func chain(_ sizes: [Int], forward: Bool) -> Int {
            // Jacobians J_ℓ = d_ℓ × d_{ℓ−1} for ℓ = 1…L; forward starts from J_1, reverse from J_L.
            let L = sizes.count - 1
            var total = 0
            if forward {
                var cols = sizes[0]   // running product is d_ℓ × d₀
                for l in 2...L { total += sizes[l] * sizes[l - 1] * cols; cols = sizes[0] }
            } else {
                for l in stride(from: L - 2, through: 0, by: -1) { total += sizes[L] * sizes[l + 1] * sizes[l] }
            }
            return total
        }
        for sizes in [[3, 4, 5, 2], [2, 16, 16, 16, 1], [784, 100, 10], [1, 8, 1]] {
            let c = AutodiffCost(sizes: sizes)
            #expect(c.forwardMultiplies == chain(sizes, forward: true))
            #expect(c.reverseMultiplies == chain(sizes, forward: false))
        }
        #expect(AutodiffCost(sizes: [2, 64, 64, 1]).cheaper == "reverse")
        #expect(AutodiffCost(sizes: [1, 64, 64, 10]).cheaper == "forward")
        #expect(AutodiffCost(sizes: [4, 3]).forwardMultiplies == 0)
    }

    @Test func measuredCostHasBothTimes() throws {
        let net = randomModel([2, 8, 8, 1], hidden: .tanh, seed: 5)
        let data = randomData(n: 16, inputs: 2, targets: 1, seed: 6)
        let c = try AutodiffCost(model: net, inputs: data.x, count: 16, repeats: 1)
        #expect((c.forwardSeconds ?? -1) >= 0 && (c.reverseSeconds ?? -1) >= 0 && c.measuredPoints == 16)
    }
}
