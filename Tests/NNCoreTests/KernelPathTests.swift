import CNNKernels
import Testing
@testable import NNCore

/// The kernel paths (baseline, AVX2, AVX-512, NEON: whichever this CPU runs) against plain reference loops and
/// against each other, bit for bit; and training, which must give the same θ bits on every path. Each test runs
/// every supported path on its own thread (``CPUDispatch/withPath(_:_:)``); CI also runs this suite once per
/// path with `NNVIZ_CPU` set, so the process-wide selection is exercised too.
struct KernelPathTests {
    static func random(_ n: Int, _ rng: inout SeededRNG) -> [Double] { (0..<n).map { _ in rng.nextGaussian() } }

    @Test func theSelectedPathIsSupportedAndBaselineAlwaysIs() {
        #expect(KernelPath.baseline.isSupported)
        #expect(CPUDispatch.supported.contains(CPUDispatch.best))
        #expect(CPUDispatch.active.isSupported)
        for p in CPUDispatch.supported {
            #expect(CPUDispatch.withPath(p) { CPUDispatch.active } == p)
        }
        #if arch(x86_64)
        #expect(!KernelPath.neon.isSupported)
        #else
        #expect(!KernelPath.avx2.isSupported && !KernelPath.avx512.isSupported)
        #endif
    }

