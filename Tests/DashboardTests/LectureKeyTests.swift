import Testing
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// `c` (caption), `g` (gradcheck overlay), `x` (Jacobian stacking), the featured-pane layout, and a fuzz of
/// those keys and their results with invariants.
@Suite struct LectureKeyTests {
    func run(_ keys: [Key], on state: inout AppState) -> [Effect] {
        keys.flatMap { Reducer.reduce(&state, .key($0)) }
    }

    @Test func captionKeyTogglesTheRowAndTheFirstSnapshotSetsIt() {
        var s = Fixtures.state(width: 100, height: 30)
        #expect(DashboardLayout(state: s).caption.height == 1)   // the fixture's short caption needs one row
        let body = DashboardLayout(state: s).panes[.loss]?.height ?? 0
        #expect(run([.char("c")], on: &s).isEmpty && !s.showCaption)
        let layout = DashboardLayout(state: s)
        #expect(layout.caption.height == 0)
        #expect((layout.panes[.loss]?.height ?? 0) >= body, "the panes get the caption's rows")
        _ = run([.char("c")], on: &s)
        #expect(s.showCaption)
        // The preset's view.caption = false: the dashboard starts with it hidden; snapshots keep the user's choice.
        var hidden = Fixtures.preset
        hidden.view.caption = false
        var fresh = AppState(size: Size(width: 100, height: 30), preset: hidden)
        let m = Fixtures.model()
        _ = Reducer.reduce(&fresh, .snapshot(m))
        #expect(!fresh.showCaption)
        _ = run([.char("c")], on: &fresh)
        _ = Reducer.reduce(&fresh, .snapshot(m))
        #expect(fresh.showCaption)
        var b = Buffer(width: 0, height: 0)
        var ctx = RenderContext(theme: Theme(mode: .color256))
        fresh.showCaption = false
        DashboardRenderer.render(fresh, into: &b, context: &ctx)
        #expect(!b.text.contains("depth doubles the pieces"))
        fresh.showCaption = true
        DashboardRenderer.render(fresh, into: &b, context: &ctx)
        #expect(b.text.contains("depth doubles the pieces"))
    }

    @Test func gradcheckKeyOpensComputesAndCloses() {
        var s = Fixtures.state()
        #expect(run([.char("g")], on: &s) == [.startJob(.gradcheck)])
        #expect(s.gradcheck == .computing)
        _ = Reducer.reduce(&s, .gradcheck(.done(LectureFixtures.gradcheck)))
        #expect(s.gradcheck == .done(LectureFixtures.gradcheck))
        // Esc closes the overlay (not the zoom).
        s.zoomed = true
        _ = run([.escape], on: &s)
        #expect(s.gradcheck == nil && s.zoomed)
        // A late result for a closed overlay does not reopen it.
        _ = Reducer.reduce(&s, .gradcheck(.failed("late")))
        #expect(s.gradcheck == nil)
        // g twice: open, close (no second computation).
        #expect(run([.char("g"), .char("g")], on: &s) == [.startJob(.gradcheck)])
        #expect(s.gradcheck == nil)
        // Help over the overlay: Esc closes help first.
        _ = run([.char("g"), .char("?")], on: &s)
        _ = run([.escape], on: &s)
        #expect(!s.showHelp && s.gradcheck == .computing)
        // No model: nothing to check.
        var empty = AppState(size: Size(width: 80, height: 24), preset: Fixtures.preset)
        #expect(run([.char("g")], on: &empty).isEmpty && empty.gradcheck == nil && empty.message != nil)
    }

    @Test func overlayBlocksClicks() {
        var s = Fixtures.state(width: 100, height: 30, inputDimension: 2)
        s.gradcheck = .computing
        let area = DashboardLayout(state: s).panes[.regions] ?? Rect(x: 0, y: 0, width: 0, height: 0)
        let click = MouseEvent(x: area.x + area.width / 2, y: area.y + area.height / 2, button: .left, shift: false)
        #expect(Reducer.reduce(&s, .mouse(click)).isEmpty)
    }

    /// With the Jacobian pane, ↓ reaches the output layer (∂f_L/∂vec(W_L) = φ_{L−1}ᵀ, one row); elsewhere it
    /// stops at the last hidden layer, and the editing keys always act on a hidden layer.
    @Test func downReachesTheOutputLayerOnlyForTheJacobian() {
        var s = LectureFixtures.state(featuring: .jacobian)
        _ = run([.down, .down, .down, .down], on: &s)
        #expect(s.selectedLayer == 2)
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var b = Buffer(width: 72, height: 14)
        DashboardRenderer.renderPane(.jacobian, s, into: &b, area: b.bounds, context: &ctx)
        #expect(b.text.contains("∂f₃/∂vec(W₃) = φ₂ᵀ ⊗ I₁") && b.text.contains("layer 3 of 3"))
        #expect(run([.char("]")], on: &s) == [.rebuild(s.preset, build: 1)] && s.hiddenWidths == [16, 17])
        var plain = Fixtures.state()
        _ = run([.down, .down, .down], on: &plain)
        #expect(plain.selectedLayer == 1)
    }

