import Foundation
import PaneModels

/// The 1D fit for a slide: training and test data, the target, the network's function and a marker at
/// every kink (on the curve and on the x axis), with the kink count against its bound in the subtitle.
public enum FitFigure {
    public static func svg(_ m: FitViewModel, title: String) -> String {
        let chart = Chart(xRange: m.xRange, yRange: m.yRange)
        var doc = SVGDocument(width: Chart.width, height: Chart.height)
        doc.add(chart.defs())
        doc.add(chart.frame(title: title, subtitle: subtitle(m), xLabel: "input x", yLabel: "output f(x)",
                            xTicks: Tick.linear(chart.x.lo, chart.x.hi), yTicks: Tick.linear(chart.y.lo, chart.y.hi)))
        var marks: [SVGElement] = []
        if !m.targetX.isEmpty {
            let p = Marks.polyline(chart, xs: m.targetX, ys: m.targetY)
            marks.append(SVGElement("path", [("class", "target"), ("d", p.d), ("fill", "none"), ("stroke", Palette.target),
                                             ("stroke-width", "1.5"), ("stroke-dasharray", "6 4")]))
        }
        marks.append(.group("data train", points(chart, m.trainX, m.trainY, fill: Palette.train, stroke: Palette.train)))
        if !m.testX.isEmpty {
            marks.append(.group("data test", points(chart, m.testX, m.testY, fill: "#ffffff", stroke: Palette.test)))
        }
        let curve = Marks.polyline(chart, xs: m.curveX, ys: m.curveY)
        if !curve.isEmpty {
            marks.append(SVGElement("path", [("class", "curve"), ("d", curve.d), ("fill", "none"), ("stroke", Palette.network),
                                             ("stroke-width", "2.5"), ("stroke-linejoin", "round")]))
        }
        var kinks: [SVGElement] = []
        for k in m.kinks {
            guard let px = chart.x.pixel(k) else { continue }
            var parts = [SVGElement("line", [("x1", SVGNumber.format(px)), ("y1", SVGNumber.format(chart.plotTop)),
                                             ("x2", SVGNumber.format(px)), ("y2", SVGNumber.format(chart.plotBottom)),
                                             ("stroke", Palette.kink), ("stroke-opacity", "0.25"), ("stroke-dasharray", "3 3")]),
                         SVGElement("path", [("d", Marks.triangle(px, chart.plotBottom - 7, size: 6)), ("fill", Palette.kink)])]
            if let y = valueOnCurve(m, at: k), let py = chart.y.pixel(y) {
                parts.append(Marks.circle(px, py, r: 4, fill: Palette.kink, stroke: "#ffffff"))
            }
            kinks.append(.group("kink", parts, [("data-x", String(k))]))
        }
        marks.append(.group("kinks", kinks))
        doc.add(chart.clipped("marks", marks))

        var legend: [(LegendSymbol, String)] = [(.dot(Palette.train, hollow: false), "train (\(m.trainX.count))")]
        if !m.testX.isEmpty { legend.append((.dot(Palette.test, hollow: true), "test (\(m.testX.count))")) }
        if !m.targetX.isEmpty { legend.append((.line(Palette.target, dash: "6 4"), "target")) }
        legend.append((.line(Palette.network, dash: nil), "network"))
        // With non-linear input features or a smooth activation the net has no kinks to mark: no kink entry.
        if hasKinks(m) { legend.append((.triangle(Palette.kink), "kink (\(m.kinks.count))")) }
        doc.add(chart.legend(legend))
        return doc.render()
    }

    /// Whether the net is piecewise linear in the raw x (so kinks are counted and marked): not with
    /// non-linear input features (``FitViewModel/featureNote``) nor with a smooth activation.
    static func hasKinks(_ m: FitViewModel) -> Bool {
        m.featureNote.isEmpty && !(m.pieceBound == nil && m.kinkBoundNote == "smooth")
    }

    /// "3 kinks · 4 linear pieces ≤ 4 (n+1)"; with non-linear input features the dashboard's note
    /// ("features x, x^2: not piecewise linear in x"), for a smooth net "smooth: no kinks".
    static func subtitle(_ m: FitViewModel) -> String {
        if !m.featureNote.isEmpty { return m.featureNote }
        if !hasKinks(m) { return "smooth: no kinks" }
        if let n = m.kinksLowerBound {
            // Over the exact work limit: the grid scan's lower bound (no positions to mark).
            return "≥ \(n) kinks (estimate)" + (m.pieceBound.map { " · linear pieces ≤ \($0)" } ?? "")
        }
        var t = "\(m.kinks.count) kink\(m.kinks.count == 1 ? "" : "s") · \(m.kinks.count + 1) linear pieces"
        if let b = m.pieceBound { t += " ≤ \(b)" }
        if !m.kinkBoundNote.isEmpty { t += " (\(m.kinkBoundNote))" }
        return t
    }

    static func points(_ chart: Chart, _ xs: [Double], _ ys: [Double], fill: String, stroke: String) -> [SVGElement] {
        (0..<min(xs.count, ys.count)).compactMap { i in
            chart.point(xs[i], ys[i]).map { Marks.circle($0.0, $0.1, r: 3, fill: fill, stroke: stroke) }
        }
    }

    /// The network's value at x, interpolated linearly between the curve samples (exact for a
    /// piecewise-linear net between sample points that straddle no other kink).
    static func valueOnCurve(_ m: FitViewModel, at x: Double) -> Double? {
        let xs = m.curveX, ys = m.curveY
        guard xs.count == ys.count, xs.count >= 2 else { return nil }
        var lo = 0, hi = xs.count - 1
        guard x >= xs[lo], x <= xs[hi] else { return nil }
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if xs[mid] <= x { lo = mid } else { hi = mid }
        }
        let t = xs[hi] > xs[lo] ? (x - xs[lo]) / (xs[hi] - xs[lo]) : 0
        let v = ys[lo] + t * (ys[hi] - ys[lo])
        return v.isFinite ? v : nil
    }
}
