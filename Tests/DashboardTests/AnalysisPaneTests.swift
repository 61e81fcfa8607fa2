import Foundation
import Testing
import TerminalUI
import NNCore
import NNSession
@testable import Dashboard
@testable import PaneModels

/// The lecture's analysis panes: `singular_values` (deep-linear) and `double_descent` (an experiment
/// preset), their snapshots at a large and a small size, how the reducer accumulates them, and the sweep job.
@Suite struct AnalysisPaneTests {
    /// A partial sweep with n = 40: the classical U, the peak at p = 40 and a second descent.
    static func sweep(complete: Bool = true) -> DoubleDescentViewModel {
        var m = DoubleDescentViewModel(plannedWidths: [2, 6, 10, 20, 30, 38, 40, 42, 60, 100, 200, 400], trainCount: 40, seed: 1)
        let test = [0.40, 0.22, 0.15, 0.12, 0.30, 1.8, 6.5, 2.2, 0.35, 0.14, 0.09, 0.07]
        let train = [0.35, 0.18, 0.10, 0.06, 0.03, 0.004, 0, 0, 0, 0, 0, 0]
        for i in 0..<(complete ? 12 : 7) { m.append(width: m.plannedWidths[i], trainError: train[i], testError: test[i]) }
        return m
    }

    /// Four singular values: two settle (1.5, 0.8), two decay towards 0.
    static var singularValues: SingularValuesViewModel {
        var m = SingularValuesViewModel()
        for k in 0...20 {
            let t = Double(k) / 20
            m.append(SingularValuesPoint(step: k * 40, values: [1.2 + 0.3 * t, 1.0 - 0.2 * t, 0.9 * exp(-6 * t), 0.8 * exp(-9 * t)],
                                         effectiveRank: 3.9 - 1.7 * t, layers: 4))
        }
        return m
    }

    func state(_ pane: PaneID, width: Int = 100, height: Int = 30) -> AppState {
        var s = Fixtures.state(width: width, height: height)
        s.presetPane = pane
        s.focus = pane
        s.doubleDescent = Self.sweep()
        s.singularValues = Self.singularValues
        return s
    }

    func pane(_ id: PaneID, _ w: Int, _ h: Int, _ s: AppState, theme: Theme = Theme(mode: .color256)) -> Buffer {
        var ctx = RenderContext(theme: theme)
        var b = Buffer(width: w, height: h)
        DashboardRenderer.renderPane(id, s, into: &b, area: b.bounds, context: &ctx)
        return b
    }

    @Test func doubleDescentPane() throws {
        try assertSnapshot(pane(.doubleDescent, 80, 20, state(.doubleDescent)), named: "double-descent-80x20")
        var running = state(.doubleDescent)
        running.doubleDescent = Self.sweep(complete: false)
        try assertSnapshot(pane(.doubleDescent, 40, 9, running), named: "double-descent-small")
        #expect(DoubleDescentPane.title(running.doubleDescent).hasSuffix("7/12 widths so far"))
        #expect(DoubleDescentPane.summary(Self.sweep()) == "n = 40 · best p<n: p=20 0.12 · peak: p=40 6.50 · p=400: 0.07")
    }

    @Test func singularValuesPane() throws {
        // The small one through the whole-screen ASCII fallback, as the dashboard draws it with --ascii.
        try assertSnapshot(pane(.singularValues, 70, 16, state(.singularValues)), named: "singular-values-70x16")
        var ascii = pane(.singularValues, 36, 8, state(.singularValues), theme: Theme(mode: .monochrome, ascii: true))
        ascii.asciify()
        try assertSnapshot(ascii, named: "singular-values-small-ascii")
        #expect(ascii.cells.allSatisfy { $0.character.isASCII })
        #expect(SingularValuesPane.title(Self.singularValues) == "Singular values of W₄W₃W₂W₁ · eff. rank 3.90 → 2.20")
        #expect(SingularValuesPane.product(layers: 12) == "W_12⋯W₁")
    }

