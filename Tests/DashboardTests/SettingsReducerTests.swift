import Foundation
import Testing
@testable import Dashboard
import NNSession
import NNCore
@testable import PaneModels
import TerminalUI

/// The set-up keys through the reducer: `e` and the panel's keys, `w`, `E`, `D`, and clicked points — each
/// edit through the one edit path, the status bar naming what differs from the preset.
@Suite struct SettingsReducerTests {
    static func state(_ name: String) throws -> AppState {
        let queue = try TrainingQueue(preset: try PresetLibrary.load(name))
        let preset = queue.snapshot().preset
        var state = AppState(size: Size(width: 160, height: 48), preset: preset)
        _ = Reducer.reduce(&state, .snapshot(SnapshotAdapter.model(from: queue.snapshot())))
        return state
    }

    static func keys(_ keys: [Key], _ state: inout AppState) -> [Effect] {
        keys.flatMap { Reducer.reduce(&state, .key($0)) }
    }

    @Test func panelEditsNoiseAndBatchAndTheStatusBarSaysSo() throws {
        var s = try Self.state("moons")
        let original = s.openedPreset
        #expect(Self.keys([.char("e")], &s).isEmpty)
        #expect(s.settings == SettingsPanel())
        // ↓ to noise, → twice: two rebuilds, each from the edited preset.
        let noise = Self.keys([.down, .right, .right], &s)
        let twice = original.steppingKnob(.noise, by: 1).steppingKnob(.noise, by: 1)
        #expect(noise == [.rebuild(original.steppingKnob(.noise, by: 1), build: 1), .rebuild(twice, build: 2)])
        #expect(s.preset == twice)
        #expect(s.message == "noise 0.2: new session from step 0")
        // ↓↓ to batch size, ←: the running session keeps its weights.
        let batch = Self.keys([.down, .down, .left], &s)
        let edited = twice.steppingKnob(.batch, by: -1)
        #expect(batch == [.retune(edited)])
        #expect(s.message == "batch size 30: the run goes on")
        let status = StatusBar.statusText(s)
        #expect(status.contains("Δ noise 0.2 · batch size 30"), "\(status)")
        // Typed: Enter, 17, Enter.
        let typed = Self.keys([.enter, .char("1"), .char("7"), .enter], &s)
        #expect(typed == [.retune(try edited.settingKnob(.batch, to: "17"))])
        // A typed value the knob cannot take is one line, and nothing changes.
        let before = s.preset
        #expect(Self.keys([.enter, .char("x"), .enter], &s).isEmpty)
        #expect(s.message == "batch size: expected an integer between 1 and 240 or full, got \"x\"")
        #expect(s.preset == before)
        // e closes; keys are the dashboard's again.
        _ = Self.keys([.char("e")], &s)
        #expect(s.settings == nil)
        _ = Self.keys([.right], &s)
        #expect(s.preset == before, "→ is not a settings key with the panel closed")
    }

    @Test func writeAsksForTheSetupFile() throws {
        var s = try Self.state("moons")
        _ = Self.keys([.char("e"), .down, .right, .char("e")], &s)
        let setup = s.preset
        #expect(setup.data.noise == 0.15)
        #expect(Self.keys([.char("w")], &s) == [.writeSetup(setup, stem: "moons-setup")])
        // `w` also works with the panel open (it is not a panel key).
        _ = Self.keys([.char("e")], &s)
        #expect(Self.keys([.char("w")], &s) == [.writeSetup(setup, stem: "moons-setup")])
    }

    @Test func clicksAddPointsToTheSetupAndEraseRemovesThem() throws {
        var s = try Self.state("xor")
        #expect(Self.keys([.char("E")], &s).isEmpty)
        #expect(s.message == "no hand-given points to erase (click the map to add some)")
        let area = try #require(DashboardLayout(state: s).panes[.regions])
        let map = RegionsPane.mapRect(area: area)
        let click = Reducer.reduce(&s, .mouse(MouseEvent(x: map.x + 2, y: map.y + 1, button: .right)))
        guard case .addPoint(let x, let y, 1) = try #require(click.first) else { Issue.record("\(click)"); return }
        #expect(s.preset.data.points == [x, y, 1])
        #expect(StatusBar.statusText(s).contains("Δ 1 hand-given point"))
        let erase = Self.keys([.char("E")], &s)
        let xor = try PresetLibrary.load("xor")
        #expect(erase == [.rebuild(xor, build: 1)])
        #expect(s.preset.data.points == [])
        #expect(!StatusBar.statusText(s).contains("Δ"))
    }

