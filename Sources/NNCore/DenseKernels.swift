import CNNKernels

/// The three dense products of a layer's forward and backward pass, on raw pointers. The loops themselves are
/// in the C target CNNKernels (one version per instruction set, chosen at run time, see ``CPUDispatch``); this
/// type keeps the layout rules and chooses the route.
///
/// Layout (why): activations are stored **feature-major**, one row per unit and one column per sample,
/// with a row stride `ld` that is a multiple of 8 (``DenseKernels/columnBlock``). Then all three products
/// run along contiguous rows — the forward `Z = W·A + b` and the input gradient `dA = Wᵀ·dZ` broadcast
/// scalar weights against column strips, and the weight gradient `dW += dZ·Aᵀ` is a set of dot
/// products of contiguous rows — and no column tails are ever needed (padding columns are zero).
///
/// Arithmetic: fused multiply-adds (one rounding, IEEE-754 `fusedMultiplyAdd`) in a summation order fixed by
/// the code, not the vector width: every element of a broadcast product is summed in order of the inner index,
/// and the dot-product form uses four lanes on every path. So the bits are the same on every kernel path and
/// every machine (hardware FMA with AVX2, AVX-512 or NEON; libm's exact `fma` on the baseline path).
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

    /// C[r, 0..<columns] = (bias[r], 0, or C[r, …] itself when `accumulate`)
    ///                      + Σ_k coef[r·rowStride + k·innerStride] · B[k, 0..<columns]
    /// for r < rows, k < inner; rows of B have stride `ldb`, rows of C `ldc`; `columns` a multiple of 8.
    /// With `pack` (``packCapacity(columns:)`` values) large products take the packed route; same bits.
    @usableFromInline
    static func broadcastProduct(
        coef: UnsafePointer<Double>, rowStride: Int, innerStride: Int, b: UnsafePointer<Double>,
        ldb: Int, c: UnsafeMutablePointer<Double>, ldc: Int, rows: Int, inner: Int, columns: Int,
        bias: UnsafePointer<Double>?, accumulate: Bool = false, pack: UnsafeMutablePointer<Double>? = nil
    ) {
        precondition(columns % columnBlock == 0 && inner >= 1)
        let mode = accumulate ? Int32(NNK_INIT_LOAD) : bias != nil ? Int32(NNK_INIT_BIAS) : Int32(NNK_INIT_ZERO)
        nnk_gemm(coef, rowStride, innerStride, b, ldb, 0, c, ldc, rows, inner, columns, mode, bias, pack)
    }

    /// Scratch (in Doubles) a packed product with up to `columns` columns needs: one coefficient panel of an
    /// inner block, then the inner block of B as column panels (64-byte aligned, hence the slack).
    public static func packCapacity(columns: Int) -> Int { Int(nnk_pack_capacity(columns)) }

    /// C (rows × columns, row stride `ldc`) += A · B for callers with other layouts (NNAnalysis' sample-major
    /// HVP products): A(r, k) = a[r·aRowStride + k·aInnerStride]; B row-major, B[k, j] = b[k·ldb + j], or with
    /// `bTransposed` B[k, j] = b[j·ldb + k] (transposed while packing). Packed route (GotoBLAS order: B's inner
    /// block copied into contiguous column panels, A's rows into k-major panels, register tiles swept across).
    /// Needs rows ≥ 1, inner ≥ 1, and `pack` with ``packCapacity(columns:)`` values.
    /// With `accumulate` false, C = A · B: C is not read (no zeroing pass first), same bits as onto zeros.
    public static func packedMultiplyAccumulate(
        a: UnsafePointer<Double>, aRowStride: Int, aInnerStride: Int, b: UnsafePointer<Double>, ldb: Int,
        bTransposed: Bool, c: UnsafeMutablePointer<Double>, ldc: Int, rows: Int, inner: Int, columns: Int,
        pack: UnsafeMutablePointer<Double>, accumulate: Bool = true
    ) {
        precondition(rows >= 1 && inner >= 1)
        nnk_gemm(a, aRowStride, aInnerStride, b, ldb, bTransposed ? 1 : 0, c, ldc, rows, inner, columns,
                 Int32(accumulate ? NNK_INIT_LOAD : NNK_INIT_ZERO), nil, pack)
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
        nnk_row_sums(dz, gb, out, ld)
        if let pack, out >= 6 {
            // Packed route: A is transposed while its panels are packed; no scratch copy.
            nnk_gemm(dz, ld, 1, a, ld, 1, gw, inp, out, count, inp, Int32(NNK_INIT_LOAD), nil, pack)
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

    /// Whether a layer's products take the packed route (`pack` passed on): wide layers, where the row
    /// panels are many and long. Small layers (C1, C2, C4) keep the unpacked kernels; both give the same bits.
    @inlinable
    public static func prefersPacking(out: Int, inp: Int) -> Bool { out * inp >= transposedGradientMinimumWeights }

    /// Crossover for ``prefersTransposedGradient(out:inp:)``: measured, the transposed route wins clearly on
    /// C3's 256 × 256 layer and does not on 16 × 16 (C1, C4); 32 × 32 (C2) is within the noise.
    public static let transposedGradientMinimumWeights = 4096

    /// gW (out × inp) += dZ (out × ld) · Aᵀ (A: inp × ld), and gb (out) += row sums of dZ.
    /// The column (reduction) range is split into blocks so that the block of A (inp rows) stays in L2
    /// (~128 KB) while all output rows use it; tile 2 output rows × 4 input rows, four lanes per element.
    public static func accumulateWeightGradient(
        dz: UnsafePointer<Double>, a: UnsafePointer<Double>,
        gw: UnsafeMutablePointer<Double>, gb: UnsafeMutablePointer<Double>,
        out: Int, inp: Int, ld: Int
    ) {
        precondition(ld % columnBlock == 0)
        nnk_weight_gradient_dot(dz, a, gw, gb, out, inp, ld)
    }
}
