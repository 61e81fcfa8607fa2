import Testing
import NNCore
@testable import NNAnalysis

/// The register-blocked GEMM-accumulate kernels of Kernels.swift against a plain triple loop, on shapes that
/// exercise every path: full 4×8 tiles, leftover rows, the 4-wide column strip, the per-element dot tail
/// (1- and 2-unit layers), odd inner lengths, and the transposed-A (TN) and Bᵀ (NT) variants.
@Suite struct GemmKernelTests {
    static let shapes: [(Int, Int, Int)] = [(1, 1, 1), (3, 2, 5), (4, 8, 1), (5, 9, 7), (8, 12, 3), (7, 13, 32),
                                            (13, 17, 9), (32, 32, 64), (2, 1, 33), (6, 4, 2)]

    func randomMatrix(_ count: Int, _ rng: inout AnalysisRNG) -> [Double] { (0..<count).map { _ in rng.uniform(-1, 1) } }

    @Test(arguments: shapes)
    func accumulateMatchesTripleLoop(m: Int, n: Int, k: Int) {
        var rng = AnalysisRNG(seed: UInt64(m * 10_000 + n * 100 + k))
        let a = randomMatrix(m * k, &rng), at = randomMatrix(k * m, &rng), b = randomMatrix(k * n, &rng)
        let c0 = randomMatrix(m * n, &rng), bt = randomMatrix(n * k, &rng)
        var nn = c0, tn = c0, nt = c0
        var refNN = c0, refTN = c0, refNT = c0
        for i in 0..<m { for j in 0..<n {
            var s1 = 0.0, s2 = 0.0, s3 = 0.0
            for p in 0..<k {
                s1 += a[i * k + p] * b[p * n + j]       // A (m×k) · B (k×n)
                s2 += at[p * m + i] * b[p * n + j]      // Aᵀ with A k×m
                s3 += a[i * k + p] * bt[j * k + p]      // A · Bᵀ with B n×k
            }
            refNN[i * n + j] += s1; refTN[i * n + j] += s2; refNT[i * n + j] = s3
        } }
        a.withUnsafeBufferPointer { ap in at.withUnsafeBufferPointer { atp in b.withUnsafeBufferPointer { bp in
        bt.withUnsafeBufferPointer { btp in
            nn.withUnsafeMutableBufferPointer { kgemmNNacc(ap.baseAddress!, bp.baseAddress!, $0.baseAddress!, m: m, n: n, k: k) }
            tn.withUnsafeMutableBufferPointer { kgemmTNacc(atp.baseAddress!, bp.baseAddress!, $0.baseAddress!, m: m, n: n, k: k) }
            nt.withUnsafeMutableBufferPointer { kgemmNT(ap.baseAddress!, btp.baseAddress!, $0.baseAddress!, m: m, n: n, k: k) }
        }}}}
        let tol = 1e-14 * Double(k + 1)
        #expect(maxAbsDiff(nn, refNN) < tol)
        #expect(maxAbsDiff(tn, refTN) < tol)
        #expect(maxAbsDiff(nt, refNT) < tol)
    }

