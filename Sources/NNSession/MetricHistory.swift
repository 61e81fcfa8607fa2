import Foundation

/// The training curves of a session, bounded in memory however long it runs, with the early steps kept in
/// detail.
///
/// A row is kept when its step is at least `stride` steps after the last kept row (even spacing, for a
/// linear step axis) OR at least a factor `ratio` past it (log spacing: log10(step) at least `logGap` later,
/// for a log step axis, where the first hundred steps of a long run matter as much as the rest). When
/// `capacity` rows are held, the rows are thinned by the same two rules with both gaps made coarse enough
/// for an eighth of the capacity each, keeping loss spikes between them (the first row always stays), so
/// the rows always span the whole run at between about capacity/16 and capacity points, evenly spread in
/// step AND in log step — uniform decimation alone would leave the first decades of a million-step run
/// with one row. The latest row is
/// kept separately so the curve always ends "now".
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

    /// Most rows kept (an even number ≥ 8).
    public let capacity: Int
    /// Least number of steps between evenly spaced rows (a power of two).
    public private(set) var stride: Int = 1
    /// Least distance in log10(step) between log-spaced rows (0 until the first thinning: every row kept).
    public private(set) var logGap: Double = 0
    private var kept: [Row] = []
    /// The most recent row, whether or not it falls on the stride.
    public private(set) var latest: Row?

    public init(capacity: Int = 1024) {
        self.capacity = max(8, capacity + capacity % 2)
        kept.reserveCapacity(self.capacity)
    }

    /// log10 of a step on a log axis (step 0 shares the place of step 1).
    static func logStep(_ step: Int) -> Double { log10(Double(max(step, 1))) }

    /// True when a row for `step` would be kept (so callers can skip evaluating metrics otherwise).
    public func wants(step: Int) -> Bool {
        guard let last = kept.last else { return true }
        return step >= last.step + stride || wantsEarly(step: step)
    }

    /// True when a row for `step` would be kept for the log spacing alone: this is what keeps the first
    /// decades of a run. Few steps in all (about capacity/4 after the first thinning), so even a fast run
    /// can afford to evaluate them.
    public func wantsEarly(step: Int) -> Bool {
        guard let last = kept.last else { return true }
        return step > last.step && Self.logStep(step) - Self.logStep(last.step) >= logGap
    }

    /// Records a row. Rows must come in increasing step order.
    public mutating func record(_ row: Row) {
        latest = row
        guard wants(step: row.step) else { return }
        kept.append(row)
        if kept.count >= capacity { thin() }
    }

    /// Coarsens both gaps so each rule alone keeps about capacity/8 rows of the run so far, then keeps the
    /// first row, every row that either rule still wants and, between two of those, the row of the highest
    /// loss when it is a spike (above 1.5× both): a catapult or a blow-up stays on the curve however long
    /// the run. At most capacity/2 + 2 rows remain.
    private mutating func thin() {
        guard let first = kept.first, let last = kept.last else { return }
        let eighth = Double(max(1, capacity / 8))
        while Double(last.step - first.step) / Double(stride) > eighth { stride *= 2 }
        logGap = max(logGap, (Self.logStep(last.step) - Self.logStep(first.step)) / eighth)
        var out: [Row] = [first]
        out.reserveCapacity(capacity)
        var spike: Row?
        for row in kept.dropFirst() {
            guard let prev = out.last else { continue }
            if row.step >= prev.step + stride || (row.step > prev.step && Self.logStep(row.step) - Self.logStep(prev.step) >= logGap) {
                if let peak = spike, peak.loss > 1.5 * max(prev.loss, row.loss) { out.append(peak) }
                spike = nil
                out.append(row)
            } else if row.loss.isFinite, row.loss > (spike?.loss ?? -.infinity) {
                spike = row
            }
        }
        kept = out
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
        logGap = 0
    }
}
