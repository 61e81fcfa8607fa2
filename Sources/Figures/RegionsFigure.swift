import Foundation
import PaneModels

/// The 2D decision map for a slide: predicted class per grid cell (runs of equal cells merged into one
/// rectangle), the boundaries between linear regions (activation patterns), and the data.
public enum RegionsFigure {
    /// What the map is called in a title: a classifier's "decision map", a regression's "value map".
    public static func kind(_ m: RegionsViewModel) -> String { m.isValueMap ? "value map" : "decision map" }

    public static func svg(_ m: RegionsViewModel, title: String) -> String {
        // Equal aspect (a unit of x₁ as long as a unit of x₂), the legend outside the map.
        let plotH = Chart.height - Chart.margin.top - Chart.margin.bottom
        let room = Chart.width - Chart.margin.left - Chart.margin.right - Chart.outsideLegendWidth
        let xBox = Chart.safe(m.xRange), yBox = Chart.safe(m.yRange)
        let aspect = (xBox.upperBound - xBox.lowerBound) / (yBox.upperBound - yBox.lowerBound)
        let chart = Chart(xRange: m.xRange, yRange: m.yRange, plotWidth: min(room, plotH * aspect))
        var doc = SVGDocument(width: Chart.width, height: Chart.height)
        doc.add(chart.defs())
        var sub = m.isValueMap ? "value map" : "\(m.classCount) classes"
        if let n = m.regionCount { sub += " · \(m.regionCountNote == "estimate" ? "≥ " : "")\(n) linear regions" + (m.regionCountNote.isEmpty ? "" : " (\(m.regionCountNote))") }
        if !m.featureNote.isEmpty { sub += " · " + m.featureNote }
        doc.add(chart.frame(title: title, subtitle: sub, xLabel: "input x₁", yLabel: "input x₂",
                            xTicks: Tick.linear(chart.x.lo, chart.x.hi), yTicks: Tick.linear(chart.y.lo, chart.y.hi)))
        let gw = m.gridWidth, gh = m.gridHeight
        let levels = max(1, m.classCount)
        func fill(_ label: UInt8) -> String {
            m.isValueMap ? Palette.ramp(Int(label), levels) : Palette.regionColor(Int(label))
        }
        // With the map's pictures: each cell's class mixed toward white by confidence (or the value on a
        // diverging ramp), as the dashboard shades it.
        let pics = m.pictures.flatMap { $0.shade.count == gw * gh ? $0 : nil }
        func fill(_ c: Int, _ r: Int) -> String {
            if let pics { return PictureColors.mapFill(m, pics, cell: r * gw + c) }
            return fill(m.label(c, r))
        }
        // Cell edges in pixels: column c spans [xs[c], xs[c+1]], row r (top = largest y) [ys[r], ys[r+1]].
        let xs = (0...gw).map { chart.x.pixel(axisUnits: chart.x.lo + (chart.x.hi - chart.x.lo) * Double($0) / Double(max(1, gw))) }
        let ys = (0...gh).map { chart.y.pixel(axisUnits: chart.y.hi - (chart.y.hi - chart.y.lo) * Double($0) / Double(max(1, gh))) }
        var cells: [SVGElement] = []
        for r in 0..<gh {
            var c = 0
            while c < gw {
                let color = fill(c, r)
                var e = c + 1
                while e < gw && fill(e, r) == color { e += 1 }
                cells.append(SVGElement("rect", [("x", SVGNumber.format(xs[c])), ("y", SVGNumber.format(ys[r])),
                                                 ("width", SVGNumber.format(xs[e] - xs[c])),
                                                 ("height", SVGNumber.format(ys[r + 1] - ys[r])), ("fill", color)]))
                c = e
            }
        }
        var marks: [SVGElement] = [.group("regions", cells, [("shape-rendering", "crispEdges")])]
        let exact = pics?.overlay
        let hasBoundaries = exact != nil || (m.regionIDs.count == gw * gh && gw > 0 && gh > 0)
        if let exact {
            // The exact polygons' edges: every hidden layer's cuts.
            var p = PathData()
            for layer in exact.cuts {
                for seg in layer {
                    guard let (x0, y0) = chart.point(seg.x0, seg.y0), let (x1, y1) = chart.point(seg.x1, seg.y1) else { continue }
                    p.move(x0, y0); p.line(x1, y1)
                }
            }
            marks.append(SVGElement("path", [("class", "boundary exact"), ("d", p.d), ("fill", "none"), ("stroke", Palette.boundary),
                                             ("stroke-width", "0.8"), ("stroke-opacity", "0.7")]))
        } else if hasBoundaries {
            var p = PathData()
            for r in 0..<gh {
                for c in 0..<gw {
                    guard let id = m.regionID(c, r) else { continue }
                    if c + 1 < gw, m.regionID(c + 1, r) != id { p.move(xs[c + 1], ys[r]); p.line(xs[c + 1], ys[r + 1]) }
                    if r + 1 < gh, m.regionID(c, r + 1) != id { p.move(xs[c], ys[r + 1]); p.line(xs[c + 1], ys[r + 1]) }
                }
            }
            marks.append(SVGElement("path", [("class", "boundary"), ("d", p.d), ("fill", "none"), ("stroke", Palette.boundary),
                                             ("stroke-width", "1"), ("stroke-opacity", "0.6")]))
        }
        var train: [SVGElement] = [], test: [SVGElement] = []
        for pt in m.points {
            guard let (px, py) = chart.point(pt.x, pt.y) else { continue }
            let level = Double(max(0, min(levels - 1, pt.label))) / Double(max(1, levels - 1))
            let color = !m.isValueMap ? Palette.classColor(pt.label)
                : (pics == nil ? Palette.ramp(pt.label, levels) : PictureColors.diverging(2 * level - 1))
            if pt.isTest {
                test.append(Marks.circle(px, py, r: 3.5, fill: "#ffffff", stroke: color))
            } else {
                // On a value map a point has its level's colour: outline it dark, or it vanishes in its region.
                train.append(Marks.circle(px, py, r: 3.5, fill: color, stroke: m.isValueMap ? "#333333" : "#ffffff"))
            }
        }
        marks.append(.group("data train", train))
        if !test.isEmpty { marks.append(.group("data test", test)) }
        doc.add(chart.clipped("marks", marks))

        var legend: [(LegendSymbol, String)] = []
        if m.isValueMap {
            legend.append((.swatch(pics == nil ? Palette.ramp(0, levels) : PictureColors.diverging(-1)), "low prediction"))
            legend.append((.swatch(pics == nil ? Palette.ramp(levels - 1, levels) : PictureColors.diverging(1)), "high prediction"))
        } else {
            for c in 0..<min(levels, 8) {
                legend.append((.swatch(pics == nil ? Palette.regionColor(c) : PictureColors.mix(Palette.classColor(c), 0.72)),
                               pics == nil ? "predicted class \(c)" : "class \(c), confident (paler: less)"))
            }
            for c in 0..<min(levels, 8) { legend.append((.dot(Palette.classColor(c), hollow: false), "data, class \(c)")) }
        }
        if !test.isEmpty { legend.append((.dot("#555555", hollow: true), "test data")) }
        if hasBoundaries {
            // With non-linear input features the patterns' boundaries are curves in x, not linear regions' edges.
            let name = m.featureNote.isEmpty ? "linear-region boundary" : "activation-pattern boundary"
            legend.append((.line(Palette.boundary, dash: nil), exact != nil ? name + " (exact)" : name))
        }
        doc.add(chart.legend(legend, outside: true))
        return doc.render()
    }
}