    /// A sweep fills the body alone; the status line shows its progress, not training.
    @Test func experimentDashboard() throws {
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var b = Buffer(width: 0, height: 0)
        var s = state(.doubleDescent)
        s.doubleDescent = Self.sweep(complete: false)
        DashboardRenderer.render(s, into: &b, context: &ctx)
        try assertSnapshot(b, named: "dashboard-double-descent-100x30")
        let layout = DashboardLayout(state: s)
        #expect(Array(layout.panes.keys) == [.doubleDescent] && s.visiblePanes == [.doubleDescent])
        #expect(StatusBar.statusText(s).contains("sweep 7/12 widths"))
        // The deep-linear layout: singular values in the main slot, the usual panes beside it.
        let deep = state(.singularValues)
        #expect(Set(DashboardLayout(state: deep).panes.keys) == [.singularValues, .loss, .spectrum, .network])
    }

    /// The preset's view picks the pane; an experiment starts paused with the automatic Hessian off.
    @Test func presetViewSelectsThePane() throws {
        var s = Fixtures.state()
        s.apply(presetView: try PresetLibrary.load("double-descent"))
        #expect(s.presetPane == .doubleDescent && !s.running && !s.autoHessian && s.focus == .doubleDescent)
        var d = Fixtures.state()
        d.apply(presetView: try PresetLibrary.load("deep-linear"))
        #expect(d.presetPane == .singularValues && d.running && d.mainPane == .singularValues)
        var plain = Fixtures.state()
        plain.apply(presetView: try PresetLibrary.load("default"))
        #expect(plain.presetPane == nil && plain.mainPane == .fit)
    }

    /// Snapshots add points; a rebuild (r) clears them and the sweep; a step going back starts over.
    @Test func reducerAccumulatesSingularValues() throws {
        var s = Fixtures.state()
        s.presetPane = .singularValues
        for step in [0, 10, 20] {
            var m = Fixtures.model()
            m.step = step
            m.singularValues = SingularValuesPoint(step: step, values: [2, 1], effectiveRank: 1.9, layers: 2)
            _ = Reducer.reduce(&s, .snapshot(m))
        }
        #expect(s.singularValues?.points.map(\.step) == [0, 10, 20])
        var back = Fixtures.model()
        back.singularValues = SingularValuesPoint(step: 5, values: [2, 1], effectiveRank: 1.9, layers: 2)
        _ = Reducer.reduce(&s, .snapshot(back))
        #expect(s.singularValues?.points.map(\.step) == [5])
        let effects = Reducer.reduce(&s, .key(.char("r")))
        #expect(effects.contains { if case .rebuild = $0 { return true } else { return false } })
        #expect(s.singularValues == nil)
        // A sweep's curve (of the experiment's seed) arrives, is revealed with time, and goes with r.
        var dd = AppState(size: Size(width: 100, height: 30), preset: try PresetLibrary.load("double-descent"))
        _ = Reducer.reduce(&dd, .doubleDescent(Self.sweep()))
        #expect(dd.sweep.computed == Self.sweep() && dd.doubleDescent?.plannedWidths == Self.sweep().plannedWidths)
        #expect(Reducer.reduce(&dd, .key(.char("r"))).contains(.startJob(.sweep)))
        #expect(dd.sweep.computed == nil && dd.doubleDescent == nil)
    }

    /// Past the capacity every other point goes; the first and the newest stay, memory stays bounded.
    @Test func singularValueHistoryIsBounded() {
        var m = SingularValuesViewModel()
        for k in 0..<5000 { m.append(SingularValuesPoint(step: k, values: [1], effectiveRank: 1, layers: 1)) }
        #expect(m.points.count <= SingularValuesViewModel.capacity && m.points.count > SingularValuesViewModel.capacity / 2)
        #expect(m.points.first?.step == 0 && m.points.last?.step == 4999)
        #expect(zip(m.points, m.points.dropFirst()).allSatisfy { $0.step < $1.step })
    }