    @Test func clicksOnA1DFitAddRegressionPoints() throws {
        var s = try Self.state("regression-1d")
        s.focus = .fit
        let area = try #require(DashboardLayout(state: s).panes[.fit])
        let plot = FitPane.plotRect(area: area)
        let fit = try #require(s.model?.fit)
        let effects = Reducer.reduce(&s, .mouse(MouseEvent(x: plot.x, y: plot.y, button: .left)))
        let p = try #require(FitPane.dataPoint(atX: plot.x, y: plot.y, area: area, model: fit))
        #expect(effects == [.addTarget(x: p.x, y: p.y)])
        #expect(s.preset.data.points == [p.x, p.y])
        // The top-left cell's centre: x half a cell right of the range's start, y half a cell below its top.
        let xr = fit.xRange, yr = fit.yRange
        #expect(abs(p.x - (xr.lowerBound + 0.5 / Double(plot.width) * (xr.upperBound - xr.lowerBound))) < 1e-12)
        #expect(abs(p.y - (yr.upperBound - 0.5 / Double(plot.height) * (yr.upperBound - yr.lowerBound))) < 1e-12)
        #expect(Reducer.reduce(&s, .mouse(MouseEvent(x: plot.maxX, y: plot.y, button: .left))).isEmpty)
    }

    @Test func theActivationRowEditsOneLayerAfterSpace() throws {
        var s = try Self.state("moons")
        s.selectedLayer = 1
        _ = Self.keys([.char("e")], &s)
        let row = try #require(s.preset.knobIDs.firstIndex(of: .activation))
        _ = Self.keys(Array(repeating: Key.down, count: row), &s)
        let p = s.preset
        let effects = Self.keys([.char(" "), .right], &s)
        let expected = try PresetEdit.apply(.stepHiddenActivation(hidden: 1, by: 1), to: p)
        #expect(effects == [.retune(expected)])
        #expect(s.preset.model.activations[0] == p.model.activations[0])
        #expect(s.message == "activation h2 \(expected.model.activations[1].name): the run goes on")
        #expect(StatusBar.statusText(s).contains("Δ activations relu,\(expected.model.activations[1].name)"))
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var b = Buffer(width: 0, height: 0)
        DashboardRenderer.render(s, into: &b, context: &ctx)
        #expect(b.text.contains("activation h2   \(expected.model.activations[1].name)"))
    }

    @Test func discretizeToggles() throws {
        var s = try Self.state("moons")
        #expect(!s.discretize)
        _ = Self.keys([.char("D")], &s)
        #expect(s.discretize)
        _ = Self.keys([.char("D")], &s)
        #expect(!s.discretize)
    }

    @Test func thePanelIsDrawnOverTheDashboard() throws {
        var s = try Self.state("moons")
        _ = Self.keys([.char("e"), .down, .right], &s)
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var b = Buffer(width: 0, height: 0)
        DashboardRenderer.render(s, into: &b, context: &ctx)
        #expect(b.text.contains("settings (e)"))
        #expect(b.text.contains("noise           0.15"))
        #expect(b.text.contains("Δ noise 0.15"))
    }

    /// `D` on a 1D fit or a regression's value map: there is no class map, it says so and changes nothing.
    @Test func discretizeWithoutAClassMapSaysSo() throws {
        var fit = try Self.state("regression-1d")
        _ = Self.keys([.char("D")], &fit)
        #expect(!fit.discretize)
        #expect(fit.message?.hasPrefix("no class map") == true, "\(fit.message ?? "")")
        var value = try Self.state("relu-regions")
        _ = Self.keys([.char("D")], &value)
        #expect(!value.discretize && value.message?.hasPrefix("no class map") == true)
        var moons = try Self.state("moons")
        _ = Self.keys([.char("D")], &moons)
        #expect(moons.discretize && moons.message == "map: hard classes (D: confidence shades)")
    }

    /// Mixed hidden activations are named in full: after space + → on regression-1d's activation row the
    /// preset has sigmoid, tanh, linear, and the Δ list, the set-up segment and the edited caption all say
    /// "sigmoid,tanh", never a lone "sigmoid".
    @Test func mixedActivationsAreAllNamed() throws {
        var s = try Self.state("regression-1d")
        let p = s.preset
        _ = Self.keys([.char("e")], &s)
        let row = try #require(s.preset.knobIDs.firstIndex(of: .activation))
        _ = Self.keys(Array(repeating: Key.down, count: row) + [.char(" "), .right], &s)
        #expect(s.preset == (try PresetEdit.apply(.stepHiddenActivation(hidden: 0, by: 1), to: p)))
        #expect(s.preset.model.activations.map(\.name) == ["sigmoid", "tanh", "linear"])
        let status = StatusBar.statusText(s)
        #expect(status.contains("Δ activations sigmoid,tanh"), "\(status)")
        #expect(!status.contains("activation sigmoid") && !status.contains("· sigmoid ·"), "\(status)")
        #expect(status.contains("sine · sigmoid,tanh · "), "\(status)")
        let m = try #require(s.model)
        let caption = StatusBar.captionText(s, m)
        #expect(caption.contains("now a [1, 32, 32, 1] net with activations sigmoid,tanh trained by"), "\(caption)")
        // Back to one activation on every layer: the single value again, in all three places.
        _ = Self.keys([.char(" "), .left], &s)
        #expect(s.preset.model.activations.map(\.name) == ["tanh", "tanh", "linear"])
        _ = Self.keys([.right], &s)
        let all = s.preset.model.activations.dropLast().map(\.name)
        #expect(Set(all).count == 1 && all[0] != "tanh")
        #expect(StatusBar.statusText(s).contains("Δ activation \(all[0])"))
        #expect(StatusBar.statusText(s).contains("sine · \(all[0]) · "))
        #expect(StatusBar.setupCaption(s.preset).contains("] \(all[0]) net trained by"))
    }

