import Testing
import Dashboard
import NNSession
import NNCore
import TerminalUI

/// The settings panel: its keys (select, step, type, close) and its drawing at every size.
@Suite struct SettingsPanelTests {
    static func moons() throws -> Preset { try PresetLibrary.load("moons") }

    @Test func arrowsSelectAndStepTheSelectedKnob() throws {
        let p = try Self.moons()
        let ids = p.knobIDs
        var panel = SettingsPanel()
        #expect(panel.handle(.down, knobs: ids) == .handled)
        #expect(panel.selected == 1)
        #expect(ids[1] == .noise)
        #expect(panel.handle(.right, knobs: ids) == .edit(.stepKnob(.noise, by: 1)))
        #expect(panel.handle(.left, knobs: ids) == .edit(.stepKnob(.noise, by: -1)))
        #expect(panel.handle(.up, knobs: ids) == .handled)
        #expect(panel.handle(.up, knobs: ids) == .handled)
        #expect(panel.selected == ids.count - 1, "↑ from the first knob wraps to the last")
        #expect(ids[panel.selected] == .seed)
        #expect(panel.handle(.char("w"), knobs: ids) == .passThrough)
        #expect(panel.handle(.char("e"), knobs: ids) == .close)
        #expect(panel.handle(.escape, knobs: ids) == .close)
    }

    @Test func enterTypesAValue() throws {
        let ids = try Self.moons().knobIDs
        var panel = SettingsPanel(selected: ids.firstIndex(of: .batch) ?? -1)
        #expect(panel.handle(.enter, knobs: ids) == .handled)
        #expect(panel.typing == "")
        for c in "17" { _ = panel.handle(.char(c.unicodeScalars.first ?? " "), knobs: ids) }
        _ = panel.handle(.char("x"), knobs: ids)
        _ = panel.handle(.backspace, knobs: ids)
        #expect(panel.typing == "17")
        #expect(panel.handle(.char("e"), knobs: ids) == .handled, "e is typed, not closing, while typing")
        _ = panel.handle(.backspace, knobs: ids)
        #expect(panel.handle(.enter, knobs: ids) == .edit(.setKnob(.batch, to: "17")))
        #expect(panel.typing == nil)
        _ = panel.handle(.enter, knobs: ids)
        #expect(panel.handle(.escape, knobs: ids) == .handled, "Esc stops typing first")
        #expect(panel.typing == nil)
    }

    @Test func spaceOnTheActivationRowEditsTheSelectedLayerAlone() throws {
        let ids = try Self.moons().knobIDs
        let row = try #require(ids.firstIndex(of: .activation))
        var panel = SettingsPanel(selected: row)
        #expect(panel.handle(.right, knobs: ids, selectedLayer: 1) == .edit(.stepKnob(.activation, by: 1)))
        #expect(panel.handle(.char(" "), knobs: ids, selectedLayer: 1) == .handled)
        #expect(panel.activationLayer == 1)
        #expect(panel.handle(.left, knobs: ids, selectedLayer: 0) == .edit(.stepHiddenActivation(hidden: 1, by: -1)))
        #expect(panel.handle(.char(" "), knobs: ids, selectedLayer: 1) == .handled)
        #expect(panel.activationLayer == nil)
        // Elsewhere space is the dashboard's (run / pause).
        var other = SettingsPanel(selected: 0)
        #expect(other.handle(.char(" "), knobs: ids) == .passThrough)
    }

    @Test func selectionFollowsItsKnobWhenTheListChanges() throws {
        let p = try Self.moons()
        var panel = SettingsPanel(selected: p.knobIDs.firstIndex(of: .l2) ?? -1)
        let sgd = try PresetEdit.apply(.setKnob(.optimizer, to: "sgd"), to: p)
        #expect(sgd.knobIDs.count == p.knobIDs.count - 2, "no betas for SGD")
        panel.follow(.l2, in: sgd.knobIDs)
        #expect(sgd.knobIDs[panel.selected] == .l2)
        panel.follow(.beta1, in: sgd.knobIDs)
        #expect(panel.selected < sgd.knobIDs.count)
    }

    /// The panel over moons with noise and batch changed and the batch being typed.
    func drawn(_ w: Int, _ h: Int, theme: Theme = Theme(mode: .color256), typing: String? = nil) throws -> Buffer {
        let p = try Self.moons()
        let q = try PresetEdit.apply(.stepKnob(.batch, by: -1), to: try PresetEdit.apply(.stepKnob(.noise, by: 2), to: p))
        let knobs = q.setupKnobs(comparedTo: p)
        let panel = SettingsPanel(selected: q.knobIDs.firstIndex(of: .batch) ?? 0, typing: typing)
        var b = Buffer(width: w, height: h)
        SettingsPanelView.render(knobs: knobs, panel: panel, message: "noise 0.2: the data is drawn again",
                                 into: &b, screen: b.bounds, theme: theme)
        return b
    }

    @Test func drawsAtEverySize() throws {
        #expect(try drawn(0, 0).lines().isEmpty)
        #expect(try drawn(1, 1).lines().count == 1)
        try assertSnapshot(try drawn(44, 8), named: "settings-panel-minimum")
        try assertSnapshot(try drawn(120, 36), named: "settings-panel-120x36")
        try assertSnapshot(try drawn(120, 36, theme: Theme(mode: .monochrome, ascii: true), typing: "17"),
                           named: "settings-panel-120x36-ascii-typing")
        let full = try drawn(120, 36).text
        #expect(full.contains("noise           0.2"))
        #expect(full.contains("(preset 0.1)"))
        #expect(full.contains("↻"))
    }
}