    @Test func stackingKeyToggles() {
        var s = Fixtures.state()
        _ = run([.char("x")], on: &s)
        #expect(s.jacobianStacking == .row)
        _ = run([.char("x")], on: &s)
        #expect(s.jacobianStacking == .column)
    }

    @Test func featuredPaneTakesTheBigSlot() {
        let s = LectureFixtures.state(featuring: .jacobian)
        #expect(s.visiblePanes == [.jacobian, .loss, .fit, .network])
        let layout = DashboardLayout(state: s)
        #expect(Set(layout.panes.keys) == [.jacobian, .fit, .loss, .network])
        let j = layout.panes[.jacobian], f = layout.panes[.fit]
        #expect((j?.width ?? 0) > (f?.width ?? 0) && j?.x == 0)
        var t = s
        _ = run([.tab, .tab, .tab, .tab], on: &t)
        #expect(t.focus == s.focus)
        t.focus = .jacobian
        _ = run([.char("z")], on: &t)
        #expect(DashboardLayout(state: t).panes.keys.sorted { $0.rawValue < $1.rawValue } == [.jacobian])
    }

    @Test func lectureResultsLandInState() {
        var s = Fixtures.state()
        s.lectureKey = "ntk [1, 16, 1]"
        _ = Reducer.reduce(&s, .lecture(.cost(LectureFixtures.costMeasured), key: "ntk [1, 16, 1]"))
        _ = Reducer.reduce(&s, .lecture(.ntk(LectureFixtures.ntk), key: "ntk [1, 16, 1]"))
        #expect(s.lecture.cost == LectureFixtures.costMeasured && s.lecture.ntk == LectureFixtures.ntk)
        _ = Reducer.reduce(&s, .lecture(.failed("boom"), key: "ntk [1, 16, 1]"))
        #expect(s.lecture.failure == "boom")
        _ = Reducer.reduce(&s, .lecture(.ntk(LectureFixtures.ntk), key: "ntk [1, 16, 1]"))
        #expect(s.lecture.failure == nil)
        // A result of older work (another key) is dropped.
        _ = Reducer.reduce(&s, .lecture(.failed("stale"), key: "ntk [1, 8, 1]"))
        #expect(s.lecture.failure == nil)
    }

    /// Random keys (biased to c, g, x, Esc, ?, Tab, z), results arriving at any time, featured panes coming and
    /// going, resizes: invariants after every event, and a render every few.
    @Test func fuzzLectureKeysKeepInvariants() {
        var rng = FuzzTests.Rng(state: 5_2026)
        var s = LectureFixtures.state(featuring: .jacobian, width: 90, height: 28)
        s.lectureKey = "k"
        let keys: [Key] = [.char("c"), .char("g"), .char("x"), .escape, .char("?"), .tab, .char("z"), .up, .down, .char("}"), .char("{")]
        let panes: [PaneID?] = [nil, .jacobian, .autodiffCost, .ntk]
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var buffer = Buffer(width: 0, height: 0)
        for i in 0..<3000 {
            let wasOpen = s.gradcheck != nil
            let event: AppEvent
            switch rng.int(10) {
            case 0..<6: event = .key(keys[rng.int(keys.count)])
            case 6: event = .gradcheck([.computing, .done(LectureFixtures.gradcheck), .failed("x")][rng.int(3)])
            case 7: event = .lecture([.cost(LectureFixtures.costMeasured), .ntk(LectureFixtures.ntk), .failed("f")][rng.int(3)], key: "k")
            case 8:
                var m = s.model ?? Fixtures.model()
                s.presetPane = panes[rng.int(panes.count)]   // as a preset's view would
                m.featuredPane = s.presetPane
                m.build = s.build
                m.jacobian = rng.int(4) == 0 ? nil : LectureFixtures.jacobian
                m.autodiffCounts = rng.int(4) == 0 ? nil : LectureFixtures.costCounts
                event = .snapshot(m)
            default: event = .resize(Size(width: 20 + rng.int(140), height: 8 + rng.int(50)))
            }
            let captionBefore = s.showCaption
            let effects = Reducer.reduce(&s, event)
            // A result never opens a closed overlay; only g asks for a computation, and only when opening it.
            if case .gradcheck = event, !wasOpen { #expect(s.gradcheck == nil) }
            #expect(effects.allSatisfy { $0 == .startJob(.gradcheck) || $0 == .startJob(.spectrum) }
                    || effects.contains { if case .rebuild = $0 { true } else { false } })
            if effects.contains(.startJob(.gradcheck)) { #expect(!wasOpen && s.gradcheck == .computing) }
            if case .key(.char("c")) = event { #expect(s.showCaption != captionBefore) }
            let layout = DashboardLayout(state: s)
            if !layout.tooSmall {
                #expect((layout.caption.height == 0) == !s.showCaption)
                if let f = s.presetPane, !s.zoomed { #expect(layout.panes[f] != nil) }
                #expect(s.visiblePanes.contains(s.focus) || s.zoomed || s.model == nil)
            }
            if i % 5 == 0 {
                DashboardRenderer.render(s, into: &buffer, context: &ctx)
                #expect(buffer.size == s.size)
            }
        }
    }
}
