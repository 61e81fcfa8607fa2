/// The data sets nnviz can generate (their preset names are the raw values).
///
/// 1D regression (x on ``DataSpec/inputDomain``, y = f(x) + noise·ε, ε ~ N(0, 1)):
/// - `sine`: f = sin(πx) on [−2, 2] (two periods).
/// - `xsinx`: f = x·sin x on [−6, 6].
/// - `abs`: f = |x| on [−2, 2].
/// - `step`: f = −1 for x < 0, +1 for x ≥ 0, on [−2, 2].
/// - `cubic`: f = x³ − x on [−1.5, 1.5].
/// - `sawtooth`: f₀ = x, f_ℓ = 2|f_{ℓ−1}| − 2, f = f_L (L = `depth`) on [−2, 2]: 2^L linear pieces.
///
/// 2D (inputs jittered by noise·ε per coordinate; labels from the noiseless construction):
/// - `xor`: uniform on [−1, 1]², label 1 where x₁x₂ > 0.
/// - `circles`: two concentric rings (radius 0.5 → label 1, radius 1 → label 0), alternate points.
/// - `moons`: the two interleaved half circles of scikit-learn's `make_moons`, centred, alternate points.
/// - `spirals`: `classes` interleaved spiral arms (1.5 turns, radius 0.1 → 1.8), every k-th point per arm.
/// - `blobs`: `classes` Gaussian blobs (σ = 0.5 + noise) centred on the unit circle, every k-th point each.
/// - `checkerboard`: uniform on [−2, 2]², a 4 × 4 board of unit squares, label by colour.
/// - `disc`: the lecture's classifier data, uniform on the square [−a, a]² with a = √(π/2) so the unit
///   disc covers half of it; label 1 where x₁² + x₂² > 1.
/// - `bowl`: regression y = x₁² + x₂² + noise·ε with x uniform on [−1, 1]² (the lecture's 2D regression).
///
/// `spirals` and `blobs` with `classes` = 2 are binary (one logit output); with k ≥ 3 they are
/// multi-class with one-hot targets. `csv` reads a user file (see ``CSVSpec``).
public enum DataKind: String, CaseIterable, Sendable, Hashable {
    case sine, xsinx, abs, step, cubic, sawtooth
    case xor, circles, moons, spirals, blobs, checkerboard, disc, bowl
    case csv

    /// The preset name.
    public var name: String { rawValue }

    /// True for the 1D regression sets whose noiseless target f(x) is known.
    public var isOneDimensional: Bool {
        switch self {
        case .sine, .xsinx, .abs, .step, .cubic, .sawtooth: return true
        default: return false
        }
    }
}

/// What the columns of a CSV file mean (numeric columns only; a header row is detected and skipped).
///
/// The LAST column(s) are the target: for `.regression` the last `targetColumns` columns; for `.binary`
/// the last column, each value 0 or 1; for `.multiclass` the last column, each value a class index
/// 0, 1, …, k−1 (k = largest index + 1, at least 2), turned into one-hot rows. All other columns are inputs.
public struct CSVSpec: Sendable, Hashable {
    public enum TargetKind: String, Sendable, Hashable, CaseIterable {
        case regression, binary, multiclass
    }
    /// Path of the file (relative paths are resolved by the caller, e.g. against the preset's directory).
    public var path: String
    public var targetKind: TargetKind
    /// Number of target columns (regression only; 1 for the classification kinds).
    public var targetColumns: Int

    public init(path: String, targetKind: TargetKind = .regression, targetColumns: Int = 1) {
        self.path = path
        self.targetKind = targetKind
        self.targetColumns = targetColumns
    }
}

/// A complete, seeded description of a data set: generating it twice gives bit-identical data.
public struct DataSpec: Sendable, Hashable {
    public var kind: DataKind
    /// Total number of points n (train + test). Ignored for `csv` (the file decides).
    public var count: Int
    /// Noise level (standard deviation of the added Gaussian noise; for blobs it widens the blobs).
    public var noise: Double
    /// Fraction of the n points held out as the test set, in [0, 1).
    public var testFraction: Double
    /// Seed of the data's own generator (independent of the training seed).
    public var seed: UInt64
    /// Depth L of the `sawtooth` target.
    public var depth: Int
    /// Number of classes k of `spirals` and `blobs`.
    public var classes: Int
    /// The file description for `csv`.
    public var csv: CSVSpec?
    /// Training points given by hand (e.g. clicked on the map and kept with the set-up), appended to the
    /// training set after the split, in order: rows of the raw inputs followed by the target — a class
    /// index for classification, the value for regression — so ``inputSize`` + 1 numbers per row,
    /// row-major. Not for `csv` data (add rows to the file instead).
    public var points: [Double] = []