    /// The job publishes the empty curve, then one more width each time, ending at the batch curve; a
    /// cancelled job stops between widths.
    @Test func sweepJobPublishesWidthByWidth() throws {
        let preset = try Preset.parse(#"{"title": "t", "description": "d", "experiment": {"kind": "double_descent", "input_dimension": 3, "train_count": 8, "test_count": 16, "draws": 2, "widths": [2, 8, 20]}}"#,
                                      file: "dd.json")
        let e = try #require(preset.experiment)
        var published: [DoubleDescentViewModel] = []
        #expect(DoubleDescentJob.run(e, seed: 3) { published.append($0) })
        #expect(published.map(\.widths.count) == [0, 1, 2, 3])
        var sweep = ExperimentLog.sweep(e, seed: 3)   // equal to the batch curve (NNAnalysisTests)
        var test: [Double] = [], train: [Double] = []
        while let p = sweep.step() { test.append(p.testError); train.append(p.trainError) }
        let last = try #require(published.last)
        #expect(last.testErrors == test && last.trainErrors == train && last.isComplete && last.widths == [2, 8, 20])
        var count = 0
        #expect(!DoubleDescentJob.run(e, seed: 3, isCancelled: { count >= 2 }) { _ in count += 1 })
        #expect(count == 2)
    }

    /// The `deep-linear` preset through the adapter and the reducer, as the dashboard runs it: each snapshot's
    /// singular values satisfy Σσ² = ‖P‖²_F with P read off NNCore's forward pass (column j = f(e_j) − f(0),
    /// an independent computation of W₄W₃W₂W₁), and the accumulated effective rank falls step after step.
    @Test func deepLinearSnapshotsShowTheRankFalling() throws {
        var session = try Session(preset: try PresetLibrary.load("deep-linear"), recordsHistory: false)
        var s = Fixtures.state()
        s.apply(presetView: session.preset)
        for _ in 0..<5 {
            let snap = session.snapshot()
            let m = SnapshotAdapter.model(from: snap)
            let point = try #require(m.singularValues)
            let d = snap.model.inputSize
            let zero = snap.model.predict([Double](repeating: 0, count: d), count: 1)
            var p = [Double](repeating: 0, count: d * d)   // row-major, column j = f(e_j) − f(0)
            for j in 0..<d {
                var e = [Double](repeating: 0, count: d)
                e[j] = 1
                let col = snap.model.predict(e, count: 1)
                for i in 0..<d { p[i * d + j] = col[i] - zero[i] }
            }
            let frobenius = p.reduce(0) { $0 + $1 * $1 }
            let sumSquares = point.values.reduce(0) { $0 + $1 * $1 }
            #expect(abs(sumSquares - frobenius) <= 1e-10 * frobenius, "Σσ² \(sumSquares) vs ‖P‖² \(frobenius)")
            // Πσ = |det P| (elimination with partial pivoting): all singular values together.
            let det = abs(Self.determinant(p, n: d)), product = point.values.reduce(1, *)
            #expect(abs(product - det) <= 1e-8 * max(1, det), "Πσ \(product) vs |det P| \(det)")
            #expect(point.values.count == 5 && zip(point.values, point.values.dropFirst()).allSatisfy { $0 >= $1 })
            _ = Reducer.reduce(&s, .snapshot(m))
            session.step(150)
        }
        let ranks = try #require(s.singularValues).points.map(\.effectiveRank)
        #expect(ranks.count == 5 && zip(ranks, ranks.dropFirst()).allSatisfy { $1 < $0 }, "\(ranks)")
        #expect(SingularValuesPane.title(s.singularValues).contains("→"))
        // A network with a nonlinearity has no single end-to-end matrix: no point.
        var relu = try PresetLibrary.load("default")
        relu.view.panes = ["singular_values"]
        #expect(SnapshotAdapter.model(from: try Session(preset: relu).snapshot()).singularValues == nil)
    }

