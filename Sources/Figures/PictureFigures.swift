import Dashboard
import PaneModels
import Foundation

/// The dashboard's pictures for slides: colours on a white page (the class colour mixed toward white by
/// confidence, a blue–white–orange diverging ramp) and the SVG marks of a unit thumbnail.
enum PictureColors {
    /// `hex` mixed with white: t = 0 white, t = 1 the colour itself.
    static func mix(_ hex: String, _ t: Double) -> String {
        let t = max(0, min(1, t.isFinite ? t : 0))
        let v = Int(hex.dropFirst(), radix: 16) ?? 0
        let r = Double((v >> 16) & 0xff), g = Double((v >> 8) & 0xff), b = Double(v & 0xff)
        func c(_ x: Double) -> Int { Int((255 - t * (255 - x)).rounded()) }
        return String(format: "#%02x%02x%02x", c(r), c(g), c(b))
    }

    static let negative = "#2166ac"
    static let positive = "#e66101"
    /// Exactly zero (a ReLU unit's dead half): grey, so it reads as "off" rather than "small".
    static let dead = "#bdbdbd"

    /// Diverging colour of t in −1…1 (quantised to `steps` a side so runs of cells merge).
    static func diverging(_ t: Double, steps: Int = 8) -> String {
        guard t.isFinite, t != 0 else { return t == 0 ? dead : "#ffffff" }
        let q = (min(1, abs(t)) * Double(steps)).rounded(.up) / Double(steps)
        return mix(t < 0 ? negative : positive, q)
    }

    /// A map cell's fill: the predicted class mixed toward white by confidence, or a regression value.
    static func mapFill(_ m: RegionsViewModel, _ pics: MapPictures, cell i: Int) -> String {
        let s = i < pics.shade.count ? Double(pics.shade[i]) : 0
        if case .value = pics.shading {
            let q = (s * 16).rounded() / 16
            return q == 0 ? "#ffffff" : mix(q < 0 ? negative : positive, abs(q))
        }
        let label = i < m.labels.count ? Int(m.labels[i]) : 0
        return mix(Palette.classColor(label), 0.12 + 0.6 * (s * 10).rounded() / 10)
    }
}

/// One unit's thumbnail as SVG marks in the square (x, y, size): a heatmap of merged runs (2D input) or a
/// curve with its kinks (1D input), framed.
enum UnitThumbnail {
    static let samples = 16

    static func marks(_ p: UnitPictures, layer: Int, unit: Int, x: Double, y: Double, size: Double, selected: Bool = false) -> [SVGElement] {
        var out: [SVGElement] = []
        let scale = Double(p.scale(layer: layer, unit: unit))
        func f(_ v: Double) -> String { SVGNumber.format(v) }
        if p.inputDimension == 2 {
            let n = samples, cell = size / Double(n)
            for r in 0..<n {
                var c = 0
                func fill(_ c: Int) -> String {
                    let col = min(p.columns - 1, c * p.columns / n), row = min(p.rows - 1, r * p.rows / n)
                    let v = Double(p.value(layer: layer, unit: unit, column: col, row: row) ?? 0)
                    return PictureColors.diverging(scale > 0 ? v / scale : 0)
                }
                while c < n {
                    let color = fill(c)
                    var e = c + 1
                    while e < n && fill(e) == color { e += 1 }
                    out.append(SVGElement("rect", [("x", f(x + Double(c) * cell)), ("y", f(y + Double(r) * cell)),
                                                   ("width", f(Double(e - c) * cell)), ("height", f(cell)), ("fill", color)]))
                    c = e
                }
            }
        } else if layer < p.values.count, unit < p.values[layer].count {
            let v = p.values[layer][unit]
            var lo = 0.0, hi = 0.0
            for y in v where y.isFinite { lo = min(lo, Double(y)); hi = max(hi, Double(y)) }
            if hi - lo < 1e-12 { hi = lo + 1 }
            func py(_ value: Double) -> Double { y + size - 2 - (value - lo) / (hi - lo) * (size - 4) }
            out.append(SVGElement("rect", [("x", f(x)), ("y", f(y)), ("width", f(size)), ("height", f(size)), ("fill", "#ffffff")]))
            var zero = PathData()
            zero.move(x, py(0)); zero.line(x + size, py(0))
            out.append(SVGElement("path", [("d", zero.d), ("stroke", "#cccccc"), ("stroke-width", "0.5"), ("fill", "none")]))
            var path = PathData()
            let stride = max(1, v.count / 40)
            for i in Swift.stride(from: 0, to: v.count, by: stride) {
                let px = x + size * Double(i) / Double(max(1, v.count - 1))
                if i == 0 { path.move(px, py(Double(v[i]))) } else { path.line(px, py(Double(v[i]))) }
            }
            out.append(SVGElement("path", [("class", "unit-curve"), ("d", path.d), ("stroke", Palette.network),
                                           ("stroke-width", "1.2"), ("fill", "none")]))
            if layer < p.kinks.count, unit < p.kinks[layer].count {
                let span = p.xRange.upperBound - p.xRange.lowerBound
                for k in p.kinks[layer][unit] where span > 0 {
                    let kx = x + size * (k - p.xRange.lowerBound) / span
                    out.append(SVGElement("path", [("class", "unit-kink"), ("d", Marks.triangle(kx, y + size - 2, size: 2.5)),
                                                   ("fill", Palette.kink)]))
                }
            }
        }
        out.append(SVGElement("rect", [("x", f(x)), ("y", f(y)), ("width", f(size)), ("height", f(size)), ("fill", "none"),
                                       ("stroke", selected ? "#000000" : "#555555"), ("stroke-width", selected ? "2" : "0.7")]))
        return out
    }
}
