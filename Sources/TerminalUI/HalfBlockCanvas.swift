/// A canvas of coloured pixels, two per cell (upper and lower half of `▀`): `width` × `2·height`
/// pixels, each a small palette index. For maps (predicted class or value over the input plane).
///
/// Pixels are palette indices (`UInt8`) so the canvas is a flat byte array reused across frames; the
/// palette (colours, or glyphs in monochrome/ASCII mode) is applied when rendering.
public struct HalfBlockCanvas: Sendable {
    public private(set) var width: Int
    public private(set) var pixelHeight: Int
    private var pixels: [UInt8]

    /// A canvas `width` cells wide and `height` cells high (2·height pixel rows).
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.pixelHeight = 2 * max(0, height)
        pixels = [UInt8](repeating: 0, count: self.width * self.pixelHeight)
    }

    public var height: Int { pixelHeight / 2 }

    /// All pixels set to `value`; resizes only when needed.
    public mutating func reset(width w: Int, height h: Int, value: UInt8 = 0) {
        let w = max(0, w), ph = 2 * max(0, h)
        if w * ph != pixels.count {
            pixels = [UInt8](repeating: value, count: w * ph)
        } else {
            for i in pixels.indices { pixels[i] = value }
        }
        width = w
        pixelHeight = ph
    }

    public subscript(x: Int, y: Int) -> UInt8 {
        get {
            guard x >= 0, y >= 0, x < width, y < pixelHeight else { return 0 }
            return pixels[y * width + x]
        }
        set {
            guard x >= 0, y >= 0, x < width, y < pixelHeight else { return }
            pixels[y * width + x] = newValue
        }
    }

    /// How a pixel value is shown.
    public enum Mode: Sendable {
        /// `▀` with fg = upper pixel, bg = lower pixel, colours from `palette`.
        case halfBlocks
        /// One glyph per cell from `glyphs` (indexed by pixel value), for monochrome or ASCII
        /// terminals; the cell shows whichever of its two pixels has the higher value, so
        /// higher palette entries (data points, boundaries) win over the map underneath.
        case glyphs
    }

    /// Draws into `buffer` with the top-left at `origin`. Pixel values beyond the palette or glyph
    /// table use its last entry.
    public func render(into buffer: inout Buffer, at origin: (x: Int, y: Int), mode: Mode,
                       palette: [Color], glyphs: [Unicode.Scalar] = [], glyphStyle: Style = .plain) {
        guard !palette.isEmpty || mode == .glyphs else { return }
        for cy in 0..<height {
            for cx in 0..<width {
                let top = Int(pixels[(2 * cy) * width + cx])
                let bottom = Int(pixels[(2 * cy + 1) * width + cx])
                switch mode {
                case .halfBlocks:
                    let fg = palette[min(top, palette.count - 1)]
                    let bg = palette[min(bottom, palette.count - 1)]
                    buffer.set(origin.x + cx, origin.y + cy, "▀", Style(fg: fg, bg: bg))
                case .glyphs:
                    guard !glyphs.isEmpty else { return }
                    let v = max(top, bottom)
                    var style = glyphStyle
                    if !palette.isEmpty { style.fg = palette[min(v, palette.count - 1)] }
                    buffer.set(origin.x + cx, origin.y + cy, glyphs[min(v, glyphs.count - 1)], style)
                }
            }
        }
    }
}
