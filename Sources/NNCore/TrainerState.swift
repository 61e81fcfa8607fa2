/// Everything a ``Trainer`` carries from one step to the next, so a run can be saved and resumed
/// bit-identically: θ, the optimiser's moments and bias-correction products, the generator, the epoch's
/// permutation and position in it, the counters, divergence/early-stopping bookkeeping, and BatchNorm's
/// running statistics.
///
/// What is NOT here is what the trainer is built from (data, configuration, the network's shape): the
/// restoring side rebuilds the trainer from those and then applies this state with ``Trainer/restore(_:)``.
public struct TrainerState: Sendable, Equatable {
    public var parameters: [Double]
    public var stepCount: Int
    public var epochCount: Int
    public var optimizerUpdateCount: Int
    public var firstMoment: [Double]
    public var secondMoment: [Double]
    /// β₁ᵗ and β₂ᵗ as running products (1 for SGD and momentum).
    public var beta1Power: Double
    public var beta2Power: Double
    public var rng: SeededRNG.State
    /// The current epoch's permutation of the training indices and the position of the next batch in it.
    public var order: [Int]
    public var cursor: Int
    public var lastBatchStart: Int
    public var lastBatchCount: Int
    public var divergence: Divergence?
    public var isStopped: Bool
    public var bestTestLoss: Double?
    public var bestStep: Int?
    /// θ at the best test loss (empty without early stopping).
    public var bestParameters: [Double]
    public var epochsWithoutImprovement: Int
    /// BatchNorm running statistics (``MLP/runningStatistics``; empty without BatchNorm). Not parameters,
    /// but state that evaluation depends on.
    public var runningStatistics: [Double]

    public init(parameters: [Double], stepCount: Int, epochCount: Int, optimizerUpdateCount: Int,
                firstMoment: [Double], secondMoment: [Double], beta1Power: Double, beta2Power: Double,
                rng: SeededRNG.State, order: [Int], cursor: Int, lastBatchStart: Int, lastBatchCount: Int,
                divergence: Divergence?, isStopped: Bool, bestTestLoss: Double?, bestStep: Int?,
                bestParameters: [Double], epochsWithoutImprovement: Int, runningStatistics: [Double] = []) {
        self.parameters = parameters
        self.stepCount = stepCount
        self.epochCount = epochCount
        self.optimizerUpdateCount = optimizerUpdateCount
        self.firstMoment = firstMoment
        self.secondMoment = secondMoment
        self.beta1Power = beta1Power
        self.beta2Power = beta2Power
        self.rng = rng
        self.order = order
        self.cursor = cursor
        self.lastBatchStart = lastBatchStart
        self.lastBatchCount = lastBatchCount
        self.divergence = divergence
        self.isStopped = isStopped
        self.bestTestLoss = bestTestLoss
        self.bestStep = bestStep
        self.bestParameters = bestParameters
        self.epochsWithoutImprovement = epochsWithoutImprovement
        self.runningStatistics = runningStatistics
    }
}

/// Why a ``TrainerState`` cannot be applied to a trainer: `field` names the state's field, `message`
/// what was expected ("expected 41 numbers (the parameter count), got 40").
public struct TrainerStateError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var message: String
    public var description: String { "\(field): \(message)" }
}

extension Trainer {
    /// The trainer's complete state now.
    public var savedState: TrainerState {
        TrainerState(
            parameters: model.parameters, stepCount: stepCount, epochCount: epochCount,
            optimizerUpdateCount: optimizerState.updateCount, firstMoment: optimizerState.firstMoment,
            secondMoment: optimizerState.secondMoment, beta1Power: optimizerState.beta1Power,
            beta2Power: optimizerState.beta2Power, rng: rng.state, order: order, cursor: cursor,
            lastBatchStart: lastBatchStart, lastBatchCount: lastBatchCount, divergence: divergence,
            isStopped: isStopped, bestTestLoss: bestTestLoss, bestStep: bestStep, bestParameters: bestParameters,
            epochsWithoutImprovement: epochsWithoutImprovement, runningStatistics: model.runningStatistics)
    }

