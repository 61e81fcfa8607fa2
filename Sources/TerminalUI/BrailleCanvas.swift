/// A canvas of braille dots: each cell holds 2 × 4 dots (U+2800 block), one colour per cell (the last
/// dot drawn in a cell sets it). For curves and scatter plots at 8× the resolution of characters.
///
/// Storage is reused across frames (`reset` keeps capacity), so drawing allocates nothing per cell.
public struct BrailleCanvas: Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    private var bits: [UInt8]
    private var colors: [Color]

    /// Bit of the dot at column `c` (0…1), row `r` (0…3) inside a cell (Unicode braille layout:
    /// dots 1,2,3,7 down the left column, 4,5,6,8 down the right).
    @inline(__always)
    static func bit(column c: Int, row r: Int) -> UInt8 {
        switch c * 4 + r {
        case 0: return 0x01
        case 1: return 0x02
        case 2: return 0x04
        case 3: return 0x40
        case 4: return 0x08
        case 5: return 0x10
        case 6: return 0x20
        default: return 0x80
        }
    }

    /// A canvas `width` × `height` cells, i.e. (2·width) × (4·height) dots.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        bits = [UInt8](repeating: 0, count: self.width * self.height)
        colors = [Color](repeating: .default, count: self.width * self.height)
    }

    public var dotWidth: Int { width * 2 }
    public var dotHeight: Int { height * 4 }

    /// Clears all dots; resizes only when needed.
    public mutating func reset(width w: Int, height h: Int) {
        let w = max(0, w), h = max(0, h)
        if w * h != bits.count {
            bits = [UInt8](repeating: 0, count: w * h)
            colors = [Color](repeating: .default, count: w * h)
        } else {
            for i in bits.indices { bits[i] = 0 }
        }
        width = w
        height = h
    }

    /// Sets the dot at dot coordinates (x, y), y = 0 at the top. Outside: ignored.
    public mutating func set(dotX x: Int, dotY y: Int, color: Color) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let cell = (y >> 2) * width + (x >> 1)
        bits[cell] |= Self.bit(column: x & 1, row: y & 3)
        colors[cell] = color
    }

    /// True when the dot at (x, y) is set.
    public func isSet(dotX x: Int, dotY y: Int) -> Bool {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return false }
        return bits[(y >> 2) * width + (x >> 1)] & Self.bit(column: x & 1, row: y & 3) != 0
    }

    /// A straight line of dots between two dot positions (Bresenham), clipped.
    public mutating func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, color: Color) {
        // Clamp far-away endpoints so a wild value cannot make the loop long.
        let lim = 4 * (dotWidth + dotHeight) + 8
        var x = max(-lim, min(lim, x0)), y = max(-lim, min(lim, y0))
        let xe = max(-lim, min(lim, x1)), ye = max(-lim, min(lim, y1))
        let dx = abs(xe - x), dy = -abs(ye - y)
        let sx = x < xe ? 1 : -1, sy = y < ye ? 1 : -1
        var err = dx + dy
        while true {
            set(dotX: x, dotY: y, color: color)
            if x == xe && y == ye { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }

    /// Dot column of a data value `v` in [lo, hi] (nil for non-finite values or an empty range).
    public func dotX(_ v: Double, _ lo: Double, _ hi: Double) -> Int? {
        guard v.isFinite, hi > lo, dotWidth > 0 else { return nil }
        let t = (v - lo) / (hi - lo) * Double(dotWidth - 1)
        guard t.isFinite, abs(t) < 1e6 else { return nil }
        return Int(t.rounded())
    }

    /// Dot row of a data value `v` in [lo, hi], high values at the top.
    public func dotY(_ v: Double, _ lo: Double, _ hi: Double) -> Int? {
        guard v.isFinite, hi > lo, dotHeight > 0 else { return nil }
        let t = (hi - v) / (hi - lo) * Double(dotHeight - 1)
        guard t.isFinite, abs(t) < 1e6 else { return nil }
        return Int(t.rounded())
    }

    /// Draws the canvas into `buffer` with its top-left at `origin`: braille characters, or in ASCII
    /// mode `'` (dots in the upper half), `.` (lower half) or `:` (both). Empty cells are left alone,
    /// so text or other drawing underneath stays visible. `bg` is the background for drawn cells.
    public func render(into buffer: inout Buffer, at origin: (x: Int, y: Int), ascii: Bool = false,
                       bold: Bool = false, bg: Color = .default) {
        for cy in 0..<height {
            for cx in 0..<width {
                let b = bits[cy * width + cx]
                if b == 0 { continue }
                let ch: Unicode.Scalar
                if ascii {
                    let upper = b & 0x1b != 0, lower = b & 0xe4 != 0
                    ch = upper && lower ? ":" : (upper ? "'" : ".")
                } else {
                    ch = Unicode.Scalar(0x2800 + UInt32(b)) ?? "?"
                }
                let style = Style(fg: colors[cy * width + cx], bg: bg, attributes: bold ? .bold : [])
                buffer.set(origin.x + cx, origin.y + cy, ch, style)
            }
        }
    }
}
