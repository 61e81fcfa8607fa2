import Testing
import NNSession
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// The reducer driven by scripted key sequences.
@Suite struct ReducerTests {
    func run(_ keys: [Key], on state: inout AppState) -> [Effect] {
        keys.flatMap { Reducer.reduce(&state, .key($0)) }
    }

    @Test func pauseStepAndPace() {
        var s = Fixtures.state()
        #expect(run([.char(" ")], on: &s) == [.setRunning(false)])
        #expect(!s.running && s.message == "paused")
        #expect(run([.char("n"), .char("n")], on: &s) == [.setRunning(false), .step(1), .setRunning(false), .step(1)])
        #expect(run([.char("m")], on: &s) == [.advance(1000)] && !s.running)
        #expect(s.pace == .default)
        #expect(run([.char("f"), .char("f"), .char("f")], on: &s).last == .setPace(.perSecond(2000)))
        #expect(s.message == "pace 2k/s" && s.preset.view.pace == .perSecond(2000))
        #expect(run([.char("F"), .char("F"), .char("F"), .char("F")], on: &s).last == .setPace(.perSecond(100)))
        for _ in 0..<20 { _ = run([.char("f")], on: &s) }
        #expect(s.pace == .max && s.message == "pace max is the fastest")
        for _ in 0..<30 { _ = run([.char("F")], on: &s) }
        #expect(s.pace == .perSecond(1))
        #expect(run([.char(" ")], on: &s) == [.setRunning(true)])
        #expect(s.message == "running at pace 1/s")
    }

    @Test func widthAndDepthEditsRebuild() {
        var s = Fixtures.state()
        // Select the second hidden layer, widen it twice, narrow once.
        let effects = run([.down, .char("]"), .char("]"), .char("[")], on: &s)
        #expect(s.selectedLayer == 1)
        #expect(s.hiddenWidths == [16, 17])
        #expect(effects.count == 3 && s.build == 3)
        #expect(effects.last == .rebuild(s.preset, build: 3))
        #expect(s.message == "h2 width 17: [1, 16, 17, 1]")
        // Add a layer after the selected one (copies its width), then remove it again.
        _ = run([.char("}")], on: &s)
        #expect(s.hiddenWidths == [16, 17, 17] && s.selectedLayer == 2)
        _ = run([.char("{"), .char("{")], on: &s)
        #expect(s.hiddenWidths == [16])
        // The last hidden layer cannot be removed; width never drops below 1.
        #expect(run([.char("{")], on: &s).isEmpty)
        #expect(s.message == "at least one hidden layer")
        for _ in 0..<40 { _ = run([.char("[")], on: &s) }
        #expect(s.hiddenWidths == [1] && s.message == "width 1 is the minimum")
        #expect(run([.up, .up], on: &s).isEmpty && s.selectedLayer == 0)
    }

    /// `{` on h1 of a net with LayerNorm on every hidden layer but the first removes h1 (with its "none"):
    /// the other layers keep their LayerNorm (the edit names the layer; nothing is re-derived).
    @Test func removingH1KeepsTheOtherLayersNormalisation() throws {
        let compare = try PresetLibrary.load("normalisation")
        let ln = try #require(try compare.comparedPresets().first { $0.label.hasPrefix("LayerNorm") }).preset
        var s = AppState(size: Size(width: 120, height: 36), preset: ln)
        let hidden = s.hiddenWidths.count
        #expect(s.selectedLayer == 0)
        let effects = run([.char("{")], on: &s)
        guard case .rebuild(let p, _)? = effects.last else { Issue.record("no rebuild: \(effects)"); return }
        #expect(p.model.hiddenWidths.count == hidden - 1)
        #expect(p.model.normalizations.dropLast().allSatisfy { $0.kind == .layer })
        #expect(p == s.preset)
    }

    @Test func resetsChangeSeedOrKeepIt() {
        var s = Fixtures.state()
        let seed = s.preset.training.seed
        #expect(run([.char("R")], on: &s) == [.rebuild(s.preset, build: 1)])
        #expect(s.preset.training.seed == seed)
        _ = run([.char("r")], on: &s)
        #expect(s.preset.training.seed == seed + 1 && s.message == "new seed \(seed + 1): re-initialised")
        #expect(s.spectrum == nil, "a new model invalidates the old spectrum")
        _ = run([.char("N")], on: &s)
        #expect(s.preset.data.seed == 1)
        #expect(!s.captionEdited, "seeds and noise leave the caption true")
    }

