import Testing
import NNCore
@testable import NNAnalysis

/// ``HVPContractions``: the dense HVP's shortcuts (first layer's δ₁V₁, last hidden layer's R{Φ}Wᵀ, and the
/// two-hidden-layer closed form) against
/// the plain R-operator (`.never`), the full Hessian's columns and finite differences of the gradient, on
/// small nets with `.always` (the automatic policy only turns them on for products ≥ 2²⁰ multiply-adds).
@Suite struct HVPContractionTests {
    struct Case: Sendable, CustomStringConvertible {
        let sizes: [Int], hidden: Activation, loss: Loss, l2: Double
        /// Which shortcuts the network's structure allows: the first layer's, and the last hidden layer h.
        let firstLayer: Bool, lastHidden: Int?
        /// A first layer with another activation than `hidden` (tanh before a ReLU layer: the closed form's
        /// φ″ pass).
        var firstActivation: Activation? = nil
        /// Both shortcuts on a net with two hidden layers: the closed form.
        var closedForm: Bool { firstLayer && lastHidden == 1 && sizes.count == 4 }
        var description: String { "\(sizes) \(firstActivation.map { "\($0.kind)+" } ?? "")\(hidden.kind) \(loss)" }
    }

    static let cases: [Case] = [
        Case(sizes: [2, 8, 8, 1], hidden: .relu, loss: .bceWithLogits, l2: 0, firstLayer: true, lastHidden: 1),       // C3's shape
        Case(sizes: [2, 8, 8, 1], hidden: .relu, loss: .mse, l2: 0.03, firstLayer: true, lastHidden: 1),
        Case(sizes: [2, 6, 7, 5, 1], hidden: .relu, loss: .mse, l2: 0, firstLayer: true, lastHidden: 2),            // h ≠ 1
        Case(sizes: [1, 9, 6, 1], hidden: .leakyRelu(alpha: 0.1), loss: .mse, l2: 0, firstLayer: true, lastHidden: 1),
        Case(sizes: [2, 8, 8, 1], hidden: .tanh, loss: .bceWithLogits, l2: 0.01, firstLayer: true, lastHidden: nil),  // φ″ ≠ 0
        Case(sizes: [2, 6, 5, 3], hidden: .relu, loss: .softmaxCrossEntropy, l2: 0, firstLayer: true, lastHidden: nil), // k = 3
        Case(sizes: [2, 8, 1], hidden: .relu, loss: .mse, l2: 0, firstLayer: true, lastHidden: nil),                 // L = 2
        Case(sizes: [9, 6, 6, 1], hidden: .relu, loss: .mse, l2: 0, firstLayer: false, lastHidden: 1),               // d₀ = 9
        Case(sizes: [2, 7, 9, 1], hidden: .relu, loss: .bceWithLogits, l2: 0.02, firstLayer: true, lastHidden: 1,
             firstActivation: .tanh),                                                                                // φ″₀ ≠ 0
    ]

    func problem(_ c: Case, seed: UInt64) -> (MLP, Dataset) {
        let k = c.sizes.last!
        var net = randomModel(c.sizes, hidden: c.hidden, seed: seed)
        if let first = c.firstActivation {
            var acts = net.activations
            acts[0] = first
            var m = MLP(sizes: c.sizes, activations: acts)
            m.parameters = net.parameters
            net = m
        }
        var data = randomData(n: 11, inputs: c.sizes[0], targets: k, seed: seed + 1, binary: c.loss == .bceWithLogits)
        if c.loss == .softmaxCrossEntropy { data.y = (0..<(11 * k)).map { $0 % k == ($0 / k) % k ? 1 : 0 } }
        return (net, data)
    }

    func relative(_ a: [Double], _ b: [Double]) -> Double {
        maxAbsDiff(a, b) / max(b.map(abs).max() ?? 0, 1e-300)
    }

