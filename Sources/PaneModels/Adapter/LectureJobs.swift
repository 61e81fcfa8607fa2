import NNAnalysis
import NNCore
import NNSession

/// The lecture panes' slow work, run by the runtime on a worker queue (never on the main thread):
/// measured autodiff times for the current shape, the NTK drift run (narrow vs wide), and the `g`
/// overlay's gradient check. Each takes an immutable snapshot and an `isCancelled` probe, so a newer
/// request abandons older work.
public enum LectureJobs {
    /// Training points the timings use.
    public static let costPoints = 32
    /// The overlay checks at most this many training points and refuses above `gradcheckParameterLimit`
    /// parameters (2·P objective evaluations; the CLI has no limit).
    public static let gradcheckPoints = 64
    public static let gradcheckParameterLimit = 5000

    /// What work a snapshot needs for the featured pane; a different key means new work (nil: none).
    /// Timings depend on the shape only, the NTK run on the shape, activation, initialiser, seed and data.
    public static func key(featured: PaneID?, snapshot s: SessionSnapshot) -> String? {
        switch featured {
        case .autodiffCost:
            return "cost \(s.model.sizes)"
        case .ntk:
            let act = s.preset.model.hiddenActivation?.description ?? "-"
            return "ntk \(s.model.sizes) \(act) \(s.preset.model.initializer.rawValue) \(s.seed) \(s.train.count) \(s.preset.data.seed) \(s.preset.data.kind.rawValue)"
        default:
            return nil
        }
    }

    /// Runs the featured pane's job, posting results as they come (the NTK run posts partial curves).
    public static func run(featured: PaneID?, snapshot s: SessionSnapshot, ntkConfig: NTKDriftConfig = NTKDriftConfig(),
                           isCancelled: () -> Bool, post: (LectureUpdate) -> Void) {
        do {
            switch featured {
            case .autodiffCost:
                let n = Swift.min(costPoints, s.train.count)
                guard n > 0 else { post(.failed("no training points to time on")); return }
                let x = Array(s.train.x[0..<(n * s.model.inputSize)])
                if let cost = try GradientCostModel.measured(model: s.model, inputs: x, count: n, isCancelled: isCancelled) {
                    post(.cost(cost))
                }
            case .ntk:
                guard let act = s.preset.model.hiddenActivation else { post(.failed("the NTK run needs a hidden layer")); return }
                let result = try NTKDrift.run(narrow: s.model.sizes, activation: act, initializer: s.preset.model.initializer.nnCore,
                                              data: s.train, seed: s.seed, config: ntkConfig, isCancelled: isCancelled,
                                              progress: { post(.ntk($0)) })
                if let result { post(.ntk(result)) }
            default:
                return
            }
        } catch {
            post(.failed("\(error)"))
        }
    }

    /// The `g` overlay's table: backprop vs central differences on the snapshot's model and (the first
    /// `gradcheckPoints` of) its training data, dropout off, as `nnviz gradcheck` computes it.
    public static func gradcheck(_ s: SessionSnapshot) -> GradcheckOverlay {
        let P = s.model.parameterCount
        guard P <= gradcheckParameterLimit else {
            return .failed("P = \(P) is too many for the overlay (limit \(gradcheckParameterLimit)): run nnviz gradcheck --preset \(s.presetName)")
        }
        let n = Swift.min(gradcheckPoints, s.train.count)
        let data = Dataset(inputSize: s.train.inputSize, targetSize: s.train.targetSize,
                           x: Array(s.train.x[0..<(n * s.train.inputSize)]), y: Array(s.train.y[0..<(n * s.train.targetSize)]))
        do {
            // Central differences with h = 1e-5 (the CLI's default); if that misses 1e-6, h = 1e-6 too, and the
            // better of the two is shown (with its h): a long-trained net with large weights has third
            // derivatives big enough for h²-truncation to exceed 1e-6, while a wrong backprop fails at both.
            let objective = Objective(loss: s.loss, l2: s.preset.training.l2, l1: s.preset.training.l1)
            var r = try GradientCheck.run(model: s.model, objective: objective, data: data)
            if !r.passes(threshold: 1e-6) {
                let fine = try GradientCheck.run(model: s.model, objective: objective, data: data, step: 1e-6)
                if fine.overall.maxRelativeDifference < r.overall.maxRelativeDifference { r = fine }
            }
            func row(_ e: GradientCheckReport.Entry) -> GradcheckRow {
                GradcheckRow(name: e.name, maxRelativeDifference: e.maxRelativeDifference, layer: e.index < 0 ? nil : (e.layer ?? 0) + 1,
                             row: e.row, column: e.column, analytic: e.analytic, numeric: e.numeric, checked: e.checked)
            }
            return .done(GradcheckViewModel(rows: r.layers.map(row), overall: row(r.overall), skippedNearKinks: r.skippedNearKinks,
                                            step: s.step, points: n, parameters: P, h: r.step))
        } catch {
            return .failed("\(error)")
        }
    }
}
