import Foundation
import NNCore
import NNSession
import Testing
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// The adapter from real sessions to view models, each number checked against an independent source:
/// closed forms (sawtooth kinks, linear-model Hessian), NNCore's own forward pass, the bounds' formulas.
@Suite struct SnapshotAdapterTests {
    func session(_ name: String, steps: Int = 0, edit: (inout Preset) -> Void = { _ in }) throws -> SessionSnapshot {
        var preset = try PresetLibrary.load(name)
        edit(&preset)
        var s = try Session(preset: preset)
        s.step(steps)
        return s.snapshot()
    }

    /// The lecture's sawtooth: hand-set weights, L = 4 → 15 kinks at −2 + j·2^{2−L}, j = 1…15,
    /// and the drawn curve equals the closed form f_ℓ = 2|f_{ℓ−1}| − 2.
    @Test func sawtoothKinksAndCurveMatchTheClosedForm() throws {
        let m = SnapshotAdapter.model(from: try session("sawtooth"))
        let fit = try #require(m.fit)
        let expected = (1...15).map { -2 + Double($0) * 0.25 }
        #expect(fit.kinks.count == 15)
        for (k, e) in zip(fit.kinks, expected) { #expect(abs(k - e) < 1e-9) }
        #expect(fit.pieceBound == 81)            // Π(2+1) over 4 hidden layers
        #expect(fit.kinkBoundNote.contains("2⁴=16"))
        #expect(fit.curveX.count == SnapshotAdapter.curveSamples)
        for (x, y) in zip(fit.curveX, fit.curveY) {
            var f = x
            for _ in 0..<4 { f = 2 * abs(f) - 2 }
            #expect(abs(y - f) < 1e-12)
        }
        #expect(FitPane.title(fit).hasPrefix("Fit · kinks 15 · 16 pieces ≤ 81"))
        #expect(m.network.layers.map(\.width) == [2, 2, 2, 2, 1])
        #expect(m.inputDimension == 1 && m.regions == nil)
    }

    /// One hidden layer of width n: pieces ≤ n + 1 (and the kinks found respect it).
    @Test func shallowBoundIsWidthPlusOne() throws {
        let fit = try #require(SnapshotAdapter.model(from: try session("shallow-width", steps: 30)).fit)
        #expect(fit.pieceBound == 9 && fit.kinkBoundNote == "n+1")
        #expect(fit.kinks.count <= 8)
        #expect(fit.kinks == fit.kinks.sorted())
    }

    /// The 2D map's labels (NNCore's batched SIMD forward pass) agree with the adapter's scalar evaluator,
    /// a separate implementation, at every cell.
    @Test func regionMapAgreesWithNNCorePredict() throws {
        let snap = try session("xor", steps: 20)
        let map = try #require(SnapshotAdapter.model(from: snap).regions)
        #expect(map.gridWidth * map.gridHeight == map.labels.count)
        #expect(map.classCount == 2 && !map.isValueMap)
        var xs: [Double] = []
        let xr = map.xRange, yr = map.yRange
        for r in 0..<map.gridHeight {
            for c in 0..<map.gridWidth {
                xs.append(xr.lowerBound + (Double(c) + 0.5) / Double(map.gridWidth) * (xr.upperBound - xr.lowerBound))
                xs.append(yr.upperBound - (Double(r) + 0.5) / Double(map.gridHeight) * (yr.upperBound - yr.lowerBound))
            }
        }
        var eval = MLPEvaluator(snap.model)
        var mismatches = 0
        for i in map.labels.indices {
            let z = eval([xs[2 * i], xs[2 * i + 1]]).first ?? .nan
            if (z > 0 ? 1 : 0) != Int(map.labels[i]) { mismatches += 1 }
        }
        #expect(mismatches == 0)
        #expect(map.points.count == snap.train.count + snap.test.count)
        for (i, p) in map.points.prefix(snap.train.count).enumerated() {
            #expect(p.label == (snap.train.y[i] > 0.5 ? 1 : 0) && !p.isTest)
        }
        // tanh is smooth: no linear-region count is claimed.
        #expect(map.regionCount == nil)
    }

    @Test func reluMapCountsRegions() throws {
        let snap = try session("xor") { p in p = p.settingHiddenActivation(.relu) }
        let map = try #require(SnapshotAdapter.model(from: snap).regions)
        let count = try #require(map.regionCount)
        // One hidden layer of 8 lines: at most 1 + 8 + C(8, 2) = 37 regions anywhere.
        #expect(count >= 1 && count <= 37)
        #expect(map.regionCountNote == "exact")
        #expect(Set(map.regionIDs).count <= count, "the grid can only miss regions, never invent them")
    }

    @Test func lossCurveIsThinnedButKeepsTheNewestStep() throws {
        let snap = try session("shallow-width", steps: 900)
        let loss = SnapshotAdapter.model(from: snap).lossCurves
        #expect(loss.steps.count <= SnapshotAdapter.lossPoints + 1)
        #expect(loss.steps.last == snap.history.rows.last?.step)
        #expect(loss.steps == loss.steps.sorted())
        #expect(loss.test.isEmpty || loss.test.count == loss.steps.count)
    }

    @Test func networkNormsAreFrobeniusNorms() throws {
        let snap = try session("shallow-width", steps: 5)
        let net = SnapshotAdapter.model(from: snap).network
        for l in 0..<snap.model.layerCount {
            let w = snap.model.weightMatrix(layer: l).flatMap { $0 }
            let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(net.layers[l].weightNorm - norm) < 1e-12)
        }
        #expect(net.parameterCount == snap.model.parameterCount)
    }

