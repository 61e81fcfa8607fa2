import PaneModels
import TerminalUI

/// The network as a picture of its composition: one column per layer (inputs, hidden layers, output), one
/// thumbnail per unit showing that unit's output over the input (a half-block heatmap over the map's box for a
/// 2D input, a braille curve with its kink for a 1D input), the weights between the columns (edges by sign and
/// |w|, or a small W heatmap), the selected layer and unit highlighted, and the selected unit in numbers.
public enum NetworkPicturePane {
    /// Blank columns between two layers (edges or the W heatmap go there).
    static let gap = 3
    /// Narrower gaps for deep networks (five columns or more).
    static let narrowGap = 2

    /// Where everything goes inside the pane.
    public struct Layout: Sendable, Equatable {
        /// Thumbnail size in cells.
        public var thumbWidth: Int
        public var thumbHeight: Int
        /// Thumbnails per sub-column of a layer.
        public var perColumn: Int
        /// Per layer: left edge, sub-columns, units shown, units in all. When a layer has more units than slots,
        /// its last slot holds "+N" instead of a thumbnail, so N is exactly the units not drawn.
        public var columnX: [Int]
        public var subColumns: [Int]
        public var shown: [Int]
        public var units: [Int]
        /// The label row and the first thumbnail row.
        public var labelY: Int
        public var top: Int
        /// The rows of the thumbnails.
        public var thumbRows: Int
        /// The selected unit's lines at the bottom, and its large picture (nil when there is no room).
        public var info: Rect
        public var large: Rect?
        /// Columns between two layers.
        public var gap: Int

        public var pitchX: Int { thumbWidth + 1 }
        public var pitchY: Int { thumbHeight + 1 }

        /// The thumbnail of `unit` in layer `layer` (nil when not shown).
        public func thumb(layer: Int, unit: Int) -> Rect? {
            guard layer >= 0, layer < shown.count, unit >= 0, unit < shown[layer] else { return nil }
            let sub = unit / perColumn, row = unit % perColumn
            return Rect(x: columnX[layer] + sub * pitchX + 1, y: top + row * pitchY, width: thumbWidth, height: thumbHeight)
        }

        /// The slot after the last shown thumbnail of `layer`, where "+N" goes (nil when every unit is shown): the
        /// thumbnail's cells and the column before it (the selection arrow's), so the count covers no picture.
        public func countSlot(layer: Int) -> Rect? {
            guard layer >= 0, layer < shown.count, shown[layer] < units[layer] else { return nil }
            let slot = shown[layer]
            let sub = slot / perColumn, row = slot % perColumn
            return Rect(x: columnX[layer] + sub * pitchX, y: top + row * pitchY, width: pitchX, height: thumbHeight)
        }

        /// Width of layer `layer`'s column.
        public func columnWidth(_ layer: Int) -> Int { subColumns[layer] * pitchX }
    }

    /// The layout for layer widths `widths` (inputs first) in the pane's inner area, or nil when it is too small
    /// for pictures (the pane then shows its table).
    public static func layout(widths: [Int], inner: Rect, planar: Bool) -> Layout? {
        let normal = layout(widths: widths, inner: inner, planar: planar, gap: widths.count >= 5 ? narrowGap : gap)
        // Tiny thumbnails or hidden units: the columns closer together (no weights between them) if that helps.
        guard let n = normal, n.thumbHeight == 1 || n.shown != widths else { return normal }
        guard let tight = layout(widths: widths, inner: inner, planar: planar, gap: 1) else { return normal }
        let better = tight.thumbHeight > n.thumbHeight || tight.shown.reduce(0, +) > n.shown.reduce(0, +)
            || tight.thumbWidth > n.thumbWidth
        return better ? tight : normal
    }

