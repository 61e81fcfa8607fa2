import CNNKernels

/// A first-order update rule, with PyTorch's conventions (so runs can be compared against `torch.optim`).
///
/// With gradient g (of the whole objective, L2 term included), learning rate η and update count t = 1, 2, …:
/// - `sgd`: θ ← θ − η g.
/// - `momentum(beta: μ, nesterov: false)` (heavy ball): b ← μ b + g (b₀ = 0, so b₁ = g); θ ← θ − η b.
/// - `momentum(beta: μ, nesterov: true)`: b ← μ b + g; θ ← θ − η (g + μ b).
/// - `adam(β₁, β₂, ε)`: m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; θ ← θ − η m̂ / (√v̂ + ε) with
///   m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
/// - `adamw(β₁, β₂, ε, weightDecay: w)`: θ ← θ − η w θ (decoupled decay, applied first), then the Adam step.
///   Unlike the objective's L2 term, this decay never enters g or the Adam moments.
public enum Optimizer: Sendable, Hashable, Codable {
    case sgd
    case momentum(beta: Double, nesterov: Bool)
    case adam(beta1: Double, beta2: Double, epsilon: Double)
    case adamw(beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double)

    /// Adam with PyTorch's defaults (β₁ 0.9, β₂ 0.999, ε 1e-8).
    public static let adamDefault = Optimizer.adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8)
    /// AdamW with PyTorch's defaults (weight decay 0.01).
    public static let adamwDefault = Optimizer.adamw(beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01)

    /// A short name for reports: sgd, momentum, nesterov, adam, adamw.
    public var name: String {
        switch self {
        case .sgd: return "sgd"
        case .momentum(_, let nesterov): return nesterov ? "nesterov" : "momentum"
        case .adam: return "adam"
        case .adamw: return "adamw"
        }
    }
}

/// An optimiser together with its state (moments, update count), sized for P parameters.
/// ``update(parameters:gradient:learningRate:)`` allocates nothing.
public struct OptimizerState: Sendable, Equatable {
    public let optimizer: Optimizer
    /// Number of updates applied so far (t of the bias correction).
    public internal(set) var updateCount: Int = 0
    /// First moment / momentum buffer (empty for SGD).
    public internal(set) var firstMoment: [Double]
    /// Second moment (Adam/AdamW only).
    public internal(set) var secondMoment: [Double]
    // β₁ᵗ and β₂ᵗ, kept as running products (exact repeated multiplication, no pow).
    // Internal (not private) so that TrainerState.swift can save and restore them.
    var beta1Power = 1.0, beta2Power = 1.0

    public init(_ optimizer: Optimizer, parameterCount p: Int) {
        self.optimizer = optimizer
        switch optimizer {
        case .sgd: firstMoment = []; secondMoment = []
        case .momentum: firstMoment = [Double](repeating: 0, count: p); secondMoment = []
        case .adam, .adamw:
            firstMoment = [Double](repeating: 0, count: p); secondMoment = [Double](repeating: 0, count: p)
        }
    }

    /// Applies one update to θ in place.
    public mutating func update(parameters: inout [Double], gradient: [Double], learningRate lr: Double) {
        precondition(parameters.count == gradient.count, "gradient and θ differ in size")
        updateCount += 1
        let n = parameters.count
        switch optimizer {
        case .sgd:
            parameters.withUnsafeMutableBufferPointer { t in
                gradient.withUnsafeBufferPointer { g in for j in 0..<n { t[j] -= lr * g[j] } }
            }
        case .momentum(let mu, let nesterov):
            parameters.withUnsafeMutableBufferPointer { t in
                gradient.withUnsafeBufferPointer { g in
                    firstMoment.withUnsafeMutableBufferPointer { b in
                        for j in 0..<n {
                            let bj = mu * b[j] + g[j]
                            b[j] = bj
                            t[j] -= lr * (nesterov ? g[j] + mu * bj : bj)
                        }
                    }
                }
            }
        case .adam(let b1, let b2, let eps):
            adamStep(&parameters, gradient, lr: lr, b1: b1, b2: b2, eps: eps, decay: 0)
        case .adamw(let b1, let b2, let eps, let wd):
            adamStep(&parameters, gradient, lr: lr, b1: b1, b2: b2, eps: eps, decay: wd)
        }
    }

    private mutating func adamStep(
        _ parameters: inout [Double], _ gradient: [Double], lr: Double, b1: Double, b2: Double, eps: Double,
        decay: Double
    ) {
        beta1Power *= b1
        beta2Power *= b2
        let c1 = 1 / (1 - beta1Power), c2 = 1 / (1 - beta2Power)
        let shrink = 1 - lr * decay
        let n = parameters.count
        parameters.withUnsafeMutableBufferPointer { t in
            gradient.withUnsafeBufferPointer { g in
                firstMoment.withUnsafeMutableBufferPointer { m in
                    secondMoment.withUnsafeMutableBufferPointer { v in
                        guard let tp = t.baseAddress, let gp = g.baseAddress, let mp = m.baseAddress,
                              let vp = v.baseAddress else { return }
                        // CNNKernels: every element gets exactly the operations of the scalar formula, so the
                        // result does not depend on the vector width.
                        nnk_adam(tp, gp, mp, vp, n, b1, b2, 1 - b1, 1 - b2, c1, c2, eps, lr, shrink, decay != 0 ? 1 : 0)
                    }
                }
            }
        }
    }
}
