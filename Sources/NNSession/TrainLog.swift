import NNAnalysis
import NNCore

/// The JSON Lines of `nnviz train` (fields in docs/cli.md), produced here so they can be tested without a process.
public enum TrainLog {
    /// Trains `session` for `steps` steps (fewer if it diverges or stops early) and emits one line for
    /// step 0, one every `every` steps, and one for the last step taken. `stop` is asked before each block
    /// of steps: true ends the run there (`nnviz train` when nobody reads its output any more).
    /// With `lambdaMax`, every line also carries `lambda_max`: the largest Hessian eigenvalue of the training
    /// objective at that step (Lanczos warm-started from the previous line's eigenvector, ``SharpnessTracker``).
    public static func run(_ session: inout Session, steps: Int, every: Int, lambdaMax: Bool = false,
                           stop: () -> Bool = { false }, emit: (String) -> Void) {
        let every = max(1, every)
        let tracker = lambdaMax ? SharpnessTracker() : nil
        func line(_ s: Session) -> String { TrainLog.line(s, sharpness: tracker) }
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
                                     lambdaMax: Bool = false, stop: () -> Bool = { false }, emit: (String) -> Void) {
        precondition(sessions.count == labels.count, "one label per session")
        let every = max(1, every)
        let trackers = sessions.map { _ in lambdaMax ? SharpnessTracker() : nil }
        func line(_ i: Int) -> String { TrainLog.line(sessions[i], session: labels[i], sharpness: trackers[i]) }
        for i in sessions.indices { emit(line(i)) }
        var checkpoint = 0
        while checkpoint < steps && !sessions.allSatisfy(\.isFinished) && !stop() {
            checkpoint = nextCheckpoint(after: checkpoint, every: every, last: steps)
            for i in sessions.indices where sessions[i].step < checkpoint && !sessions[i].isFinished {
                let before = sessions[i].step
                sessions[i].step(checkpoint - before)
                if sessions[i].step == before { continue }
                let s = sessions[i].step
                if s % every == 0 || s >= steps || sessions[i].isFinished { emit(line(i)) }
            }
        }
    }

    /// The smallest multiple of `every` above `step`, or `last` when that comes first (no overflow for any
    /// `every` ≥ 1 and 0 ≤ `step` < `last`).
    static func nextCheckpoint(after step: Int, every: Int, last: Int) -> Int {
        let next = step / every + 1
        return next > last / every ? last : next * every
    }

    /// ``line(_:)`` with `"session": label` as its first field (compare presets), and `lambda_max` last
    /// when `sharpness` is given.
    public static func line(_ session: Session, session label: String, sharpness: SharpnessTracker? = nil) -> String {
        object(session, label: label, sharpness: sharpness).serialized(pretty: false)
    }

    /// ``line(_:)`` plus `"lambda_max"` last when `sharpness` is given (null when the weights or the
    /// objective are not finite).
    public static func line(_ session: Session, sharpness: SharpnessTracker?) -> String {
        object(session, sharpness: sharpness).serialized(pretty: false)
    }

    /// λmax of the session's training objective now (warm-started by `tracker`), nil when it cannot be had.
    public static func lambdaMax(_ session: Session, _ tracker: SharpnessTracker) -> Double? {
        guard session.model.isFinite, session.metrics.trainObjective.isFinite else { return nil }
        let t = session.preset.training
        return tracker.lambdaMax(model: session.model, loss: t.loss, l2: t.l2, l1: t.l1, data: session.data.train)
    }

    /// `{"step":…,"epoch":…,"loss":…,"test_loss":…,"accuracy":…,"test_accuracy":…,"lr":…,"kinks"|"regions":…}`
    /// in this order, optional keys only where they apply (see ``extraFields(_:)`` for the last two).
    public static func line(_ session: Session) -> String {
        object(session).serialized(pretty: false)
    }