    static func layout(widths: [Int], inner: Rect, planar: Bool, gap: Int) -> Layout? {
        let infoRows = inner.height >= 12 ? 2 : 1
        let body = Rect(x: inner.x, y: inner.y, width: inner.width, height: inner.height - infoRows)
        let thumbRows = body.height - 1
        let cols = widths.count
        guard cols >= 2, thumbRows >= 3, body.width >= cols * 4 + (cols - 1) * gap else { return nil }
        let info = Rect(x: inner.x, y: body.maxY, width: inner.width, height: infoRows)

        // Thumbnails th rows high, as wide as the width allows up to square pixels (2D) or 3:1 cells (1D), never
        // narrower than they are high.
        func attempt(th: Int, width: Int) -> (tw: Int, per: Int, subs: [Int])? {
            let per = max(1, (thumbRows + 1) / (th + 1))
            let subs = widths.map { max(1, ($0 + per - 1) / per) }
            let room = (width - (cols - 1) * gap) / max(1, subs.reduce(0, +)) - 1
            let tw = min(planar ? 2 * th : 3 * th, room)
            return tw >= max(th, 3) ? (tw, per, subs) : nil
        }
        func make(th: Int, tw tw0: Int, per: Int, subs: [Int], large: Rect?) -> Layout {
            // Spare width widens the thumbnails (up to twice their height in pixels).
            let room = (large.map { $0.x - 2 } ?? body.maxX) - body.x
            let used = subs.reduce(0) { $0 + $1 * (tw0 + 1) } + (cols - 1) * gap
            let tw = tw0 + min(tw0, max(0, room - used) / max(1, subs.reduce(0, +)))
            var xs: [Int] = [], x = body.x
            for s in subs { xs.append(x); x += s * (tw + 1) + gap }
            // A layer that does not fit gives its last slot to "+N".
            let shown = zip(widths, subs).map { $0 <= $1 * per ? $0 : $1 * per - 1 }
            return Layout(thumbWidth: tw, thumbHeight: th, perColumn: per, columnX: xs, subColumns: subs, shown: shown, units: widths,
                          labelY: body.y, top: body.y + 1, thumbRows: thumbRows, info: info, large: large, gap: gap)
        }
        let maxTh = min(6, thumbRows)
        // With a large picture of the selected unit on the right when the pane is wide enough.
        if body.width >= 64 {
            let largeWidth = min(body.width / 3, planar ? 2 * thumbRows : 3 * thumbRows)
            if largeWidth >= 16 {
                for th in stride(from: maxTh, through: 2, by: -1) {
                    if let a = attempt(th: th, width: body.width - largeWidth - 2) {
                        let large = Rect(x: body.maxX - largeWidth, y: body.y, width: largeWidth, height: body.height)
                        return make(th: th, tw: a.tw, per: a.per, subs: a.subs, large: large)
                    }
                }
            }
        }
        for th in stride(from: maxTh, through: 1, by: -1) {
            if let a = attempt(th: th, width: body.width) { return make(th: th, tw: a.tw, per: a.per, subs: a.subs, large: nil) }
        }
        // Too many units: the smallest thumbnails, and as many sub-columns per layer as the width allows.
        let th = 1, tw = 3, per = max(1, (thumbRows + 1) / 2)
        let need = widths.map { max(1, ($0 + per - 1) / per) }
        var subs = [Int](repeating: 1, count: cols)
        var budget = (body.width - (cols - 1) * gap) / (tw + 1) - cols
        guard budget >= 0 else { return nil }
        while budget > 0 {
            // One more sub-column to the layer that hides the most units.
            var best = -1, bestHidden = 0
            for l in 0..<cols where subs[l] < need[l] {
                let hidden = widths[l] - subs[l] * per
                if hidden > bestHidden { best = l; bestHidden = hidden }
            }
            if best < 0 { break }
            subs[best] += 1
            budget -= 1
        }
        return make(th: th, tw: tw, per: per, subs: subs, large: nil)
    }

    /// Layer names: "in", "h1"…, "out".
    static func name(_ layer: Int, of count: Int) -> String {
        layer == 0 ? "in" : (layer == count - 1 ? "out" : "h\(layer)")
    }

    /// A unit's name: "x₁", "h2·5", "out".
    static func unitName(_ layer: Int, _ unit: Int, of count: Int, inputs: Int, ascii: Bool) -> String {
        if layer == 0 {
            // Two inputs are the plane's coordinates; more are input features.
            if inputs > 2 { return "in" + (ascii ? "." : "·") + "\(unit + 1)" }
            return inputs == 1 ? "x" : (ascii ? "x\(unit + 1)" : "x" + subscripted(unit + 1))
        }
        let n = name(layer, of: count)
        return n + (ascii ? "." : "·") + "\(unit + 1)"
    }

    static func subscripted(_ k: Int) -> String {
        let digits: [Character] = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"]
        return String(String(k).compactMap { $0.wholeNumberValue.map { digits[$0] } })
    }

