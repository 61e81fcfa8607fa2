import NNAnalysis
import NNCore
import NNSession
import Testing
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// The dashboard's side of the analysis caps: kinks over the exact work limit become a lower bound worded
/// like the regions' estimate, and the region map's grid shrinks so that its forward pass stays within its
/// budget for huge 2D networks.
@Suite struct AnalysisLimitTests {
    static func snapshot(_ layers: [Int], activation: String = "relu", data: String = #"{"kind": "moons", "n": 40, "noise": 0.1, "test_fraction": 0, "seed": 1}"#) throws
        -> SessionSnapshot {
        let p = try Preset.parse("""
            {"title": "Limits", "description": "fixture", "data": \(data),
             "model": {"layers": \(layers), "activation": "\(activation)", "init": "he"},
             "training": {"loss": "bce_with_logits", "optimizer": {"name": "sgd", "lr": 0.01}, "batch": "full", "seed": 1},
             "view": {"panes": ["fit", "loss"]}}
            """, file: "limits.json")
        return try Session(preset: p).snapshot()
    }

    /// The sawtooth (15 kinks, closed form) with a work limit too small for the exact analysis: the adapter
    /// gives the grid scan's bound, which finds all 15 (they are 0.25 apart), and the panes say "≥ 15".
    @Test func kinksOverTheWorkLimitAreEstimated() throws {
        let snap = try Session(preset: try PresetLibrary.load("sawtooth")).snapshot()
        let exact = try #require(SnapshotAdapter.kinks(snap.model, over: -2...2))
        #expect(exact.exact?.count == 15 && exact.lowerBound == nil)
        let capped = try #require(SnapshotAdapter.kinks(snap.model, over: -2...2, workLimit: 10))
        #expect(capped.exact == nil && capped.lowerBound == 15)

        var fit = try #require(SnapshotAdapter.model(from: snap).fit)
        fit.kinks = []
        fit.kinksLowerBound = capped.lowerBound
        #expect(FitPane.title(fit) == "Fit · ≥ 15 kinks (estimate) · pieces ≤ 81")
        #expect(FitPane.title(fit, width: 32) == "Fit · ≥ 15 kinks (estimate)")
        #expect(KinksPane.title(fit) == "Kinks ≥ 15 (estimate) · pieces ≤ 81")
        var buffer = Buffer(width: 60, height: 6)
        var ctx = RenderContext(theme: Theme(mode: .color256))
        KinksPane.render(fit, into: &buffer, area: Rect(x: 0, y: 0, width: 60, height: 6), focused: false, context: &ctx)
        #expect(buffer.text.contains("≥ 15 kinks (estimate"))
        for size in [Size(width: 0, height: 0), Size(width: 1, height: 1), Size(width: 12, height: 3)] {
            var b = Buffer(width: size.width, height: size.height)
            KinksPane.render(fit, into: &b, area: Rect(x: 0, y: 0, width: size.width, height: size.height), focused: true, context: &ctx)
        }
    }

    /// The grid decision: the full 96×64 up to 10⁸ / 6144 parameters, then within the budget with the aspect
    /// kept, never below 12×8, never growing with P.
    @Test func mapGridStaysWithinItsBudget() {
        #expect(SnapshotAdapter.mapGrid(parameterCount: 1) == (96, 64))
        #expect(SnapshotAdapter.mapGrid(parameterCount: 16_276) == (96, 64))   // 6144 · 16276 ≤ 10⁸
        #expect(SnapshotAdapter.mapGrid(parameterCount: 16_277) != (96, 64))
        #expect(SnapshotAdapter.mapGrid(parameterCount: 1_967_001) == (12, 8))  // [2,1400,1400,1]
        var last = (columns: 96, rows: 64)
        for P in stride(from: 1_000, through: 3_000_000, by: 7_919) {
            let g = SnapshotAdapter.mapGrid(parameterCount: P)
            #expect(g.columns <= last.columns && g.rows <= last.rows, "P = \(P)")
            #expect(g.columns >= 12 && g.rows >= 8)
            let atMinimum = g.columns == 12 || g.rows == 8
            #expect(atMinimum || Double(g.columns * g.rows) * Double(P) <= SnapshotAdapter.mapWork, "P = \(P): \(g)")
            #expect(abs(Double(g.columns) / Double(g.rows) - 1.5) < 0.15, "P = \(P): \(g)")
            last = g
        }
    }

    /// A [2,128,128,1] net (P = 17,025, just over the full grid's budget): the adapter's map has the decided
    /// size, and its labels match a scalar forward pass at the cell centres.
    @Test func theAdapterUsesTheCappedGrid() throws {
        let snap = try Self.snapshot([2, 128, 128, 1])
        let P = snap.model.parameterCount
        #expect(P == 17_025)
        let g = SnapshotAdapter.mapGrid(parameterCount: P)
        #expect(g.columns < 96)
        let map = try #require(SnapshotAdapter.model(from: snap).regions)
        #expect(map.gridWidth == g.columns && map.gridHeight == g.rows && map.labels.count == g.columns * g.rows)
        var eval = MLPEvaluator(snap.model)
        let xr = map.xRange, yr = map.yRange
        var mismatches = 0
        for r in 0..<map.gridHeight {
            for c in 0..<map.gridWidth {
                let x = xr.lowerBound + (Double(c) + 0.5) / Double(map.gridWidth) * (xr.upperBound - xr.lowerBound)
                let y = yr.upperBound - (Double(r) + 0.5) / Double(map.gridHeight) * (yr.upperBound - yr.lowerBound)
                let z = eval([x, y]).first ?? .nan
                if (z > 0 ? 1 : 0) != Int(map.labels[r * map.gridWidth + c]) { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }
}