    @Test func learningRateStaysFiniteAndPositive() {
        var s = Fixtures.state()
        #expect(run([.char("+")], on: &s) == [.setLearningRate(2e-3)])
        #expect(s.message == "learning rate 2e-3")
        #expect(run([.char("-"), .char("-")], on: &s) == [.setLearningRate(1e-3), .setLearningRate(5e-4)])
        for _ in 0..<1100 { _ = run([.char("-")], on: &s) }
        #expect(s.preset.training.optimizer.lr > 0 && s.message?.contains("> 0") == true)
    }

    @Test func cyclingChoices() {
        var s = Fixtures.state()
        _ = run([.char("o")], on: &s)
        #expect(s.preset.training.optimizer.name == .adamw && s.message == "optimiser adamw")
        _ = run([.char("o")], on: &s)
        #expect(s.preset.training.optimizer.name == .sgd)   // wraps to the first
        _ = run([.char("a"), .char("a")], on: &s)
        #expect(s.preset.model.hiddenActivation?.kind == .tanh && s.message == "activation tanh")
        _ = run([.char("d")], on: &s)
        // sawtooth is the last 1D set: wraps to the first.
        #expect(s.preset.data.kind == .sine && s.message == "data sine")
        #expect(s.captionEdited)
    }

    @Test func togglesFocusZoomHelpAndQuit() {
        var s = Fixtures.state()
        #expect(s.focus == .fit)   // the main plot has the focus at start
        _ = run([.tab, .tab, .tab, .tab], on: &s)
        #expect(s.focus == .fit)
        _ = run([.char("z")], on: &s)
        #expect(s.zoomed && DashboardLayout(state: s).panes.keys.sorted { $0.rawValue < $1.rawValue } == [.fit])
        _ = run([.char("?")], on: &s)
        #expect(s.showHelp)
        _ = run([.escape], on: &s)
        #expect(!s.showHelp && s.zoomed)
        _ = run([.escape], on: &s)
        #expect(!s.zoomed)
        _ = run([.char("b"), .char("k"), .char("t"), .char("H")], on: &s)
        #expect(s.showBoundaries && !s.showKinks && !s.showTestData && !s.autoHessian)
        #expect(run([.char("h")], on: &s) == [.startJob(.spectrum)] && s.hessianComputing)
        #expect(run([.char("h")], on: &s).isEmpty && s.message == "the Hessian is being computed")
        #expect(run([.char("X")], on: &s).isEmpty, "unbound keys do nothing")
        #expect(run([.ctrl("c")], on: &s) == [.quit])
        #expect(s.quitRequested)
    }