    public init(kind: DataKind, count: Int = 200, noise: Double = 0, testFraction: Double = 0,
                seed: UInt64 = 1, depth: Int = 4, classes: Int = 2, csv: CSVSpec? = nil) {
        self.kind = kind
        self.count = count
        self.noise = noise
        self.testFraction = testFraction
        self.seed = seed
        self.depth = depth
        self.classes = classes
        self.csv = csv
    }

    /// Number of held-out test points: ⌊n · testFraction⌋ (the rest train).
    public var testCount: Int { Int((Double(count) * testFraction).rounded(.down)) }
    /// Number of training points n − ⌊n · testFraction⌋, plus the hand-given ``points``.
    public var trainCount: Int { count - testCount + pointCount }

    /// Number of hand-given training points (rows of ``points``).
    public var pointCount: Int { inputSize.map { points.count / ($0 + 1) } ?? 0 }

    /// The hand-given points as a data set (inputs, and targets as the generated data has them: the class
    /// for binary tasks, one-hot rows for k classes, the value for regression).
    public func pointData() -> Dataset? {
        guard let d = inputSize, let task = task, let k = outputSize, pointCount > 0 else { return nil }
        var x: [Double] = [], y: [Double] = []
        for r in 0..<pointCount {
            let row = points[(r * (d + 1))..<((r + 1) * (d + 1))]
            x.append(contentsOf: row.prefix(d))
            let t = row[row.endIndex - 1]
            switch task {
            case .multiclass:
                var hot = [Double](repeating: 0, count: k)
                let c = Int(t)
                if c >= 0 && c < k { hot[c] = 1 }
                y.append(contentsOf: hot)
            case .binary, .regression:
                y.append(t)
            }
        }
        return Dataset(inputSize: d, targetSize: k, x: x, y: y)
    }

    /// Number of inputs d₀ (nil for `csv`, known only once the file is read).
    public var inputSize: Int? {
        if kind.isOneDimensional { return 1 }
        return kind == .csv ? nil : 2
    }

    /// What the targets mean (nil for `csv` regression until the file is read is avoided: the CSV spec says).
    public var task: Task? {
        switch kind {
        case .sine, .xsinx, .abs, .step, .cubic, .sawtooth, .bowl: return .regression
        case .xor, .circles, .moons, .checkerboard, .disc: return .binary
        case .spirals, .blobs: return classes == 2 ? .binary : .multiclass(classes: classes)
        case .csv:
            guard let csv else { return nil }
            switch csv.targetKind {
            case .regression: return .regression
            case .binary: return .binary
            case .multiclass: return nil  // k comes from the file
            }
        }
    }

    /// Number of network outputs the data needs (nil when only the file can tell).
    public var outputSize: Int? {
        switch task {
        case .regression?: return kind == .csv ? csv?.targetColumns : 1
        case .binary?: return 1
        case .multiclass(let k)?: return k
        case nil: return nil
        }
    }

    /// The input box the generator samples from (per input), for drawing axes. Empty for `csv`.
    public var inputDomain: [ClosedRange<Double>] {
        switch kind {
        case .sine, .abs, .step, .sawtooth: return [-2...2]
        case .xsinx: return [-6...6]
        case .cubic: return [-1.5...1.5]
        case .xor, .bowl: return [-1...1, -1...1]
        case .circles, .moons, .spirals, .blobs: return [-2...2, -2...2]
        case .checkerboard: return [-2...2, -2...2]
        case .disc:
            let a = DataSpec.discHalfSide
            return [-a...a, -a...a]
        case .csv: return []
        }
    }

    /// Half side √(π/2) of the `disc` square: the unit disc then covers exactly half of its area.
    public static let discHalfSide = (Double.pi / 2).squareRoot()

    /// The noiseless target f(x) of a 1D set (nil for the other kinds): for drawing the curve the net fits.
    public func target(_ x: Double) -> Double? {
        switch kind {
        case .sine: return DataMath.sinPi(x)
        case .xsinx: return x * DataMath.sinPi(x / Double.pi)
        case .abs: return Swift.abs(x)
        case .step: return x < 0 ? -1 : 1
        case .cubic: return x * x * x - x
        case .sawtooth: return DataSpec.sawtooth(x, depth: depth)
        default: return nil
        }
    }

    /// f_L(x) with f₀ = x, f_ℓ = 2|f_{ℓ−1}| − 2.
    public static func sawtooth(_ x: Double, depth: Int) -> Double {
        var f = x
        for _ in 0..<Swift.max(depth, 0) { f = 2 * Swift.abs(f) - 2 }
        return f
    }

    /// The target curve sampled at `samples` evenly spaced points of the domain (empty if unknown).
    public func targetCurve(samples: Int) -> [(x: Double, y: Double)] {
        guard kind.isOneDimensional, samples >= 2, let range = inputDomain.first else { return [] }
        let step = (range.upperBound - range.lowerBound) / Double(samples - 1)
        return (0..<samples).compactMap { i in
            let x = range.lowerBound + Double(i) * step
            return target(x).map { (x, $0) }
        }
    }
}

