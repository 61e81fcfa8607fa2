import Foundation
import NNCore
import NNSession
import Testing
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// Input features on the dashboard: the map and the fit curve evaluate the network at raw points through
/// the same features as training (checked against the features written out by hand and NNCore's forward
/// pass), the data are drawn at their raw positions, and the pane titles say why there are no kinks or
/// exact regions.
@Suite struct FeatureAdapterTests {
    func snapshot(_ name: String, steps: Int, edit: (inout Preset) -> Void) throws -> SessionSnapshot {
        var preset = try PresetLibrary.load(name)
        edit(&preset)
        var s = try Session(preset: preset)
        s.step(steps)
        return s.snapshot()
    }

    @Test func theMapEvaluatesTheNetworkOnTheFeaturesOfEachCell() throws {
        let s = try snapshot("circle", steps: 50) { p in
            p.model.features = [.x1Squared, .x2Squared, .x1x2]
            p.model.layers = [3, 4, 1]
            p.model.activations = [.relu, .linear]
            p.model.normalizations = [.none, .none]
        }
        let m = SnapshotAdapter.model(from: s)
        #expect(m.inputDimension == 2)
        let map = try #require(m.regions)
        #expect(map.regionCount == nil, "no linear-region count in x")
        #expect(map.regionIDs.count == map.gridWidth * map.gridHeight && Set(map.regionIDs).count > 1,
                "activation-pattern boundaries (curves in x) are still drawn")
        #expect(map.featureNote == "features x1^2, x2^2, x1*x2: not piecewise linear in x")
        #expect(RegionsPane.title(map).hasPrefix("Regions · features x1^2, x2^2, x1*x2"))
        let cols = map.gridWidth, rows = map.gridHeight
        let xr = map.xRange, yr = map.yRange
        var disagreements = 0
        for r in Swift.stride(from: 0, to: rows, by: 7) {
            for c in Swift.stride(from: 0, to: cols, by: 5) {
                let x = xr.lowerBound + (Double(c) + 0.5) / Double(cols) * (xr.upperBound - xr.lowerBound)
                let y = yr.upperBound - (Double(r) + 0.5) / Double(rows) * (yr.upperBound - yr.lowerBound)
                let z = s.model.predict([x * x, y * y, x * y])[0]
                if map.labels[r * cols + c] != (z > 0 ? 1 : 0) { disagreements += 1 }
            }
        }
        #expect(disagreements == 0)
        // The points are the raw data.
        #expect(map.points.count == s.rawTrain.count + s.rawTest.count)
        #expect(map.points[0].x == s.rawTrain.x[0] && map.points[0].y == s.rawTrain.x[1])
    }

    @Test func theFitCurveUsesTheFeaturesAndHasNoKinks() throws {
        let s = try snapshot("regression-1d", steps: 30) { p in
            p.model.features = [.x, .xSquared, .sinX]
            p.model.layers[0] = 3
        }
        let fit = try #require(SnapshotAdapter.model(from: s).fit)
        #expect(fit.kinks.isEmpty && fit.pieceBound == nil)
        #expect(fit.featureNote == "features x, x^2, sin(x): not piecewise linear in x")
        #expect(FitPane.title(fit) == "Fit · features x, x^2, sin(x): not piecewise linear in x")
        #expect(fit.trainX == s.rawTrain.x)
        for i in Swift.stride(from: 0, to: fit.curveX.count, by: 37) {
            let x = fit.curveX[i]
            let z = s.model.predict([x, x * x, sin(x)])[0]
            #expect(abs(fit.curveY[i] - z) <= 1e-12 * max(1, abs(z)), "at x = \(x)")
        }
    }

    @Test func identityFeaturesKeepKinksAndRegions() throws {
        let plain = SnapshotAdapter.model(from: try snapshot("relu-regions", steps: 0) { _ in })
        let same = SnapshotAdapter.model(from: try snapshot("relu-regions", steps: 0) { $0.model.features = [.x1, .x2] })
        let a = try #require(plain.regions), b = try #require(same.regions)
        #expect(a.regionCount != nil && a.regionCount == b.regionCount && a.labels == b.labels && b.featureNote.isEmpty)
    }

    @Test func thePresentationCaptionSaysWhyThereAreNoKinks() {
        var s = Fixtures.state(width: 100, height: 30, inputDimension: 1)
        s.presenting = true
        s.model?.fit?.featureNote = "features x, x^2: not piecewise linear in x"
        let body = PresentationBars.caption(.fit, s).body
        #expect(body.hasSuffix("Input features x, x^2: not piecewise linear in x (no kinks to count)."))
        #expect(!body.contains("linear pieces"))
    }
}
