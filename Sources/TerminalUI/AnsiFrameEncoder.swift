/// A frame as the escape sequences a terminal needs to show it: what a recording stores for each drawn
/// frame. Only the cells that changed since `previous` are written (everything after a clear when there
/// is no previous frame or the size changed), with a cursor move only where the next cell is not where
/// the cursor already is, and an SGR only where the style changes. Colours as the backend maps them:
/// 0–7 → 30–37/40–47, 8–15 → 90–97/100–107, others 38;5;n / 48;5;n.
public struct AnsiFrameEncoder: Sendable {
    /// Characters outside ASCII are drawn as their ASCII stand-ins (as `--ascii` does on screen).
    public var ascii: Bool

    public init(ascii: Bool = false) { self.ascii = ascii }

    /// The bytes that bring a terminal of `size` (cells outside it are dropped) from `previous` to `buffer`.
    public func encode(_ buffer: Buffer, previous: Buffer?, size: Size) -> String {
        var out = ""
        let full = previous == nil || previous?.size != buffer.size
        if full { out += "\u{1b}[0m\u{1b}[H\u{1b}[2J" }
        var cursor: (x: Int, y: Int)? = nil
        var style: Style? = full ? .plain : nil
        buffer.forEachChange(from: full ? nil : previous) { x, y, cell in
            guard x < size.width, y < size.height else { return }
            if full && cell == .blank { return }
            if cursor.map({ $0.x != x || $0.y != y }) ?? true { out += "\u{1b}[\(y + 1);\(x + 1)H" }
            if style != cell.style {
                out += Self.sgr(cell.style)
                style = cell.style
            }
            let ch = ascii ? cell.character.asciiFallback : cell.character
            out.unicodeScalars.append(ch.value < 0x20 || ch.value == 0x7f ? " " : ch)
            cursor = (x + 1, y)
        }
        return out
    }

    /// Select Graphic Rendition for a style, starting from a reset.
    public static func sgr(_ s: Style) -> String {
        var codes = ["0"]
        if s.attributes.contains(.bold) { codes.append("1") }
        if s.attributes.contains(.dim) { codes.append("2") }
        if s.attributes.contains(.underline) { codes.append("4") }
        if s.attributes.contains(.reverse) { codes.append("7") }
        if let c = color(s.fg, base: 30, bright: 90, extended: "38") { codes.append(c) }
        if let c = color(s.bg, base: 40, bright: 100, extended: "48") { codes.append(c) }
        return "\u{1b}[" + codes.joined(separator: ";") + "m"
    }

    static func color(_ c: Color, base: Int, bright: Int, extended: String) -> String? {
        let i = Int(c.index)
        if i < 0 { return nil }
        if i < 8 { return String(base + i) }
        if i < 16 { return String(bright + i - 8) }
        return extended + ";5;" + String(i)
    }
}
