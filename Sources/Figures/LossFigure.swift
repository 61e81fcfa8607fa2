import Foundation
import PaneModels

/// Training and test loss against step on a log axis (decade ticks).
public enum LossFigure {
    /// Losses of exactly 0 are drawn at this floor rather than vanishing from the log axis.
    static let floor = 1e-15

    public static func svg(_ m: LossViewModel, title: String) -> String {
        var lo = Double.infinity, hi = -Double.infinity
        for v in m.train + m.test where v.isFinite && v >= 0 {
            lo = min(lo, max(v, floor))
            hi = max(hi, max(v, floor))
        }
        let hasData = lo.isFinite && !m.steps.isEmpty
        let yr = hasData ? log10(lo).rounded(.down)...max(log10(hi).rounded(.up), log10(lo).rounded(.down) + 1) : -3.0...0
        let xr = Double(m.steps.first ?? 0)...Double(max((m.steps.last ?? 1), (m.steps.first ?? 0) + 1))
        let chart = Chart(xRange: xr, yRange: yr, yScale: .log10)
        var doc = SVGDocument(width: Chart.width, height: Chart.height)
        doc.add(chart.defs())
        var sub = "loss: \(m.lossName)"
        if let last = m.train.last { sub += " · train \(FigureFormat.num(last))" }
        if let last = m.test.last { sub += " · test \(FigureFormat.num(last))" }
        if let a = m.accuracy { sub += " · accuracy " + String(format: "%.1f%%", 100 * a) }
        sub += " · lr " + FigureFormat.num(m.learningRate)
        doc.add(chart.frame(title: title, subtitle: sub, xLabel: "step", yLabel: "loss (log scale)",
                            xTicks: Tick.linear(chart.x.lo, chart.x.hi), yTicks: Tick.log(chart.y.lo, chart.y.hi)))
        let xs = m.steps.map(Double.init)
        var marks: [SVGElement] = []
        var legend: [(LegendSymbol, String)] = []
        if !m.test.isEmpty {
            let p = Marks.polyline(chart, xs: xs, ys: m.test.map { $0 >= 0 ? max($0, floor) : $0 })
            marks.append(SVGElement("path", [("class", "curve test"), ("d", p.d), ("fill", "none"), ("stroke", Palette.test),
                                             ("stroke-width", "2"), ("stroke-dasharray", "7 4")]))
            legend.append((.line(Palette.test, dash: "7 4"), "test"))
        }
        let p = Marks.polyline(chart, xs: xs, ys: m.train.map { $0 >= 0 ? max($0, floor) : $0 })
        marks.insert(SVGElement("path", [("class", "curve train"), ("d", p.d), ("fill", "none"), ("stroke", Palette.train),
                                         ("stroke-width", "2.5")]), at: 0)
        legend.insert((.line(Palette.train, dash: nil), "train (objective)"), at: 0)
        doc.add(chart.clipped("marks", marks))
        doc.add(chart.legend(legend))
        return doc.render()
    }
}