    /// On a sweep the training and editing keys do nothing (with a hint); r and R restart it.
    @Test func sweepKeys() {
        var s = state(.doubleDescent)
        let keys: [Unicode.Scalar] = [" ", "n", "]", "{", "a", "o", "+", "s", "h", "g"]
        for key in keys {
            #expect(Reducer.reduce(&s, .key(.char(key))).isEmpty, "\(key)")
            #expect(s.message?.hasPrefix("a sweep trains no network") == true)
        }
        let seed = s.preset.training.seed
        #expect(Reducer.reduce(&s, .key(.char("r"))) == [.rebuild(s.preset, build: 1)] && s.preset.training.seed == seed + 1)
        #expect(Reducer.reduce(&s, .key(.char("R"))) == [.rebuild(s.preset, build: 2)] && s.preset.training.seed == seed + 1)
    }

    /// det of a row-major n × n matrix by Gaussian elimination with partial pivoting.
    static func determinant(_ m: [Double], n: Int) -> Double {
        var a = m, det = 1.0
        for c in 0..<n {
            var pivot = c
            for r in (c + 1)..<max(c + 1, n) where abs(a[r * n + c]) > abs(a[pivot * n + c]) { pivot = r }
            if a[pivot * n + c] == 0 { return 0 }
            if pivot != c {
                for k in 0..<n { a.swapAt(c * n + k, pivot * n + k) }
                det = -det
            }
            det *= a[c * n + c]
            for r in (c + 1)..<max(c + 1, n) {
                let f = a[r * n + c] / a[c * n + c]
                for k in c..<n { a[r * n + k] -= f * a[c * n + k] }
            }
        }
        return det
    }

    /// Random events with the analysis panes present keep the reducer's invariants and render at any size.
    @Test func fuzzWithAnalysisPanes() {
        var rng = FuzzTests.Rng(state: 5)
        var s = Fixtures.state(width: 80, height: 24)
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var buffer = Buffer(width: 0, height: 0)
        let panes: [PaneID?] = [nil, .singularValues, .doubleDescent]
        var step = 0
        for i in 0..<3000 {
            let event: AppEvent
            switch rng.int(10) {
            case 0..<4: event = .key(FuzzTests.keys[rng.int(FuzzTests.keys.count)])
            case 4: event = .resize(Size(width: rng.int(200), height: rng.int(70)))
            case 5, 6:
                step += rng.int(30) - 5
                var m = Fixtures.model()
                m.step = step
                let values = (0..<rng.int(5)).map { _ in [0, 1e-300, .nan, .infinity, 3][rng.int(5)] * rng.double() }
                m.singularValues = SingularValuesPoint(step: step, values: values, effectiveRank: rng.double() * 4, layers: rng.int(12))
                event = .snapshot(m)
            case 7:
                var d = Self.sweep(complete: rng.int(2) == 0)
                if rng.int(3) == 0 { d.testErrors = d.testErrors.map { _ in [0, .nan, -1, 1e300][rng.int(4)] } }
                if rng.int(5) == 0 { d.plannedWidths = [] }
                event = .doubleDescent(d)
            case 8: event = .mouse(MouseEvent(x: rng.int(90), y: rng.int(30), button: .left, shift: false))
            default:
                s.presetPane = panes[rng.int(3)]   // as `apply(presetView:)` does at start
                s.focus = s.mainPane
                event = .tick(now: Double(i) * 0.03)
            }
            let effects = Reducer.reduce(&s, event)
            if effects.contains(.quit) { s.quitRequested = false }
            #expect(s.visiblePanes.contains(s.focus) || s.zoomed)
            #expect((s.singularValues?.points.count ?? 0) <= SingularValuesViewModel.capacity)
            if i % 5 == 0 {
                DashboardRenderer.render(s, into: &buffer, context: &ctx)
                #expect(buffer.size == s.size)
            }
        }
    }
}
