import PaneModels
import TerminalUI

/// The 2D map with its pictures: the decision map shaded by confidence (or a regression's value), or the
/// active-unit map, with the exact region boundaries after the selected hidden layer at braille resolution.
public enum RegionsPicturePane {
    /// The title: the region counts layer by layer (boundaries on), the lecture's 1 + lines + intersections for
    /// one hidden layer, and what the map shows.
    public static func title(_ m: RegionsViewModel, _ pics: MapPictures, kind: MapKind, showBoundaries: Bool, layer: Int) -> String {
        titles(m, pics, kind: kind, showBoundaries: showBoundaries, layer: layer)[0]
    }

    /// The title's forms, most complete first: shorter ones drop what the map shows, then say the counts
    /// tersely, never cutting a count (``Fmt/fitting(_:width:)`` picks the one a pane has room for).
    static func titles(_ m: RegionsViewModel, _ pics: MapPictures, kind: MapKind, showBoundaries: Bool, layer: Int) -> [String] {
        if kind == .activeUnits {
            let range = "0–\(pics.hiddenUnits)"
            return ["Active units · hidden units on at each point, \(range)", "Active units · units on, \(range)",
                    "Active units \(range)", "Active units"]
        }
        var counts: [String] = []
        if showBoundaries, let o = pics.overlay, !o.perLayer.isEmpty {
            if o.perLayer.count == 1, let a = o.arrangement {
                let n = o.perLayer[0]
                if a.regionsInGeneralPosition == n {
                    counts = ["1 + \(a.lines) lines + \(a.intersections) intersections = \(n)", "\(n) regions"]
                } else {
                    counts = ["\(n) regions (\(a.lines) lines, \(a.intersections) intersections: not in general position)",
                              "\(n) regions (not in general position)", "\(n) regions"]
                }
            } else {
                let shown = max(0, min(o.perLayer.count - 1, layer))
                let mark = { (l: Int) in l == shown && o.perLayer.count > 1 ? " ◂" : "" }
                let parts = o.perLayer.enumerated().map { l, n in
                    (l == 0 ? "\(n) regions after layer 1" : "\(n) after layer \(l + 1)") + mark(l)
                }
                counts = [parts.joined(separator: " · "),
                          "regions " + o.perLayer.enumerated().map { l, n in "\(n)" + mark(l) }.joined(separator: " → ")]
            }
        } else if let n = m.regionCount {
            // A grid estimate counts distinct activation patterns: a lower bound, so it says "≥".
            let count = "\(m.regionCountNote == "estimate" ? "≥ " : "")\(n)"
            let noun = n == 1 ? "linear region" : "linear regions"
            counts = ["\(count) \(noun)" + (m.regionCountNote.isEmpty ? "" : " (\(m.regionCountNote))"),
                      "\(count) \(n == 1 ? "region" : "regions")"]
        }
        let shows = m.isValueMap ? " · value map" : " · \(m.classCount) classes"
        var heads = ["Regions"]
        if !m.featureNote.isEmpty { heads.insert("Regions · " + m.featureNote, at: 0) }
        var out: [String] = []
        for head in heads {
            for count in counts { out += [head + " · " + count + shows, head + " · " + count] }
            if counts.isEmpty { out += [head + shows] }
        }
        return out + ["Regions"]
    }