    /// The line as a JSON object (`"session"` first when a label is given, `"lambda_max"` last with a tracker).
    static func object(_ session: Session, label: String? = nil, sharpness: SharpnessTracker? = nil) -> JSONValue {
        let m = session.metrics
        var o = JSONObject()
        if let label { o["session"] = .string(label) }
        o["step"] = .integer(session.step)
        o["epoch"] = .integer(session.epoch)
        o["loss"] = value(m.trainObjective)
        if let t = m.testLoss { o["test_loss"] = value(t) }
        if let a = m.accuracy { o["accuracy"] = value(a) }
        if let a = m.testAccuracy { o["test_accuracy"] = value(a) }
        o["lr"] = value(session.learningRate)
        for (key, v) in extraFields(session) { o[key] = v }
        if let sharpness { o["lambda_max"] = value(lambdaMax(session, sharpness) ?? .nan) }
        return .object(o)
    }

    /// The analysis fields (NNAnalysis): `kinks` for 1D input — linear pieces of the fit minus one over the
    /// training inputs' range (exact, ``PiecewiseLinear1D``); `regions` for 2D input — the exact number of
    /// linear regions inside the training inputs' bounding box (``ExactRegionCount``), or, when that is over
    /// its work limit (``AnalysisLimits/exactWork``), `regions_lower_bound` — the distinct activation
    /// patterns on a grid of the box, a lower bound; kinks over the limit become `kinks_lower_bound` (neighbouring
    /// points of a fine grid on different linear pieces, ``KinkGridEstimate``), a lower bound too. Both only for
    /// piecewise-linear networks with finite weights and a finite objective (smooth activations have no
    /// kinks; weights so large that the outputs overflow gave `"kinks":0` on the diverged line); otherwise omitted.
    /// Also omitted with non-linear input features (kinks and regions are defined in raw input space only
    /// when the features are the raw coordinates).
    /// `workLimit` is the exact analyses' cap (tests lower it to reach the lower bounds on small networks).
    static func extraFields(_ session: Session, workLimit: Int = AnalysisLimits.exactWork) -> [(String, JSONValue)] {
        let model = session.model
        guard model.activations.allSatisfy(\.isPiecewiseLinear), model.isFinite,
              session.metrics.trainObjective.isFinite, session.features?.isIdentity ?? true else { return [] }
        let data = session.rawData.train
        guard !data.isEmpty else { return [] }
        if model.inputSize == 1 {
            guard let lo = data.x.min(), let hi = data.x.max(), lo < hi else { return [] }
            do {
                return [("kinks", .integer(try PiecewiseLinear1D(model: model, lower: lo, upper: hi,
                                                                  workLimit: workLimit).kinkCount))]
            } catch AnalysisError.workLimit {
                // Too much work for the exact count: neighbouring grid points on different pieces, a lower bound.
                let samples = AnalysisLimits.kinkSamples(parameterCount: model.parameterCount)
                guard let estimate = try? KinkGridEstimate(model: model, lower: lo, upper: hi, samples: samples) else { return [] }
                return [("kinks_lower_bound", .integer(estimate.lowerBound))]
            } catch {
                return []
            }
        }
        if model.inputSize == 2 {
            var box = RegionBox(xMin: .infinity, xMax: -.infinity, yMin: .infinity, yMax: -.infinity)
            for i in 0..<data.count {
                box.xMin = min(box.xMin, data.x[2 * i]); box.xMax = max(box.xMax, data.x[2 * i])
                box.yMin = min(box.yMin, data.x[2 * i + 1]); box.yMax = max(box.yMax, data.x[2 * i + 1])
            }
            do {
                return [("regions", .integer(try ExactRegionCount(model: model, box: box, workLimit: workLimit).total))]
            } catch AnalysisError.workLimit {
                // Too much work for the exact count: distinct activation patterns on a grid, a lower bound.
                let side = AnalysisLimits.gridSide(parameterCount: model.parameterCount)
                guard let grid = try? RegionGrid(model: model, box: box, columns: side, rows: side) else { return [] }
                return [("regions_lower_bound", .integer(grid.distinctCount))]
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

    /// ``number(_:)`` as a JSON value: the number with that text, or null.
    public static func value(_ x: Double) -> JSONValue {
        x.isFinite ? .number(x, text: x.description) : .null
    }
}
