import Foundation
import Testing
import NNSession
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// Every shipped preset at the four sizes a lecture meets, single and compare: the caption is whole (its claim
/// is never cut with "…"), and every pane a preset names is on screen.
@Suite struct PresetScreenSizeTests {
    static func presets() throws -> [Preset] { try PresetLibrary.list().map { try PresetLibrary.load($0.name) } }

    @Test(arguments: ScreenSizeTests.sizes.indices)
    func singleCaptionsAreWhole(_ k: Int) throws {
        let (w, h) = ScreenSizeTests.sizes[k]
        for p in try Self.presets() {
            var s = PresetScreens.single(p, width: w, height: h)
            s.showCaption = true
            let layout = DashboardLayout(state: s)
            let rows = PresetScreens.text(PresetScreens.render(s), layout.caption)
            let whole = PresetScreens.squeezed(StatusBar.captionText(s, try #require(s.model)))
            #expect(!rows.contains("…") || whole.contains("…"), "\(p.name) \(w)×\(h): \(rows)")
            #expect(PresetScreens.squeezed(rows) == whole, "\(p.name) \(w)×\(h): \(rows)")
        }
    }

    @Test(arguments: ScreenSizeTests.sizes.indices)
    func compareCaptionsAreWhole(_ k: Int) throws {
        let (w, h) = ScreenSizeTests.sizes[k]
        for p in try Self.presets() where p.isComparison {
            let s = try PresetScreens.compare(p, width: w, height: h)
            let rows = PresetScreens.text(PresetScreens.render(s), CompareLayout(state: s).caption)
            let whole = PresetScreens.squeezed(try #require(CompareRenderer.captionText(s)))
            #expect(whole.contains(PresetScreens.squeezed(p.caption)))
            #expect(PresetScreens.squeezed(rows) == whole, "\(p.name) \(w)×\(h): \(rows)")
        }
    }

    /// The pane a name in `view.panes` stands for (`fit` and `regions` are the data plot).
    static func pane(_ name: String, _ s: AppState) -> PaneID? {
        if name == "fit" || name == "regions" { return s.dataPane }
        return PaneID(rawValue: name)
    }

    @Test func everyNamedPaneIsShownSingle() throws {
        for p in try Self.presets() {
            let s = PresetScreens.single(p, width: 160, height: 48)
            let shown = Set(DashboardLayout(state: s).panes.keys)
            for name in p.view.panes {
                let id = try #require(Self.pane(name, s), "\(p.name): \(name)")
                // `active_count` is the regions map's shading, drawn in the map (no pane of its own).
                if id == .activeCount { continue }
                #expect(shown.contains(id) || (s.presetPane?.fillsBody == true && id == s.mainPane),
                        "\(p.name) names \(name) but shows \(shown.map(\.rawValue).sorted())")
            }
        }
    }

    @Test func everyNamedPaneIsShownCompare() throws {
        for p in try Self.presets() where p.isComparison {
            let s = try PresetScreens.compare(p, width: 160, height: 48)
            let layout = CompareLayout(state: s)
            for i in s.sessions.indices {
                let shown = Set(layout.panes(of: s, session: i).keys)
                for name in p.view.panes {
                    let id = try #require(Self.pane(name, s.sessions[i].app))
                    #expect(shown.contains(id), "\(p.name) session \(i + 1) names \(name) but shows \(shown.map(\.rawValue).sorted())")
                }
            }
        }
    }

    /// A compare preset naming a pane compare mode does not show is refused at load, in one line.
    @Test func comparePresetNamingAnUnshownPaneIsRefused() throws {
        let base = """
            {"title": "T", "description": "d", "data": {"kind": "sine", "n": 32},
             "model": {"layers": [1, 8, 1]}, "training": {"optimizer": {"name": "sgd", "lr": 0.01}},
             "view": {"panes": PANES}COMPARE}
            """
        let compare = #", "compare": [{"label": "a"}, {"label": "b", "training": {"optimizer": {"name": "adam"}}}]"#
        func parse(_ panes: String, _ tail: String) throws(PresetError) -> Preset {
            try Preset.parse(base.replacingOccurrences(of: "PANES", with: panes).replacingOccurrences(of: "COMPARE", with: tail),
                             file: "t.json")
        }
        _ = try parse(#"["fit", "kinks", "loss"]"#, compare)
        for bad in [#"["fit", "network"]"#, #"["fit", "kinks", "activations"]"#] {
            do {
                _ = try parse(bad, compare)
                Issue.record("\(bad) accepted")
            } catch {
                #expect(!error.description.contains("\n") && error.description.contains("compare"), "\(error)")
            }
        }
        // A single preset may name the network.
        _ = try parse(#"["fit", "network"]"#, "")
    }
}