    /// `discretize`: the pictures show hard classes (`D`), and the legend says so instead of "shade = confidence".
    public static func render(_ m: RegionsViewModel, _ pics: MapPictures, kind: MapKind, showBoundaries: Bool, showTest: Bool,
                              layer: Int, selectedUnit: Int?, discretize: Bool = false, into buffer: inout Buffer, area: Rect,
                              focused: Bool, context ctx: inout RenderContext) {
        var text = Fmt.fitting(titles(m, pics, kind: kind, showBoundaries: showBoundaries, layer: layer), width: area.width)
        if ctx.theme.ascii { text = text.replacingOccurrences(of: "◂", with: "<") }
        let inner = ctx.frame(&buffer, area, title: text, focused: focused)
        guard !inner.isEmpty else { return }
        let theme = ctx.theme
        let map = RegionsPane.mapRect(area: area)
        guard !map.isEmpty, m.gridWidth > 0, m.gridHeight > 0 else { return }
        let shownLayer = max(0, min((pics.overlay?.cuts.count ?? 1) - 1, layer))
        RegionsMapRenderer.render(m, pics, kind: kind, boundaries: showBoundaries, layer: shownLayer, selectedUnit: selectedUnit,
                                  showTest: showTest && kind == .decision, map: map, into: &buffer, context: &ctx)
        guard map.maxY < inner.maxY else { return }
        let pal = PicturePalette(theme: theme)
        let row = map.maxY
        var x = inner.x
        func put(_ s: String, _ style: Style) { x += buffer.write(s, x: x, y: row, style: style, clip: inner) }
        switch kind {
        case .activeUnits:
            put("0 ", theme.dim)
            let n = max(1, pics.hiddenUnits)
            for i in 0...min(n, 12) {
                let k = i * n / min(n, 12)
                if pal.usesGlyphs {
                    put(String(pal.densityGlyph(k == 0 ? 0 : 1 + min(2, (k - 1) * 3 / n))), theme.text)
                } else {
                    put("█", Style(fg: pal.count(k, of: n)))
                }
            }
            put(" \(pics.hiddenUnits) units on", theme.dim)
        case .decision:
            if case .value(let range) = pics.shading {
                put(Fmt.num(range.lowerBound) + " ", theme.dim)
                for i in 0...12 {
                    let t = Float(i) / 6 - 1
                    if pal.usesGlyphs { put(String(pal.valueGlyph(t)), theme.text) } else { put("█", Style(fg: pal.value(t))) }
                }
                put(" " + Fmt.num(range.upperBound), theme.dim)
            } else {
                let cg = theme.classGlyphs
                for c in 0..<min(m.classCount, 8) {
                    if x + 10 > inner.maxX { break }
                    put(pal.usesGlyphs ? String(cg[c % cg.count]) : "•",
                        pal.usesGlyphs ? theme.text : Style(fg: theme.classColor(c), attributes: .bold))
                    put(" class \(c) ", theme.dim)
                }
                if x + 22 < inner.maxX {
                    if discretize {
                        put(" hard classes", theme.dim)
                    } else {
                        put(pal.usesGlyphs ? " density" : " shade", theme.dim)
                        put(" = confidence", theme.dim)
                    }
                }
            }
            if showBoundaries, pics.overlay != nil, x + 16 < inner.maxX {
                put("  ", theme.dim)
                put(theme.ascii ? ":" : "⠿", Style(fg: theme.mode == .color256 ? .rgb6(5, 5, 3) : .brightWhite))
                put(" layer \(shownLayer + 1)", theme.dim)
            }
        }
        let xr = Axis.safe(m.xRange)
        let label = "x [\(Fmt.num(xr.lowerBound)), \(Fmt.num(xr.upperBound))]"
        if x + label.count + 2 < inner.maxX {
            Axis.writeRight(&buffer, label, x: inner.x, y: row, width: inner.width + 1, style: theme.dim)
        }
    }
}

/// The active-unit map (`active_count`): how many hidden units are on at each point of the plane.
public enum ActiveUnitsPane {
    public static func render(_ m: RegionsViewModel?, showBoundaries: Bool, layer: Int, into buffer: inout Buffer, area: Rect,
                              focused: Bool, context ctx: inout RenderContext) {
        guard let m, let pics = m.pictures, !pics.activeUnits.isEmpty else {
            let inner = ctx.frame(&buffer, area, title: "Active units", focused: focused)
            buffer.write("needs a 2D input", x: inner.x, y: inner.y, style: ctx.theme.dim, clip: inner)
            return
        }
        RegionsPicturePane.render(m, pics, kind: .activeUnits, showBoundaries: showBoundaries, showTest: false, layer: layer,
                                  selectedUnit: nil, into: &buffer, area: area, focused: focused, context: &ctx)
    }
}
