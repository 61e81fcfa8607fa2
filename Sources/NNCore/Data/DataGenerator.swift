/// A generated (or loaded) data set split into training and test points.
public struct GeneratedData: Sendable, Equatable {
    public var train: Dataset
    public var test: Dataset
    public var task: Task
}

extension DataSpec {
    /// Generates the n points from ``seed`` (bit-identical for the same spec) and splits them:
    /// a seeded permutation picks the ⌊n·testFraction⌋ test points; both parts keep generation order.
    /// `csv` reads the file (see ``CSVSpec``); `csvText` overrides the file's contents (tests).
    public func generate(csvText: String? = nil) throws(DataError) -> GeneratedData {
        var rng = SeededRNG(seed: seed)
        let all: Dataset
        let task: Task
        let n: Int
        if kind == .csv {
            guard let csv else { throw DataError(file: "csv", message: "no CSV file given") }
            (all, task) = try csv.load(text: csvText)
            n = all.count
        } else {
            task = self.task ?? .regression
            all = generatePoints(rng: &rng)
            n = count
        }
        let testN = Int((Double(n) * testFraction).rounded(.down))
        guard n - testN >= 1 else { throw DataError(file: csv?.path ?? kind.name, message: "no training points left after the test split") }
        var order = Array(0..<n)
        rng.shuffle(&order)
        var isTest = [Bool](repeating: false, count: n)
        for i in order.prefix(testN) { isTest[i] = true }
        var train = all.subset { !isTest[$0] }
        if kind != .csv, let extra = pointData() {  // hand-given points train, after the generated ones
            train.x += extra.x
            train.y += extra.y
        }
        return GeneratedData(train: train, test: all.subset { isTest[$0] }, task: task)
    }

    /// All n points, before the split.
    func generatePoints(rng: inout SeededRNG) -> Dataset {
        let n = count
        switch kind {
        case .sine, .xsinx, .abs, .step, .cubic, .sawtooth:
            let range = inputDomain[0]
            var x = [Double](), y = [Double]()
            x.reserveCapacity(n); y.reserveCapacity(n)
            for _ in 0..<n {
                let xi = rng.nextDouble(in: range.lowerBound, range.upperBound)
                let noiseTerm = noise * rng.nextGaussian()
                x.append(xi)
                y.append((target(xi) ?? 0) + noiseTerm)
            }
            return Dataset(inputSize: 1, targetSize: 1, x: x, y: y)
        case .bowl:
            var x = [Double](), y = [Double]()
            for _ in 0..<n {
                let a = rng.nextDouble(in: -1, 1), b = rng.nextDouble(in: -1, 1)
                x += [a, b]
                y.append(a * a + b * b + noise * rng.nextGaussian())
            }
            return Dataset(inputSize: 2, targetSize: 1, x: x, y: y)
        case .xor, .checkerboard, .disc:
            let half = kind == .xor ? 1.0 : (kind == .disc ? DataSpec.discHalfSide : 2.0)
            var x = [Double](), y = [Double]()
            for _ in 0..<n {
                let a = rng.nextDouble(in: -half, half), b = rng.nextDouble(in: -half, half)
                let label: Bool
                switch kind {
                case .xor: label = a * b > 0
                case .checkerboard: label = (Int((a + 2).rounded(.down)) + Int((b + 2).rounded(.down))) % 2 == 0
                default: label = a * a + b * b > 1
                }
                x += [a + noise * rng.nextGaussian(), b + noise * rng.nextGaussian()]
                y.append(label ? 1 : 0)
            }
            return Dataset(inputSize: 2, targetSize: 1, x: x, y: y)
        case .circles, .moons, .spirals, .blobs:
            let k = (kind == .spirals || kind == .blobs) ? classes : 2
            var x = [Double](), labels = [Int]()
            for i in 0..<n {
                let c = i % k
                var a = 0.0, b = 0.0
                switch kind {
                case .circles:
                    let h = rng.nextDouble(in: 0, 2)  // angle πh
                    let r = c == 1 ? 0.5 : 1.0
                    a = r * DataMath.cosPi(h); b = r * DataMath.sinPi(h)
                case .moons:
                    let h = rng.nextDouble(in: 0, 1)  // angle πh ∈ [0, π]
                    let ct = DataMath.cosPi(h), st = DataMath.sinPi(h)
                    if c == 0 { a = ct - 0.5; b = st - 0.25 } else { a = 0.5 - ct; b = 0.25 - st }
                case .spirals:
                    let u = rng.nextDouble()
                    let r = 0.1 + 1.7 * u
                    let h = 3 * u + 2 * Double(c) / Double(k)  // 1.5 turns, arms 2π/k apart
                    a = r * DataMath.cosPi(h); b = r * DataMath.sinPi(h)
                default:  // blobs
                    let h = 2 * Double(c) / Double(k)
                    let sd = 0.5 + noise
                    a = DataMath.cosPi(h) + sd * rng.nextGaussian(); b = DataMath.sinPi(h) + sd * rng.nextGaussian()
                }
                if kind != .blobs { a += noise * rng.nextGaussian(); b += noise * rng.nextGaussian() }
                x += [a, b]
                labels.append(c)
            }
            if k == 2 { return Dataset(inputSize: 2, targetSize: 1, x: x, y: labels.map(Double.init)) }
            var y = [Double](repeating: 0, count: n * k)
            for (i, c) in labels.enumerated() { y[i * k + c] = 1 }
            return Dataset(inputSize: 2, targetSize: k, x: x, y: y)
        case .csv:
            return Dataset(inputSize: 1, targetSize: 1, x: [], y: [])
        }
    }
}

extension Dataset {
    /// The points whose index satisfies `keep`, in order.
    public func subset(_ keep: (Int) -> Bool) -> Dataset {
        var x: [Double] = [], y: [Double] = []
        for i in 0..<count where keep(i) {
            x.append(contentsOf: input(i))
            y.append(contentsOf: target(i))
        }
        return Dataset(inputSize: inputSize, targetSize: targetSize, x: x, y: y)
    }
}
