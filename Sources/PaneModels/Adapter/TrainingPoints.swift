import NNSession

/// Performs the reducer's ``Effect/addPoint(x:y:label:)`` on a ``TrainingQueue``: the point joins the
/// running session (weights, optimiser state and step kept; see `Session.addTrainingPoint`), the queue
/// publishes a snapshot with it, so the map shows it on the next frames and training uses it from the next
/// step. Kept here (not in the runtime) so the reducer → effect → session path is testable.
public enum TrainingPoints {
    /// Adds the point and returns the line for the hint bar: what was added, or why it could not be
    /// (e.g. regression data such as the 2D bowl takes no clicked classes).
    @discardableResult
    public static func add(x: Double, y: Double, label: Int, to queue: TrainingQueue, session i: Int = 0) -> String {
        do throws(TrainingPointError) {
            try queue.addTrainingPoint(i, x: [x, y], label: label)
            return message(x: x, y: y, label: label)
        } catch {
            return error.message
        }
    }

    /// "added a class-1 point at (0.25, -0.5)".
    public static func message(x: Double, y: Double, label: Int) -> String {
        "added a class-\(label) point at (\(Fmt.num(x)), \(Fmt.num(y)))"
    }
}
