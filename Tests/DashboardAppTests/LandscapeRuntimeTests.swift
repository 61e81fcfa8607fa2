import Testing
import NNAnalysis
import NNCore
import NNSession
import TerminalUI
@testable import Dashboard
@testable import DashboardApp
@testable import PaneModels

/// The geometry panes through the runtime: jobs requested by the reducer, run by the runtime's workers
/// (inline here), their results on screen; every number checked against an independent computation on a
/// session trained separately to the same step.
@MainActor
@Suite struct LandscapeRuntimeTests {
    /// Full-batch gradient descent on a small tanh net (P = 25): the edge-of-stability set-up, small.
    static func preset(panes: String = #"["sharpness", "loss", "fit"]"#) throws -> Preset {
        try Preset.parse("""
            {"title": "Small EoS", "description": "fixture",
             "data": {"kind": "disc", "n": 30, "noise": 0.1, "test_fraction": 0, "seed": 1},
             "model": {"layers": [2, 6, 1], "activation": "tanh", "init": "xavier"},
             "training": {"loss": "mse", "optimizer": {"name": "sgd", "lr": 0.1}, "batch": "full", "l1": 0.001, "seed": 1},
             "view": {"panes": \(panes), "pace": 64}}
            """, file: "small-eos.json")
    }

    func rig(_ preset: Preset) throws -> RuntimeTests.Rig<AppState> {
        RuntimeTests().rig(AppState(size: Size(width: 120, height: 36), preset: preset), queue: try TrainingQueue(preset: preset))
    }

    /// The exact Hessian of the objective at `step` steps of a separately trained session.
    static func exactEigenvalues(_ preset: Preset, step: Int) throws -> (values: [Double], objective: Double, theta: [Double]) {
        var s = try Session(preset: preset)
        s.step(step)
        let op = try HessianOperator(model: s.model, loss: preset.training.loss, l2: preset.training.l2,
                                     l1: preset.training.l1, data: s.data.train)
        let P = s.model.parameterCount
        return (SymmetricEigensolver.eigenvalues(op.fullHessian(), n: P), op.value, s.model.parameters)
    }

    @Test func sharpnessPaneMeasuresLambdaMaxAndMinAsTrainingMoves() throws {
        let p = try Self.preset()
        let r = try rig(p)
        #expect(r.runtime.state.landscape.pane == .sharpness && r.runtime.state.mainPane == .sharpness)
        r.run(frames: 40)
        #expect(r.runtime.state.secondaryPane == .regions, "the data plot moves to the top right")
        let m = try #require(r.runtime.state.landscape.sharpness)
        #expect(m.steps.count >= 5, "\(m.steps)")
        #expect(zip(m.steps, m.steps.dropFirst()).allSatisfy { $0 < $1 })
        #expect(m.limit == 20 && m.limitLabel.hasPrefix("2/η = 20"), "\(m.limitLabel)")
        for k in [0, m.steps.count / 2, m.steps.count - 1] {
            let exact = try Self.exactEigenvalues(p, step: m.steps[k]).values
            let top = try #require(exact.last), bottom = try #require(exact.first)
            #expect(abs(m.lambdaMax[k] - top) <= 1e-6 * abs(top), "step \(m.steps[k]): \(m.lambdaMax[k]) vs \(top)")
            #expect(abs(m.lambdaMin[k] - bottom) <= 1e-6 * max(1, abs(top)), "step \(m.steps[k]): \(m.lambdaMin[k]) vs \(bottom)")
        }
        #expect(r.terminal.text.contains("Sharpness λmax"))
        #expect(r.terminal.text.contains("2/η = 20"))
        // L: the step axis; p: the preset's own main pane again.
        r.terminal.press("L")
        r.run(frames: 1)
        #expect(!r.runtime.state.landscape.logSteps && r.terminal.text.contains("linear step"))
        r.terminal.press("p")
        r.run(frames: 1)
        #expect(r.runtime.state.landscape.pane == nil && r.runtime.state.mainPane == .regions)
    }

    @Test func landscapePaneFollowsTrainingAndItsDirections() throws {
        let p = try Self.preset(panes: #"["landscape", "loss", "fit"]"#)
        let r = try rig(p)
        #expect(r.runtime.state.landscape.pane == .landscape)
        r.run(frames: 12)
        let first = try #require(r.runtime.state.landscape.landscape)
        #expect(first.directions == .hessian && !r.runtime.state.landscape.landscapeComputing)
        // The grid's centre is J at the weights of its step (L1 term included); λ₁, λ₂ the two largest exact
        // eigenvalues there.
        let exact = try Self.exactEigenvalues(p, step: first.step)
        #expect(first.centre == exact.theta)
        let mid = first.alphas.count / 2
        #expect(abs(first.grid[mid][mid] - exact.objective) <= 1e-12 * exact.objective)
        let ev = try #require(first.eigenvalues)
        #expect(abs(ev[0] - exact.values[exact.values.count - 1]) <= 1e-8 * abs(ev[0]))
        #expect(abs(ev[1] - exact.values[exact.values.count - 2]) <= 1e-8 * abs(ev[0]))
        // Recomputed as training moves.
        r.run(frames: 12)
        let later = try #require(r.runtime.state.landscape.landscape)
        #expect(later.step > first.step)
        #expect(r.terminal.text.contains("Landscape · hessian"))
        // j: random, then trajectory (the recorded path of the run).
        r.terminal.press("j")
        r.run(frames: 2)
        #expect(r.runtime.state.landscape.landscape?.directions == .random)
        r.terminal.press("j")
        r.run(frames: 2)
        let trajectory = try #require(r.runtime.state.landscape.landscape)
        #expect(trajectory.directions == .trajectory && trajectory.path.count >= 3)
        // The path ends at the current point (the centre of the plane).
        let last = try #require(trajectory.path.last)
        #expect(abs(last.alpha) < 1e-12 && abs(last.beta) < 1e-12)
        #expect(r.terminal.text.contains("Landscape · trajectory"))
    }

    @Test func flatDirectionsPaneAndARebuild() throws {
        let p = try Self.preset(panes: #"["fit", "loss"]"#)
        let r = try rig(p)
        #expect(r.runtime.state.landscape.pane == nil)
        r.run(frames: 4)
        r.terminal.press("y")
        r.run(frames: 2)
        let flat = try #require(r.runtime.state.landscape.flat)
        let exact = try Self.exactEigenvalues(p, step: flat.step).values
        #expect(flat.parameterCount == 25)
        #expect(flat.nearZeroCount == exact.filter { abs($0) <= flat.tolerance }.count)
        #expect(flat.layers.map(\.count).reduce(0, +) == flat.nearZeroCount)
        #expect(r.terminal.text.contains("Flat directions"))
        // A rebuild (r: new seed) forgets the old weights' results; the pane stays and is computed again on
        // the new weights.
        r.terminal.press("r")
        r.run(frames: 1)
        #expect(r.runtime.state.preset.training.seed != p.training.seed)
        r.run(frames: 6)
        #expect(r.runtime.state.landscape.pane == .flatDirections)
        let again = try #require(r.runtime.state.landscape.flat)
        let exactAgain = try Self.exactEigenvalues(r.runtime.state.preset, step: again.step).values
        #expect(again.nearZeroCount == exactAgain.filter { abs($0) <= again.tolerance }.count)
        #expect(again.step <= 7 * 2, "computed on the rebuilt session (\(again.step))")
    }
}
