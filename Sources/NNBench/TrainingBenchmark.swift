#if canImport(Glibc)
import Glibc
#endif
import NNCore

/// The four benchmark shapes (C1–C4), their data and a timing loop for Adam training steps. Used by
/// `nnviz bench`; the shapes are those the PyTorch/JAX reference script measures (docs/performance.md).
///
/// The data follow the reference script's generators (made here with our own RNG): C1 a 4-tooth sawtooth
/// y = 2·((2(x+1)) mod 1) − 1 on n points evenly spaced in [−1, 1]; C2–C4 two interleaved spirals of 1.5 turns
/// (t = √u·3π, r = t/3π, the second arm the negation of the first) with N(0, 0.02²) noise, labels 0/1.
/// Weights follow PyTorch's `nn.Linear` default (``Initializer/uniformFanIn``); one step = forward, loss,
/// backward and an Adam update (lr 10⁻³, β = 0.9/0.999, ε = 10⁻⁸) on one minibatch, float64, one thread.
public enum TrainingBenchmark {
    public enum Config: String, Sendable, CaseIterable, Codable {
        case c1 = "C1", c2 = "C2", c3 = "C3", c4 = "C4"

        /// Layer widths.
        public var sizes: [Int] {
            switch self {
            case .c1: return [1, 16, 16, 16, 1]
            case .c2: return [2, 32, 32, 1]
            case .c3: return [2, 256, 256, 1]
            case .c4: return [2] + Array(repeating: 16, count: 8) + [1]
            }
        }
        public var hidden: Activation { self == .c2 ? .tanh : .relu }
        public var loss: Loss { self == .c1 ? .mse : .bceWithLogits }
        public var sampleCount: Int { [Config.c1: 256, .c2: 512, .c3: 1024, .c4: 512][self] ?? 0 }
        public var batchSize: Int { [Config.c1: 256, .c2: 64, .c3: 256, .c4: 128][self] ?? 0 }
        /// The short name used by the reference script.
        public var title: String {
            switch self {
            case .c1: return "sawtooth-fit"
            case .c2: return "spiral"
            case .c3: return "wide"
            case .c4: return "deep"
            }
        }
    }

    /// One measurement: the median of `repeats` timed rounds, with the spread.
    public struct Result: Sendable, Hashable, Codable {
        public var config: Config
        public var parameterCount: Int
        /// Median steps per second over the rounds.
        public var stepsPerSecond: Double
        public var minStepsPerSecond: Double
        public var maxStepsPerSecond: Double
        public var stepsPerRound: Int
        public var repeats: Int
        /// Median steps per second of this thread's CPU time (nil where unavailable): on a shared, busy
        /// machine it shows what the code costs when it gets a core; wall time shows what a user sees.
        public var cpuStepsPerSecond: Double?
    }

    /// The benchmark's data set (seeded).
    public static func data(_ config: Config, seed: UInt64 = 17) -> Dataset {
        let n = config.sampleCount
        if config == .c1 {
            var x = [Double](), y = [Double]()
            for i in 0..<n {
                let v = -1 + 2 * Double(i) / Double(n - 1)
                let u = 2 * (v + 1)
                x.append(v)
                y.append(2 * (u - u.rounded(.down)) - 1)
            }
            return Dataset(inputSize: 1, targetSize: 1, x: x, y: y)
        }
        var rng = SeededRNG(seed: seed)
        let h = n / 2
        let pi = 3.141592653589793
        var arm = [(Double, Double)]()
        for _ in 0..<h {
            let t = rng.nextDouble().squareRoot() * 3 * pi
            let r = t / (3 * pi)
            arm.append((r * cosine(t), r * sine(t)))
        }
        var x = [Double](), y = [Double]()
        for (a, b) in arm { x += [a + 0.02 * rng.nextGaussian(), b + 0.02 * rng.nextGaussian()]; y.append(0) }
        for (a, b) in arm { x += [-a + 0.02 * rng.nextGaussian(), -b + 0.02 * rng.nextGaussian()]; y.append(1) }
        return Dataset(inputSize: 2, targetSize: 1, x: x, y: y)
    }

    /// A trainer set up exactly as the benchmark runs it.
    public static func trainer(_ config: Config, seed: UInt64 = 0) -> Trainer {
        let model = MLP(sizes: config.sizes, hidden: config.hidden, initializer: .uniformFanIn, seed: seed)
        let training = TrainingConfig(loss: config.loss, optimizer: .adamDefault, learningRate: 1e-3,
                                      batchSize: config.batchSize, seed: seed &+ 1)
        return Trainer(model: model, train: data(config), config: training)
    }

    /// Times Adam training steps: `warmupSteps` untimed, then `repeats` rounds of at least `minRoundSeconds`.
    public static func run(
        _ config: Config, repeats: Int = 7, minRoundSeconds: Double = 0.2, warmupSteps: Int = 50
    ) -> Result {
        var trainer = trainer(config)
        trainer.run(steps: warmupSteps)
        let clock = ContinuousClock()
        // Calibrate the steps per round.
        var steps = 16
        while true {
            let t = clock.measure { trainer.run(steps: steps) }
            if seconds(t) >= minRoundSeconds / 4 || steps > 1 << 22 {
                steps = Swift.max(1, Int(Double(steps) * minRoundSeconds / Swift.max(seconds(t), 1e-9)))
                break
            }
            steps *= 4
        }
        var rates = [Double](), cpuRates = [Double]()
        for _ in 0..<Swift.max(1, repeats) {
            let c0 = threadCPUSeconds()
            let t = clock.measure { trainer.run(steps: steps) }
            if let c0, let c1 = threadCPUSeconds() { cpuRates.append(Double(steps) / Swift.max(c1 - c0, 1e-12)) }
            rates.append(Double(steps) / Swift.max(seconds(t), 1e-12))
        }
        rates.sort()
        cpuRates.sort()
        return Result(config: config, parameterCount: trainer.model.parameterCount,
                      stepsPerSecond: rates[rates.count / 2], minStepsPerSecond: rates[0],
                      maxStepsPerSecond: rates[rates.count - 1], stepsPerRound: steps, repeats: rates.count,
                      cpuStepsPerSecond: cpuRates.isEmpty ? nil : cpuRates[cpuRates.count / 2])
    }

    private static func threadCPUSeconds() -> Double? {
        #if canImport(Glibc)
        var t = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) == 0 else { return nil }
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
        #else
        return nil
        #endif
    }

    private static func seconds(_ d: Duration) -> Double {
        let c = d.components
        return Double(c.seconds) + Double(c.attoseconds) * 1e-18
    }

    // Deterministic sin/cos for the data (no libm), via cos(πu).
    private static func cosine(_ t: Double) -> Double {
        var u = t / 3.141592653589793
        u -= 2 * (u / 2).rounded(.down)  // u ∈ [0, 2)
        return u <= 1 ? DeterministicMath.cosPi(u) : DeterministicMath.cosPi(2 - u)
    }
    private static func sine(_ t: Double) -> Double { cosine(t - 3.141592653589793 / 2) }
}
