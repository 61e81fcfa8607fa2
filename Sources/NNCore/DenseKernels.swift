/// The three dense products of a layer's forward and backward pass, on raw pointers, register-blocked
/// with `SIMD4<Double>`.
///
/// Layout (why): activations are stored **feature-major**, one row per unit and one column per sample,
/// with a row stride `ld` that is a multiple of 8 (``DenseKernels/columnBlock``). Then all three products
/// run along contiguous rows — the forward `Z = W·A + b` and the input gradient `dA = Wᵀ·dZ` broadcast
/// scalar weights against 8-wide column strips, and the weight gradient `dW += dZ·Aᵀ` is a set of dot
/// products of contiguous rows — and no column tails are ever needed (padding columns are zero).
///
/// Blocking: 4 output rows × 8 columns (8 SIMD4 accumulators) for the two broadcast products,
/// 2 × 4 rows for the dot products. Summation order is fixed by the code, not the hardware, so the
/// results are bit-identical wherever the same code runs.
public enum DenseKernels {
    /// Column padding: every row stride `ld` must be a multiple of this.
    public static let columnBlock = 8

    /// Rounds a column count up to a multiple of ``columnBlock``.
    @inlinable
    public static func paddedColumns(_ n: Int) -> Int { (n + columnBlock - 1) / columnBlock * columnBlock }

    @inline(__always) @usableFromInline
    static func load(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
    }

