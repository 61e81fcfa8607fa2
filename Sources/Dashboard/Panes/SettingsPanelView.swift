import NNSession
import TerminalUI

/// The settings panel drawn over the dashboard: one row per knob (label, current value, the preset's value
/// when it differs, ↻ when a change rebuilds the session), the selected row highlighted, the value being
/// typed in place of the selected value, a help line, and the last message.
public enum SettingsPanelView {
    /// Width of the label column.
    static let labelWidth = 16

    /// The rows' text (without the selection marker): `noise          0.1    (preset 0.05) ↻`.
    public static func row(_ k: SetupKnob, typing: String?, ascii: Bool) -> String {
        let rebuild = k.id.needsRebuild ? (ascii ? "*" : "↻") : " "
        let value = typing.map { $0 + "_" } ?? k.value
        let preset = k.differsFromPreset && typing == nil ? "  (preset \(k.presetValue))" : ""
        let label = ascii ? k.label.replacingOccurrences(of: "β₁", with: "beta1").replacingOccurrences(of: "β₂", with: "beta2") : k.label
        return pad(label, labelWidth) + pad(value, 10) + rebuild + preset
    }

    /// The activation row when it edits one hidden layer: `activation h2   tanh   (all: relu · space)`.
    public static func layerActivationRow(layer: Int, name: String, all: String) -> String {
        pad("activation h\(layer + 1)", labelWidth) + pad(name, 10) + "   (space: every layer, now \(all))"
    }

    /// `layerActivation`: the name of the activation of ``SettingsPanel/activationLayer`` when set.
    public static func render(knobs: [SetupKnob], panel: SettingsPanel, message: String?, layerActivation: String? = nil,
                              into buffer: inout Buffer, screen: Rect, theme: Theme) {
        guard screen.width > 0, screen.height > 0 else { return }
        let legend = theme.ascii ? "* rebuilds (new data or weights); the others keep the weights"
            : "↻ rebuilds (new data or weights); the others keep the weights"
        let help = theme.ascii ? SettingsPanel.help.replacingOccurrences(of: "↑↓", with: "Up/Down")
            .replacingOccurrences(of: "←→", with: "Left/Right").replacingOccurrences(of: "·", with: "|")
            : SettingsPanel.help
        let rows = knobs.enumerated().map { i, k -> String in
            if k.id == .activation, let l = panel.activationLayer, let name = layerActivation, i != panel.selected || panel.typing == nil {
                return layerActivationRow(layer: l, name: name, all: k.value)
            }
            return row(k, typing: i == panel.selected ? panel.typing : nil, ascii: theme.ascii)
        }
        let widest = ([legend, help, message ?? ""] + rows).map { $0.unicodeScalars.count }.max() ?? 0
        let width = min(screen.width, max(44, widest + 5))
        let footer = 3
        let height = min(screen.height, rows.count + footer + 2)
        let box = screen.centered(width: width, height: height)
        buffer.fill(box)
        let inner = buffer.drawBox(box, title: "settings (e)", glyphs: theme.glyphs, border: theme.focusedBorder,
                                   titleStyle: theme.focusedTitle)
        guard !inner.isEmpty else { return }
        if knobs.isEmpty {
            buffer.write("an experiment has no knobs", x: inner.x + 1, y: inner.y, style: theme.dim,
                         maxWidth: inner.width - 1, clip: inner)
            return
        }
        // Rows that fit above the footer; the list scrolls to keep the selection visible.
        let footerRows = min(footer, max(0, inner.height - 1))
        let visible = max(1, inner.height - footerRows)
        let first = min(max(0, panel.selected - visible / 2), max(0, rows.count - visible))
        for (n, i) in (first..<min(rows.count, first + visible)).enumerated() {
            let y = inner.y + n
            let selected = i == panel.selected
            let style = selected ? theme.focusedTitle : (knobs[i].differsFromPreset ? theme.title : theme.text)
            if selected { buffer.set(inner.x, y, theme.glyphs.arrow, theme.focusedTitle) }
            buffer.write(rows[i], x: inner.x + 2, y: y, style: style, maxWidth: inner.width - 2, clip: inner)
        }
        let lines = [(message ?? "", theme.warning), (legend, theme.dim), (help, theme.dim)].suffix(footerRows)
        for (n, (text, style)) in lines.enumerated() {
            let y = inner.maxY - lines.count + n
            buffer.write(text, x: inner.x + 1, y: y, style: style, maxWidth: inner.width - 1, clip: inner)
        }
    }

    static func pad(_ s: String, _ n: Int) -> String {
        let c = s.unicodeScalars.count
        return c >= n ? s + " " : s + String(repeating: " ", count: n - c)
    }
}
