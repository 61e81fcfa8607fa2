import Testing
import NNAnalysis
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// The lecture panes (jacobian, autodiff_cost, ntk) and the gradcheck overlay: text snapshots at a normal
/// and a small size, and what they show checked against the maths they claim.
@Suite struct LecturePaneTests {
    func pane(_ id: PaneID, _ w: Int, _ h: Int, theme: Theme = Theme(mode: .color256),
              state: AppState = LectureFixtures.state(featuring: .jacobian)) -> Buffer {
        var ctx = RenderContext(theme: theme)
        var b = Buffer(width: w, height: h)
        DashboardRenderer.renderPane(id, state, into: &b, area: b.bounds, context: &ctx)
        return b
    }

    func dashboard(_ s: AppState, theme: Theme = Theme(mode: .color256)) -> Buffer {
        var ctx = RenderContext(theme: theme)
        var b = Buffer(width: 0, height: 0)
        DashboardRenderer.render(s, into: &b, context: &ctx)
        return b
    }

    // MARK: snapshots

    @Test func jacobianSnapshots() throws {
        var s = LectureFixtures.state(featuring: .jacobian)
        s.selectedLayer = 1
        try assertSnapshot(pane(.jacobian, 72, 14, state: s), named: "jacobian-column")
        s.jacobianStacking = .row
        try assertSnapshot(pane(.jacobian, 72, 14, state: s), named: "jacobian-row")
        try assertSnapshot(pane(.jacobian, 30, 7, theme: Theme(mode: .monochrome, ascii: true), state: s),
                           named: "jacobian-small-ascii")
    }

    @Test func autodiffCostSnapshots() throws {
        let s = LectureFixtures.state(featuring: .autodiffCost)
        try assertSnapshot(pane(.autodiffCost, 62, 16, state: s), named: "autodiff-cost")
        try assertSnapshot(pane(.autodiffCost, 40, 6, state: s), named: "autodiff-cost-small")
    }

    @Test func ntkSnapshots() throws {
        let s = LectureFixtures.state(featuring: .ntk)
        try assertSnapshot(pane(.ntk, 70, 14, state: s), named: "ntk")
        try assertSnapshot(pane(.ntk, 34, 7, state: s), named: "ntk-small")
    }

    @Test func dashboardsWithLecturePanesAndOverlay() throws {
        try assertSnapshot(dashboard(LectureFixtures.state(featuring: .jacobian)), named: "dashboard-jacobian-100x30")
        var s = LectureFixtures.state(featuring: .ntk, width: 60, height: 18)
        s.showCaption = false
        try assertSnapshot(dashboard(s), named: "dashboard-ntk-60x18-nocaption")
        var g = Fixtures.state(width: 100, height: 30)
        g.gradcheck = .done(LectureFixtures.gradcheck)
        try assertSnapshot(dashboard(g), named: "gradcheck-100x30")
        var small = Fixtures.state(width: 60, height: 18)
        small.gradcheck = .done(LectureFixtures.gradcheck)
        try assertSnapshot(dashboard(small, theme: Theme(mode: .monochrome, ascii: true)), named: "gradcheck-60x18-ascii")
    }

    /// --ascii: the Jacobian dashboard is all ASCII and keeps its block structure (`#`/`=` entries, `|` separators).
    @Test func jacobianDashboardInASCII() throws {
        var s = LectureFixtures.state(featuring: .jacobian)
        s.selectedLayer = 1
        let b = dashboard(s, theme: Theme(mode: .monochrome, ascii: true))
        try assertSnapshot(b, named: "dashboard-jacobian-ascii")
        #expect(b.cells.allSatisfy { $0.character.isASCII })
        #expect(b.text.contains("autodiff check: max diff 0.0e+00 OK"))
    }

    // MARK: what the panes show

    /// The drawn heatmap has the Kronecker block structure: column stacking φᵀ ⊗ I puts row r's non-zeros at
    /// column b·d_ℓ + r of every block b; row stacking I ⊗ φᵀ puts all of row r's non-zeros in block r.
    @Test func heatmapShowsTheKroneckerBlocks() throws {
        var s = LectureFixtures.state(featuring: .jacobian)
        s.selectedLayer = 1   // f₂: 4 × 12, d_{ℓ−1} = 3
        let v = try #require(s.model?.jacobian?.layers[1])
        #expect(v.phi.allSatisfy { $0 != 0 })
        for stacking in JacobianStacking.allCases {
            s.jacobianStacking = stacking
            // 27 wide: inner 25 = 12 columns of one cell + 2 separators (+11 spare), one row per entry.
            let b = pane(.jacobian, 27, 12, theme: Theme(mode: .monochrome), state: s)
            let rows = b.lines().filter { $0.contains("│·") || $0.contains("·│") }
            try #require(rows.count == 4, "\(b.lines())")
            for (r, line) in rows.enumerated() {
                let cells = line.unicodeScalars.dropFirst().filter { "·+#-=".unicodeScalars.contains($0) }
                try #require(cells.count == 12, "\(line)")
                for (c, glyph) in cells.enumerated() {
                    let nonZero = stacking == .column ? c % 4 == r : c / 3 == r
                    #expect((glyph != "·") == nonZero, "\(stacking) row \(r) column \(c): \(line)")
                }
            }
        }
    }