    /// Draws the pictures into `inner` (the frame is drawn by the caller). `selectedLayer` counts hidden layers
    /// from 0; `selectedUnit` is clamped to the layer.
    static func render(_ m: NetworkViewModel, _ p: UnitPictures, layout lay: Layout, selectedLayer: Int, selectedUnit: Int,
                       into buffer: inout Buffer, inner: Rect, context ctx: inout RenderContext) {
        let theme = ctx.theme
        let pal = PicturePalette(theme: theme)
        let count = p.values.count
        let layerSel = max(1, min(count - 2, selectedLayer + 1))
        let unitSel = max(0, min(p.width(layerSel) - 1, selectedUnit))
        // Weights between the columns.
        for l in 1..<count { drawWeights(p, lay, layer: l, selected: l == layerSel ? unitSel : nil, pal: pal, into: &buffer, ctx: &ctx) }
        // Columns: label, thumbnails, "+N".
        for l in 0..<count {
            let x = lay.columnX[l], w = lay.columnWidth(l)
            let selected = l == layerSel
            let label = name(l, of: count) + (w >= 6 ? " \(p.width(l))" : "")
            let style = selected ? theme.focusedTitle : (l == 0 ? theme.dim : theme.title)
            buffer.write(label, x: x + 1, y: lay.labelY, style: style, maxWidth: max(1, w - 1), clip: inner)
            for u in 0..<lay.shown[l] {
                guard let r = lay.thumb(layer: l, unit: u) else { continue }
                drawUnit(p, layer: l, unit: u, in: r, pal: pal, theme: theme, into: &buffer, ctx: &ctx)
                if selected && u == unitSel {
                    buffer.set(r.x - 1, r.y + (r.height - 1) / 2, theme.glyphs.arrow, theme.focusedTitle)
                }
            }
            // "+N" in the slot kept for it (right-aligned, on the slot's middle row), never over a thumbnail.
            if let slot = lay.countSlot(layer: l) {
                let text = "+\(p.width(l) - lay.shown[l])"
                let y = slot.y + (slot.height - 1) / 2
                let clip = Rect(x: slot.x, y: y, width: min(slot.width, x + w - slot.x), height: 1).intersection(inner)
                buffer.write(text, x: slot.x + max(0, slot.width - text.count), y: y, style: theme.warning, clip: clip)
            }
        }
        // The selected unit's incoming weights as bars beside the units they come from (sign colour, height |w|).
        let source = layerSel - 1
        var maxIn = 0.0
        for i in 0..<p.width(source) { maxIn = max(maxIn, abs(p.weight(layer: layerSel, unit: unitSel, from: i) ?? 0)) }
        if maxIn > 0 {
            for i in 0..<lay.shown[source] {
                guard let r = lay.thumb(layer: source, unit: i), let w = p.weight(layer: layerSel, unit: unitSel, from: i) else { continue }
                let k = max(1, min(8, Int((abs(w) / maxIn * 8).rounded(.up))))
                let style = pal.usesGlyphs ? theme.text : Style(fg: pal.diverging(w >= 0 ? 9 : -9))
                let glyph = pal.usesGlyphs ? (w >= 0 ? "+" : "-") : theme.glyphs.bars[k]
                buffer.set(r.x - 1, r.maxY - 1, glyph, style)
            }
        }
        if let big = lay.large { drawLarge(p, layer: layerSel, unit: unitSel, in: big, pal: pal, into: &buffer, ctx: &ctx) }
        drawInfo(p, layer: layerSel, unit: unitSel, in: lay.info, pal: pal, into: &buffer, theme: theme)
    }

    /// One unit's picture in `r`: a heatmap (2D input) or a curve with its kinks (1D input).
    static func drawUnit(_ p: UnitPictures, layer: Int, unit: Int, in r: Rect, pal: PicturePalette, theme: Theme,
                         into buffer: inout Buffer, ctx: inout RenderContext) {
        guard r.width > 0, r.height > 0 else { return }
        if p.inputDimension == 2 {
            heatmap(p, layer: layer, unit: unit, in: r, pal: pal, into: &buffer)
        } else {
            curve(p, layer: layer, unit: unit, in: r, pal: pal, theme: theme, into: &buffer, ctx: &ctx)
        }
    }