    /// Applies a saved state (checked against this trainer's shapes first; nothing changes on error).
    /// Non-finite parameters are accepted (a diverged run can be saved and inspected), but the checks refuse
    /// sizes, counters and permutations that this trainer could not have produced.
    public mutating func restore(_ s: TrainerState) throws(TrainerStateError) {
        let p = model.parameterCount, n = train.count
        func fail(_ field: String, _ message: String) -> TrainerStateError { TrainerStateError(field: field, message: message) }
        guard s.parameters.count == p else {
            throw fail("parameters", "expected \(p) numbers (the network's parameter count), got \(s.parameters.count)")
        }
        let moments: (Int, Int)
        switch optimizerState.optimizer {
        case .sgd: moments = (0, 0)
        case .momentum: moments = (p, 0)
        case .adam, .adamw: moments = (p, p)
        }
        guard s.firstMoment.count == moments.0 else {
            throw fail("first_moment", "expected \(moments.0) numbers for \(optimizerState.optimizer.name), got \(s.firstMoment.count)")
        }
        guard s.secondMoment.count == moments.1 else {
            throw fail("second_moment", "expected \(moments.1) numbers for \(optimizerState.optimizer.name), got \(s.secondMoment.count)")
        }
        guard s.stepCount >= 0 else { throw fail("step", "expected an integer >= 0, got \(s.stepCount)") }
        guard s.epochCount >= 0, s.epochCount <= s.stepCount else {
            throw fail("epoch", "expected an integer between 0 and the step count \(s.stepCount), got \(s.epochCount)")
        }
        guard s.optimizerUpdateCount >= 0, s.optimizerUpdateCount <= s.stepCount else {
            throw fail("update_count", "expected an integer between 0 and the step count \(s.stepCount), got \(s.optimizerUpdateCount)")
        }
        guard s.order.count == n, Set(s.order).count == n, s.order.allSatisfy({ (0..<n).contains($0) }) else {
            throw fail("order", "expected a permutation of 0..<\(n) (the training set size)")
        }
        guard (0..<max(n, 1)).contains(s.cursor) else {
            throw fail("cursor", "expected an integer between 0 and \(n - 1), got \(s.cursor)")
        }
        guard s.lastBatchStart >= 0, s.lastBatchCount >= 0, s.lastBatchStart + s.lastBatchCount <= n else {
            throw fail("last_batch", "expected a slice of the \(n) training indices")
        }
        let bestCount = config.earlyStoppingPatience == nil ? 0 : p
        guard s.bestParameters.count == bestCount else {
            throw fail("best_parameters", "expected \(bestCount) numbers, got \(s.bestParameters.count)")
        }
        guard s.runningStatistics.count == model.runningStatistics.count else {
            throw fail("running_statistics", "expected \(model.runningStatistics.count) numbers (BatchNorm running means and variances), got \(s.runningStatistics.count)")
        }
        for (name, x) in [("beta1_power", s.beta1Power), ("beta2_power", s.beta2Power)] where !(x.isFinite && x >= 0 && x <= 1) {
            throw fail(name, "expected a number between 0 and 1, got \(x)")
        }
        // Copy into the trainer's own buffers (no reallocation, so step() still allocates nothing).
        model.parameters.withUnsafeMutableBufferPointer { t in for j in t.indices { t[j] = s.parameters[j] } }
        stepCount = s.stepCount
        epochCount = s.epochCount
        optimizerState.updateCount = s.optimizerUpdateCount
        optimizerState.firstMoment = s.firstMoment.map { $0 }
        optimizerState.secondMoment = s.secondMoment.map { $0 }
        optimizerState.beta1Power = s.beta1Power
        optimizerState.beta2Power = s.beta2Power
        rng = SeededRNG(state: s.rng)
        order = s.order.map { $0 }
        cursor = s.cursor
        lastBatchStart = s.lastBatchStart
        lastBatchCount = s.lastBatchCount
        divergence = s.divergence
        isStopped = s.isStopped
        bestTestLoss = s.bestTestLoss
        bestStep = s.bestStep
        bestParameters = s.bestParameters.map { $0 }
        epochsWithoutImprovement = s.epochsWithoutImprovement
        model.runningStatistics.withUnsafeMutableBufferPointer { r in for j in r.indices { r[j] = s.runningStatistics[j] } }
    }
}

// Public factories for the values a saved session rebuilds (their memberwise initialisers are internal).

extension GeneratedData {
    public static func restored(train: Dataset, test: Dataset, task: Task) -> GeneratedData {
        GeneratedData(train: train, test: test, task: task)
    }
}

extension Divergence {
    public static func restored(step: Int, reason: Reason) -> Divergence { Divergence(step: step, reason: reason) }
}

extension SeededRNG.State {
    public static func restored(words: (UInt64, UInt64, UInt64, UInt64), spareGaussian: Double?) -> SeededRNG.State {
        SeededRNG.State(s0: words.0, s1: words.1, s2: words.2, s3: words.3, spareGaussian: spareGaussian)
    }
}
