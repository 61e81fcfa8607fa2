import TerminalUI

/// The `?` overlay, generated from `Keymap.bindings` (plus the mouse lines), never written by hand.
public enum HelpOverlay {
    /// The overlay's lines: "key   help" for every binding, then the mouse help.
    public static func entries() -> [(key: String, help: String)] {
        Keymap.bindings.map { ($0.keyLabel, $0.help) } + Keymap.mouseHelp.map { ($0.0, $0.1) }
    }

    /// `footer`: an extra line under the keys (compare mode says who the keys act on).
    public static func render(into buffer: inout Buffer, screen: Rect, theme: Theme, footer: String? = nil) {
        let items = entries()
        let keyW = 18, helpW = 28, colW = keyW + helpW + 2
        let cols = screen.width >= 2 * colW + 4 ? 2 : 1
        let rows = (items.count + cols - 1) / cols
        let box = screen.centered(width: cols * colW + 3, height: rows + 4)
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
        if let footer, inner.height >= 2 {
            buffer.write(footer, x: inner.x + 1, y: inner.maxY - 1, style: theme.dim, clip: inner)
        }
    }

    static func asciiKey(_ s: String) -> String {
        s.replacingOccurrences(of: "↑", with: "Up").replacingOccurrences(of: "↓", with: "Down")
            .replacingOccurrences(of: "←", with: "Left").replacingOccurrences(of: "→", with: "Right")
    }
}
