import Testing
@testable import NNCore

/// The register-blocked kernels against plain triple loops, on shapes that hit every tail (rows not a
/// multiple of 4, inner dimension longer than one cache block, padding columns).
struct DenseKernelTests {
    static func random(_ n: Int, _ rng: inout SeededRNG) -> [Double] { (0..<n).map { _ in rng.nextGaussian() } }

    @Test(arguments: [(5, 3, 9), (16, 16, 64), (7, 300, 20), (130, 9, 33)])
    func productsMatchNaiveLoops(out: Int, inp: Int, count: Int) {
        var rng = SeededRNG(seed: UInt64(out * 1000 + inp))
        let ld = DenseKernels.leadingDimension(count)
        let w = Self.random(out * inp, &rng), b = Self.random(out, &rng)
        var a = Self.random(inp * ld, &rng), dz = Self.random(out * ld, &rng)
        for r in 0..<inp { for c in count..<ld { a[r * ld + c] = 0 } }  // padding columns are zero
        for r in 0..<out { for c in count..<ld { dz[r * ld + c] = 0 } }
        var z = [Double](repeating: 0, count: out * ld), da = [Double](repeating: 0, count: inp * ld)
        var gw = [Double](repeating: 0.5, count: out * inp), gb = [Double](repeating: 0.25, count: out)
        w.withUnsafeBufferPointer { wp in b.withUnsafeBufferPointer { bp in a.withUnsafeBufferPointer { ap in
            dz.withUnsafeBufferPointer { dp in z.withUnsafeMutableBufferPointer { zp in
                da.withUnsafeMutableBufferPointer { dap in gw.withUnsafeMutableBufferPointer { gp in
                    gb.withUnsafeMutableBufferPointer { gbp in
                        DenseKernels.forward(w: wp.baseAddress!, b: bp.baseAddress!, a: ap.baseAddress!,
                                             z: zp.baseAddress!, out: out, inp: inp, ld: ld)
                        DenseKernels.backwardInput(w: wp.baseAddress!, dz: dp.baseAddress!, da: dap.baseAddress!,
                                                   out: out, inp: inp, ld: ld)
                        DenseKernels.accumulateWeightGradient(dz: dp.baseAddress!, a: ap.baseAddress!,
                                                              gw: gp.baseAddress!, gb: gbp.baseAddress!,
                                                              out: out, inp: inp, ld: ld)
                    }
                }}
            }}
        }}}
        var worst = 0.0
        for o in 0..<out {
            for c in 0..<ld {
                var s = b[o]
                for i in 0..<inp { s += w[o * inp + i] * a[i * ld + c] }
                worst = max(worst, abs(z[o * ld + c] - s))
            }
            var sb = 0.25
            for c in 0..<ld { sb += dz[o * ld + c] }
            worst = max(worst, abs(gb[o] - sb))
            for i in 0..<inp {
                var s = 0.5
                for c in 0..<ld { s += dz[o * ld + c] * a[i * ld + c] }
                worst = max(worst, abs(gw[o * inp + i] - s))
            }
        }
        for i in 0..<inp {
            for c in 0..<ld {
                var s = 0.0
                for o in 0..<out { s += w[o * inp + i] * dz[o * ld + c] }
                worst = max(worst, abs(da[i * ld + c] - s))
            }
        }
        #expect(worst < 1e-11)
    }

