import NNAnalysis
import NNCore

/// The JSON Lines of `nnviz train` (DESIGN.md §3), produced here so they can be tested without a process.
public enum TrainLog {
    /// Trains `session` for `steps` steps (fewer if it diverges or stops early) and emits one line for
    /// step 0, one every `every` steps, and one for the last step taken. `stop` is asked before each block
    /// of steps: true ends the run there (`nnviz train` when nobody reads its output any more).
    public static func run(_ session: inout Session, steps: Int, every: Int, stop: () -> Bool = { false },
                           emit: (String) -> Void) {
        let every = max(1, every)
        emit(line(session))
        while session.step < steps && !session.isFinished && !stop() {
            let target = nextCheckpoint(after: session.step, every: every, last: steps)
            let before = session.step
            session.step(target - session.step)
            if session.step == before { break }  // nothing more will happen (diverged or stopped)
            if session.step % every == 0 || session.step >= steps || session.isFinished {
                emit(line(session))
            }
        }
    }

    /// Trains the sessions of a compare preset side by side for `steps` steps each and emits, at every
    /// checkpoint (step 0, every `every` steps, the last step), one line per session that reached it, in
    /// session order, each with `"session": label` first. Each session's lines are exactly those
    /// ``run(_:steps:every:emit:)`` would print for it alone (a session that diverges or stops early prints
    /// its last line at that step and then no more; the others go on).
    /// The run ends early when every session has diverged or stopped, or when `stop` (asked before each
    /// checkpoint) says so.
    public static func runComparison(_ sessions: inout [Session], labels: [String], steps: Int, every: Int,
                                     stop: () -> Bool = { false }, emit: (String) -> Void) {
        precondition(sessions.count == labels.count, "one label per session")
        let every = max(1, every)
        for i in sessions.indices { emit(line(sessions[i], session: labels[i])) }
        var checkpoint = 0
        while checkpoint < steps && !sessions.allSatisfy(\.isFinished) && !stop() {
            checkpoint = nextCheckpoint(after: checkpoint, every: every, last: steps)
            for i in sessions.indices where sessions[i].step < checkpoint && !sessions[i].isFinished {
                let before = sessions[i].step
                sessions[i].step(checkpoint - before)
                if sessions[i].step == before { continue }
                let s = sessions[i].step
                if s % every == 0 || s >= steps || sessions[i].isFinished { emit(line(sessions[i], session: labels[i])) }
            }
        }
    }

    /// The smallest multiple of `every` above `step`, or `last` when that comes first (no overflow for any
    /// `every` ≥ 1 and 0 ≤ `step` < `last`).
    static func nextCheckpoint(after step: Int, every: Int, last: Int) -> Int {
        let next = step / every + 1
        return next > last / every ? last : next * every
    }

    /// ``line(_:)`` with `"session": label` as its first field (compare presets).
    public static func line(_ session: Session, session label: String) -> String {
        "{\"session\":" + JSONValue.quote(label) + "," + line(session).dropFirst()
    }

    /// `{"step":…,"epoch":…,"loss":…,"test_loss":…,"accuracy":…,"test_accuracy":…,"lr":…,"kinks"|"regions":…}`
    /// in this order, optional keys only where they apply (see ``extraFields(_:)`` for the last two).
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

    /// The analysis fields (NNAnalysis): `kinks` for 1D input — linear pieces of the fit minus one over the
    /// training inputs' range (exact, ``PiecewiseLinear1D``); `regions` for 2D input — the exact number of
    /// linear regions inside the training inputs' bounding box (``ExactRegionCount``), or, when that is over
    /// its work limit (``AnalysisLimits/exactWork``), `regions_lower_bound` — the distinct activation
    /// patterns on a grid of the box, a lower bound; kinks over the limit are omitted. Both only for
    /// piecewise-linear networks with finite weights and a finite objective (smooth activations have no
    /// kinks; weights so large that the outputs overflow gave `"kinks":0` on the diverged line); otherwise omitted.
    static func extraFields(_ session: Session) -> [(String, String)] {
        let model = session.model
        guard model.activations.allSatisfy(\.isPiecewiseLinear), model.isFinite,
              session.metrics.trainObjective.isFinite else { return [] }
        let data = session.data.train
        guard !data.isEmpty else { return [] }
        if model.inputSize == 1 {
            guard let lo = data.x.min(), let hi = data.x.max(), lo < hi,
                  let fit = try? PiecewiseLinear1D(model: model, lower: lo, upper: hi, workLimit: AnalysisLimits.exactWork)
            else { return [] }
            return [("kinks", String(fit.kinkCount))]
        }
        if model.inputSize == 2 {
            var box = RegionBox(xMin: .infinity, xMax: -.infinity, yMin: .infinity, yMax: -.infinity)
            for i in 0..<data.count {
                box.xMin = min(box.xMin, data.x[2 * i]); box.xMax = max(box.xMax, data.x[2 * i])
                box.yMin = min(box.yMin, data.x[2 * i + 1]); box.yMax = max(box.yMax, data.x[2 * i + 1])
            }
            do {
                return [("regions", String(try ExactRegionCount(model: model, box: box, workLimit: AnalysisLimits.exactWork).total))]
            } catch AnalysisError.workLimit {
                // Too much work for the exact count: distinct activation patterns on a grid, a lower bound.
                let side = AnalysisLimits.gridSide(parameterCount: model.parameterCount)
                guard let grid = try? RegionGrid(model: model, box: box, columns: side, rows: side) else { return [] }
                return [("regions_lower_bound", String(grid.distinctCount))]
            } catch {
                return []
            }
        }
        return []
    }

    /// Swift's shortest round-trip decimal form (`0.1`, `1e-05`, `2.0`); `null` for a non-finite value,
    /// which JSON cannot hold.
    public static func number(_ x: Double) -> String {
        x.isFinite ? x.description : "null"
    }
}
