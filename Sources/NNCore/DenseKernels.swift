/// The three dense products of a layer's forward and backward pass, on raw pointers, register-blocked
/// with `SIMD4<Double>`.
///
/// Layout (why): activations are stored **feature-major**, one row per unit and one column per sample,
/// with a row stride `ld` that is a multiple of 8 (``DenseKernels/columnBlock``). Then all three products
/// run along contiguous rows — the forward `Z = W·A + b` and the input gradient `dA = Wᵀ·dZ` broadcast
/// scalar weights against 8-wide column strips, and the weight gradient `dW += dZ·Aᵀ` is a set of dot
/// products of contiguous rows — and no column tails are ever needed (padding columns are zero).
///
/// Arithmetic: fused multiply-adds (`addingProduct`, one rounding, IEEE-754 `fusedMultiplyAdd`), so the
/// bits are the same on every machine that computes them — in hardware with AVX2/FMA (x86-64 builds use
/// `-target-cpu haswell`) or NEON, and through libm's exact `fma` elsewhere (correct, but slow).
///
/// Blocking: 4 output rows × 8 columns (8 SIMD4 accumulators) for the two broadcast products, with the
/// inner dimension cut into cache-sized blocks; 2 × 4 rows for the dot products, the reduction cut likewise. Summation order is fixed by the code, not the hardware, so the
/// results are bit-identical wherever the same code runs.
public enum DenseKernels {
    /// Column padding: every row stride `ld` must be a multiple of this.
    public static let columnBlock = 8

    /// Rounds a column count up to a multiple of ``columnBlock``.
    @inlinable
    public static func paddedColumns(_ n: Int) -> Int { (n + columnBlock - 1) / columnBlock * columnBlock }

