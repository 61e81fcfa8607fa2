import Testing
import NNAnalysis
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// The geometry panes' keys and results in the pure reducer: which pane holds the big slot, when a job is
/// due, and which results are dropped as stale.
@Suite struct LandscapeReducerTests {
    static func press(_ c: Unicode.Scalar, _ s: inout AppState) -> [Effect] { Reducer.reduce(&s, .key(.char(c))) }

    static func snapshot(step: Int, _ s: inout AppState) -> [Effect] {
        var m = Fixtures.model()
        m.step = step
        m.build = s.build
        return Reducer.reduce(&s, .snapshot(m))
    }

    static func landscape(_ directions: LandscapeDirectionKind, step: Int = 500, build: Int = 0) -> AppEvent {
        var m = LandscapePaneTests.synthetic
        m.directions = directions
        m.step = step
        return .landscape(.landscape(m, failure: nil, directions: directions), build: build)
    }

    @Test func keysPutTheirPaneInTheBigSlotAndTakeItBack() {
        var s = Fixtures.state()
        #expect(s.mainPane == .fit && s.secondaryPane == .spectrum)
        #expect(Self.press("l", &s) == [.startJob(.landscape)])
        #expect(s.mainPane == .landscape && s.secondaryPane == .fit && s.focus == .landscape)
        #expect(s.visiblePanes == [.landscape, .loss, .fit, .network])
        #expect(s.landscape.landscapeComputing)
        #expect(Self.press("p", &s) == [.startJob(.sharpness)])
        #expect(s.mainPane == .sharpness)
        #expect(Self.press("y", &s) == [.startJob(.flatDirections)])
        #expect(s.mainPane == .flatDirections)
        #expect(Self.press("y", &s).isEmpty)
        #expect(s.landscape.pane == nil && s.mainPane == .fit && s.secondaryPane == .spectrum && s.focus == .fit)
        // The layout gives the pane the big slot.
        _ = Self.press("l", &s)
        let layout = DashboardLayout(state: s)
        #expect(layout.panes[.landscape] != nil && layout.panes[.fit] != nil && layout.panes[.spectrum] == nil)
    }

    @Test func aLandscapeJobIsDueWhenIdleTrainingMovedAndTimePassed() {
        var s = Fixtures.state()
        _ = Reducer.reduce(&s, .tick(now: 10))
        #expect(Self.press("l", &s) == [.startJob(.landscape)])
        // Busy: no second job, however far training moves.
        #expect(!Self.snapshot(step: 600, &s).contains(.startJob(.landscape)))
        // The result arrives; the snapshot it was asked for is the current step: nothing more yet.
        #expect(Reducer.reduce(&s, Self.landscape(.hessian)).isEmpty)
        #expect(s.landscape.landscape?.step == 500 && !s.landscape.landscapeComputing)
        // Training moved, but too soon after the last job.
        _ = Reducer.reduce(&s, .tick(now: 10.2))
        #expect(!Self.snapshot(step: 700, &s).contains(.startJob(.landscape)))
        _ = Reducer.reduce(&s, .tick(now: 10.6))
        #expect(Self.snapshot(step: 800, &s).contains(.startJob(.landscape)))
        #expect(s.landscape.landscapeStep == 800)
    }

    @Test func staleResultsAreDropped() {
        var s = Fixtures.state()
        _ = Self.press("l", &s)
        // j while the hessian job runs: the random one starts at once (the runtime cancels the old one).
        #expect(Self.press("j", &s) == [.startJob(.landscape)])
        #expect(s.landscape.directions == .random && s.message == "landscape directions: random")
        _ = Reducer.reduce(&s, Self.landscape(.hessian))
        #expect(s.landscape.landscape == nil && s.landscape.landscapeComputing, "a result for the old directions")
        _ = Reducer.reduce(&s, Self.landscape(.random, build: 7))
        #expect(s.landscape.landscape == nil, "a result for other weights (an older build)")
        _ = Reducer.reduce(&s, Self.landscape(.random))
        #expect(s.landscape.landscape?.directions == .random && !s.landscape.landscapeComputing)
        #expect(Self.press("j", &s) == [.startJob(.landscape)] && s.landscape.directions == .trajectory)
        _ = Self.press("j", &s)
        #expect(s.landscape.directions == .hessian)
        // A failure goes to the hint line.
        _ = Reducer.reduce(&s, .landscape(.landscape(nil, failure: "the training path does not span two directions",
                                                     directions: .hessian), build: 0))
        #expect(s.message == "landscape pane: the training path does not span two directions")
    }