    /// Half-block heatmap of a unit over the box: two pixels per cell, diverging colours on the unit's own scale,
    /// exactly-zero pixels (a ReLU's dead half) near black; glyphs without colour.
    static func heatmap(_ p: UnitPictures, layer: Int, unit: Int, in r: Rect, pal: PicturePalette, into buffer: inout Buffer) {
        guard layer < p.values.count, unit < p.values[layer].count, p.columns > 0, p.rows > 0 else { return }
        let values = p.values[layer][unit]
        guard values.count >= p.columns * p.rows else { return }
        let scale = p.scale(layer: layer, unit: unit)
        let ph = 2 * r.height
        let n = pal.divergingLevels
        // Colours by level, −n…n, looked up per pixel.
        let colours = (-n...n).map { pal.diverging($0) }
        values.withUnsafeBufferPointer { v in
            func level(_ px: Int, _ py: Int) -> Int {
                let c = min(p.columns - 1, px * p.columns / max(1, r.width))
                let row = min(p.rows - 1, py * p.rows / max(1, ph))
                return pal.divergingLevel(v[row * p.columns + c], scale: scale)
            }
            for cy in 0..<r.height {
                for cx in 0..<r.width {
                    let top = level(cx, 2 * cy), bottom = level(cx, 2 * cy + 1)
                    if pal.usesGlyphs {
                        let t = abs(top) >= abs(bottom) ? top : bottom
                        buffer.set(r.x + cx, r.y + cy, pal.divergingGlyph(t), .plain)
                    } else {
                        buffer.set(r.x + cx, r.y + cy, "▀", Style(fg: colours[top + n], bg: colours[bottom + n]))
                    }
                }
            }
        }
    }

    /// Braille curve of a unit over the x range on its own y scale (zero included), its kinks in the kink colour.
    static func curve(_ p: UnitPictures, layer: Int, unit: Int, in r: Rect, pal: PicturePalette, theme: Theme,
                      into buffer: inout Buffer, ctx: inout RenderContext) {
        guard layer < p.values.count, unit < p.values[layer].count else { return }
        let v = p.values[layer][unit]
        var lo: Float = 0, hi: Float = 0
        for y in v where y.isFinite { lo = min(lo, y); hi = max(hi, y) }
        if hi - lo < 1e-12 { hi = lo + 1 }
        let pad = (hi - lo) * 0.08
        let ylo = Double(lo - pad), yhi = Double(hi + pad)
        ctx.braille.reset(width: r.width, height: r.height)
        let colour: Color = layer == 0 ? theme.target : (layer == p.values.count - 1 ? theme.fit : theme.train)
        // The zero line, faint, where it is inside the range.
        if let zy = ctx.braille.dotY(0, ylo, yhi), !pal.usesGlyphs {
            for x in Swift.stride(from: 0, to: ctx.braille.dotWidth, by: 2) { ctx.braille.set(dotX: x, dotY: zy, color: theme.border.fg) }
        }
        var prev: (Int, Int)?
        let n = v.count
        for i in 0..<n {
            let x = p.xRange.lowerBound + (p.xRange.upperBound - p.xRange.lowerBound) * Double(i) / Double(max(1, n - 1))
            guard let px = ctx.braille.dotX(x, p.xRange.lowerBound, p.xRange.upperBound),
                  let py = ctx.braille.dotY(Double(v[i]), ylo, yhi) else { prev = nil; continue }
            if let (qx, qy) = prev { ctx.braille.line(qx, qy, px, py, color: colour) } else { ctx.braille.set(dotX: px, dotY: py, color: colour) }
            prev = (px, py)
        }
        ctx.braille.render(into: &buffer, at: (r.x, r.y), ascii: theme.ascii)
        // Kinks: the curve's cell at each kink in the kink colour.
        guard layer < p.kinks.count, unit < p.kinks[layer].count, n > 1 else { return }
        let span = p.xRange.upperBound - p.xRange.lowerBound
        for k in p.kinks[layer][unit] where span > 0 {
            guard let dx = ctx.braille.dotX(k, p.xRange.lowerBound, p.xRange.upperBound) else { continue }
            let t = (k - p.xRange.lowerBound) / span * Double(n - 1)
            let i = max(0, min(n - 2, Int(t)))
            let y = Double(v[i]) + (t - Double(i)) * Double(v[i + 1] - v[i])
            guard let dy = ctx.braille.dotY(y, ylo, yhi) else { continue }
            let cx = r.x + dx / 2, cy = r.y + dy / 4
            if buffer[cx, cy].character == " " { buffer.set(cx, cy, theme.glyphs.point, Style(fg: theme.kink, attributes: .bold)) }
            else { buffer.setStyle(cx, cy, Style(fg: theme.kink, attributes: .bold)) }
        }
    }

