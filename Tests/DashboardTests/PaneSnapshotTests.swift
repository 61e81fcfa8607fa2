import Testing
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// Every pane rendered into an in-memory buffer and compared with a text snapshot.
@Suite struct PaneSnapshotTests {
    func pane(_ id: PaneID, _ w: Int, _ h: Int, theme: Theme = Theme(mode: .color256),
              state: AppState = Fixtures.state()) -> Buffer {
        var ctx = RenderContext(theme: theme)
        var b = Buffer(width: w, height: h)
        DashboardRenderer.renderPane(id, state, into: &b, area: b.bounds, context: &ctx)
        return b
    }

    @Test func fitPane() throws { try assertSnapshot(pane(.fit, 60, 16), named: "fit") }
    @Test func regionsPane() throws {
        try assertSnapshot(pane(.regions, 50, 14, state: Fixtures.state(inputDimension: 2)), named: "regions")
    }
    @Test func regionsPaneWithBoundariesInASCII() throws {
        var s = Fixtures.state(inputDimension: 2)
        s.showBoundaries = true
        try assertSnapshot(pane(.regions, 50, 14, theme: Theme(mode: .monochrome, ascii: true), state: s),
                           named: "regions-ascii-boundaries")
    }
    @Test func lossPane() throws { try assertSnapshot(pane(.loss, 60, 10), named: "loss") }
    @Test func spectrumPane() throws { try assertSnapshot(pane(.spectrum, 44, 12), named: "spectrum") }
    @Test func networkPane() throws { try assertSnapshot(pane(.network, 44, 8), named: "network") }

    @Test func fullDashboard() throws {
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var b = Buffer(width: 0, height: 0)
        DashboardRenderer.render(Fixtures.state(width: 100, height: 30), into: &b, context: &ctx)
        try assertSnapshot(b, named: "dashboard-100x30")
    }

    @Test func fullDashboardASCII() throws {
        var ctx = RenderContext(theme: Theme(mode: .monochrome, ascii: true))
        var b = Buffer(width: 0, height: 0)
        DashboardRenderer.render(Fixtures.state(width: 100, height: 30, inputDimension: 2), into: &b, context: &ctx)
        try assertSnapshot(b, named: "dashboard-ascii-2d")
        // ASCII mode really is ASCII everywhere.
        let nonASCII = b.cells.filter { !$0.character.isASCII }.map { String(Character($0.character)) }
        #expect(nonASCII.isEmpty, "non-ASCII: \(Set(nonASCII).sorted())")
    }

    @Test func helpOverlay() throws {
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var s = Fixtures.state(width: 100, height: 30)
        s.showHelp = true
        var b = Buffer(width: 0, height: 0)
        DashboardRenderer.render(s, into: &b, context: &ctx)
        try assertSnapshot(b, named: "help-100x30")
    }

    @Test func tooSmall() throws {
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var b = Buffer(width: 0, height: 0)
        DashboardRenderer.render(Fixtures.state(width: 40, height: 10), into: &b, context: &ctx)
        try assertSnapshot(b, named: "too-small-40x10")
        #expect(b.text.contains("terminal too small: need 60×18"))
    }

    @Test func divergedMessage() {
        var s = Fixtures.state()
        var m = Fixtures.model()
        m.divergedAtStep = 812
        _ = Reducer.reduce(&s, .snapshot(m))
        var ctx = RenderContext(theme: Theme(mode: .color16))
        var b = Buffer(width: 0, height: 0)
        DashboardRenderer.render(s, into: &b, context: &ctx)
        #expect(b.text.contains("diverged at step 812: lower the learning rate with - and reset with r"))
        #expect(!s.running)
    }

    @Test func fitTitleShowsKinkCountAndBound() {
        #expect(FitPane.title(Fixtures.fit) == "Fit · kinks 3 · 4 pieces ≤ 4 (2^L)")
    }

    /// Kink markers sit under the kinks: x = −1, 0, 1 on [−2, 2] are at 1/4, 1/2, 3/4 of the plot.
    @Test func kinkMarkersAreUnderTheKinks() throws {
        let b = pane(.fit, 60, 16)
        let markerRow = try #require(b.lines().first { $0.contains("▲") && !$0.contains("kink") })
        let cols = markerRow.unicodeScalars.enumerated().filter { $0.element == "▲" }.map(\.offset)
        // Inner starts at 1, label column 7 → plot starts at x = 8, width 51 cells (102 dots).
        func column(_ x: Double) -> Int {
            let dot = Int(((x + 2) / 4 * 101).rounded())
            return 8 + dot / 2
        }
        let expected = [column(-1), column(0), column(1)]
        #expect(cols == expected)
    }
}