    @Test(arguments: cases)
    func contractedHVPEqualsPlainHVPAndHessianColumns(_ c: Case) throws {
        let (net, data) = problem(c, seed: 61)
        let fast = try HessianOperator(model: net, loss: c.loss, l2: c.l2, data: data, contractions: .always)
        let plain = try HessianOperator(model: net, loss: c.loss, l2: c.l2, data: data, contractions: .never)
        var rng = AnalysisRNG(seed: 62)
        let H = plain.fullHessian()
        let P = net.parameterCount
        for trial in 0..<3 {
            let v = (0..<P).map { _ in rng.gaussian() }
            let hv = fast.hvp(v)
            // The shortcuts really ran (else this compares the plain path with itself).
            #expect(fast.contractions?.firstLayerOn == c.firstLayer && fast.contractions?.lastHidden == c.lastHidden)
            #expect(fast.contractions?.closedForm == c.closedForm)
            #expect(relative(hv, plain.hvp(v)) < 1e-12, "trial \(trial)")
            #expect(relative(hv, matVec(H, v, n: P)) < 1e-12, "trial \(trial)")
        }
        #expect(plain.contractions == nil)
    }

    /// Tangents that leave whole layers at zero: the skipped products' shares must vanish or appear exactly
    /// as in the plain operator (R{Φ_{h−1}} inactive, V₁ zero, only the output layer, one unit tangent).
    @Test(arguments: cases)
    func partialTangentsMatchThePlainOperator(_ c: Case) throws {
        let (net, data) = problem(c, seed: 71)
        let fast = try HessianOperator(model: net, loss: c.loss, l2: c.l2, data: data, contractions: .always)
        let plain = try HessianOperator(model: net, loss: c.loss, l2: c.l2, data: data, contractions: .never)
        let P = net.parameterCount, L = net.layerCount
        var rng = AnalysisRNG(seed: 72)
        func layerRange(_ l: Int) -> Range<Int> { net.weightOffset(layer: l)..<(net.biasOffset(layer: l) + net.sizes[l + 1]) }
        var tangents: [[Double]] = []
        for l in 0..<L {   // one layer at a time, and everything but that layer
            var only = [Double](repeating: 0, count: P), but = (0..<P).map { _ in rng.gaussian() }
            for i in layerRange(l) { only[i] = rng.gaussian(); but[i] = 0 }
            tangents += [only, but]
        }
        var unit = [Double](repeating: 0, count: P); unit[P / 2] = 1
        tangents.append(unit)
        for (t, v) in tangents.enumerated() {
            #expect(relative(fast.hvp(v), plain.hvp(v)) < 1e-12, "tangent \(t)")
        }
    }

    /// The C3-shaped ReLU net against central differences of the gradient (no kink is crossed at h = 1e-7).
    @Test func contractedReluHVPMatchesFiniteDifferences() throws {
        let c = Self.cases[0]
        let (net, data) = problem(c, seed: 81)
        let op = try HessianOperator(model: net, loss: c.loss, data: data, contractions: .always)
        var rng = AnalysisRNG(seed: 82)
        let v = (0..<net.parameterCount).map { _ in rng.gaussian() }
        let h = 1e-7
        var a = net, b = net
        for i in a.parameters.indices { a.parameters[i] += h * v[i]; b.parameters[i] -= h * v[i] }
        let fd = zip(try HessianOperator(model: a, loss: c.loss, data: data).gradient,
                     try HessianOperator(model: b, loss: c.loss, data: data).gradient).map { ($0 - $1) / (2 * h) }
        #expect(relErr(op.hvp(v), fd) < 1e-6)
        #expect(op.contractions?.lastHidden == 1 && op.contractions?.firstLayerOn == true)
    }

    /// The automatic policy leaves small nets on the plain path and turns both shortcuts on for C3's shape.
    @Test func automaticPolicyFollowsProductSize() throws {
        let small = randomModel([2, 8, 8, 1], hidden: .relu, seed: 91)
        let data = randomData(n: 11, inputs: 2, targets: 1, seed: 92, binary: true)
        let op = try HessianOperator(model: small, loss: .bceWithLogits, data: data)
        _ = op.hvp([Double](repeating: 1, count: small.parameterCount))
        #expect(op.contractions == nil)
        let wide = randomModel([2, 32, 32, 1], hidden: .relu, seed: 93)
        let many = randomData(n: 1024, inputs: 2, targets: 1, seed: 94, binary: true)   // 1024·32·32 = 2²⁰
        let wop = try HessianOperator(model: wide, loss: .bceWithLogits, data: many)
        _ = wop.hvp([Double](repeating: 1, count: wide.parameterCount))
        #expect(wop.contractionsBuilt)
        #expect(wop.contractions?.firstLayerOn == true && wop.contractions?.lastHidden == 1 && wop.contractions?.closedForm == true)
    }
}
