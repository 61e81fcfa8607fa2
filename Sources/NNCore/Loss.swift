/// The data term of the training objective. The full objective is `loss + ½λ‖θ‖² + λ₁‖θ‖₁` (see ``Objective``).
///
/// Conventions (all means, matching PyTorch's defaults and the reference benchmark script):
/// - `mse`: mean over all n·k output elements of (z − y)².
/// - `bce_with_logits`: mean over n·k elements of the binary cross-entropy of sigmoid(z) against y ∈ [0, 1],
///   computed stably as max(z, 0) − z·y + log(1 + e^{−|z|}).
/// - `softmax_cross_entropy`: mean over the n points of −Σ_c y_c log softmax(z)_c, with y one-hot (k ≥ 2).
public enum Loss: String, Sendable, Hashable, Codable, CaseIterable {
    case mse
    case bceWithLogits = "bce_with_logits"
    case softmaxCrossEntropy = "softmax_cross_entropy"

    /// The preset/JSON name.
    public var name: String { rawValue }

    /// True when the targets are class labels (accuracy is meaningful).
    public var isClassification: Bool { self != .mse }
}
