/// The training curves of a session, bounded in memory however long it runs.
///
/// A row is kept when its step is at least `stride` steps after the last kept row. When `capacity` rows
/// are held, every other row is dropped (the first always stays) and the stride doubles, so the rows
/// always span the whole run (from the first recorded step to the latest) at a resolution of between
/// capacity/2 and capacity points, whether rows are offered every step or now and then (e.g. ~30 times a
/// second by ``TrainingQueue``). The latest row is kept separately so the curve always ends "now".
public struct MetricHistory: Sendable, Equatable {
    /// One recorded step.
    public struct Row: Sendable, Equatable {
        public var step: Int
        /// Training objective (loss + ½λ‖θ‖² + λ₁‖θ‖₁) over the whole training set.
        public var loss: Double
        /// Loss over the test set (nil without test data).
        public var testLoss: Double?
        /// Training-set accuracy in [0, 1] (classification only).
        public var accuracy: Double?
        /// Test-set accuracy (classification with test data only).
        public var testAccuracy: Double?
        /// Learning rate used at this step.
        public var lr: Double

        public init(step: Int, loss: Double, testLoss: Double? = nil, accuracy: Double? = nil,
                    testAccuracy: Double? = nil, lr: Double) {
            self.step = step
            self.loss = loss
            self.testLoss = testLoss
            self.accuracy = accuracy
            self.testAccuracy = testAccuracy
            self.lr = lr
        }
    }

    /// Most rows kept (an even number ≥ 4).
    public let capacity: Int
    /// Least number of steps between kept rows (a power of two).
    public private(set) var stride: Int = 1
    private var kept: [Row] = []
    /// The most recent row, whether or not it falls on the stride.
    public private(set) var latest: Row?

    public init(capacity: Int = 1024) {
        self.capacity = max(4, capacity + capacity % 2)
        kept.reserveCapacity(self.capacity)
    }

    /// True when a row for `step` would be kept (so callers can skip evaluating metrics otherwise).
    public func wants(step: Int) -> Bool {
        guard let last = kept.last else { return true }
        return step >= last.step + stride
    }

    /// Records a row. Rows must come in increasing step order.
    public mutating func record(_ row: Row) {
        latest = row
        guard wants(step: row.step) else { return }
        kept.append(row)
        if kept.count >= capacity {
            stride *= 2
            var i = 0
            kept.removeAll { _ in defer { i += 1 }; return i % 2 == 1 }
        }
    }

    /// The rows to draw: the kept rows plus the latest one when it is newer.
    public var rows: [Row] {
        guard let latest, kept.last?.step != latest.step else { return kept }
        return kept + [latest]
    }

    /// Number of rows held (≤ capacity + 1 with the latest).
    public var count: Int { rows.count }

    public var isEmpty: Bool { latest == nil }

    /// Forgets everything (after a reset).
    public mutating func removeAll() {
        kept.removeAll(keepingCapacity: true)
        latest = nil
        stride = 1
    }
}
