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
    /// When set (tests), every text write that stops before the end of its text because of `maxWidth` or
    /// the clip is appended here: a cut word or number on screen is a bug, and this finds them all. Nil by
    /// default, so a frame pays nothing; not part of `==` (two buffers showing the same cells are equal).
    public var clipLog: [ClippedWrite]?

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = [Cell](repeating: fill, count: self.width * self.height)
    }

    public init(size: Size) { self.init(width: size.width, height: size.height) }

    /// Equal when they show the same cells (the ``clipLog`` is a test's record, not content).
    public static func == (a: Buffer, b: Buffer) -> Bool {
        a.width == b.width && a.height == b.height && a.cells == b.cells
    }

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
        var stop: String.UnicodeScalarView.Index?
        let scalars = text.unicodeScalars
        for i in scalars.indices {
            let scalar = scalars[i]
            if n >= maxWidth || cx >= c.maxX {
                stop = i
                break
            }
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            let ch: Unicode.Scalar = scalar.value < 0x20 || scalar.value == 0x7f ? " " : scalar
            if cx >= c.x { cells[y * width + cx] = Cell(ch, style: style) }
            cx += 1
            n += 1
        }
        if clipLog != nil { logClip(text, stop: stop, x: x, y: y, maxWidth: maxWidth, clip: c) }
        return n
    }

    /// Records a write that lost visible text: its tail (past `maxWidth` or the clip's right edge; a tail of
    /// spaces only is no loss) or its head (left of the clip).
    private mutating func logClip(_ text: String, stop: String.UnicodeScalarView.Index?, x: Int, y: Int, maxWidth: Int,
                                  clip: Rect) {
        let scalars = text.unicodeScalars
        let lostTail = stop.map {
            scalars[$0...].contains { $0 != " " && $0.properties.generalCategory != .nonspacingMark }
        } ?? false
        let lostHead = x < clip.x
        guard lostTail || lostHead else { return }
        let end = stop ?? scalars.endIndex
        let written = String(scalars[scalars.startIndex..<end])
        clipLog?.append(ClippedWrite(text: text, written: written, x: x, y: y, maxWidth: maxWidth, clip: clip,
                                     lostHead: lostHead))
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

/// One text write that did not show all of its text (``Buffer/clipLog``).
public struct ClippedWrite: Sendable, Equatable, CustomStringConvertible {
    /// The whole text the writer asked for.
    public var text: String
    /// Its scalars up to where the write stopped (the part left of the clip included when `lostHead`).
    public var written: String
    public var x: Int
    public var y: Int
    public var maxWidth: Int
    /// The clip rectangle (already intersected with the buffer): the pane or area the text had to fit.
    public var clip: Rect
    /// The text started left of the clip, so its beginning is missing.
    public var lostHead: Bool

    public init(text: String, written: String, x: Int, y: Int, maxWidth: Int, clip: Rect, lostHead: Bool = false) {
        self.text = text
        self.written = written
        self.x = x
        self.y = y
        self.maxWidth = maxWidth
        self.clip = clip
        self.lostHead = lostHead
    }

    /// The space-separated word the cut falls in (whole), or nil when the cut falls between words.
    public var cutToken: String? {
        let all = Array(text.unicodeScalars)
        let at = written.unicodeScalars.count
        guard at > 0, at < all.count, all[at - 1] != " ", all[at] != " " else { return nil }
        var lo = at, hi = at
        while lo > 0 && all[lo - 1] != " " { lo -= 1 }
        while hi < all.count && all[hi] != " " { hi += 1 }
        var s = String.UnicodeScalarView()
        s.append(contentsOf: all[lo..<hi])
        return String(s)
    }

    /// Whether the cut falls inside a word containing a digit (a number shown wrong).
    public var cutsNumber: Bool { cutToken?.contains(where: \.isNumber) ?? false }

    public var description: String {
        let shown = written.unicodeScalars.count
        let clipText = "clip x\(clip.x) y\(clip.y) \(clip.width)×\(clip.height)"
        return "(\(x),\(y)) \(clipText) max \(maxWidth == Int.max ? "∞" : String(maxWidth)): \"\(text)\" cut after \(shown)"
            + (lostHead ? " (head lost)" : "") + (cutToken.map { " in \"\($0)\"" } ?? "")
    }
}
