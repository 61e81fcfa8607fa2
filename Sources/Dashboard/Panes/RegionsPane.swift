import PaneModels
import TerminalUI

/// The 2D map: predicted class (or value level) per half-block pixel, optional linear-region
/// boundaries, and the data on top; k classes in k colours (glyphs in monochrome/ASCII).
public enum RegionsPane {
    public static func title(_ m: RegionsViewModel?) -> String {
        guard let m else { return "Regions" }
        var t = "Regions"
        if !m.featureNote.isEmpty { t += " · " + m.featureNote }
        if let n = m.regionCount {
            t += " · \(m.regionCountNote == "estimate" ? "≥ " : "")\(Plural.linearRegions(n))"
            if !m.regionCountNote.isEmpty { t += " (\(m.regionCountNote))" }
        }
        t += m.isValueMap ? " · value map" : " · \(m.classCount) classes"
        return t
    }

    /// The map area inside a pane's area (the last inner row holds the legend).
    public static func mapRect(area: Rect) -> Rect {
        let inner = area.inset(by: 1)
        return inner.height >= 4 ? inner.splitBottom(1).0 : inner
    }

    /// The pictures with every finite confidence shade at 1: hard classes (TF Playground's "discretize output").
    public static func discretized(_ pics: MapPictures) -> MapPictures {
        guard case .confidence = pics.shading else { return pics }
        var out = pics
        out.shade = pics.shade.map { $0.isFinite ? 1 : $0 }
        return out
    }

    /// The input-plane point under cell (x, y), or nil outside the map.
    public static func dataPoint(atX x: Int, y: Int, area: Rect, model m: RegionsViewModel) -> (x: Double, y: Double)? {
        let map = mapRect(area: area)
        guard map.contains(x: x, y: y) else { return nil }
        let xr = Axis.safe(m.xRange), yr = Axis.safe(m.yRange)
        let tx = (Double(x - map.x) + 0.5) / Double(map.width)
        let ty = (Double(y - map.y) + 0.5) / Double(map.height)
        return (xr.lowerBound + tx * (xr.upperBound - xr.lowerBound), yr.upperBound - ty * (yr.upperBound - yr.lowerBound))
    }

