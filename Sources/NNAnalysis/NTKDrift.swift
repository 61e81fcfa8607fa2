import NNCore

/// The lecture's neural tangent kernel claim made measurable: train a narrow and a wide network of the
/// same architecture on the same data by full-batch gradient descent on the MSE, and record how far the
/// empirical NTK K_t = J_t J_tᵀ moves from K_0, relatively: ‖K_t − K_0‖_F / ‖K_0‖_F. Wide networks are
/// "lazy" (Jacot et al. 2018; Chizat et al. 2019): their kernel barely moves, so training is kernel
/// regression with K_0.
///
/// "Particular initialisation" (the lecture): the nets are trained as in the NTK parameterisation, which for
/// our standard-parameterised MLP means per-parameter step sizes p_i = 1/fan_in for the weights of a layer and
/// 1 for biases (GD on NTK-parameterised weights W = √fan_in·W_sp is GD on W_sp with step lr/fan_in). The
/// kernel that drives training is then K = J diag(p) Jᵀ, which has a finite limit as the width grows; that
/// is the kernel recorded. Without it the last layer's features dominate K (it grows ∝ width) and the
/// wide net barely trains.
///
/// Each network's learning rate is set from its own initial kernel, lr = η·n·k / λmax(K_0): gradient descent on
/// J = (1/(n·k))Σr² moves the residuals by r ← (I − lr·(2/(n·k))K) r, so both nets take the same step along their
/// stiffest function-space direction (η < 1 is stable). Seeded and deterministic.
public struct NTKDriftConfig: Sendable, Equatable {
    /// Gradient-descent steps per network.
    public var steps: Int
    /// Record the kernel every this many steps (and at the last step).
    public var every: Int
    /// Wide widths = narrow widths × this (capped so the wide net has at most `maxWideParameters`).
    public var widthFactor: Int
    public var maxWideParameters: Int
    /// η in lr = η·n·k / λmax(K_0).
    public var eta: Double

    public init(steps: Int = 400, every: Int = 20, widthFactor: Int = 32, maxWideParameters: Int = 40_000, eta: Double = 0.4) {
        self.steps = steps
        self.every = every
        self.widthFactor = widthFactor
        self.maxWideParameters = maxWideParameters
        self.eta = eta
    }
}

/// One network's record.
public struct NTKDriftCurve: Sendable, Equatable {
    public var sizes: [Int]
    public var learningRate: Double
    /// Steps at which K was recorded (0 first).
    public var steps: [Int] = []
    /// ‖K_t − K_0‖_F / ‖K_0‖_F at those steps (0 first).
    public var relativeChange: [Double] = []
    /// Training MSE at those steps.
    public var loss: [Double] = []

    public init(sizes: [Int], learningRate: Double, steps: [Int] = [], relativeChange: [Double] = [], loss: [Double] = []) {
        self.sizes = sizes
        self.learningRate = learningRate
        self.steps = steps
        self.relativeChange = relativeChange
        self.loss = loss
    }

    /// The latest relative change (0 before training).
    public var last: Double { relativeChange.last ?? 0 }
}

/// Both records, as far as they have got.
public struct NTKDriftResult: Sendable, Equatable {
    public var narrow: NTKDriftCurve
    public var wide: NTKDriftCurve
    public var totalSteps: Int

    public init(narrow: NTKDriftCurve, wide: NTKDriftCurve, totalSteps: Int) {
        self.narrow = narrow
        self.wide = wide
        self.totalSteps = totalSteps
    }

    public var isComplete: Bool { narrow.steps.last == totalSteps && wide.steps.last == totalSteps }
}

public enum NTKDrift {
    /// The wide architecture for a narrow one: hidden widths × factor, the factor halved until P fits.
    public static func wideSizes(_ narrow: [Int], config: NTKDriftConfig) -> [Int] {
        var factor = Swift.max(1, config.widthFactor)
        while true {
            var s = narrow
            for i in 1..<Swift.max(1, s.count - 1) { s[i] *= factor }
            if factor == 1 || MLP.parameterCount(sizes: s) <= config.maxWideParameters { return s }
            factor /= 2
        }
    }

