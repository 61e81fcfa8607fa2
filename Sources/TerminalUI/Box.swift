extension Buffer {
    /// Draws a bordered box around `rect` with an optional title on the top border and returns the
    /// inner area. Boxes smaller than 2×2 draw nothing and return an empty inner area.
    @discardableResult
    public mutating func drawBox(_ rect: Rect, title: String = "", glyphs: Glyphs,
                                 border: Style, titleStyle: Style) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        let x0 = rect.x, y0 = rect.y, x1 = rect.maxX - 1, y1 = rect.maxY - 1
        for x in (x0 + 1)..<x1 {
            set(x, y0, glyphs.horizontal, border)
            set(x, y1, glyphs.horizontal, border)
        }
        for y in (y0 + 1)..<y1 {
            set(x0, y, glyphs.vertical, border)
            set(x1, y, glyphs.vertical, border)
        }
        set(x0, y0, glyphs.topLeft, border)
        set(x1, y0, glyphs.topRight, border)
        set(x0, y1, glyphs.bottomLeft, border)
        set(x1, y1, glyphs.bottomRight, border)
        if !title.isEmpty && rect.width > 4 {
            let clip = Rect(x: x0 + 1, y: y0, width: rect.width - 2, height: 1)
            write(" " + title + " ", x: x0 + 1, y: y0, style: titleStyle, clip: clip)
        }
        return rect.inset(by: 1)
    }
}