    @Test func clickOnTheMapAddsPoints() throws {
        var s = Fixtures.state(width: 100, height: 30, inputDimension: 2)
        s.preset = try PresetLibrary.load("xor")   // a 2D classification set-up: clicked points go into it
        let area = try #require(DashboardLayout(state: s).panes[.regions])
        let map = RegionsPane.mapRect(area: area)
        // Top-left cell of the map → near (xmin, ymax); bottom-right → near (xmax, ymin).
        let tl = Reducer.reduce(&s, .mouse(MouseEvent(x: map.x, y: map.y, button: .left)))
        let br = Reducer.reduce(&s, .mouse(MouseEvent(x: map.maxX - 1, y: map.maxY - 1, button: .right)))
        let sh = Reducer.reduce(&s, .mouse(MouseEvent(x: map.x, y: map.y, button: .left, shift: true)))
        guard case .addPoint(let x0, let y0, let l0) = try #require(tl.first),
              case .addPoint(let x1, let y1, let l1) = try #require(br.first),
              case .addPoint(_, _, let l2) = try #require(sh.first) else {
            Issue.record("expected addPoint effects")
            return
        }
        #expect(l0 == 0 && l1 == 1 && l2 == 1)
        let cellW = 2.0 / Double(map.width), cellH = 2.0 / Double(map.height)
        #expect(abs(x0 - (-1 + cellW / 2)) < 1e-12 && abs(y0 - (1 - cellH / 2)) < 1e-12)
        #expect(abs(x1 - (1 - cellW / 2)) < 1e-12 && abs(y1 - (-1 + cellH / 2)) < 1e-12)
        #expect(s.focus == .regions)
        #expect(s.preset.data.points == [x0, y0, 0, x1, y1, 1, x0, y0, 1])
        // A click on another pane only focuses it; a click on the 1D fit (regression) adds the point (x, y).
        let net = try #require(DashboardLayout(state: s).panes[.network])
        #expect(Reducer.reduce(&s, .mouse(MouseEvent(x: net.x + 2, y: net.y + 2, button: .left))).isEmpty)
        #expect(s.focus == .network)
        var s1 = Fixtures.state()
        let fit = try #require(DashboardLayout(state: s1).panes[.fit])
        let added = Reducer.reduce(&s1, .mouse(MouseEvent(x: fit.x + 10, y: fit.y + 5, button: .left)))
        guard case .addTarget(let x, let y) = try #require(added.first) else { Issue.record("\(added)"); return }
        #expect(s1.preset.data.points == [x, y])
    }

    @Test func divergencePausesOnce() {
        var s = Fixtures.state()
        var m = Fixtures.model()
        m.divergedAtStep = 10
        #expect(Reducer.reduce(&s, .snapshot(m)) == [.setRunning(false)])
        #expect(Reducer.reduce(&s, .snapshot(m)).isEmpty)
        #expect(s.message?.hasPrefix("diverged at step 10") == true)
    }

    @Test func saveKeyAsksTheRuntimeAndShowsItsAnswer() {
        var s = Fixtures.state()
        s.running = true
        let before = s
        #expect(Reducer.reduce(&s, .key(.char("s"))) == [.saveSession])
        #expect(s.message == "saving…")
        #expect(s.running && s.preset == before.preset && s.build == before.build,
                "saving must not pause or change the session")
        #expect(Reducer.reduce(&s, .status("saved to default-step12.nnviz.json")).isEmpty)
        #expect(s.message == "saved to default-step12.nnviz.json")
        // The next key replaces the status line with its own feedback.
        _ = Reducer.reduce(&s, .key(.char("b")))
        #expect(s.message == "region boundaries on")
    }

    /// Every key answers on the hint line (the overlays, Esc and q answer by what they show or do).
    @Test func everyKeyGivesOneLineOfFeedback() {
        let silent: Set<Action> = [.toggleHelp, .closeOverlay, .quit, .gradcheck]
        for binding in Keymap.bindings where !silent.contains(binding.action) {
            for key in binding.keys {
                var s = Fixtures.state()
                _ = Reducer.reduce(&s, .key(key))
                let message = s.message ?? ""
                #expect(!message.isEmpty && !message.contains("\n"), "\(key.label) (\(binding.action)) gave no feedback")
            }
        }
        var s = Fixtures.state()
        _ = Reducer.reduce(&s, .key(.char("g")))
        #expect(s.gradcheck == .computing, "g answers with its overlay")
    }

    @Test func spectrumResultsOfAnOlderBuildAreDropped() {
        var s = Fixtures.state()
        s.spectrum = nil
        #expect(Reducer.reduce(&s, .key(.char("h"))) == [.startJob(.spectrum)] && s.hessianComputing)
        _ = Reducer.reduce(&s, .key(.char("R")))
        #expect(!s.hessianComputing && s.build == 1)
        #expect(Reducer.reduce(&s, .spectrum(Fixtures.spectrum, build: 0)).isEmpty && s.spectrum == nil)
        _ = Reducer.reduce(&s, .spectrum(Fixtures.spectrum, build: 1))
        #expect(!s.hessianComputing && s.spectrum == Fixtures.spectrum)
        // A snapshot of the old session is dropped as well.
        var old = Fixtures.model()
        old.step = 99
        _ = Reducer.reduce(&s, .snapshot(old))
        #expect(s.model?.step == 500)
    }
}

@Suite struct CaptionWrapTests {
    @Test func wrapsAtSpacesWithinTheWidth() {
        #expect(StatusBar.wrap("aaa bbb ccc", width: 7, rows: 2) == ["aaa bbb", " ccc"])
        #expect(StatusBar.wrap("aaaaaaaaaa", width: 4, rows: 2) == ["aaaa", " aaaaaa"])
        #expect(StatusBar.wrap("x", width: 0, rows: 2).isEmpty)
        #expect(StatusBar.wrap("a b c d e f", width: 3, rows: 1) == ["a b c d e f"])
    }
}
