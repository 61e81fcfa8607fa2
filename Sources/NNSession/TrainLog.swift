import NNCore

/// The JSON Lines of `nnviz train` (DESIGN.md §3), produced here so they can be tested without a process.
public enum TrainLog {
    /// Trains `session` for `steps` steps (fewer if it diverges or stops early) and emits one line for
    /// step 0, one every `every` steps, and one for the last step taken.
    public static func run(_ session: inout Session, steps: Int, every: Int, emit: (String) -> Void) {
        let every = max(1, every)
        emit(line(session))
        while session.step < steps && !session.isFinished {
            let target = min(steps, (session.step / every + 1) * every)
            let before = session.step
            session.step(target - session.step)
            if session.step == before { break }  // nothing more will happen (diverged or stopped)
            if session.step % every == 0 || session.step >= steps || session.isFinished {
                emit(line(session))
            }
        }
    }

    /// `{"step":…,"epoch":…,"loss":…,"test_loss":…,"accuracy":…,"test_accuracy":…,"lr":…}` in this order,
    /// optional keys only where they apply, then the analysis fields of ``extraFields(_:)``.
    public static func line(_ session: Session) -> String {
        let m = session.metrics
        var fields: [(String, String)] = [
            ("step", String(session.step)),
            ("epoch", String(session.epoch)),
            ("loss", number(m.trainObjective)),
        ]
        if let t = m.testLoss { fields.append(("test_loss", number(t))) }
        if let a = m.accuracy { fields.append(("accuracy", number(a))) }
        if let a = m.testAccuracy { fields.append(("test_accuracy", number(a))) }
        fields.append(("lr", number(session.learningRate)))
        fields += extraFields(session)
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    /// HOOK for the analysis module: `kinks` for 1D input (linear pieces of the fit minus one over the
    /// data range) and `regions` for 2D input. Empty until NNAnalysis provides the counts.
    static func extraFields(_ session: Session) -> [(String, String)] {
        []
    }

    /// Swift's shortest round-trip decimal form (`0.1`, `1e-05`, `2.0`); `null` for a non-finite value,
    /// which JSON cannot hold.
    public static func number(_ x: Double) -> String {
        x.isFinite ? x.description : "null"
    }
}