    /// The weights into layer `l` drawn in the gap before its column: edges (sign colour, |w| shade) when both
    /// columns are one sub-column each and every unit is shown, otherwise a small W heatmap (out × in).
    static func drawWeights(_ p: UnitPictures, _ lay: Layout, layer l: Int, selected: Int?, pal: PicturePalette,
                            into buffer: inout Buffer, ctx: inout RenderContext) {
        guard l - 1 < p.weights.count else { return }
        let x0 = lay.columnX[l - 1] + lay.columnWidth(l - 1), w = lay.gap
        guard w >= 2, x0 + w <= lay.columnX[l] + 1 else { return }
        let dIn = p.width(l - 1), dOut = p.width(l)
        var maxW = 0.0
        for v in p.weights[l - 1] where v.isFinite { maxW = max(maxW, abs(v)) }
        guard maxW > 0, dIn > 0, dOut > 0 else { return }
        let edges = lay.subColumns[l - 1] == 1 && lay.subColumns[l] == 1 && lay.shown[l - 1] == dIn && lay.shown[l] == dOut
        if edges && !pal.usesGlyphs {
            ctx.braille.reset(width: w, height: lay.thumbRows)
            // Weakest first, so strong edges win a shared cell; the selected unit's edges last.
            var order: [(Double, Int, Int)] = []
            for o in 0..<dOut { for i in 0..<dIn {
                let v = p.weights[l - 1][o * dIn + i]
                if v.isFinite, abs(v) >= 0.15 * maxW || o == selected { order.append((abs(v) + (o == selected ? 2 * maxW : 0), o, i)) }
            } }
            order.sort { $0.0 < $1.0 }
            func dotY(_ unit: Int) -> Int {
                let row = unit % lay.perColumn
                return (row * lay.pitchY) * 4 + lay.thumbHeight * 2 - 1
            }
            for (_, o, i) in order {
                let v = p.weights[l - 1][o * dIn + i]
                let strength = Float(abs(v) / maxW)
                let level = max(1, Int((strength * Float(pal.divergingLevels)).rounded(.up)))
                ctx.braille.line(0, dotY(i), 2 * w - 1, dotY(o), color: pal.diverging(v > 0 ? level : -level))
            }
            ctx.braille.render(into: &buffer, at: (x0, lay.top), bold: false)
            return
        }
        // W heatmap: one pixel row per output unit (resampled when there are more units than pixels).
        let pixelRows = min(2 * lay.thumbRows, dOut)
        let cells = (pixelRows + 1) / 2
        for cy in 0..<cells {
            for cx in 0..<w {
                var levels = [0, 0]
                for half in 0..<2 {
                    let py = 2 * cy + half
                    guard py < pixelRows else { continue }
                    let o0 = py * dOut / pixelRows, o1 = max(o0 + 1, (py + 1) * dOut / pixelRows)
                    let i0 = cx * dIn / w, i1 = max(i0 + 1, (cx + 1) * dIn / w)
                    var sum = 0.0, n = 0
                    for o in o0..<min(dOut, o1) { for i in i0..<min(dIn, i1) { sum += p.weights[l - 1][o * dIn + i]; n += 1 } }
                    levels[half] = pal.divergingLevel(Float(sum / Double(max(1, n))), scale: Float(maxW))
                }
                if pal.usesGlyphs {
                    let v = abs(levels[0]) >= abs(levels[1]) ? levels[0] : levels[1]
                    buffer.set(x0 + cx, lay.top + cy, pal.divergingGlyph(v), .plain)
                } else {
                    let bottom = 2 * cy + 1 < pixelRows ? pal.diverging(levels[1]) : Color.default
                    buffer.set(x0 + cx, lay.top + cy, "▀", Style(fg: pal.diverging(levels[0]), bg: bottom))
                }
            }
        }
        buffer.write("W", x: x0 + w / 2, y: lay.top + cells, style: ctx.theme.dim)
    }

