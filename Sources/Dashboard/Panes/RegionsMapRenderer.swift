import PaneModels
import TerminalUI

/// Braille dots over a map, one bit per dot and one colour rank per cell: exact region boundaries drawn from
/// the polygons' edges at 2 × 4 dots per cell. Storage is kept from frame to frame.
public struct DotRaster: Sendable, Equatable {
    public private(set) var width = 0
    public private(set) var height = 0
    private(set) var bits: [UInt8] = []
    /// Per cell: the highest rank of a dot drawn in it (0 = none).
    private(set) var rank: [UInt8] = []

    public init() {}

    public var dotWidth: Int { 2 * width }
    public var dotHeight: Int { 4 * height }

    public mutating func reset(width w: Int, height h: Int) {
        let w = max(0, w), h = max(0, h)
        if w * h != bits.count {
            bits = [UInt8](repeating: 0, count: w * h)
            rank = [UInt8](repeating: 0, count: w * h)
        } else {
            for i in bits.indices { bits[i] = 0; rank[i] = 0 }
        }
        width = w
        height = h
    }

    public mutating func set(dotX x: Int, dotY y: Int, rank r: UInt8) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let cell = (y >> 2) * width + (x >> 1)
        bits[cell] |= brailleBit(column: x & 1, row: y & 3)
        rank[cell] = max(rank[cell], r)
    }

    public func isSet(dotX x: Int, dotY y: Int) -> Bool {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return false }
        return bits[(y >> 2) * width + (x >> 1)] & brailleBit(column: x & 1, row: y & 3) != 0
    }

    /// The braille pattern bits and colour rank of cell (cx, cy).
    public func cell(_ cx: Int, _ cy: Int) -> (bits: UInt8, rank: UInt8) {
        guard cx >= 0, cy >= 0, cx < width, cy < height else { return (0, 0) }
        return (bits[cy * width + cx], rank[cy * width + cx])
    }

    /// Dots along the segment from (x0, y0) to (x1, y1) in dot units (dot (i, j) covers [i, i+1) × [j, j+1)): exactly
    /// the dots the segment passes through (a grid traversal), so every dot set contains a point of the segment
    /// and every point of the segment lies in a set dot. Parts outside the raster are dropped.
    public mutating func segment(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, rank r: UInt8) {
        guard x0.isFinite, y0.isFinite, x1.isFinite, y1.isFinite else { return }
        let maxX = Double(dotWidth), maxY = Double(dotHeight)
        func cell(_ v: Double, _ limit: Double) -> Int { v >= limit ? Int(limit) - 1 : Int(v.rounded(.down)) }
        var i = cell(x0, maxX), j = cell(y0, maxY)
        let iEnd = cell(x1, maxX), jEnd = cell(y1, maxY)
        let dx = x1 - x0, dy = y1 - y0
        let stepI = dx > 0 ? 1 : -1, stepJ = dy > 0 ? 1 : -1
        // Parameter t (0…1 along the segment) of the next vertical and horizontal grid line, and their spacing.
        var tMaxX = dx == 0 ? Double.infinity : ((dx > 0 ? Double(i + 1) : Double(i)) - x0) / dx
        var tMaxY = dy == 0 ? Double.infinity : ((dy > 0 ? Double(j + 1) : Double(j)) - y0) / dy
        let tDeltaX = dx == 0 ? Double.infinity : abs(1 / dx), tDeltaY = dy == 0 ? Double.infinity : abs(1 / dy)
        var guardSteps = 4 * (dotWidth + dotHeight) + 8
        while true {
            set(dotX: i, dotY: j, rank: r)
            if (i == iEnd && j == jEnd) || guardSteps <= 0 { break }
            guardSteps -= 1
            if tMaxX < tMaxY {
                if tMaxX > 1 { break }
                i += stepI; tMaxX += tDeltaX
            } else if tMaxY < tMaxX {
                if tMaxY > 1 { break }
                j += stepJ; tMaxY += tDeltaY
            } else {
                // Through a grid corner: the segment touches both neighbours' corners; step diagonally.
                if tMaxX > 1 { break }
                i += stepI; j += stepJ; tMaxX += tDeltaX; tMaxY += tDeltaY
            }
        }
    }
}

