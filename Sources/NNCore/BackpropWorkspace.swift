/// Reusable scratch memory for forward and backward passes of one network shape over minibatches of up to
/// ``batchCapacity`` samples. Create it once; every pass through ``Objective`` then allocates nothing.
///
/// Everything lives in one flat array, feature-major (one row per unit, one column per sample, row stride
/// `ld` from ``DenseKernels/leadingDimension(_:)``): the input rows A₀, per layer the
/// pre-activations Z_ℓ and outputs H_ℓ = φ(Z_ℓ), the dropout masks and masked outputs of hidden layers,
/// the gathered targets, and two ping-pong buffers for the backward pass. Larger data sets are processed
/// in chunks of ``batchCapacity``.
public struct BackpropWorkspace: Sendable {
    /// The layer widths this workspace serves.
    public let sizes: [Int]
    /// The largest number of samples one chunk holds (a multiple of 8).
    public let batchCapacity: Int
    @usableFromInline var storage: [Double]
    @usableFromInline let activationOffset: [Int]  // A₀ (input) and H_ℓ, ℓ = 1…L
    @usableFromInline let preactivationOffset: [Int]  // Z_ℓ at index ℓ (index 0 unused)
    @usableFromInline let maskOffset: [Int]  // mask of hidden layer ℓ at index ℓ (0 and L unused)
    @usableFromInline let droppedOffset: [Int]  // H_ℓ ⊙ mask at index ℓ
    @usableFromInline let targetOffset: Int
    @usableFromInline let deltaOffset: (Int, Int)
    /// Scratch for a transposed layer input (samples × padded widest width), for the weight-gradient product.
    @usableFromInline let transposeOffset: Int
    /// Scratch for the packed panels of the large products (``DenseKernels/packCapacity(columns:)``).
    @usableFromInline let packOffset: Int
    /// Normalised layers only (−1 elsewhere): Ẑ_ℓ = (Z_ℓ − μ)/√(σ² + ε) and U_ℓ = γ ⊙ Ẑ_ℓ + β (the
    /// activation's input), and a block of 5·max(capacity, d_ℓ) statistics: μ, 1/√(σ² + ε) (per sample for
    /// LayerNorm, per unit for BatchNorm), the batch variance (BatchNorm) and two rows of backward sums.
    @usableFromInline let normalizedOffset: [Int]
    @usableFromInline let scaledOffset: [Int]
    @usableFromInline let statisticsOffset: [Int]
    /// Row length of each statistics block (0 for plain layers).
    @usableFromInline let statisticsWidths: [Int]

    /// A workspace for networks with layer widths `sizes` and chunks of up to `batchCapacity` samples
    /// (rounded up to a multiple of 8). The default 256 suits the training shapes here; a larger capacity
    /// only matters when one minibatch is larger.
    public init(sizes: [Int], normalizations: [Normalization]? = nil, batchCapacity: Int = 256) {
        precondition(sizes.count >= 2 && batchCapacity >= 1)
        precondition(normalizations.map { $0.count == sizes.count - 1 } ?? true, "one normalisation per layer")
        self.sizes = sizes
        self.batchCapacity = DenseKernels.paddedColumns(batchCapacity)
        let cap = DenseKernels.leadingDimension(batchCapacity)
        let L = sizes.count - 1
        var next = 0
        func take(_ rows: Int) -> Int { defer { next += rows * cap }; return next }
        var act = [Int](), pre = [0], mask = [0], dropped = [0]
        act.append(take(sizes[0]))
        for l in 1...L {
            pre.append(take(sizes[l]))
            act.append(take(sizes[l]))
            let hidden = l < L
            mask.append(hidden ? take(sizes[l]) : 0)
            dropped.append(hidden ? take(sizes[l]) : 0)
        }
        activationOffset = act
        preactivationOffset = pre
        maskOffset = mask
        droppedOffset = dropped
        targetOffset = take(sizes[L])
        let widest = sizes.max() ?? 1
        deltaOffset = (take(widest), take(widest))
        // A transposed input: batchCapacity rows of leadingDimension(widest) — at most cap · (widest + 16).
        transposeOffset = take(widest + 2 * DenseKernels.columnBlock)
        packOffset = next
        next += DenseKernels.packCapacity(columns: Swift.max(cap, DenseKernels.leadingDimension(widest)))
        var normalized = [-1], scaled = [-1], statistics = [-1], widths = [0]
        for l in 1...L {
            guard normalizations?[l - 1].isActive == true else {
                normalized.append(-1); scaled.append(-1); statistics.append(-1); widths.append(0); continue
            }
            normalized.append(take(sizes[l]))
            scaled.append(take(sizes[l]))
            statistics.append(next)
            widths.append(Swift.max(cap, sizes[l]))
            next += 5 * Swift.max(cap, sizes[l])
        }
        statisticsWidths = widths
        normalizedOffset = normalized
        scaledOffset = scaled
        statisticsOffset = statistics
        storage = [Double](repeating: 0, count: next)
    }

    /// A workspace for `model`'s shape.
    public init(for model: MLP, batchCapacity: Int = 256) {
        self.init(sizes: model.sizes, normalizations: model.normalizations, batchCapacity: batchCapacity)
    }

    /// The storage's base address, for tests that check no pass reallocates it (identity is stable while
    /// the workspace is not copied).
    public var storageIdentity: UnsafeRawPointer? {
        storage.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }
}