    /// `discretize` (`D`): a classification map shows hard classes (every cell at full confidence) instead of
    /// confidence shades; a regression value map is unchanged.
    public static func render(_ m: RegionsViewModel?, showBoundaries: Bool, showTest: Bool, layer: Int = .max,
                              selectedUnit: Int? = nil, discretize: Bool = false, into buffer: inout Buffer,
                              area: Rect, focused: Bool, context ctx: inout RenderContext) {
        if let m, var pics = m.pictures {
            if discretize { pics = discretized(pics) }
            RegionsPicturePane.render(m, pics, kind: .decision, showBoundaries: showBoundaries, showTest: showTest,
                                      layer: layer, selectedUnit: selectedUnit, discretize: discretize && pics.shading == .confidence,
                                      into: &buffer, area: area, focused: focused, context: &ctx)
            return
        }
        let inner = ctx.frame(&buffer, area, title: title(m), focused: focused)
        guard let m, !inner.isEmpty else { return }
        let theme = ctx.theme
        let map = mapRect(area: area)
        guard !map.isEmpty, m.gridWidth > 0, m.gridHeight > 0 else { return }
        let k = min(m.classCount, 64)
        // Palette: [0, k) regions, k boundary, (k, 2k] points.
        ctx.palette.removeAll(keepingCapacity: true)
        ctx.glyphs.removeAll(keepingCapacity: true)
        for c in 0..<k { ctx.palette.append(m.isValueMap ? ramp(c, k, theme) : theme.regionColor(c)) }
        ctx.palette.append(theme.boundary)
        for c in 0..<k { ctx.palette.append(m.isValueMap ? theme.classColor(0) : theme.classColor(c)) }
        let rg = theme.regionGlyphs, cg = theme.classGlyphs
        for c in 0..<k { ctx.glyphs.append(m.isValueMap ? theme.glyphs.bars[min(8, c * 9 / k)] : rg[c % rg.count]) }
        ctx.glyphs.append(theme.ascii ? "#" : "▪")
        for c in 0..<k { ctx.glyphs.append(cg[c % cg.count]) }

        let w = map.width, ph = map.height * 2
        ctx.blocks.reset(width: w, height: map.height)
        let boundaries = showBoundaries && m.regionIDs.count == m.gridWidth * m.gridHeight
        for py in 0..<ph {
            let gy = py * m.gridHeight / ph
            let gyDown = min(ph - 1, py + 1) * m.gridHeight / ph
            for px in 0..<w {
                let gx = px * m.gridWidth / w
                var v = min(UInt8(k - 1), m.label(gx, gy))
                if boundaries, let id = m.regionID(gx, gy) {
                    let gxRight = min(w - 1, px + 1) * m.gridWidth / w
                    if m.regionID(gxRight, gy) != id || m.regionID(gx, gyDown) != id { v = UInt8(k) }
                }
                ctx.blocks[px, py] = v
            }
        }
        let xr = Axis.safe(m.xRange), yr = Axis.safe(m.yRange)
        for p in m.points where showTest || !p.isTest {
            guard p.x.isFinite, p.y.isFinite else { continue }
            let tx = (p.x - xr.lowerBound) / (xr.upperBound - xr.lowerBound)
            let ty = (yr.upperBound - p.y) / (yr.upperBound - yr.lowerBound)
            guard tx >= 0, tx <= 1, ty >= 0, ty <= 1 else { continue }
            let px = min(w - 1, Int(tx * Double(w))), py = min(ph - 1, Int(ty * Double(ph)))
            ctx.blocks[px, py] = UInt8(k + 1 + max(0, min(k - 1, p.label)))
        }
        let glyphMode = theme.mapUsesGlyphs
        ctx.blocks.render(into: &buffer, at: (map.x, map.y), mode: glyphMode ? .glyphs : .halfBlocks,
                          palette: glyphMode && theme.mode == .monochrome ? [] : ctx.palette, glyphs: ctx.glyphs)
        guard map.maxY < inner.maxY else { return }
        var x = inner.x
        let row = map.maxY
        if m.isValueMap {
            x += buffer.write("low ", x: x, y: row, style: theme.dim, clip: inner)
            for c in 0..<k { buffer.set(x + c, row, glyphMode ? ctx.glyphs[c] : "█", Style(fg: ctx.palette[c])) }
            buffer.write(" high", x: x + k, y: row, style: theme.dim, clip: inner)
        } else {
            for c in 0..<k {
                if x + 10 > inner.maxX { break }
                let g = glyphMode ? cg[c % cg.count] : theme.glyphs.point
                buffer.set(x, row, g, Style(fg: theme.classColor(c), attributes: .bold))
                x += 1 + buffer.write(" class \(c) ", x: x + 1, y: row, style: theme.dim, clip: inner)
            }
        }
        Axis.writeRight(&buffer, "x [\(Fmt.num(xr.lowerBound)), \(Fmt.num(xr.upperBound))]", x: inner.x, y: row,
                        width: inner.width + 1, style: theme.dim)
    }

    /// A blue → red ramp for value maps.
    static func ramp(_ i: Int, _ n: Int, _ theme: Theme) -> Color {
        switch theme.mode {
        case .color256:
            let t = n > 1 ? Double(i) / Double(n - 1) : 0
            return .rgb6(Int((t * 5).rounded()), 1, Int(((1 - t) * 5).rounded()))
        case .color16, .color8:
            return [Color.blue, .cyan, .green, .yellow, .red, .magenta][min(5, i * 6 / max(1, n))]
        case .monochrome:
            return .default
        }
    }
}