    /// The selected unit large (heatmap or curve), its name and activation above it.
    static func drawLarge(_ p: UnitPictures, layer: Int, unit: Int, in r: Rect, pal: PicturePalette,
                          into buffer: inout Buffer, ctx: inout RenderContext) {
        let theme = ctx.theme
        let title = unitName(layer, unit, of: p.values.count, inputs: p.width(0), ascii: theme.ascii) + " "
            + (layer < p.activations.count ? p.activations[layer] : "")
        let name = unitName(layer, unit, of: p.values.count, inputs: p.width(0), ascii: theme.ascii)
        buffer.writeFitting([title, name], x: r.x, y: r.y, style: theme.focusedTitle,
                            clip: Rect(x: r.x, y: r.y, width: r.width, height: 1))
        let h = r.height - 1
        guard h >= 2 else { return }
        // Square pixels for the plane: width 2·h cells at most.
        let w = p.inputDimension == 2 ? min(r.width, 2 * h) : r.width
        let hh = p.inputDimension == 2 ? min(h, (w + 1) / 2) : h
        let pic = Rect(x: r.x, y: r.y + 1, width: w, height: hh)
        drawUnit(p, layer: layer, unit: unit, in: pic, pal: pal, theme: theme, into: &buffer, ctx: &ctx)
        // Scale: the unit's largest |value|.
        let s = p.scale(layer: layer, unit: unit)
        if pic.maxY < r.maxY {
            let text = "|max| " + Fmt.num(Double(s)) + (p.inputDimension == 2 ? "  −0+" : "")
            guard TextFit.width(text) <= r.width else { return }   // whole or not at all
            buffer.write(text, x: r.x, y: pic.maxY, style: theme.dim, maxWidth: r.width)
            if p.inputDimension == 2 && !pal.usesGlyphs {
                let x = r.x + text.unicodeScalars.count - 3
                if x + 2 < r.maxX {
                    buffer.set(x, pic.maxY, "−", Style(fg: pal.diverging(-pal.divergingLevels)))
                    buffer.set(x + 1, pic.maxY, "0", Style(fg: pal.diverging(1)))
                    buffer.set(x + 2, pic.maxY, "+", Style(fg: pal.diverging(pal.divergingLevels)))
                }
            }
        }
    }

    /// The selected unit in numbers: "h2·5 relu · b +0.31 · w from h1: +1.20 −0.45 …".
    static func drawInfo(_ p: UnitPictures, layer: Int, unit: Int, in r: Rect, pal: PicturePalette,
                         into buffer: inout Buffer, theme: Theme) {
        guard r.height >= 1, r.width > 8 else { return }
        let count = p.values.count
        var x = r.x
        // Segments left to right, each whole or not at all (with what follows): a cut "40%" reads "4".
        var room = true
        func put(_ segments: [(String, Style)]) {
            let w = segments.reduce(0) { $0 + TextFit.width($1.0) }
            guard room, x + w <= r.maxX else { room = false; return }
            for (text, style) in segments { x += buffer.write(text, x: x, y: r.y, style: style, clip: r) }
        }
        let name = unitName(layer, unit, of: count, inputs: p.width(0), ascii: theme.ascii)
        put([(name, theme.focusedTitle)])
        let act = layer < p.activations.count ? p.activations[layer] : ""
        put([(" = \(act)(w·\(layer == 1 ? "x" : self.name(layer - 1, of: count)) + b)", theme.text)])
        if let b = p.bias(layer: layer, unit: unit) {
            put([("  b ", theme.dim), (signed(b), Style(fg: pal.diverging(b >= 0 ? 9 : -9)))])
        }
        if p.inputDimension == 2, layer < count, let share = activeShare(p, layer: layer, unit: unit), room {
            let percent = "\(Int((share * 100).rounded()))%"
            buffer.writeFitting(["  > 0 on \(percent) of the box", "  > 0 on \(percent)", "  on \(percent)"], x: x, y: r.y, style: theme.dim,
                                clip: r)
        }
        // Incoming weights on the next row (none when there is one row: the large picture or `z` shows them).
        guard r.height >= 2 else { return }
        let y = r.y + 1
        var wx = r.x
        wx += buffer.write("w ", x: wx, y: y, style: theme.dim, clip: r)
        let dIn = p.width(layer - 1)
        for i in 0..<dIn {
            guard let w = p.weight(layer: layer, unit: unit, from: i) else { break }
            let text = signed(w)
            if wx + text.count + 1 > r.maxX - (i < dIn - 1 ? 2 : 0) {
                buffer.write("…", x: wx, y: y, style: theme.dim, clip: r)
                break
            }
            wx += buffer.write(text, x: wx, y: y, style: Style(fg: pal.diverging(w >= 0 ? 9 : -9)), clip: r) + 1
        }
    }

    /// Share of the box where the unit's output is positive (a ReLU unit: where it is on).
    static func activeShare(_ p: UnitPictures, layer: Int, unit: Int) -> Double? {
        guard layer > 0, layer < p.values.count, unit < p.values[layer].count else { return nil }
        let v = p.values[layer][unit]
        guard !v.isEmpty else { return nil }
        var on = 0
        for x in v where x > 0 { on += 1 }
        return Double(on) / Double(v.count)
    }

    static func signed(_ v: Double) -> String {
        let s = Fmt.num(abs(v))
        return (v < 0 ? "−" : "+") + s
    }
}