    @inline(__always) @usableFromInline
    static func store(_ v: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Double>.self)
    }

    /// Z (out × ld) = W (out × inp, row-major) · A (inp × ld) + b broadcast along columns.
    public static func forward(
        w: UnsafePointer<Double>, b: UnsafePointer<Double>, a: UnsafePointer<Double>,
        z: UnsafeMutablePointer<Double>, out: Int, inp: Int, ld: Int
    ) {
        precondition(ld % columnBlock == 0)
        var o = 0
        while o + 4 <= out {
            let w0 = w + o * inp, w1 = w0 + inp, w2 = w1 + inp, w3 = w2 + inp
            let b0 = SIMD4(repeating: b[o]), b1 = SIMD4(repeating: b[o + 1])
            let b2 = SIMD4(repeating: b[o + 2]), b3 = SIMD4(repeating: b[o + 3])
            var c = 0
            while c < ld {
                var s00 = b0, s01 = b0, s10 = b1, s11 = b1, s20 = b2, s21 = b2, s30 = b3, s31 = b3
                var ap = a + c
                for i in 0..<inp {
                    let x0 = load(ap), x1 = load(ap + 4)
                    let c0 = SIMD4(repeating: w0[i]), c1 = SIMD4(repeating: w1[i])
                    let c2 = SIMD4(repeating: w2[i]), c3 = SIMD4(repeating: w3[i])
                    s00 += c0 * x0; s01 += c0 * x1
                    s10 += c1 * x0; s11 += c1 * x1
                    s20 += c2 * x0; s21 += c2 * x1
                    s30 += c3 * x0; s31 += c3 * x1
                    ap += ld
                }
                let zp = z + o * ld + c
                store(s00, zp); store(s01, zp + 4)
                store(s10, zp + ld); store(s11, zp + ld + 4)
                store(s20, zp + 2 * ld); store(s21, zp + 2 * ld + 4)
                store(s30, zp + 3 * ld); store(s31, zp + 3 * ld + 4)
                c += 8
            }
            o += 4
        }
        while o < out {
            let w0 = w + o * inp
            let b0 = SIMD4(repeating: b[o])
            var c = 0
            while c < ld {
                var s0 = b0, s1 = b0
                var ap = a + c
                for i in 0..<inp {
                    let c0 = SIMD4(repeating: w0[i])
                    s0 += c0 * load(ap); s1 += c0 * load(ap + 4)
                    ap += ld
                }
                store(s0, z + o * ld + c); store(s1, z + o * ld + c + 4)
                c += 8
            }
            o += 1
        }
    }

    /// dA (inp × ld) = Wᵀ · dZ, with W (out × inp, row-major) and dZ (out × ld).
    public static func backwardInput(
        w: UnsafePointer<Double>, dz: UnsafePointer<Double>, da: UnsafeMutablePointer<Double>,
        out: Int, inp: Int, ld: Int
    ) {
        precondition(ld % columnBlock == 0)
        var i = 0
        while i + 4 <= inp {
            var c = 0
            while c < ld {
                var s00 = SIMD4<Double>(), s01 = s00, s10 = s00, s11 = s00
                var s20 = s00, s21 = s00, s30 = s00, s31 = s00
                var dp = dz + c
                var wp = w + i
                for _ in 0..<out {
                    let x0 = load(dp), x1 = load(dp + 4)
                    let c0 = SIMD4(repeating: wp[0]), c1 = SIMD4(repeating: wp[1])
                    let c2 = SIMD4(repeating: wp[2]), c3 = SIMD4(repeating: wp[3])
                    s00 += c0 * x0; s01 += c0 * x1
                    s10 += c1 * x0; s11 += c1 * x1
                    s20 += c2 * x0; s21 += c2 * x1
                    s30 += c3 * x0; s31 += c3 * x1
                    dp += ld; wp += inp
                }
                let p = da + i * ld + c
                store(s00, p); store(s01, p + 4)
                store(s10, p + ld); store(s11, p + ld + 4)
                store(s20, p + 2 * ld); store(s21, p + 2 * ld + 4)
                store(s30, p + 3 * ld); store(s31, p + 3 * ld + 4)
                c += 8
            }
            i += 4
        }
        while i < inp {
            var c = 0
            while c < ld {
                var s0 = SIMD4<Double>(), s1 = s0
                var dp = dz + c
                var wp = w + i
                for _ in 0..<out {
                    let c0 = SIMD4(repeating: wp[0])
                    s0 += c0 * load(dp); s1 += c0 * load(dp + 4)
                    dp += ld; wp += inp
                }
                store(s0, da + i * ld + c); store(s1, da + i * ld + c + 4)
                c += 8
            }
            i += 1
        }
    }

    /// gW (out × inp) += dZ (out × ld) · Aᵀ (A: inp × ld), and gb (out) += row sums of dZ.
    public static func accumulateWeightGradient(
        dz: UnsafePointer<Double>, a: UnsafePointer<Double>,
        gw: UnsafeMutablePointer<Double>, gb: UnsafeMutablePointer<Double>,
        out: Int, inp: Int, ld: Int
    ) {
        precondition(ld % columnBlock == 0)
        var o = 0
        while o < out {
            let rows = Swift.min(2, out - o)
            let d0 = dz + o * ld, d1 = dz + (o + rows - 1) * ld
            // Bias: row sums.
            var t0 = SIMD4<Double>(), t1 = t0
            var c = 0
            while c < ld { t0 += load(d0 + c) + load(d0 + c + 4); t1 += load(d1 + c) + load(d1 + c + 4); c += 8 }
            gb[o] += t0.sum()
            if rows == 2 { gb[o + 1] += t1.sum() }
            var i = 0
            while i + 4 <= inp {
                let a0 = a + i * ld, a1 = a0 + ld, a2 = a1 + ld, a3 = a2 + ld
                var s00 = SIMD4<Double>(), s01 = s00, s02 = s00, s03 = s00
                var s10 = s00, s11 = s00, s12 = s00, s13 = s00
                var c = 0
                while c < ld {
                    let x0 = load(d0 + c), x1 = load(d1 + c)
                    let y0 = load(a0 + c), y1 = load(a1 + c), y2 = load(a2 + c), y3 = load(a3 + c)
                    s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3
                    s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3
                    c += 4
                }
                let g0 = gw + o * inp + i
                g0[0] += s00.sum(); g0[1] += s01.sum(); g0[2] += s02.sum(); g0[3] += s03.sum()
                if rows == 2 {
                    let g1 = g0 + inp
                    g1[0] += s10.sum(); g1[1] += s11.sum(); g1[2] += s12.sum(); g1[3] += s13.sum()
                }
                i += 4
            }
            while i < inp {
                let a0 = a + i * ld
                var s0 = SIMD4<Double>(), s1 = s0
                var c = 0
                while c < ld {
                    let y0 = load(a0 + c)
                    s0 += load(d0 + c) * y0; s1 += load(d1 + c) * y0
                    c += 4
                }
                gw[o * inp + i] += s0.sum()
                if rows == 2 { gw[(o + 1) * inp + i] += s1.sum() }
                i += 1
            }
            o += rows
        }
    }
}