    @Test func jacobianCheckLineAndStackingKey() throws {
        var s = LectureFixtures.state(featuring: .jacobian)
        let text = pane(.jacobian, 72, 14, state: s).text
        #expect(text.contains("∂f₁/∂vec(W₁) = φ₀ᵀ ⊗ I₃  (column stacking)"))
        #expect(text.contains("autodiff check: max diff") && text.contains("✓"))
        _ = Reducer.reduce(&s, .key(.char("x")))
        #expect(s.jacobianStacking == .row)
        #expect(pane(.jacobian, 72, 14, state: s).text.contains("= I₃ ⊗ φ₀ᵀ  (row stacking)"))
        // Every layer of the fixture passes the check in both stackings.
        for layer in try #require(s.model?.jacobian?.layers) {
            for st in JacobianStacking.allCases { #expect(JacobianPane.checkLine(layer, st, ascii: true).hasSuffix("OK")) }
        }
    }

    /// Counts for [2,16,16,1] derived by hand: F = 32 + 256 + 16 = 304, reverse 3F − d₁d₀ + D = 912 − 32 + 33 = 913,
    /// forward mode 48·610 + 272·338 + 17·306 = 126,418 (shown as 126k).
    @Test func autodiffCostShowsTheHandDerivedCounts() {
        let lines = AutodiffCostPane.lines(counts: LectureFixtures.costCounts, measured: LectureFixtures.costMeasured)
        let text = lines.joined(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("forward pass F") && $0.contains(" 304 ") })
        #expect(lines.contains { $0.hasPrefix("reverse (1 VJP)") && $0.contains(" 913 ") && $0.contains("0.025 ms") })
        #expect(lines.contains { $0.hasPrefix("forward (337 JVPs)") && $0.contains("126k") && $0.contains("4.100 ms est.") })
        #expect(text.contains("forward 544 · reverse 288  (d₀·Σ d[k]d[k−1] vs d[L]·Σ d[k]d[k+1])") && text.contains("(reverse wins)"))
        // A measurement of another shape is not shown as this one's.
        var stale = LectureFixtures.costMeasured
        stale.sizes = [2, 8, 1]
        #expect(AutodiffCostPane.lines(counts: LectureFixtures.costCounts, measured: stale).joined().contains("measuring…"))
    }

    @Test func ntkPaneStatesTheComparison() {
        let text = pane(.ntk, 80, 14, state: LectureFixtures.state(featuring: .ntk)).text
        #expect(text.contains("narrow [1,16,1]: 0.386"))
        #expect(text.contains("wide [1,512,1]: 0.0289"))
        #expect(text.contains("less: lazy training"))
    }

    @Test func gradcheckOverlayLines() {
        let lines = GradcheckOverlayView.lines(.done(LectureFixtures.gradcheck), ascii: false)
        #expect(lines.count == 2 + 7 + 1)
        #expect(lines[2].hasPrefix("W1    3.10e-10") && lines[2].contains("(1,2,1)"))
        #expect(lines.last == "largest 1.20e-09 vs threshold 1.00e-06: ✓ pass")
        var bad = LectureFixtures.gradcheck
        bad.overall.maxRelativeDifference = 0.3
        #expect(GradcheckOverlayView.lines(.done(bad), ascii: true).last?.hasSuffix("FAIL") == true)
    }

    /// Lecture panes at tiny sizes in every theme draw nothing outside their area.
    @Test(arguments: [PaneID.jacobian, .autodiffCost, .ntk])
    func lecturePanesAtTinySizes(_ id: PaneID) {
        var s = LectureFixtures.state(featuring: id)
        for stacking in JacobianStacking.allCases {
            s.jacobianStacking = stacking
            for theme in [Theme(mode: .color256), Theme(mode: .color16), Theme(mode: .monochrome, ascii: true)] {
                for (w, h) in SmallSizeTests.sizes + [(40, 6), (27, 12)] {
                    var ctx = RenderContext(theme: theme)
                    var b = Buffer(width: w + 4, height: h + 4)
                    DashboardRenderer.renderPane(id, s, into: &b, area: Rect(x: 2, y: 2, width: w, height: h), context: &ctx)
                    for y in 0..<b.height {
                        for x in 0..<b.width where !(x >= 2 && x < w + 2 && y >= 2 && y < h + 2) {
                            #expect(b[x, y] == .blank, "\(id) \(w)×\(h) drew at \(x),\(y)")
                        }
                    }
                }
            }
        }
    }
}
