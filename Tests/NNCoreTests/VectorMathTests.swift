import Foundation
import Testing
@testable import NNCore

struct VectorMathTests {
    /// Relative error in units of the result's ulp against libm, over the whole range.
    @Test func tanhMatchesLibm() {
        var r = SeededRNG(seed: 1)
        var worstRel = 0.0
        func check(_ x: Double) {
            let a = VectorMath.tanh(x), b = Foundation.tanh(x)
            let rel = b == 0 ? Swift.abs(a) : Swift.abs(a - b) / Swift.abs(b)
            worstRel = Swift.max(worstRel, rel)
        }
        for _ in 0..<20_000 { check(r.nextDouble(in: -25, 25)) }
        for _ in 0..<5_000 { check(r.nextDouble(in: -1, 1) * 1e-3) }
        for e in -320...3 { check(Foundation.pow(2, Double(e))); check(-Foundation.pow(2, Double(e)) * 1.37) }
        for x in [0, 0.3466, 0.3467, 19.06, 20, 21, 700, 1e300, Double.infinity] { check(x); check(-x) }
        #expect(worstRel < 7e-16)  // 3 ulp
        #expect(VectorMath.tanh(0.0).bitPattern == (0.0).bitPattern)
        #expect(VectorMath.tanh(-0.0).bitPattern == (-0.0).bitPattern)
        #expect(VectorMath.tanh(Double.nan).isNaN)
        #expect(VectorMath.tanh(.infinity) == 1 && VectorMath.tanh(-.infinity) == -1)
        // The four lanes are independent.
        let v = VectorMath.tanh(SIMD4(-3, 0.001, 2.5, -40))
        for (i, x) in [-3, 0.001, 2.5, -40].enumerated() { #expect(v[i] == VectorMath.tanh(x)) }
    }

    @Test func activationKernelsAgreeWithScalarMaths() {
        var r = SeededRNG(seed: 2)
        let z = (0..<64).map { _ in r.nextGaussian() * 3 } + [0, 0, 0, 0]
        for kind in Activation.Kind.allCases {
            let act = Activation(kind, alpha: 0.07)
            var h = [Double](repeating: 0, count: z.count)
            var d = (0..<z.count).map { _ in r.nextGaussian() }
            let d0 = d
            z.withUnsafeBufferPointer { zp in
                h.withUnsafeMutableBufferPointer { hp in
                    ActivationKernels.apply(act, z: zp.baseAddress!, h: hp.baseAddress!, count: z.count)
                }
                h.withUnsafeBufferPointer { hp in
                    d.withUnsafeMutableBufferPointer { dp in
                        ActivationKernels.multiplyDerivative(act, z: zp.baseAddress!, h: hp.baseAddress!,
                                                             d: dp.baseAddress!, count: z.count)
                    }
                }
            }
            for j in z.indices {
                #expect(Swift.abs(h[j] - act.value(z[j])) <= 1e-15 * Swift.max(1, Swift.abs(h[j])), "\(kind)")
                #expect(Swift.abs(d[j] - d0[j] * act.derivative(z[j])) <= 1e-15 * Swift.max(1, Swift.abs(d[j])), "\(kind)")
            }
        }
    }
}

struct InitializerTests {
    @Test func lawsAndBiases() {
        let sizes = [50, 200, 100]
        for initializer in Initializer.allCases {
            let m = MLP(sizes: sizes, activations: [.relu, .linear], initializer: initializer, seed: 4)
            let w = Array(m.parameters[m.weightOffset(layer: 1)..<m.biasOffset(layer: 1)])  // 100 × 200
            let b = m.biasVector(layer: 1)
            let mean = w.reduce(0, +) / Double(w.count)
            let variance = w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(w.count)
            let maxAbs = w.map { Swift.abs($0) }.max() ?? 0
            switch initializer {
            case .he:  // N(0, 2/200)
                #expect(Swift.abs(variance / 0.01 - 1) < 0.05 && b.allSatisfy { $0 == 0 })
            case .xavier:  // U(±√(6/300)): variance a²/3 = 2/300
                #expect(Swift.abs(variance / (2.0 / 300) - 1) < 0.05 && maxAbs <= (6.0 / 300).squareRoot())
                #expect(b.allSatisfy { $0 == 0 })
            case .uniformFanIn:  // U(±1/√200) for weights and biases
                let a = 1 / 200.0.squareRoot()
                #expect(Swift.abs(variance / (a * a / 3) - 1) < 0.05 && maxAbs <= a)
                #expect(b.allSatisfy { Swift.abs($0) <= a } && b.contains { $0 != 0 })
            case .zeros:
                #expect(m.parameters.allSatisfy { $0 == 0 })
            }
        }
    }

    @Test func sameSeedSameWeights() {
        let a = MLP(sizes: [2, 8, 1], activations: [.tanh, .linear], initializer: .he, seed: 9)
        let b = MLP(sizes: [2, 8, 1], activations: [.tanh, .linear], initializer: .he, seed: 9)
        let c = MLP(sizes: [2, 8, 1], activations: [.tanh, .linear], initializer: .he, seed: 10)
        #expect(a.parameters == b.parameters && a.parameters != c.parameters)
    }
}
