/// What the targets of a dataset mean.
public enum Task: Sendable, Hashable {
    /// Real-valued targets (k outputs).
    case regression
    /// Targets in {0, 1}, one output (logit).
    case binary
    /// k ≥ 2 classes, targets one-hot rows of length k.
    case multiclass(classes: Int)
}

/// n points, each an input row of length `inputSize` and a target row of length `targetSize`.
/// Stored row-major in flat arrays so minibatches are contiguous slices.
public struct Dataset: Sendable, Equatable {
    public var inputSize: Int
    public var targetSize: Int
    /// n × inputSize, row-major.
    public var x: [Double]
    /// n × targetSize, row-major.
    public var y: [Double]

    public init(inputSize: Int, targetSize: Int, x: [Double], y: [Double]) {
        precondition(inputSize >= 1 && targetSize >= 1)
        precondition(x.count % inputSize == 0 && y.count % targetSize == 0)
        precondition(x.count / inputSize == y.count / targetSize, "x and y need the same number of rows")
        self.inputSize = inputSize
        self.targetSize = targetSize
        self.x = x
        self.y = y
    }

    public var count: Int { x.count / inputSize }
    public var isEmpty: Bool { count == 0 }

    public func input(_ i: Int) -> ArraySlice<Double> { x[(i * inputSize)..<((i + 1) * inputSize)] }
    public func target(_ i: Int) -> ArraySlice<Double> { y[(i * targetSize)..<((i + 1) * targetSize)] }
}