    /// Linear model z = w x + b with MSE: H = (2/n) Σ [[x², x], [x, 1]]; its two eigenvalues in closed form.
    @Test func spectrumOfALinearModelMatchesTheClosedForm() throws {
        let snap = try session("shallow-width") { p in
            p.model = ModelSpec(layers: [1, 1], activations: [.linear])
        }
        let view = try SpectrumJob.compute(snap).get()
        let xs = snap.train.x, n = Double(xs.count)
        let a = 2 * xs.reduce(0) { $0 + $1 * $1 } / n, b = 2 * xs.reduce(0, +) / n, c = 2.0
        let mean = (a + c) / 2, disc = ((a - c) * (a - c) / 4 + b * b).squareRoot()
        #expect(abs(view.lambdaMax - (mean + disc)) < 1e-9 * (mean + disc))
        #expect(abs(view.lambdaMin - (mean - disc)) < 1e-9 * (mean + disc))
        #expect(view.negativeCount == 0 && view.parameterCount == 2)
        #expect(view.step == snap.step)
        // Cancelled before it starts: no result.
        #expect(throws: SpectrumJob.Failure.cancelled) { try SpectrumJob.compute(snap) { true }.get() }
    }

    @Test func divergenceReachesTheScreen() throws {
        let snap = try session("shallow-width", steps: 200) { p in
            p.training.optimizer = OptimizerSpec(name: .sgd, lr: 1e6)
        }
        let model = SnapshotAdapter.model(from: snap)
        let at = try #require(model.divergedAtStep)
        var state = AppState(size: Size(width: 100, height: 30), preset: snap.preset)
        #expect(Reducer.reduce(&state, .snapshot(model)) == [.setRunning(false)])
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var b = Buffer(width: 0, height: 0)
        DashboardRenderer.render(state, into: &b, context: &ctx)
        #expect(b.text.contains("diverged at step \(at): lower the learning rate with - and reset with r"))
        // Analysis on non-finite weights is refused with a message, and the panes drop curve and kinks.
        var broken = snap
        broken.model.parameters[0] = .nan
        guard case .failure(.refused(let why)) = SpectrumJob.compute(broken) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(why.contains("non-finite"))
        let fit = try #require(SnapshotAdapter.model(from: broken).fit)
        #expect(fit.curveX.isEmpty && fit.kinks.isEmpty)
    }

    /// The adapter computes what it is asked for: the options, not the preset's view, decide the lecture
    /// pane's data, the singular values and the sawtooth target's note.
    @Test func optionsDecideWhatIsComputed() throws {
        let snap = try session("sawtooth", steps: 0)
        let plain = SnapshotAdapter.model(from: snap, options: AdapterOptions())
        #expect(plain.featuredPane == nil && plain.jacobian == nil && plain.singularValues == nil)
        #expect(plain.fit?.kinkBoundNote.contains("target") == false)
        let asked = SnapshotAdapter.model(from: snap, options: AdapterOptions(featured: .jacobian, singularValues: false, targetPieceDepth: 4))
        #expect(asked.featuredPane == .jacobian && asked.jacobian != nil)
        #expect(asked.fit?.kinkBoundNote.hasSuffix("target 2⁴=16") == true)
        #expect(AdapterOptions(preset: snap.preset) == AdapterOptions(featured: nil, singularValues: false, targetPieceDepth: 4,
                                                                      panes: ["fit", "kinks", "network"]))
    }

    /// The side panes and the activation statistics follow the options' panes, not the snapshot's preset:
    /// the sawtooth preset names fit, kinks, network, and no activations.
    @Test func optionsNameTheSidePanes() throws {
        let snap = try session("sawtooth", steps: 0)
        #expect(SnapshotAdapter.model(from: snap, options: AdapterOptions()).namedPanes.isEmpty)
        let asked = SnapshotAdapter.model(from: snap, options: AdapterOptions(panes: ["activations", "regions", "fit", "nonsense"]))
        // `regions` names the data plot, which is the fit for 1D input (and is listed once).
        #expect(asked.namedPanes == [.activations, .fit])
        let stats = try #require(asked.activations)
        #expect(stats.layers.count == snap.model.layerCount - 1)
        #expect(SnapshotAdapter.model(from: snap).namedPanes == [.fit, .kinks, .network])
        #expect(SnapshotAdapter.model(from: snap).activations == nil)
        // The dashboard fills the panes from the preset it trains (an edited one, not the snapshot's).
        var edited = snap.preset
        edited.view.panes = ["activations"]
        #expect(AppState(size: Size(width: 120, height: 40), preset: edited).adapterOptions.panes == ["activations"])
    }
}