/// The bit of a dot inside a braille cell (column 0…1, row 0…3), as in the Unicode braille block: dots 1, 2, 3, 7
/// down the left column, 4, 5, 6, 8 down the right.
@inline(__always)
func brailleBit(column c: Int, row r: Int) -> UInt8 {
    let bits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0x01, 0x02, 0x04, 0x40, 0x08, 0x10, 0x20, 0x80)
    switch c * 4 + r {
    case 0: return bits.0
    case 1: return bits.1
    case 2: return bits.2
    case 3: return bits.3
    case 4: return bits.4
    case 5: return bits.5
    case 6: return bits.6
    default: return bits.7
    }
}

/// What the 2D map shows.
public enum MapKind: Sendable, Equatable {
    /// Predicted class shaded by confidence (or a regression's value on a diverging ramp).
    case decision
    /// The number of active hidden units at each point.
    case activeUnits
}

/// Draws the shaded map, the exact region boundaries at braille resolution and the data points.
public enum RegionsMapRenderer {
    /// Colour ranks of boundary dots: earlier layers, the shown layer, the selected unit's line.
    static let rankEarlier: UInt8 = 1, rankLayer: UInt8 = 2, rankUnit: UInt8 = 3

    /// The selected unit's line (`<` `>`): a hue no other line, class or value colour uses, so it stands out.
    static func selectedUnitColour(_ mode: ColorMode) -> Color {
        switch mode {
        case .color256: return .rgb6(5, 1, 5)
        case .color16: return .brightMagenta
        case .color8: return .magenta
        case .monochrome: return .default
        }
    }

    /// A data point on a regression's value map: "●" in its value's colour (light grey near the middle, where the
    /// ramp is dark) on black, bold.
    static func valuePointStyle(_ t: Float, pal: PicturePalette) -> Style {
        let mid = abs(t) < 0.2
        switch pal.mode {
        case .color256: return Style(fg: mid ? .grey(16) : pal.value(t), bg: .grey(0), attributes: .bold)
        case .color16, .color8: return Style(fg: mid ? .white : pal.value(t), bg: .black, attributes: .bold)
        case .monochrome: return Style(attributes: .bold)
        }
    }

    /// The boundary dots of the regions after hidden layer `layer` (its own cuts ranked above the earlier
    /// layers', `selectedUnit`'s above both) over a map of `cells` cells showing the box xr × yr.
    public static func boundaryDots(_ o: RegionOverlay, layer: Int, selectedUnit: Int?, x xr: ClosedRange<Double>,
                                  y yr: ClosedRange<Double>, into raster: inout DotRaster, width: Int, height: Int) {
        raster.reset(width: width, height: height)
        guard !o.cuts.isEmpty else { return }
        let shown = max(0, min(o.cuts.count - 1, layer))
        let sx = Double(raster.dotWidth) / (xr.upperBound - xr.lowerBound)
        let sy = Double(raster.dotHeight) / (yr.upperBound - yr.lowerBound)
        guard sx.isFinite, sy.isFinite, sx > 0, sy > 0 else { return }
        for l in 0...shown {
            for s in o.cuts[l] {
                let r = l < shown ? rankEarlier : (s.unit == selectedUnit ? rankUnit : rankLayer)
                raster.segment((s.x0 - xr.lowerBound) * sx, (yr.upperBound - s.y0) * sy,
                               (s.x1 - xr.lowerBound) * sx, (yr.upperBound - s.y1) * sy, rank: r)
            }
        }
    }

