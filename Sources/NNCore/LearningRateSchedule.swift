/// How the learning rate changes with the update index t = 0, 1, 2, … (t counts optimiser updates).
///
/// With base rate η and `warmupSteps` W ≥ 0:
/// - for t < W (linear warm-up): η_t = η_shape(0) · (t + 1)/W — the first update is not wasted at rate 0;
/// - afterwards the shape runs on s = t − W:
///   - `constant`: η;
///   - `step(every: k, factor: γ)`: η · γ^⌊s/k⌋ (PyTorch `StepLR`);
///   - `cosine(totalSteps: T, floor: η_min)`: η_min + (η − η_min)·½(1 + cos(π·min(s, T′)/T′)) with
///     T′ = max(T − W, 1), so the rate reaches the floor at t = T and stays there (`CosineAnnealingLR`'s
///     curve, without restarts). `floor` is an absolute rate.
/// Powers and the cosine use ``DeterministicMath`` so schedules are bit-identical everywhere. Each rate
/// costs O(1) (a bounded amount of work) at any step up to 2^53, the largest a session file holds.
public struct LearningRateSchedule: Sendable, Hashable, Codable {
    public enum Shape: Sendable, Hashable, Codable {
        case constant
        case step(every: Int, factor: Double)
        case cosine(totalSteps: Int, floor: Double)
    }

    public var shape: Shape
    public var warmupSteps: Int

    public init(_ shape: Shape = .constant, warmupSteps: Int = 0) {
        precondition(warmupSteps >= 0)
        if case .step(let every, _) = shape { precondition(every >= 1, "step schedule needs every ≥ 1") }
        self.shape = shape
        self.warmupSteps = warmupSteps
    }

    public static let constant = LearningRateSchedule(.constant)

    /// η_t for base rate `base` at update index `step` (0-based).
    public func learningRate(base: Double, step t: Int) -> Double {
        if t < warmupSteps { return shaped(base: base, s: 0) * Double(t + 1) / Double(warmupSteps) }
        return shaped(base: base, s: t - warmupSteps)
    }

    /// How many decays ``decayed(_:factor:times:)`` applies one by one before switching to powers.
    static let iterativeDecays = 1024

    /// base · factor^n in O(log n): the first ``iterativeDecays`` decays are applied one multiplication at a
    /// time (the definition, bit for bit, as a run of that length has always computed it), the rest as
    /// factor^m by repeated squaring, so the rate at step 2^53 costs about 1,100 multiplications, not 2^53.
    static func decayed(_ base: Double, factor: Double, times n: Int) -> Double {
        var r = base
        for _ in 0..<Swift.min(n, iterativeDecays) { r *= factor }
        var m = n - iterativeDecays
        guard m > 0, r != 0, factor != 1 else { return r }
        var power = factor, result = 1.0
        while m > 0 {
            if m & 1 == 1 { result *= power }
            m >>= 1
            if m > 0 { power *= power }
            if result == 0 { break }
        }
        return r * result
    }

    private func shaped(base: Double, s: Int) -> Double {
        switch shape {
        case .constant:
            return base
        case .step(let every, let factor):
            return LearningRateSchedule.decayed(base, factor: factor, times: s / every)
        case .cosine(let total, let floor):
            let span = Swift.max(total - warmupSteps, 1)
            let u = Double(Swift.min(s, span)) / Double(span)
            return floor + (base - floor) * 0.5 * (1 + DeterministicMath.cosPi(u))
        }
    }
}