    /// The row stride used for `n` samples: ``paddedColumns(_:)``, plus 8 more when that is an even multiple
    /// of 8. Why: a stride of 2ᵏ·64 bytes maps every row to the same few L1 sets, so walking down a column
    /// strip (as the forward product does) thrashes the cache; an odd number of 64-byte lines spreads the rows
    /// over all sets. Monotone in n.
    @inlinable
    public static func leadingDimension(_ n: Int) -> Int {
        let p = paddedColumns(n)
        return (p / columnBlock) % 2 == 0 ? p + columnBlock : p
    }

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
        z: UnsafeMutablePointer<Double>, out: Int, inp: Int, ld: Int, pack: UnsafeMutablePointer<Double>? = nil
    ) {
        broadcastProduct(coef: w, rowStride: inp, innerStride: 1, b: a, ldb: ld, c: z, ldc: ld, rows: out,
                         inner: inp, columns: ld, bias: b, pack: pack)
    }

    /// dA (inp × ld) = Wᵀ · dZ, with W (out × inp, row-major) and dZ (out × ld).
    public static func backwardInput(
        w: UnsafePointer<Double>, dz: UnsafePointer<Double>, da: UnsafeMutablePointer<Double>,
        out: Int, inp: Int, ld: Int, pack: UnsafeMutablePointer<Double>? = nil
    ) {
        broadcastProduct(coef: w, rowStride: 1, innerStride: inp, b: dz, ldb: ld, c: da, ldc: ld, rows: inp,
                         inner: out, columns: ld, bias: nil, pack: pack)
    }

    /// Inner-dimension block of ``broadcastProduct``: a strip of 8 columns × 128 rows of B (8 KB) stays in
    /// L1 while every row block of C is computed against it; the coefficient block stays in L2.
    static let innerBlock = 128

    /// C[r, 0..<columns] = (bias[r], 0, or C[r, …] itself when `accumulate`)
    ///                      + Σ_k coef[r·rowStride + k·innerStride] · B[k, 0..<columns]
    /// for r < rows, k < inner; rows of B have stride `ldb`, rows of C `ldc`; `columns` a multiple of 8.
    /// Register tile: 4 rows × 8 columns (8 SIMD4 accumulators).
    @usableFromInline
    static func broadcastProduct(
        coef: UnsafePointer<Double>, rowStride: Int, innerStride: Int, b: UnsafePointer<Double>,
        ldb: Int, c: UnsafeMutablePointer<Double>, ldc: Int, rows: Int, inner: Int, columns: Int,
        bias: UnsafePointer<Double>?, accumulate: Bool = false, pack: UnsafeMutablePointer<Double>? = nil
    ) {
        precondition(columns % columnBlock == 0 && inner >= 1)
        if let pack, rows >= 6 {
            packedProduct(coef: coef, rowStride: rowStride, innerStride: innerStride, b: b, ldb: ldb, c: c, ldc: ldc,
                          rows: rows, inner: inner, columns: columns, bias: bias, accumulate: accumulate, pack: pack)
            return
        }
        var k0 = 0
        while k0 < inner {
            let k1 = Swift.min(inner, k0 + innerBlock)
            let first = k0 == 0 && !accumulate
            var col = 0
            while col < columns {
                var r = 0
                while r + 6 <= rows {
                    sixRowTile(coef: coef + r * rowStride + k0 * innerStride, rowStride: rowStride,
                               innerStride: innerStride, b: b + k0 * ldb + col, ldb: ldb, c: c + r * ldc + col, ldc: ldc,
                               count: k1 - k0, bias: first ? (bias.map { $0 + r }) : nil, load: !first)
                    r += 6
                }
                while r + 4 <= rows {
                    let cp = c + r * ldc + col
                    var s00: SIMD4<Double>, s01: SIMD4<Double>, s10: SIMD4<Double>, s11: SIMD4<Double>
                    var s20: SIMD4<Double>, s21: SIMD4<Double>, s30: SIMD4<Double>, s31: SIMD4<Double>
                    if !first {
                        s00 = load(cp); s01 = load(cp + 4); s10 = load(cp + ldc); s11 = load(cp + ldc + 4)
                        s20 = load(cp + 2 * ldc); s21 = load(cp + 2 * ldc + 4)
                        s30 = load(cp + 3 * ldc); s31 = load(cp + 3 * ldc + 4)
                    } else if let bias {
                        s00 = SIMD4(repeating: bias[r]); s01 = s00
                        s10 = SIMD4(repeating: bias[r + 1]); s11 = s10
                        s20 = SIMD4(repeating: bias[r + 2]); s21 = s20
                        s30 = SIMD4(repeating: bias[r + 3]); s31 = s30
                    } else {
                        s00 = SIMD4(); s01 = s00; s10 = s00; s11 = s00; s20 = s00; s21 = s00; s30 = s00; s31 = s00
                    }
                    var bp = b + k0 * ldb + col
                    var kp = coef + r * rowStride + k0 * innerStride
                    for _ in k0..<k1 {
                        let x0 = load(bp), x1 = load(bp + 4)
                        let c0 = SIMD4(repeating: kp[0]), c1 = SIMD4(repeating: kp[rowStride])
                        let c2 = SIMD4(repeating: kp[2 * rowStride]), c3 = SIMD4(repeating: kp[3 * rowStride])
                        s00 = s00.addingProduct(c0, x0); s01 = s01.addingProduct(c0, x1)
                        s10 = s10.addingProduct(c1, x0); s11 = s11.addingProduct(c1, x1)
                        s20 = s20.addingProduct(c2, x0); s21 = s21.addingProduct(c2, x1)
                        s30 = s30.addingProduct(c3, x0); s31 = s31.addingProduct(c3, x1)
                        bp += ldb; kp += innerStride
                    }
                    store(s00, cp); store(s01, cp + 4)
                    store(s10, cp + ldc); store(s11, cp + ldc + 4)
                    store(s20, cp + 2 * ldc); store(s21, cp + 2 * ldc + 4)
                    store(s30, cp + 3 * ldc); store(s31, cp + 3 * ldc + 4)
                    r += 4
                }
                while r < rows {
                    let cp = c + r * ldc + col
                    var s0: SIMD4<Double>, s1: SIMD4<Double>
                    if !first {
                        s0 = load(cp); s1 = load(cp + 4)
                    } else {
                        s0 = SIMD4(repeating: bias?[r] ?? 0); s1 = s0
                    }
                    var bp = b + k0 * ldb + col
                    var kp = coef + r * rowStride + k0 * innerStride
                    for _ in k0..<k1 {
                        let c0 = SIMD4(repeating: kp[0])
                        s0 = s0.addingProduct(c0, load(bp)); s1 = s1.addingProduct(c0, load(bp + 4))
                        bp += ldb; kp += innerStride
                    }
                    store(s0, cp); store(s1, cp + 4)
                    r += 1
                }
                col += 8
            }
            k0 = k1
        }
    }

    /// Scratch (in Doubles) a packed product with up to `columns` columns needs: one 6-row coefficient panel
    /// of an inner block, then the inner block of B as 8-column panels (64-byte aligned, hence the slack).
    @inlinable
    public static func packCapacity(columns: Int) -> Int {
        6 * packedInnerBlock + packedInnerBlock * paddedColumns(columns) + 8
    }

    /// Inner-dimension block of ``packedProduct``: 256, so a 256-wide layer (C3) is one block and every C tile
    /// starts from the bias or zero and is stored once, with no reload of C from L3 (measured: the 128 block
    /// stalled each tile on its reload). The packed B block (256 × columns, ≤ 560 KB at 272 columns) stays in
    /// the 1 MB L2. Blocking never changes the bits: each element is still summed in index order.
    @usableFromInline
    static let packedInnerBlock = 256

    /// ``broadcastProduct`` with the loop order turned around for large products (GotoBLAS style): per inner
    /// block, B's rows are copied into contiguous 8-column panels (aligned, one stream each, kept in L2); per
    /// panel of 6 rows the coefficients are copied k-major (6 per step, stays in L1) and swept across all
    /// B panels. Rows beyond the last full panel go through the small tiles against the same panels. Per element
    /// the inner index still runs in order from the same start, so the bits are those of the unpacked kernel. `pack` holds
    /// ``packCapacity(columns:)`` values.
    ///
    /// With `transposedB`, B is given transposed: B[k, j] = b[j·ldb + k] (`columns` rows of b, each holding
    /// the inner index contiguously), and the transpose happens while packing (``packTransposed``), so the
    /// weight gradient dZ·Aᵀ needs no separate transposed copy of A.
    @usableFromInline
    static func packedProduct(
        coef: UnsafePointer<Double>, rowStride: Int, innerStride: Int, b: UnsafePointer<Double>,
        ldb: Int, c: UnsafeMutablePointer<Double>, ldc: Int, rows: Int, inner: Int, columns: Int,
        bias: UnsafePointer<Double>?, accumulate: Bool, pack: UnsafeMutablePointer<Double>, transposedB: Bool = false
    ) {
        let fullRows = rows / 6 * 6
        let rawB = UInt(bitPattern: pack + 6 * packedInnerBlock)
        let panels = pack + 6 * packedInnerBlock + Int(((rawB + 63) & ~UInt(63)) - rawB) / MemoryLayout<Double>.stride
        var k0 = 0
        while k0 < inner {
            let k1 = Swift.min(inner, k0 + packedInnerBlock), kc = k1 - k0
            let first = k0 == 0 && !accumulate
            if transposedB {
                packTransposed(b, ldb: ldb, k0: k0, kc: kc, columns: columns, into: panels)
            } else {
                var col = 0
                while col < columns {
                    var src = b + k0 * ldb + col
                    var dst = panels + col * kc
                    for _ in 0..<kc { store(load(src), dst); store(load(src + 4), dst + 4); src += ldb; dst += 8 }
                    col += 8
                }
            }
            var r = 0
            while r < fullRows {
                var src = coef + r * rowStride + k0 * innerStride
                var dst = pack
                for _ in 0..<kc {
                    dst[0] = src[0]; dst[1] = src[rowStride]; dst[2] = src[2 * rowStride]
                    dst[3] = src[3 * rowStride]; dst[4] = src[4 * rowStride]; dst[5] = src[5 * rowStride]
                    src += innerStride; dst += 6
                }
                var col = 0
                while col < columns {
                    sixRowTile(coef: pack, rowStride: 1, innerStride: 6, b: panels + col * kc, ldb: 8,
                               c: c + r * ldc + col, ldc: ldc, count: kc, bias: first ? bias.map { $0 + r } : nil,
                               load: !first)
                    col += 8
                }
                r += 6
            }
            if fullRows < rows {
                // The last 1–5 rows against this block's panels, through the small tiles (same order per element).
                var col = 0
                while col < columns {
                    broadcastProduct(coef: coef + fullRows * rowStride + k0 * innerStride, rowStride: rowStride,
                                     innerStride: innerStride, b: panels + col * kc, ldb: 8, c: c + fullRows * ldc + col,
                                     ldc: ldc, rows: rows - fullRows, inner: kc, columns: 8,
                                     bias: first ? bias.map { $0 + fullRows } : nil, accumulate: !first)
                    col += 8
                }
            }
            k0 = k1
        }
    }

    /// C (rows × columns, row stride `ldc`) += A · B for callers with other layouts (NNAnalysis' sample-major
    /// HVP products): A(r, k) = a[r·aRowStride + k·aInnerStride]; B row-major, B[k, j] = b[k·ldb + j], or with
    /// `bTransposed` B[k, j] = b[j·ldb + k]. Through ``packedProduct`` (6 × 8 register tiles, packed panels).
    /// Needs `columns` a multiple of 8, rows ≥ 1, inner ≥ 1, and `pack` with ``packCapacity(columns:)`` values.
    /// With `accumulate` false, C = A · B: C is not read (no zeroing pass first), same bits as onto zeros.
    public static func packedMultiplyAccumulate(
        a: UnsafePointer<Double>, aRowStride: Int, aInnerStride: Int, b: UnsafePointer<Double>, ldb: Int,
        bTransposed: Bool, c: UnsafeMutablePointer<Double>, ldc: Int, rows: Int, inner: Int, columns: Int,
        pack: UnsafeMutablePointer<Double>, accumulate: Bool = true
    ) {
        precondition(columns % columnBlock == 0 && rows >= 1 && inner >= 1)
        packedProduct(coef: a, rowStride: aRowStride, innerStride: aInnerStride, b: b, ldb: ldb, c: c, ldc: ldc,
                      rows: rows, inner: inner, columns: columns, bias: nil, accumulate: accumulate, pack: pack,
                      transposedB: bTransposed)
    }

    /// Packs B[k0..<k0+kc, 0..<columns] into 8-column panels (panel p at `panels + p·8·kc`, k-major) from its
    /// transpose: B[k, j] = b[j·ldb + k]. Four 4 × 4 SIMD transposes per 8 columns × 4 inner steps.
    @usableFromInline
    static func packTransposed(
        _ b: UnsafePointer<Double>, ldb: Int, k0: Int, kc: Int, columns: Int, into panels: UnsafeMutablePointer<Double>
    ) {
        var col = 0
        while col < columns {
            let dst = panels + col * kc
            for half in 0..<2 {
                let r0 = b + (col + 4 * half) * ldb + k0, r1 = r0 + ldb, r2 = r1 + ldb, r3 = r2 + ldb
                var k = 0
                while k + 4 <= kc {
                    let x0 = load(r0 + k), x1 = load(r1 + k), x2 = load(r2 + k), x3 = load(r3 + k)
                    // Column kk of the 4 × 4 block [x0; x1; x2; x3] is row k + kk of the panel.
                    let lo01 = SIMD4(x0[0], x1[0], x0[2], x1[2]), hi01 = SIMD4(x0[1], x1[1], x0[3], x1[3])
                    let lo23 = SIMD4(x2[0], x3[0], x2[2], x3[2]), hi23 = SIMD4(x2[1], x3[1], x2[3], x3[3])
                    let p = dst + k * 8 + 4 * half
                    store(SIMD4(lo01[0], lo01[1], lo23[0], lo23[1]), p)
                    store(SIMD4(hi01[0], hi01[1], hi23[0], hi23[1]), p + 8)
                    store(SIMD4(lo01[2], lo01[3], lo23[2], lo23[3]), p + 16)
                    store(SIMD4(hi01[2], hi01[3], hi23[2], hi23[3]), p + 24)
                    k += 4
                }
                while k < kc {
                    let p = dst + k * 8 + 4 * half
                    p[0] = r0[k]; p[1] = r1[k]; p[2] = r2[k]; p[3] = r3[k]
                    k += 1
                }
            }
            col += 8
        }
    }

    /// One 6-row × 8-column register tile of ``broadcastProduct`` over `count` inner steps: 12 SIMD4
    /// accumulators (of AVX2's 16 registers), two loads of B and six broadcasts per step, so the 12
    /// independent FMA chains cover the FMA latency × throughput of two pipes. Starts from C itself
    /// (`load`), from the bias, or from zero; the inner index runs in order, so every element is summed in
    /// the same order as by the smaller tiles (same bits whichever tile computes it).
    @inline(__always) @usableFromInline
    static func sixRowTile(
        coef: UnsafePointer<Double>, rowStride: Int, innerStride: Int, b: UnsafePointer<Double>, ldb: Int,
        c cp: UnsafeMutablePointer<Double>, ldc: Int, count: Int, bias: UnsafePointer<Double>?, load fromC: Bool
    ) {
        var s00: SIMD4<Double>, s01: SIMD4<Double>, s10: SIMD4<Double>, s11: SIMD4<Double>
        var s20: SIMD4<Double>, s21: SIMD4<Double>, s30: SIMD4<Double>, s31: SIMD4<Double>
        var s40: SIMD4<Double>, s41: SIMD4<Double>, s50: SIMD4<Double>, s51: SIMD4<Double>
        if fromC {
            s00 = load(cp); s01 = load(cp + 4); s10 = load(cp + ldc); s11 = load(cp + ldc + 4)
            s20 = load(cp + 2 * ldc); s21 = load(cp + 2 * ldc + 4); s30 = load(cp + 3 * ldc); s31 = load(cp + 3 * ldc + 4)
            s40 = load(cp + 4 * ldc); s41 = load(cp + 4 * ldc + 4); s50 = load(cp + 5 * ldc); s51 = load(cp + 5 * ldc + 4)
        } else if let bias {
            s00 = SIMD4(repeating: bias[0]); s01 = s00; s10 = SIMD4(repeating: bias[1]); s11 = s10
            s20 = SIMD4(repeating: bias[2]); s21 = s20; s30 = SIMD4(repeating: bias[3]); s31 = s30
            s40 = SIMD4(repeating: bias[4]); s41 = s40; s50 = SIMD4(repeating: bias[5]); s51 = s50
        } else {
            s00 = SIMD4(); s01 = s00; s10 = s00; s11 = s00; s20 = s00; s21 = s00
            s30 = s00; s31 = s00; s40 = s00; s41 = s00; s50 = s00; s51 = s00
        }
        var bp = b, kp = coef
        let rs = rowStride
        for _ in 0..<count {
            let x0 = load(bp), x1 = load(bp + 4)
            let c0 = SIMD4(repeating: kp[0]), c1 = SIMD4(repeating: kp[rs])
            s00 = s00.addingProduct(c0, x0); s01 = s01.addingProduct(c0, x1)
            s10 = s10.addingProduct(c1, x0); s11 = s11.addingProduct(c1, x1)
            let c2 = SIMD4(repeating: kp[2 * rs]), c3 = SIMD4(repeating: kp[3 * rs])
            s20 = s20.addingProduct(c2, x0); s21 = s21.addingProduct(c2, x1)
            s30 = s30.addingProduct(c3, x0); s31 = s31.addingProduct(c3, x1)
            let c4 = SIMD4(repeating: kp[4 * rs]), c5 = SIMD4(repeating: kp[5 * rs])
            s40 = s40.addingProduct(c4, x0); s41 = s41.addingProduct(c4, x1)
            s50 = s50.addingProduct(c5, x0); s51 = s51.addingProduct(c5, x1)
            bp += ldb; kp += innerStride
        }
        store(s00, cp); store(s01, cp + 4); store(s10, cp + ldc); store(s11, cp + ldc + 4)
        store(s20, cp + 2 * ldc); store(s21, cp + 2 * ldc + 4); store(s30, cp + 3 * ldc); store(s31, cp + 3 * ldc + 4)
        store(s40, cp + 4 * ldc); store(s41, cp + 4 * ldc + 4); store(s50, cp + 5 * ldc); store(s51, cp + 5 * ldc + 4)
    }

    /// gW (out × inp) += dZ · Aᵀ over the first `count` columns, and gb += row sums of dZ, as a
    /// ``broadcastProduct`` against a transposed copy of A in `scratch` (count rows of stride
    /// ``leadingDimension(_:)``(inp)): no horizontal sums, fewer loads per multiply-add than the dot-product
    /// form. Needs inp a multiple of 8 and scratch for count · leadingDimension(inp) values. With `pack`
    /// (wide layers) A is transposed while packing instead and `scratch` is not touched; same bits.
    public static func accumulateWeightGradientTransposed(
        dz: UnsafePointer<Double>, a: UnsafePointer<Double>,
        gw: UnsafeMutablePointer<Double>, gb: UnsafeMutablePointer<Double>,
        out: Int, inp: Int, ld: Int, count: Int, scratch: UnsafeMutablePointer<Double>,
        pack: UnsafeMutablePointer<Double>? = nil
    ) {
        precondition(inp % columnBlock == 0 && count >= 1 && count <= ld)
        for o in 0..<out {
            let d = dz + o * ld
            var t0 = SIMD4<Double>(), t1 = t0
            var c = 0
            while c < ld { t0 += load(d + c); t1 += load(d + c + 4); c += 8 }
            gb[o] += (t0 + t1).sum()
        }
        if let pack, out >= 6 {
            // Packed route: A is transposed while its panels are packed; no scratch copy.
            packedProduct(coef: dz, rowStride: ld, innerStride: 1, b: a, ldb: ld, c: gw, ldc: inp, rows: out,
                          inner: count, columns: inp, bias: nil, accumulate: true, pack: pack, transposedB: true)
            return
        }
        let ldt = leadingDimension(inp)
        for i in 0..<inp {
            let src = a + i * ld
            var dst = scratch + i
            for c in 0..<count { dst.pointee = src[c]; dst += ldt }
        }
        broadcastProduct(coef: dz, rowStride: ld, innerStride: 1, b: scratch, ldb: ldt, c: gw, ldc: inp,
                         rows: out, inner: count, columns: inp, bias: nil, accumulate: true, pack: pack)
    }

    /// Whether ``accumulateWeightGradientTransposed(dz:a:gw:gb:out:inp:ld:count:scratch:)`` is the faster
    /// route for a layer (wide layers: the transpose is paid back), else the dot-product kernel.
    @inlinable
    public static func prefersTransposedGradient(out: Int, inp: Int) -> Bool {
        inp % columnBlock == 0 && out * inp >= transposedGradientMinimumWeights
    }

    /// Whether a layer's products take the packed route (``packedProduct``): wide layers, where the 6-row
    /// panels are many and long. Small layers (C1, C2, C4) keep the unpacked kernels; both give the same bits.
    @inlinable
    public static func prefersPacking(out: Int, inp: Int) -> Bool { out * inp >= transposedGradientMinimumWeights }

    /// Crossover for ``prefersTransposedGradient(out:inp:)``: measured, the transposed route wins clearly on
    /// C3's 256 × 256 layer and does not on 16 × 16 (C1, C4); 32 × 32 (C2) is within the noise.
    public static let transposedGradientMinimumWeights = 4096

    /// gW (out × inp) += dZ (out × ld) · Aᵀ (A: inp × ld), and gb (out) += row sums of dZ.
    /// The column (reduction) range is split into blocks so that the block of A (inp rows) stays in L2
    /// (~128 KB) while all output rows use it; tile 2 output rows × 4 input rows (8 SIMD4 accumulators).
    public static func accumulateWeightGradient(
        dz: UnsafePointer<Double>, a: UnsafePointer<Double>,
        gw: UnsafeMutablePointer<Double>, gb: UnsafeMutablePointer<Double>,
        out: Int, inp: Int, ld: Int
    ) {
        precondition(ld % columnBlock == 0)
        for o in 0..<out {
            let d = dz + o * ld
            var t0 = SIMD4<Double>(), t1 = t0
            var c = 0
            while c < ld { t0 += load(d + c); t1 += load(d + c + 4); c += 8 }
            gb[o] += (t0 + t1).sum()
        }
        let block = Swift.max(32, Swift.min(ld, 16384 / Swift.max(inp, 1)) / 8 * 8)
        var c0 = 0
        while c0 < ld {
            let c1 = Swift.min(ld, c0 + block)
            var o = 0
            while o < out {
                let rows = Swift.min(2, out - o)
                let d0 = dz + o * ld, d1 = dz + (o + rows - 1) * ld
                var i = 0
                while i + 4 <= inp {
                    let a0 = a + i * ld, a1 = a0 + ld, a2 = a1 + ld, a3 = a2 + ld
                    var s00 = SIMD4<Double>(), s01 = s00, s02 = s00, s03 = s00
                    var s10 = s00, s11 = s00, s12 = s00, s13 = s00
                    var c = c0
                    while c < c1 {
                        let x0 = load(d0 + c), x1 = load(d1 + c)
                        let y0 = load(a0 + c), y1 = load(a1 + c), y2 = load(a2 + c), y3 = load(a3 + c)
                        s00 = s00.addingProduct(x0, y0); s01 = s01.addingProduct(x0, y1)
                        s02 = s02.addingProduct(x0, y2); s03 = s03.addingProduct(x0, y3)
                        s10 = s10.addingProduct(x1, y0); s11 = s11.addingProduct(x1, y1)
                        s12 = s12.addingProduct(x1, y2); s13 = s13.addingProduct(x1, y3)
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
                    var c = c0
                    while c < c1 {
                        let y0 = load(a0 + c)
                        s0 = s0.addingProduct(load(d0 + c), y0); s1 = s1.addingProduct(load(d1 + c), y0)
                        c += 4
                    }
                    gw[o * inp + i] += s0.sum()
                    if rows == 2 { gw[(o + 1) * inp + i] += s1.sum() }
                    i += 1
                }
                o += rows
            }
            c0 = c1
        }
    }
}