    /// Runs both trainings, alternating in chunks of `config.every` steps so `progress` sees both curves
    /// grow together. Returns nil when `isCancelled` says so (checked between chunks).
    public static func run(narrow sizes: [Int], activation: Activation, initializer: Initializer, data: Dataset,
                           seed: UInt64, config: NTKDriftConfig = NTKDriftConfig(),
                           isCancelled: () -> Bool = { false },
                           progress: (NTKDriftResult) -> Void = { _ in }) throws -> NTKDriftResult? {
        guard sizes.count >= 3, sizes.first == data.inputSize, sizes.last == data.targetSize, data.count > 0 else {
            throw AnalysisError.dataMismatch("NTK drift needs a net with a hidden layer whose shape fits the data")
        }
        guard config.steps >= 1, config.every >= 1, config.eta > 0, config.eta.isFinite else {
            throw AnalysisError.dataMismatch("NTK drift needs steps ≥ 1, every ≥ 1 and η > 0")
        }
        var runners = [try Runner(sizes: sizes, activation: activation, initializer: initializer, data: data,
                                  seed: seed, eta: config.eta),
                       try Runner(sizes: wideSizes(sizes, config: config), activation: activation,
                                  initializer: initializer, data: data, seed: seed, eta: config.eta)]
        func result() -> NTKDriftResult {
            NTKDriftResult(narrow: runners[0].curve, wide: runners[1].curve, totalSteps: config.steps)
        }
        progress(result())
        var done = 0
        while done < config.steps {
            let chunk = Swift.min(config.every, config.steps - done)
            for r in runners.indices {
                if isCancelled() { return nil }
                try runners[r].train(chunk)
            }
            done += chunk
            progress(result())
        }
        return result()
    }

    /// One network: its weights, data, kernel at step 0, and curve.
    struct Runner {
        var model: MLP
        let data: Dataset
        let k0: [Double]
        let k0Norm: Double
        /// p_i: 1/fan_in for weights, 1 for biases.
        let scale: [Double]
        var curve: NTKDriftCurve
        var step = 0
        var gradient: [Double] = []
        var workspace: BackpropWorkspace
        let objective = Objective(loss: .mse)

        init(sizes: [Int], activation: Activation, initializer: Initializer, data: Dataset, seed: UInt64, eta: Double) throws {
            model = MLP(sizes: sizes, hidden: activation, initializer: initializer, seed: seed)
            self.data = data
            scale = NTKDrift.stepScales(model)
            k0 = NTKDrift.kernel(model, data: data, scale: scale)
            k0Norm = NTKDrift.frobenius(k0)
            let m = data.count * model.outputSize
            let top = SymmetricEigensolver.eigenvalues(k0, n: m).last ?? 0
            guard top > 0, top.isFinite else { throw AnalysisError.dataMismatch("the initial NTK is zero") }
            let lr = eta * Double(m) / top
            workspace = BackpropWorkspace(for: model, batchCapacity: Swift.min(data.count, 256))
            curve = NTKDriftCurve(sizes: sizes, learningRate: lr)
            record(loss: objective.value(model: model, data: data, workspace: &workspace), kernel: k0)
        }

        mutating func record(loss: Double, kernel: [Double]) {
            var diff = 0.0
            for i in kernel.indices { let d = kernel[i] - k0[i]; diff += d * d }
            curve.steps.append(step)
            curve.relativeChange.append(diff.squareRoot() / Swift.max(k0Norm, .leastNormalMagnitude))
            curve.loss.append(loss)
        }

        /// `n` full-batch gradient-descent steps, then one record.
        mutating func train(_ n: Int) throws {
            for _ in 0..<n {
                objective.gradient(model: model, data: data, into: &gradient, workspace: &workspace)
                for i in model.parameters.indices { model.parameters[i] -= curve.learningRate * scale[i] * gradient[i] }
                step += 1
            }
            try AnalysisError.requireFinite(model)
            let k = NTKDrift.kernel(model, data: data, scale: scale)
            record(loss: objective.value(model: model, data: data, workspace: &workspace), kernel: k)
        }
    }

    /// p_i = 1/fan_in for the weights of a layer, 1 for its biases.
    public static func stepScales(_ model: MLP) -> [Double] {
        var p = [Double](repeating: 1, count: model.parameterCount)
        for l in 0..<model.layerCount {
            let wo = model.weightOffset(layer: l), bo = model.biasOffset(layer: l)
            for i in wo..<bo { p[i] = 1 / Double(model.sizes[l]) }
        }
        return p
    }

    /// K = J diag(p) Jᵀ over the data's inputs (n·k × n·k, row-major), J the per-point parameter Jacobian.
    public static func kernel(_ model: MLP, data: Dataset, scale p: [Double]) -> [Double] {
        let n = data.count, m = n * model.outputSize, P = model.parameterCount
        var J = NetworkDerivatives(model: model, inputs: data.x, count: n).parameterJacobian()
        for r in 0..<m { for i in 0..<P { J[r * P + i] *= p[i].squareRoot() } }
        var K = [Double](repeating: 0, count: m * m)
        J.withUnsafeBufferPointer { jb in K.withUnsafeMutableBufferPointer { kb in
            guard let j = jb.baseAddress, let k = kb.baseAddress else { return }
            kgemmNT(j, j, k, m: m, n: m, k: P)
        }}
        return K
    }

    static func frobenius(_ m: [Double]) -> Double {
        var s = 0.0
        for v in m { s += v * v }
        return s.squareRoot()
    }
}