    /// The map (`kind`) into `map`, boundaries of the regions after hidden layer `layer` when `boundaries` is on,
    /// then the data points (always visible: a glyph in the class colour on a darkened shade).
    static func render(_ m: RegionsViewModel, _ pics: MapPictures, kind: MapKind, boundaries: Bool, layer: Int,
                       selectedUnit: Int?, showTest: Bool, map: Rect, into buffer: inout Buffer, context ctx: inout RenderContext) {
        let theme = ctx.theme
        let pal = PicturePalette(theme: theme)
        let w = map.width, ph = 2 * map.height
        guard w > 0, ph > 0, m.gridWidth > 0, m.gridHeight > 0 else { return }
        let n = m.gridWidth * m.gridHeight
        let k = max(1, m.classCount)
        let maxActive = max(1, pics.hiddenUnits)
        func cell(_ px: Int, _ py: Int) -> Int {
            let gx = min(m.gridWidth - 1, px * m.gridWidth / w), gy = min(m.gridHeight - 1, py * m.gridHeight / ph)
            return gy * m.gridWidth + gx
        }
        // The colour (or glyph) of one pixel, from tables made once per frame.
        let levels = pal.confidenceLevels
        let isValue: Bool
        if case .value = pics.shading { isValue = true } else { isValue = false }
        let classTable: [Color] = kind == .decision && !isValue
            ? (0..<(k * levels)).map { pal.classShade($0 / levels, level: $0 % levels, theme: theme) } : []
        // A regression map's colours straight from the value ramp (fine enough in 256 colours to read as
        // continuous without a dither, which drew a checkerboard), looked up in a table made once per frame.
        let valueSteps = 36
        let valueTable: [Color] = isValue ? (-valueSteps...valueSteps).map { pal.value(Float($0) / Float(valueSteps)) } : []
        func valueColour(_ i: Int) -> Color {
            let s = haveShade && pics.shade[i].isFinite ? max(-1, min(1, pics.shade[i])) : 0
            return valueTable[valueSteps + Int((s * Float(valueSteps)).rounded())]
        }
        let countTable: [Color] = kind == .activeUnits ? (0...maxActive).map { pal.count($0, of: maxActive) } : []
        let haveShade = pics.shade.count >= n, haveActive = pics.activeUnits.count >= n, haveLabels = m.labels.count >= n
        func colour(_ i: Int) -> Color {
            switch kind {
            case .activeUnits:
                return countTable[haveActive ? min(maxActive, Int(pics.activeUnits[i])) : 0]
            case .decision:
                let s = haveShade ? pics.shade[i] : 0
                if isValue { return valueColour(i) }
                let label = min(k - 1, Int(haveLabels ? m.labels[i] : 0))
                return classTable[label * levels + pal.confidenceLevel(s)]
            }
        }
        func glyph(_ i: Int) -> Unicode.Scalar {
            switch kind {
            case .activeUnits:
                let a = i < pics.activeUnits.count ? Int(pics.activeUnits[i]) : 0
                return pal.densityGlyph(a == 0 ? 0 : 1 + min(2, (a - 1) * 3 / maxActive))
            case .decision:
                let s = i < pics.shade.count ? pics.shade[i] : 0
                if case .value = pics.shading { return pal.valueGlyph(s) }
                return pal.densityGlyph(pal.confidenceLevel(s) * 4 / max(1, pal.confidenceLevels))
            }
        }
        guard n > 0 else { return }
        for cy in 0..<map.height {
            for cx in 0..<w {
                let top = cell(cx, 2 * cy), bottom = cell(cx, 2 * cy + 1)
                if pal.usesGlyphs {
                    buffer.set(map.x + cx, map.y + cy, glyph(top), .plain)
                } else {
                    buffer.set(map.x + cx, map.y + cy, "▀", Style(fg: colour(top), bg: colour(bottom)))
                }
            }
        }
        // Boundaries: braille dots in the boundary colour on the cell's shade (its upper pixel).
        if boundaries, let o = pics.overlay {
            boundaryDots(o, layer: layer, selectedUnit: selectedUnit, x: m.xRange, y: m.yRange, into: &ctx.dots,
                       width: w, height: map.height)
            let earlier: Color = theme.mode == .color256 ? .grey(14) : (theme.mode == .color16 ? .white : .default)
            let current: Color = theme.mode == .color256 ? .rgb6(5, 5, 3) : (theme.mode == .color16 ? .brightWhite : .default)
            let unit: Color = Self.selectedUnitColour(theme.mode)
            for cy in 0..<map.height {
                for cx in 0..<w {
                    let (bits, rank) = ctx.dots.cell(cx, cy)
                    guard bits != 0 else { continue }
                    let ch: Unicode.Scalar
                    if theme.ascii {
                        let upper = bits & 0x1b != 0, lower = bits & 0xe4 != 0
                        ch = upper && lower ? ":" : (upper ? "'" : ".")
                    } else {
                        ch = Unicode.Scalar(0x2800 + UInt32(bits)) ?? "?"
                    }
                    let fg = rank >= rankUnit ? unit : (rank >= rankLayer ? current : earlier)
                    let bg = pal.usesGlyphs ? Color.default : colour(cell(cx, 2 * cy))
                    buffer.set(map.x + cx, map.y + cy, ch,
                               Style(fg: fg, bg: bg, attributes: rank >= rankLayer && pal.usesGlyphs ? .bold : []))
                }
            }
        }
        // Without the exact partition (a net too wide for it): boundaries where the grid's activation pattern
        // changes, at cell resolution (a stroke on the cell's right or bottom edge).
        if boundaries, pics.overlay == nil, m.regionIDs.count == n {
            let stroke: Color = theme.mode == .color256 ? .grey(14) : (theme.mode == .color16 ? .white : .default)
            for cy in 0..<map.height {
                for cx in 0..<w {
                    let here = cell(cx, 2 * cy)
                    let right = cx + 1 < w ? cell(cx + 1, 2 * cy) : here
                    let below = cy + 1 < map.height ? cell(cx, 2 * cy + 2) : here
                    let r = m.regionIDs[right] != m.regionIDs[here], b = m.regionIDs[below] != m.regionIDs[here]
                    guard r || b else { continue }
                    let ch: Unicode.Scalar = theme.ascii ? (r && b ? "+" : (r ? "|" : "_")) : (r && b ? "⣸" : (r ? "⢸" : "⣀"))
                    buffer.set(map.x + cx, map.y + cy, ch, Style(fg: stroke, bg: pal.usesGlyphs ? .default : colour(here)))
                }
            }
        }
        // Data points (on the decision map only).
        guard kind == .decision else { return }
        let xr = Axis.safe(m.xRange), yr = Axis.safe(m.yRange)
        let cg = theme.classGlyphs
        for p in m.points where showTest || !p.isTest {
            guard p.x.isFinite, p.y.isFinite else { continue }
            let tx = (p.x - xr.lowerBound) / (xr.upperBound - xr.lowerBound)
            let ty = (yr.upperBound - p.y) / (yr.upperBound - yr.lowerBound)
            guard tx >= 0, tx <= 1, ty >= 0, ty <= 1 else { continue }
            let cx = min(w - 1, Int(tx * Double(w))), cy = min(map.height - 1, Int(ty * Double(map.height)))
            let label = max(0, p.label)
            if pal.usesGlyphs {
                buffer.set(map.x + cx, map.y + cy, m.isValueMap ? "*" : cg[label % cg.count], Style(attributes: .bold))
                continue
            }
            let g: Unicode.Scalar = p.isTest ? "○" : "●"
            if m.isValueMap {
                // A disc in the point's own value colour on black (a dark ring that no boundary dot has): the residual
                // shows as the disc's colour against the map around it.
                let levels = max(2, m.classCount)
                let t = Float(Double(min(levels - 1, label)) / Double(levels - 1) * 2 - 1)
                buffer.set(map.x + cx, map.y + cy, g, Self.valuePointStyle(t, pal: pal))
            } else {
                let i = cell(cx, 2 * cy)
                let predicted = min(k - 1, Int(i < m.labels.count ? m.labels[i] : 0))
                let s = i < pics.shade.count ? pics.shade[i] : 0
                // 256 colours: the class's darkened shade. 16 and 8 colours have one shade per class, the same hue
                // as the point (8 colours: the very same colour), so the point sits on black instead.
                let bg = theme.mode == .color256
                    ? pal.classShade(predicted, level: min(1, pal.confidenceLevel(s)), theme: theme)
                    : pal.classShade(predicted, level: 0, theme: theme)
                buffer.set(map.x + cx, map.y + cy, g, Style(fg: theme.classColor(label), bg: bg, attributes: .bold))
            }
        }
    }
}
