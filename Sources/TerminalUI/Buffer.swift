/// A screen's worth of cells in one flat row-major array: what a frame draws into.
///
/// Panes render into a `Buffer`, the backend diffs it against the previous frame and writes only the
/// changes. Writing text walks `unicodeScalars` directly and every write is clipped to the buffer
/// (and to an optional clip rectangle), so a pane cannot draw outside its area or crash on tiny sizes.
public struct Buffer: Sendable, Equatable {
    public private(set) var width: Int
    public private(set) var height: Int
    /// Row-major cells, `width * height` of them.
    public internal(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = [Cell](repeating: fill, count: self.width * self.height)
    }

    public init(size: Size) { self.init(width: size.width, height: size.height) }

    public var size: Size { Size(width: width, height: height) }
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// Resizes (contents are cleared) only when the size changes, keeping the storage otherwise.
    public mutating func resize(width w: Int, height h: Int) {
        let w = max(0, w), h = max(0, h)
        if w == width && h == height { return }
        width = w
        height = h
        cells = [Cell](repeating: .blank, count: w * h)
    }

    /// Every cell blank again (no reallocation).
    public mutating func clear(_ cell: Cell = .blank) {
        cells.withUnsafeMutableBufferPointer { p in
            for i in p.indices { p[i] = cell }
        }
    }

    /// The cell at (x, y); blank outside the buffer.
    public subscript(x: Int, y: Int) -> Cell {
        get {
            guard x >= 0, y >= 0, x < width, y < height else { return .blank }
            return cells[y * width + x]
        }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            cells[y * width + x] = newValue
        }
    }

    /// Sets one cell (clipped).
    @inline(__always)
    public mutating func set(_ x: Int, _ y: Int, _ ch: Unicode.Scalar, _ style: Style) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        cells[y * width + x] = Cell(ch, style: style)
    }

    /// Changes only the style of a cell (keeps its character).
    public mutating func setStyle(_ x: Int, _ y: Int, _ style: Style) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        cells[y * width + x].style = style
    }

    /// Fills a rectangle (clipped) with one character and style.
    public mutating func fill(_ rect: Rect, _ ch: Unicode.Scalar = " ", style: Style = .plain) {
        let r = rect.intersection(bounds)
        if r.isEmpty { return }
        let cell = Cell(ch, style: style)
        cells.withUnsafeMutableBufferPointer { p in
            for y in r.y..<r.maxY {
                let row = y * width
                for x in r.x..<r.maxX { p[row + x] = cell }
            }
        }
    }

    /// Writes `text` from (x, y) rightwards, at most `maxWidth` cells and never past `clip`
    /// (default: the whole buffer). Control characters become spaces. Returns the cells written.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: Style = .plain,
                               maxWidth: Int = Int.max, clip: Rect? = nil) -> Int {
        let c = (clip ?? bounds).intersection(bounds)
        guard y >= c.y, y < c.maxY, maxWidth > 0 else { return 0 }
        var cx = x
        var n = 0
        for scalar in text.unicodeScalars {
            if n >= maxWidth || cx >= c.maxX { break }
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            let ch: Unicode.Scalar = scalar.value < 0x20 || scalar.value == 0x7f ? " " : scalar
            if cx >= c.x { cells[y * width + cx] = Cell(ch, style: style) }
            cx += 1
            n += 1
        }
        return n
    }

    /// Writes `text` centred in the row `y` of `rect` (truncated to fit).
    public mutating func writeCentered(_ text: String, in rect: Rect, y: Int, style: Style = .plain) {
        let n = text.unicodeScalars.count
        let x = rect.x + max(0, (rect.width - n) / 2)
        write(text, x: x, y: y, style: style, maxWidth: rect.width, clip: rect)
    }

    /// The rows as plain strings (styles dropped): for text snapshots and tests.
    public func lines() -> [String] {
        (0..<height).map { y in
            var s = String.UnicodeScalarView()
            for x in 0..<width { s.append(cells[y * width + x].character) }
            return String(s)
        }
    }

    /// The rows joined with newlines, trailing spaces removed from each row.
    public var text: String {
        lines().map { line in
            var l = Substring(line)
            while l.last == " " { l = l.dropLast() }
            return String(l)
        }.joined(separator: "\n")
    }
}