    /// The Δ list takes the columns the other segments leave (not a fixed 40): at 160 columns three changed
    /// knobs all appear; narrower, it is cut with "…" to the room left (never below its minimum), and only
    /// then do whole segments go, in the documented order, the pace staying.
    @Test func theChangedKnobsTakeTheRoomTheStatusLineLeaves() throws {
        var s = try Self.state("moons")
        for id in [SetupKnobID.noise, .batch, .dropout] {
            let row = try #require(s.preset.knobIDs.firstIndex(of: id))
            _ = Self.keys([.char("e")] + Array(repeating: Key.down, count: row) + [.right, .char("e")], &s)
        }
        let delta = "Δ " + s.preset.differenceLine(from: s.openedPreset)
        #expect(delta.components(separatedBy: " · ").count == 3 && delta.count > 40, "\(delta)")
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var b = Buffer(width: 0, height: 0)
        DashboardRenderer.render(s, into: &b, context: &ctx)
        let top = b.lines()[0]
        #expect(b.width == 160 && top.contains(delta), "\(top)")
        let full = StatusBar.statusText(s)
        let pace = StatusBar.paceText(s.pace, measured: s.stepsPerSecond)
        var firstCut: String?
        for width in stride(from: full.count, through: 0, by: -1) {
            let line = StatusBar.fitted(StatusBar.segments(s), width: width)
            #expect(line.contains(pace) && line.count <= max(width, pace.count), "at \(width): \(line)")
            guard let shown = line.components(separatedBy: " │ ").first(where: { $0.hasPrefix("Δ ") }) else { continue }
            // Whole, or cut to exactly the room the other segments leave.
            if shown != delta {
                #expect(shown.hasSuffix("…") && delta.hasPrefix(String(shown.dropLast())) && shown.count >= StatusBar.minimumDeltaWidth,
                        "at \(width): \(shown)")
                #expect(line.count == width, "a cut Δ list fills the line, at \(width): \(line)")
                if firstCut == nil { firstCut = line }
            }
        }
        // The list is cut before any segment goes: the first cut line still has the frame rate.
        #expect(firstCut?.contains(" fps") == true, "\(firstCut ?? "never cut")")
    }

    /// → on every knob of the settings list answers `.rebuild` or `.retune` exactly as the edit's
    /// `rebuildsSession` says, with the preset that `PresetEdit.apply` makes (nothing when the knob is
    /// already at its ladder's end).
    @Test(arguments: ["moons", "circle", "regression-1d", "sawtooth", "momentum"])
    func everyKnobRebuildsOrRetunesAsItsEditSays(name: String) throws {
        var start: AppState
        if name == "momentum" {
            // A momentum optimiser, for its knob (no shipped single preset uses one).
            let p = try PresetEdit.apply(.setOptimizer(.momentum), to: try PresetLibrary.load("moons"))
            let queue = try TrainingQueue(preset: p)
            start = AppState(size: Size(width: 160, height: 48), preset: queue.snapshot().preset)
            _ = Reducer.reduce(&start, .snapshot(SnapshotAdapter.model(from: queue.snapshot())))
        } else {
            start = try Self.state(name)
        }
        let knobs = start.preset.knobIDs
        #expect(!knobs.isEmpty)
        if name == "momentum" { #expect(knobs.contains(.momentum)) }
        for (row, id) in knobs.enumerated() {
            var s = start
            _ = Self.keys([.char("e")] + Array(repeating: Key.down, count: row), &s)
            let effects = Self.keys([.right], &s)
            let edit = PresetEdit.stepKnob(id, by: 1)
            let expected = try PresetEdit.apply(edit, to: start.preset)
            if expected == start.preset {
                #expect(effects.isEmpty, "\(name) \(id): \(effects)")
            } else if edit.rebuildsSession {
                guard case .rebuild(let q, _)? = effects.first, effects.count == 1 else {
                    Issue.record("\(name) \(id): expected a rebuild, got \(effects)")
                    continue
                }
                #expect(q == expected, "\(name) \(id)")
            } else {
                #expect(effects == [.retune(expected)], "\(name) \(id): \(effects)")
            }
            #expect(edit.rebuildsSession == id.needsRebuild)
        }
    }
}
