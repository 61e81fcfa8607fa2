import Testing
@testable import NNCore

/// The packed route of the dense products (6-row coefficient panels, used for wide layers) against the
/// unpacked kernels — bit for bit, since both sum every element in the same order — and against plain loops.
struct PackedKernelTests {
    static func random(_ n: Int, _ rng: inout SeededRNG) -> [Double] { (0..<n).map { _ in rng.nextGaussian() } }

    /// Shapes: rows a multiple of 6 and not (tails of 1–5 rows), inner dimension over one block (128 unpacked,
    /// 256 packed: inp 300 for the forward product, count 300 and 520 for the weight gradient), padding.
    @Test(arguments: [(6, 5, 8), (13, 7, 9), (64, 300, 37), (131, 129, 20), (256, 256, 64), (13, 16, 300),
                      (20, 9, 520)])
    func packedMatchesUnpackedBitForBit(out: Int, inp: Int, count: Int) {
        var rng = SeededRNG(seed: UInt64(out * 7919 + inp * 31 + count))
        let ld = DenseKernels.leadingDimension(count)
        let w = Self.random(out * inp, &rng), b = Self.random(out, &rng)
        var a = Self.random(inp * ld, &rng), dz = Self.random(out * ld, &rng)
        for r in 0..<inp { for c in count..<ld { a[r * ld + c] = 0 } }
        for r in 0..<out { for c in count..<ld { dz[r * ld + c] = 0 } }
        var z1 = [Double](repeating: 0, count: out * ld), z2 = z1
        var da1 = [Double](repeating: 0, count: inp * ld), da2 = da1
        let gb0 = Self.random(out, &rng)
        var gb1 = gb0, gb2 = gb0
        let inpPadded = DenseKernels.paddedColumns(inp)
        var scratch = [Double](repeating: 0, count: count * DenseKernels.leadingDimension(inpPadded))
        var pack = [Double](repeating: .nan, count: DenseKernels.packCapacity(columns: max(ld, inpPadded)))
        // The transposed gradient needs inp a multiple of 8: use a zero-padded copy of A for it.
        var aPad = [Double](repeating: 0, count: inpPadded * ld)
        for r in 0..<inp { for c in 0..<ld { aPad[r * ld + c] = a[r * ld + c] } }
        var gwPad1 = [Double](repeating: 0, count: out * inpPadded), gwPad2 = gwPad1
        w.withUnsafeBufferPointer { wp in b.withUnsafeBufferPointer { bp in a.withUnsafeBufferPointer { ap in
        dz.withUnsafeBufferPointer { dp in aPad.withUnsafeBufferPointer { app in
        pack.withUnsafeMutableBufferPointer { pk in scratch.withUnsafeMutableBufferPointer { sp in
            let W = wp.baseAddress!, B = bp.baseAddress!, A = ap.baseAddress!, D = dp.baseAddress!, P = pk.baseAddress!
            z1.withUnsafeMutableBufferPointer { DenseKernels.forward(w: W, b: B, a: A, z: $0.baseAddress!, out: out, inp: inp, ld: ld) }
            z2.withUnsafeMutableBufferPointer {
                DenseKernels.forward(w: W, b: B, a: A, z: $0.baseAddress!, out: out, inp: inp, ld: ld, pack: P)
            }
            da1.withUnsafeMutableBufferPointer {
                DenseKernels.backwardInput(w: W, dz: D, da: $0.baseAddress!, out: out, inp: inp, ld: ld)
            }
            da2.withUnsafeMutableBufferPointer {
                DenseKernels.backwardInput(w: W, dz: D, da: $0.baseAddress!, out: out, inp: inp, ld: ld, pack: P)
            }
            gwPad1.withUnsafeMutableBufferPointer { g in gb1.withUnsafeMutableBufferPointer { gb in
                DenseKernels.accumulateWeightGradientTransposed(
                    dz: D, a: app.baseAddress!, gw: g.baseAddress!, gb: gb.baseAddress!, out: out, inp: inpPadded, ld: ld,
                    count: count, scratch: sp.baseAddress!)
            }}
            gwPad2.withUnsafeMutableBufferPointer { g in gb2.withUnsafeMutableBufferPointer { gb in
                DenseKernels.accumulateWeightGradientTransposed(
                    dz: D, a: app.baseAddress!, gw: g.baseAddress!, gb: gb.baseAddress!, out: out, inp: inpPadded, ld: ld,
                    count: count, scratch: sp.baseAddress!, pack: P)
            }}
        }}}}}}}
        #expect(z1.map(\.bitPattern) == z2.map(\.bitPattern))
        #expect(da1.map(\.bitPattern) == da2.map(\.bitPattern))
        #expect(gwPad1.map(\.bitPattern) == gwPad2.map(\.bitPattern))
        #expect(gb1.map(\.bitPattern) == gb2.map(\.bitPattern))
        // And against plain loops (independent of either kernel).
        var worst = 0.0
        for o in 0..<out {
            for c in 0..<ld {
                var s = b[o]
                for i in 0..<inp { s += w[o * inp + i] * a[i * ld + c] }
                worst = max(worst, abs(z2[o * ld + c] - s))
            }
            for i in 0..<inp {
                var s = 0.0   // gwPad starts at 0
                for c in 0..<count { s += dz[o * ld + c] * a[i * ld + c] }
                worst = max(worst, abs(gwPad2[o * inpPadded + i] - s))
            }
        }
        for i in 0..<inp {
            for c in 0..<ld {
                var s = 0.0
                for o in 0..<out { s += w[o * inp + i] * dz[o * ld + c] }
                worst = max(worst, abs(da2[i * ld + c] - s))
            }
        }
        #expect(worst < 1e-10)
    }
}