    /// The dot-product weight gradient's bits are its four-lane order: lane l of an element sums
    /// dz[c]·a[c] for c ≡ l (mod 4) as one chain of fused multiply-adds, and the lanes add as ((l0 + l1) + l2) + l3
    /// onto gW; gb adds two four-lane partial sums (even and odd groups of four). Every register block and tail
    /// (1–2 output rows × 1–4 input rows, four bias rows at a time) must keep exactly this.
    @Test(arguments: [(1, 1), (2, 3), (3, 5), (5, 7), (7, 9), (32, 2), (1, 32), (32, 32)])
    func weightGradientFollowsTheFourLaneOrder(out: Int, inp: Int) {
        var rng = SeededRNG(seed: UInt64(out * 100 + inp))
        let ld = 64
        let a = Self.random(inp * ld, &rng), dz = Self.random(out * ld, &rng)
        var gw = Self.random(out * inp, &rng), gb = Self.random(out, &rng)
        var expectedW = gw, expectedB = gb
        for o in 0..<out {
            for i in 0..<inp {
                var lanes = [Double](repeating: 0, count: 4)
                for c in 0..<ld { lanes[c % 4] = lanes[c % 4].addingProduct(dz[o * ld + c], a[i * ld + c]) }
                expectedW[o * inp + i] += ((lanes[0] + lanes[1]) + lanes[2]) + lanes[3]
            }
            var even = [Double](repeating: 0, count: 4), odd = even
            for c in stride(from: 0, to: ld, by: 8) {
                for l in 0..<4 { even[l] += dz[o * ld + c + l]; odd[l] += dz[o * ld + c + 4 + l] }
            }
            let t = (0..<4).map { even[$0] + odd[$0] }
            expectedB[o] += ((t[0] + t[1]) + t[2]) + t[3]
        }
        a.withUnsafeBufferPointer { ap in dz.withUnsafeBufferPointer { dp in
            gw.withUnsafeMutableBufferPointer { g in gb.withUnsafeMutableBufferPointer { b in
                DenseKernels.accumulateWeightGradient(dz: dp.baseAddress!, a: ap.baseAddress!, gw: g.baseAddress!,
                                                      gb: b.baseAddress!, out: out, inp: inp, ld: ld)
            }}
        }}
        #expect(gw.map(\.bitPattern) == expectedW.map(\.bitPattern))
        #expect(gb.map(\.bitPattern) == expectedB.map(\.bitPattern))
    }

    @Test(arguments: [(4, 8, 5), (64, 64, 37), (9, 136, 140)])
    func transposedWeightGradientMatchesDotForm(out: Int, inp: Int, count: Int) {
        var rng = SeededRNG(seed: UInt64(out + inp + count))
        let ld = DenseKernels.leadingDimension(count)
        var a = Self.random(inp * ld, &rng), dz = Self.random(out * ld, &rng)
        for r in 0..<inp { for c in count..<ld { a[r * ld + c] = 0 } }
        for r in 0..<out { for c in count..<ld { dz[r * ld + c] = 0 } }
        var g1 = Self.random(out * inp, &rng), b1 = Self.random(out, &rng)
        var g2 = g1, b2 = b1
        var scratch = [Double](repeating: .nan, count: count * DenseKernels.leadingDimension(inp))
        a.withUnsafeBufferPointer { ap in dz.withUnsafeBufferPointer { dp in
            g1.withUnsafeMutableBufferPointer { g in b1.withUnsafeMutableBufferPointer { bb in
                DenseKernels.accumulateWeightGradient(dz: dp.baseAddress!, a: ap.baseAddress!, gw: g.baseAddress!,
                                                      gb: bb.baseAddress!, out: out, inp: inp, ld: ld)
            }}
            g2.withUnsafeMutableBufferPointer { g in b2.withUnsafeMutableBufferPointer { bb in
                scratch.withUnsafeMutableBufferPointer { sp in
                    DenseKernels.accumulateWeightGradientTransposed(
                        dz: dp.baseAddress!, a: ap.baseAddress!, gw: g.baseAddress!, gb: bb.baseAddress!,
                        out: out, inp: inp, ld: ld, count: count, scratch: sp.baseAddress!)
                }
            }}
        }}
        #expect(Reference.relativeError(g1, g2) < 1e-13)
        #expect(b1 == b2)
    }

    /// A network wide enough for the transposed weight-gradient route, spot-checked against central
    /// differences of the reference objective.
    @Test func wideLayerGradientSpotCheck() throws {
        #expect(DenseKernels.prefersTransposedGradient(out: 64, inp: 64))
        let model = Reference.model([2, 64, 64, 1], [.tanh, .tanh, .linear], seed: 21)
        let data = Reference.data(n: 5, inputs: 2, outputs: 1, loss: .mse, seed: 3)
        var ws = BackpropWorkspace(for: model)
        var g: [Double] = []
        Objective(loss: .mse, l2: 0.01).gradient(model: model, data: data, into: &g, workspace: &ws)
        var rng = SeededRNG(seed: 5)
        let h = 1e-6
        var worst = 0.0
        let scale = try #require(g.map { Swift.abs($0) }.max())
        for _ in 0..<40 {
            let j = model.weightOffset(layer: 1) + rng.nextInt(below: 64 * 65)
            var p = model
            p.parameters[j] += h
            let fp = Reference.objective(p, data, .mse, l2: 0.01)
            p.parameters[j] -= 2 * h
            let fm = Reference.objective(p, data, .mse, l2: 0.01)
            worst = Swift.max(worst, Swift.abs((fp - fm) / (2 * h) - g[j]) / scale)
        }
        #expect(worst < 1e-6)
    }
}
