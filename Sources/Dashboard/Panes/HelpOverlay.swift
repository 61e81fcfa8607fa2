import TerminalUI

/// The `?` overlay, generated from `Keymap.bindings` (plus the mouse lines), never written by hand.
public enum HelpOverlay {
    /// The overlay's lines: "key   help" for every binding, then the mouse help.
    public static func entries() -> [(key: String, help: String)] {
        Keymap.bindings.map { ($0.keyLabel, $0.help) } + Keymap.mouseHelp.map { ($0.0, $0.1) }
    }

    /// `footer`: an extra line under the keys (compare mode says who the keys act on); the step-axis rule follows.
    public static func render(into buffer: inout Buffer, screen: Rect, theme: Theme, footer: String? = nil) {
        let items = entries()
        let keyW = 18, helpW = 28, colW = keyW + helpW + 2
        let cols = screen.width >= 2 * colW + 4 ? 2 : 1
        let rows = (items.count + cols - 1) / cols
        // Notes under the keys: the caller's footer, then the step-axis rule (what `L`'s "auto" means).
        // Each note wrapped at spaces to the box (a one-column box is narrower than the rule's sentence).
        let notes = [footer, "L auto: " + StepScale.autoRule].compactMap { $0 }.flatMap {
            TextFit.wrapped($0, width: cols * colW - 1, rows: 3)
        }
        let box = screen.centered(width: cols * colW + 3, height: rows + 3 + notes.count)
        buffer.fill(box)
        let inner = buffer.drawBox(box, title: "keys (? or Esc to close)", glyphs: theme.glyphs,
                                   border: theme.focusedBorder, titleStyle: theme.focusedTitle)
        guard !inner.isEmpty else { return }
        for (i, item) in items.enumerated() {
            let col = i / rows, row = i % rows
            let x = inner.x + 1 + col * colW, y = inner.y + 1 + row
            guard y < inner.maxY else { continue }
            let key = theme.ascii ? asciiKey(item.key) : item.key
            let n = buffer.write(key, x: x, y: y, style: theme.title, maxWidth: keyW, clip: inner)
            let help = theme.ascii ? item.help.replacingOccurrences(of: "×", with: "x").replacingOccurrences(of: "÷", with: "/") : item.help
            buffer.write(help, x: x + max(n + 1, min(keyW, 8)), y: y, style: theme.text, maxWidth: helpW, clip: inner)
        }
        for (k, note) in notes.enumerated() where inner.height >= 1 + notes.count {
            buffer.write(note, x: inner.x + 1, y: inner.maxY - notes.count + k, style: theme.dim, clip: inner)
        }
    }

    static func asciiKey(_ s: String) -> String {
        s.replacingOccurrences(of: "↑", with: "Up").replacingOccurrences(of: "↓", with: "Down")
            .replacingOccurrences(of: "←", with: "Left").replacingOccurrences(of: "→", with: "Right")
    }
}