    /// The packed route (NNCore's 6 × 8 tiles through ``gemmNNacc``/``gemmTNacc``/``gemmNTaccPacked``) on shapes
    /// past the packing threshold with tail rows (m not a multiple of 6) and inner lengths over one block (256).
    @Test(arguments: [(13, 8, 10_083), (1031, 16, 67), (37, 24, 1201)])
    func packedRouteMatchesTripleLoop(m: Int, n: Int, k: Int) {
        #expect(prefersPackedGemm(m: m, n: n, k: k))
        var rng = AnalysisRNG(seed: UInt64(m * 10_000 + n * 100 + k))
        let a = randomMatrix(m * k, &rng), at = randomMatrix(k * m, &rng), b = randomMatrix(k * n, &rng)
        let c0 = randomMatrix(m * n, &rng), bt = randomMatrix(n * k, &rng)
        var nn = c0, tn = c0, nt = c0
        var refNN = c0, refTN = c0, refNT = c0
        for i in 0..<m { for j in 0..<n {
            var s1 = 0.0, s2 = 0.0, s3 = 0.0
            for p in 0..<k {
                s1 += a[i * k + p] * b[p * n + j]
                s2 += at[p * m + i] * b[p * n + j]
                s3 += a[i * k + p] * bt[j * k + p]
            }
            refNN[i * n + j] += s1; refTN[i * n + j] += s2; refNT[i * n + j] += s3
        } }
        var pack = [Double](repeating: .nan, count: DenseKernels.packCapacity(columns: n))
        var packed = false
        a.withUnsafeBufferPointer { ap in at.withUnsafeBufferPointer { atp in b.withUnsafeBufferPointer { bp in
        bt.withUnsafeBufferPointer { btp in pack.withUnsafeMutableBufferPointer { pk in
            let P = pk.baseAddress!
            nn.withUnsafeMutableBufferPointer { gemmNNacc(ap.baseAddress!, bp.baseAddress!, $0.baseAddress!, m: m, n: n, k: k, pack: P) }
            tn.withUnsafeMutableBufferPointer { gemmTNacc(atp.baseAddress!, bp.baseAddress!, $0.baseAddress!, m: m, n: n, k: k, pack: P) }
            nt.withUnsafeMutableBufferPointer {
                packed = gemmNTaccPacked(ap.baseAddress!, btp.baseAddress!, $0.baseAddress!, m: m, n: n, k: k, pack: P)
            }
        }}}}}
        #expect(packed)
        let tol = 1e-14 * Double(k + 1)
        #expect(maxAbsDiff(nn, refNN) < tol)
        #expect(maxAbsDiff(tn, refTN) < tol)
        #expect(maxAbsDiff(nt, refNT) < tol)
    }

    /// The routed wrappers on every route they choose — the row route for 1–3 rows of C (TN), the narrow
    /// route for 1–3 columns (TN), the dot-product route for one column (NN), the packed and the plain
    /// register-blocked kernels — both accumulating onto C and overwriting it (`overwrite` must never read
    /// C: it starts as NaN there).
    @Test(arguments: [(1, 16, 50), (3, 8, 7), (2, 1, 9), (16, 2, 40), (9, 1, 5), (13, 3, 11), (7, 1, 9),
                      (5, 9, 7), (1031, 16, 67), (4, 8, 1)])
    func routedWrappersMatchTripleLoopAccumulatingAndOverwriting(m: Int, n: Int, k: Int) {
        var rng = AnalysisRNG(seed: UInt64(7 + m * 10_000 + n * 100 + k))
        let a = randomMatrix(m * k, &rng), at = randomMatrix(k * m, &rng), b = randomMatrix(k * n, &rng)
        let c0 = randomMatrix(m * n, &rng)
        var prodNN = [Double](repeating: 0, count: m * n), prodTN = prodNN
        for i in 0..<m { for j in 0..<n {
            for p in 0..<k { prodNN[i * n + j] += a[i * k + p] * b[p * n + j]; prodTN[i * n + j] += at[p * m + i] * b[p * n + j] }
        } }
        var pack = [Double](repeating: .nan, count: DenseKernels.packCapacity(columns: n))
        let tol = 1e-14 * Double(k + 1)
        for overwrite in [false, true] {
            var nn = overwrite ? [Double](repeating: .nan, count: m * n) : c0, tn = nn
            a.withUnsafeBufferPointer { ap in at.withUnsafeBufferPointer { atp in b.withUnsafeBufferPointer { bp in
            pack.withUnsafeMutableBufferPointer { pk in
                nn.withUnsafeMutableBufferPointer {
                    gemmNNacc(ap.baseAddress!, bp.baseAddress!, $0.baseAddress!, m: m, n: n, k: k, pack: pk.baseAddress!, overwrite: overwrite)
                }
                tn.withUnsafeMutableBufferPointer {
                    gemmTNacc(atp.baseAddress!, bp.baseAddress!, $0.baseAddress!, m: m, n: n, k: k, pack: pk.baseAddress!, overwrite: overwrite)
                }
            }}}}
            #expect(nn.allSatisfy(\.isFinite) && tn.allSatisfy(\.isFinite), "a NaN of C leaked through (overwrite \(overwrite))")
            let base = overwrite ? [Double](repeating: 0, count: m * n) : c0
            #expect(maxAbsDiff(nn, zip(base, prodNN).map { $0 + $1 }) < tol, "NN overwrite \(overwrite)")
            #expect(maxAbsDiff(tn, zip(base, prodTN).map { $0 + $1 }) < tol, "TN overwrite \(overwrite)")
        }
    }
}