    @Test func sharpnessHistoryInStepOrderAndARebuildForgetsIt() {
        var s = Fixtures.state()
        _ = Self.press("p", &s)
        #expect(s.landscape.sharpnessComputing)
        let a = AppEvent.landscape(.sharpness(step: 500, lambdaMax: 12, lambdaMin: -0.5, limit: 20, limitLabel: "2/η = 20"), build: 0)
        _ = Reducer.reduce(&s, a)
        #expect(s.landscape.sharpness?.steps == [500] && s.landscape.sharpness?.limit == 20)
        // The next measurement is asked for once training moves past the last measured step.
        #expect(!Self.snapshot(step: 500, &s).contains(.startJob(.sharpness)))
        #expect(Self.snapshot(step: 510, &s).contains(.startJob(.sharpness)))
        let b = AppEvent.landscape(.sharpness(step: 510, lambdaMax: 13, lambdaMin: -0.4, limit: 20, limitLabel: "2/η = 20"), build: 0)
        _ = Reducer.reduce(&s, b)
        #expect(s.landscape.sharpness?.lambdaMax == [12, 13])
        #expect(Self.press("L", &s).isEmpty && !s.landscape.logSteps)
        // R: new weights, the history and busy flags go; the pane, directions and axis stay.
        let effects = Self.press("R", &s)
        #expect(effects.contains(.rebuild(s.preset, build: 1)))
        #expect(s.landscape.sharpness == nil && !s.landscape.sharpnessComputing)
        #expect(s.landscape.pane == .sharpness && !s.landscape.logSteps)
        // A late measurement of the old weights is dropped; the old snapshot starts nothing.
        _ = Reducer.reduce(&s, a)
        #expect(s.landscape.sharpness == nil)
        var old = Fixtures.model()
        old.step = 900
        #expect(Reducer.reduce(&s, .snapshot(old)).isEmpty)
    }

    @Test func presetViewsOpenWithTheirPaneAndTheHelpListsTheKeys() throws {
        var p = Fixtures.preset
        p.view.panes = ["sharpness", "loss", "fit"]
        let s = AppState(size: Size(width: 160, height: 48), preset: p)
        #expect(s.landscape.pane == .sharpness && s.focus == .sharpness)
        p.view.panes = ["landscape", "loss"]
        #expect(AppState(size: Size(width: 160, height: 48), preset: p).landscape.pane == .landscape)
        let keys: [(Unicode.Scalar, Action)] = [("l", .landscapePane), ("j", .cycleLandscapeDirections), ("p", .sharpnessPane),
                                                 ("y", .flatDirectionsPane), ("L", .toggleStepAxis)]
        for (key, action) in keys {
            #expect(Keymap.action(for: .char(key)) == action)
            #expect(Keymap.bindings.filter { $0.action == action }.count == 1)
        }
        var b = Buffer(width: 160, height: 48)
        HelpOverlay.render(into: &b, screen: b.bounds, theme: Theme(mode: .color256))
        let text = b.lines().joined(separator: "\n")
        for binding in Keymap.bindings where [.landscapePane, .cycleLandscapeDirections, .sharpnessPane, .flatDirectionsPane,
                                               .toggleStepAxis].contains(binding.action) {
            #expect(text.contains(binding.help), "\(binding.help)")
        }
    }
}
