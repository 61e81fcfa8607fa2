import TerminalUI

/// How `nnviz lecture` draws around the dashboard: the dashboard gets the screen minus the lecture bar (the
/// last row: `step 7/25 · depth-vs-width — title`, and the keys) and, when `T` shows them, the speaker notes
/// above it; the `?` list of steps is drawn over everything. Pure: a buffer in, a buffer out.
public enum DeckOverlay {
    /// Rows the notes strip may take at most (a third of the screen).
    static func notesRows(_ p: DeckPlayer, size: Size) -> [String] {
        guard p.showsNotes, size.width >= 8 else { return [] }
        var rows: [String] = []
        for note in p.current.notes { rows += wrap("• " + note, width: size.width - 2, indent: "  ") }
        let next = p.isLast ? "next: (last step)" : "next: \(p.steps[p.index + 1].title)"
        rows += wrap(next, width: size.width - 2, indent: "  ")
        return Array(rows.prefix(Swift.max(0, size.height / 3)))
    }

    /// The size the dashboard draws in: the screen minus the lecture bar and the notes strip.
    public static func innerSize(_ p: DeckPlayer, screen: Size) -> Size {
        let used = 1 + notesRows(p, size: screen).count
        return Size(width: screen.width, height: Swift.max(0, screen.height - used))
    }

    /// Composes the dashboard's frame (`inner`, of ``innerSize(_:screen:)``) and the lecture's rows into `out`.
    public static func compose(_ p: DeckPlayer, inner: Buffer, into out: inout Buffer, size: Size, theme: Theme) {
        if out.width != size.width || out.height != size.height { out.resize(width: size.width, height: size.height) }
        out.clear()
        for y in 0..<Swift.min(inner.height, size.height) {
            for x in 0..<Swift.min(inner.width, size.width) { out[x, y] = inner[x, y] }
        }
        guard size.height > 0 else { return }
        let notes = notesRows(p, size: size)
        let top = size.height - 1 - notes.count
        for (i, line) in notes.enumerated() {
            out.fill(Rect(x: 0, y: top + i, width: size.width, height: 1), style: theme.text)
            out.write(line, x: 1, y: top + i, style: theme.text, maxWidth: size.width - 2)
        }
        bar(p, into: &out, y: size.height - 1, width: size.width, theme: theme)
        if let row = p.listSelection { list(p, selected: row, into: &out, theme: theme) }
    }

    /// The lecture bar: the status segment first (never dropped), then the step's title, then the keys,
    /// each dropped whole when the row is too narrow.
    static func bar(_ p: DeckPlayer, into out: inout Buffer, y: Int, width: Int, theme: Theme) {
        let style = theme.status
        out.fill(Rect(x: 0, y: y, width: width, height: 1), style: style)
        let segment = " " + p.statusSegment
        var x = out.write(segment, x: 0, y: y, style: style.bold(), maxWidth: width)
        let keys = p.autoplay != nil && !p.isLast ? "autoplay · PgDn/PgUp · ? steps · T notes " : "PgDn/PgUp steps · ? list · T notes "
        let title = " — " + p.current.title
        let keysWidth = keys.unicodeScalars.count
        if x + title.unicodeScalars.count + 1 + keysWidth <= width {
            x += out.write(title, x: x, y: y, style: style, maxWidth: width - x)
        } else if x + title.unicodeScalars.count <= width {
            x += out.write(title, x: x, y: y, style: style, maxWidth: width - x)
            return
        }
        if x + 1 + keysWidth <= width { out.write(keys, x: width - keysWidth, y: y, style: style) }
    }

    /// The `?` list: every step's number, title and preset; the one shown is marked, the selected reversed.
    static func list(_ p: DeckPlayer, selected: Int, into out: inout Buffer, theme: Theme) {
        let count = p.steps.count
        let w = Swift.min(out.width - 2, 76), h = Swift.min(out.height - 2, count + 3)
        guard w >= 20, h >= 4 else { return }
        let box = Rect(x: (out.width - w) / 2, y: (out.height - h) / 2, width: w, height: h)
        out.fill(box, style: theme.text)
        let inner = out.drawBox(box, title: " \(p.title): steps ", glyphs: theme.glyphs, border: theme.focusedBorder,
                                titleStyle: theme.focusedTitle)
        let rows = inner.height - 1
        guard rows > 0 else { return }
        let first = Swift.max(0, Swift.min(selected - rows / 2, count - rows))
        for r in 0..<Swift.min(rows, count - first) {
            let i = first + r
            let step = p.steps[i]
            let mark = i == p.index ? "▶" : " "
            let number = String(i + 1)
            let label = "\(mark)\(String(repeating: " ", count: Swift.max(0, 3 - number.count)))\(number)  \(step.title)"
            let name = step.presetName
            let style = i == selected ? theme.text.reversed() : theme.text
            out.fill(Rect(x: inner.x, y: inner.y + r, width: inner.width, height: 1), style: style)
            out.write(label, x: inner.x, y: inner.y + r, style: style, maxWidth: inner.width - name.unicodeScalars.count - 2)
            out.write(name, x: inner.maxX - name.unicodeScalars.count, y: inner.y + r, style: i == selected ? style : theme.dim)
        }
        out.write("↑ ↓ select · Enter open · Esc close · ? keys", x: inner.x, y: inner.maxY - 1, style: theme.dim,
                  maxWidth: inner.width)
    }

    /// Words wrapped to `width` (a word longer than a line is cut into pieces); later lines start with `indent`.
    static func wrap(_ text: String, width: Int, indent: String) -> [String] {
        guard width > indent.count + 4 else { return [String(text.prefix(Swift.max(0, width)))] }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            var w = word
            while true {
                let candidate = line.isEmpty ? w : (line == indent ? line + w : line + " " + w)
                if candidate.count <= width {
                    line = candidate
                    break
                }
                if line.isEmpty || line == indent {
                    let room = width - line.count
                    lines.append(line + String(w.prefix(room)))
                    w = String(w.dropFirst(room))
                    line = indent
                    if w.isEmpty { break }
                } else {
                    lines.append(line)
                    line = indent
                }
            }
        }
        if !line.isEmpty && line != indent { lines.append(line) }
        return lines
    }
}