    /// The general product in every mode, with and without packing and with B transposed, against a plain
    /// loop of fused multiply-adds in order of the inner index (the contract every path must meet exactly).
    @Test(arguments: [(1, 1, 1), (5, 9, 3), (13, 300, 37), (26, 17, 24), (7, 520, 16), (40, 64, 50)])
    func generalProductMatchesReferenceChainOnEveryPath(rows: Int, inner: Int, cols: Int) {
        var rng = SeededRNG(seed: UInt64(rows * 1000 + inner * 10 + cols))
        let a = Self.random(rows * inner, &rng), b = Self.random(inner * cols, &rng)
        let bias = Self.random(rows, &rng), c0 = Self.random(rows * cols, &rng)
        var pack = [Double](repeating: .nan, count: DenseKernels.packCapacity(columns: cols))
        for init_ in 0..<5 {
            for (transposed, packed) in [(false, false), (false, true), (true, true)] {
                if transposed && init_ >= 3 { continue }
                // Reference: A row-major (ars = inner, aks = 1); B[k, j] = b[k·cols + j], or b[j·inner + k] transposed.
                var ref = c0
                for r in 0..<rows {
                    for j in 0..<cols {
                        var acc = init_ == 2 ? c0[r * cols + j] : init_ == 1 ? bias[r] : 0
                        for k in 0..<inner {
                            acc = acc.addingProduct(a[r * inner + k], transposed ? b[j * inner + k] : b[k * cols + j])
                        }
                        ref[r * cols + j] = init_ == 3 ? c0[r * cols + j] + acc : init_ == 4 ? 0 + acc : acc
                    }
                }
                for path in CPUDispatch.supported {
                    var c = c0
                    CPUDispatch.withPath(path) {
                        c.withUnsafeMutableBufferPointer { cp in pack.withUnsafeMutableBufferPointer { pk in
                            nnk_gemm(a, inner, 1, b, transposed ? inner : cols, transposed ? 1 : 0, cp.baseAddress, cols,
                                     rows, inner, cols, Int32(init_), bias, packed && init_ < 3 ? pk.baseAddress : nil)
                        }}
                    }
                    #expect(c.map(\.bitPattern) == ref.map(\.bitPattern),
                            "path \(path.rawValue) mode \(init_) transposed \(transposed) packed \(packed)")
                }
            }
        }
    }

    /// The layer products (forward, input gradient, both weight-gradient forms) and tanh: identical bits on every
    /// path, and the weight gradient within round-off of a plain sum.
    @Test(arguments: [(6, 5, 8), (16, 16, 64), (32, 2, 64), (64, 64, 37), (1, 32, 256)])
    func layerProductsAreIdenticalOnEveryPath(out: Int, inp: Int, count: Int) {
        var rng = SeededRNG(seed: UInt64(out * 7919 + inp * 31 + count))
        let ld = DenseKernels.leadingDimension(count)
        let w = Self.random(out * inp, &rng), b = Self.random(out, &rng)
        var a = Self.random(inp * ld, &rng), dz = Self.random(out * ld, &rng)
        for r in 0..<inp { for c in count..<ld { a[r * ld + c] = 0 } }
        for r in 0..<out { for c in count..<ld { dz[r * ld + c] = 0 } }
        var results: [KernelPath: [[UInt64]]] = [:]
        for path in CPUDispatch.supported {
            var z = [Double](repeating: 0, count: out * ld), da = [Double](repeating: 0, count: inp * ld)
            var gw = [Double](repeating: 0.5, count: out * inp), gb = [Double](repeating: 0.25, count: out)
            var th = [Double](repeating: 0, count: out * ld)
            var pack = [Double](repeating: .nan, count: DenseKernels.packCapacity(columns: max(ld, inp)))
            CPUDispatch.withPath(path) {
                w.withUnsafeBufferPointer { W in b.withUnsafeBufferPointer { B in a.withUnsafeBufferPointer { A in
                dz.withUnsafeBufferPointer { D in pack.withUnsafeMutableBufferPointer { P in
                    let usePack = out * inp >= 64 ? P.baseAddress : nil
                    z.withUnsafeMutableBufferPointer {
                        DenseKernels.forward(w: W.baseAddress!, b: B.baseAddress!, a: A.baseAddress!, z: $0.baseAddress!,
                                             out: out, inp: inp, ld: ld, pack: usePack)
                    }
                    da.withUnsafeMutableBufferPointer {
                        DenseKernels.backwardInput(w: W.baseAddress!, dz: D.baseAddress!, da: $0.baseAddress!, out: out,
                                                   inp: inp, ld: ld, pack: usePack)
                    }
                    gw.withUnsafeMutableBufferPointer { g in gb.withUnsafeMutableBufferPointer { gbp in
                        DenseKernels.accumulateWeightGradient(dz: D.baseAddress!, a: A.baseAddress!, gw: g.baseAddress!,
                                                              gb: gbp.baseAddress!, out: out, inp: inp, ld: ld)
                    }}
                    th.withUnsafeMutableBufferPointer { t in z.withUnsafeBufferPointer { zp in
                        ActivationKernels.apply(.tanh, z: zp.baseAddress!, h: t.baseAddress!, count: out * ld)
                    }}
                }}}}}
            }
            results[path] = [z, da, gw, gb, th].map { $0.map(\.bitPattern) }
            // Weight gradient against a plain sum (independent of the kernels' order), to round-off.
            for o in 0..<out {
                for i in 0..<inp {
                    var s = 0.5
                    for c in 0..<count { s += dz[o * ld + c] * a[i * ld + c] }
                    #expect(abs(gw[o * inp + i] - s) <= 1e-12 * Double(count))
                }
            }
            // tanh through the kernel equals the Swift algorithm lane by lane, bit for bit.
            for j in stride(from: 0, to: out * ld, by: 97) {
                #expect(th[j].bitPattern == VectorMath.tanh(z[j]).bitPattern)
            }
        }
        let reference = results[.baseline]
        for (path, r) in results { #expect(r == reference, "path \(path.rawValue) differs from baseline") }
    }

    /// Training: forward, backprop, Adam, over several steps and shapes (a deep ReLU regression, a tanh
    /// classifier, and a layer wide enough for the packed products): the same θ bits on every path.
    @Test(arguments: [0, 1, 2])
    func trainingGivesTheSameBitsOnEveryPath(shape: Int) {
        let (sizes, hidden, loss, n, batch): ([Int], Activation, Loss, Int, Int?) = switch shape {
        case 0: ([1, 16, 16, 16, 1], .relu, .mse, 48, nil)
        case 1: ([2, 32, 32, 1], .tanh, .bceWithLogits, 64, 16)
        default: ([2, 72, 72, 1], .relu, .bceWithLogits, 40, 24)
        }
        var rng = SeededRNG(seed: 42 + UInt64(shape))
        let d0 = sizes[0]
        let x = (0..<(n * d0)).map { _ in rng.nextGaussian() }
        let y = (0..<n).map { i in loss == .mse ? x[i * d0] * x[i * d0] - 0.5 : (x[i * d0] > 0 ? 1.0 : 0.0) }
        var model = MLP(sizes: sizes, hidden: hidden)
        model.initialize(.he, rng: &rng)
        let data = Dataset(inputSize: d0, targetSize: 1, x: x, y: y)
        let config = TrainingConfig(loss: loss, optimizer: .adamDefault, learningRate: 1e-2, batchSize: batch, seed: 7)
        var thetas: [KernelPath: [UInt64]] = [:]
        for path in CPUDispatch.supported {
            var trainer = Trainer(model: model, train: data, config: config)
            CPUDispatch.withPath(path) { _ = trainer.run(steps: 12) }
            thetas[path] = trainer.model.parameters.map(\.bitPattern)
            #expect(trainer.model.parameters != model.parameters)
        }
        let reference = thetas[.baseline]
        for (path, t) in thetas { #expect(t == reference, "path \(path.rawValue): θ differs from baseline") }
    }
}
