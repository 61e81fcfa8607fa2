import NNCore

/// Why a training point cannot be added: one line, shown as it is (e.g. on the dashboard's hint line).
public struct TrainingPointError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Adding training points to a running session (the dashboard's mouse clicks on the 2D map).
///
/// The run continues: θ, the optimiser state, the trainer's generator, the step and epoch counts and the
/// history are kept (``Trainer/appendTrainingPoint(x:y:)`` has the batch rules). The test set is unchanged.
/// A click gives a class, not a value, so regression data (e.g. the 2D "bowl") cannot take clicked points:
/// ``clickTarget(label:task:targetSize:)`` throws a message saying so.
extension Session {
    /// The target row of a point of class `label`: binary → [label] (0 or 1); k classes → one-hot of
    /// length k; regression → an error (a click carries no value to fit).
    public static func clickTarget(label: Int, task: Task, targetSize: Int) throws(TrainingPointError) -> [Double] {
        switch task {
        case .binary:
            guard label == 0 || label == 1 else { throw TrainingPointError("class \(label) does not exist: the data has classes 0 and 1") }
            return [Double(label)]
        case .multiclass(let k):
            guard label >= 0, label < k, targetSize == k else {
                throw TrainingPointError("class \(label) does not exist: the data has classes 0 to \(k - 1)")
            }
            var y = [Double](repeating: 0, count: k)
            y[label] = 1
            return y
        case .regression:
            throw TrainingPointError("clicked points need classes: this data set is a regression (values)")
        }
    }

    /// Checks that (x, target) fits data with these row sizes and is finite.
    public static func checkPoint(x: [Double], target: [Double], inputSize: Int, targetSize: Int) throws(TrainingPointError) {
        guard x.count == inputSize else { throw TrainingPointError("a point needs \(inputSize) inputs, got \(x.count)") }
        guard target.count == targetSize else { throw TrainingPointError("a point needs \(targetSize) targets, got \(target.count)") }
        guard x.allSatisfy(\.isFinite), target.allSatisfy(\.isFinite) else { throw TrainingPointError("a point must be finite") }
    }

    /// Appends (x, target) (a raw input row) to the training set and to the trainer, keeping the run (see the extension's
    /// doc), then re-evaluates the metrics over the n + 1 points at the current step.
    public mutating func addTrainingPoint(x: [Double], target: [Double]) throws(TrainingPointError) {
        try Session.checkPoint(x: x, target: target, inputSize: rawData.train.inputSize, targetSize: rawData.train.targetSize)
        rawData.train.x.append(contentsOf: x)
        rawData.train.y.append(contentsOf: target)
        // The network sees the point through the input features, like every other point.
        let features = self.features.map { $0.apply(x, count: 1) } ?? x
        data.train.x.append(contentsOf: features)
        data.train.y.append(contentsOf: target)
        trainer.appendTrainingPoint(x: features, y: target)
        addedPointCount += 1
        refreshMetrics()
    }

    /// Appends a point of class `label` (see ``clickTarget(label:task:targetSize:)``).
    public mutating func addTrainingPoint(x: [Double], label: Int) throws(TrainingPointError) {
        let target = try Session.clickTarget(label: label, task: data.task, targetSize: data.train.targetSize)
        try addTrainingPoint(x: x, target: target)
    }
}

extension TrainingQueue {
    /// Adds a point of class `label` to session `i` on the queue (weights, optimiser state and step kept)
    /// and publishes a new snapshot. Returns at once; what is wrong with the point (a regression task, a
    /// wrong size) is checked against the latest snapshot and thrown here.
    public func addTrainingPoint(_ i: Int = 0, x: [Double], label: Int) throws(TrainingPointError) {
        let snap = snapshot(i)
        let target = try Session.clickTarget(label: label, task: snap.task, targetSize: snap.train.targetSize)
        try addTrainingPoint(i, x: x, target: target)
    }

    /// Adds the point (x, target) to session `i` (see ``addTrainingPoint(_:x:label:)``).
    public func addTrainingPoint(_ i: Int = 0, x: [Double], target: [Double]) throws(TrainingPointError) {
        let snap = snapshot(i)
        try Session.checkPoint(x: x, target: target, inputSize: snap.rawTrain.inputSize, targetSize: snap.rawTrain.targetSize)
        // A rebuild queued before this may have changed the data: the session checks again and then ignores it.
        updateSession(i) { session in try? session.addTrainingPoint(x: x, target: target) }
    }
}

extension Session {
    /// The set-up to keep: the session's preset with every training point added by hand (clicked) since it
    /// started written into `data.points`, after the preset's own. A session of the result starts from
    /// step 0 on the same training set (generated points, then the hand-given ones, in order).
    /// CSV data cannot carry points (add them to the file): with clicked points it throws.
    public func setupPreset() throws(PresetError) -> Preset {
        var p = preset
        // Generated data: the preset says how many points it makes (a loaded session file counts too).
        let first = preset.data.kind == .csv ? rawData.train.count - addedPointCount : preset.data.trainCount
        let train = rawData.train
        guard train.count > first else { return p }
        guard preset.data.kind != .csv, let d = preset.data.inputSize, train.inputSize == d else {
            throw PresetError(file: preset.source, path: "data.points",
                              message: "expected no clicked points with CSV data (add them to the file), got \(train.count - first)")
        }
        for r in first..<train.count {
            p.data.points.append(contentsOf: train.input(r))
            let y = train.target(r)
            switch rawData.task {
            case .multiclass:
                p.data.points.append(Double(y.firstIndex(of: y.max() ?? 1).map { $0 - y.startIndex } ?? 0))
            case .binary, .regression:
                p.data.points.append(y[y.startIndex])
            }
        }
        return p
    }
}
