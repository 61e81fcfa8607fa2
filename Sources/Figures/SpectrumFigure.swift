import Foundation
import PaneModels

/// The Hessian spectrum for a slide: a histogram on a symmetric-log λ axis (so the many ≈0 eigenvalues
/// and the few large ones both show, with their signs), counts on a log axis, λmin and λmax marked.
public enum SpectrumFigure {
    public static let bins = 60
    static let minColor = "#9467bd"

    public static func svg(_ m: SpectrumViewModel, title: String) -> String {
        var maxAbs = max(abs(m.lambdaMin.isFinite ? m.lambdaMin : 0), abs(m.lambdaMax.isFinite ? m.lambdaMax : 0))
        for v in m.eigenvalues where v.isFinite { maxAbs = max(maxAbs, abs(v)) }
        if !(maxAbs > 0) { maxAbs = 1 }
        let tau = maxAbs * 1e-4
        let scale = AxisScale.symlog(tau)
        let span = (scale.transform(maxAbs) ?? 1) * 1.04
        let counts = histogram(m, scale: scale, span: span)
        let positive = counts.filter { $0 > 0 }
        let yLo = (log10(positive.min() ?? 1) - 0.3).rounded(.down)
        let yHi = max((log10(positive.max() ?? 10)).rounded(.up), yLo + 1)
        let chart = Chart(xRange: -span...span, yRange: yLo...yHi, xScale: scale, yScale: .log10)
        var doc = SVGDocument(width: Chart.width, height: Chart.height)
        doc.add(chart.defs())
        var sub = "\(m.method) · step \(m.step) · P = \(m.parameterCount)"
        if let n = m.negativeCount { sub += " · \(n) negative" }
        if let z = m.nearZeroCount { sub += " · \(z) ≈ 0" }
        doc.add(chart.frame(title: title, subtitle: sub, xLabel: "eigenvalue λ (symmetric log scale)",
                            yLabel: m.weights.isEmpty ? "count (log scale)" : "estimated count (log scale)",
                            xTicks: xTicks(tau: tau, maxAbs: maxAbs), yTicks: Tick.decades(yLo, yHi)))
        var bars: [SVGElement] = []
        let bottom = chart.plotBottom
        for (b, c) in counts.enumerated() where c > 0 {
            let x0 = chart.x.pixel(axisUnits: -span + 2 * span * Double(b) / Double(bins))
            let x1 = chart.x.pixel(axisUnits: -span + 2 * span * Double(b + 1) / Double(bins))
            let top = chart.y.pixel(axisUnits: log10(c))
            bars.append(SVGElement("rect", [("x", SVGNumber.format(x0)), ("y", SVGNumber.format(top)),
                                            ("width", SVGNumber.format(max(0.5, x1 - x0 - 0.5))),
                                            ("height", SVGNumber.format(max(0, bottom - top))), ("data-count", fmtCount(c))]))
        }
        var marks: [SVGElement] = [.group("bars", bars, [("fill", Palette.train), ("fill-opacity", "0.8")])]
        for (cls, value, color) in [("lambda-min", m.lambdaMin, minColor), ("lambda-max", m.lambdaMax, Palette.kink)] {
            guard let px = chart.x.pixel(value) else { continue }
            marks.append(.group(cls, [
                SVGElement("line", [("x1", SVGNumber.format(px)), ("y1", SVGNumber.format(chart.plotTop)),
                                    ("x2", SVGNumber.format(px)), ("y2", SVGNumber.format(bottom)), ("stroke", color),
                                    ("stroke-width", "2"), ("stroke-dasharray", "6 3")]),
            ]))
        }
        doc.add(chart.clipped("marks", marks))
        doc.add(chart.legend([
            (.swatch(Palette.train), m.weights.isEmpty ? "eigenvalues per bin" : "density (SLQ) per bin"),
            (.line(minColor, dash: "6 3"), "λmin = " + FigureFormat.num(m.lambdaMin)),
            (.line(Palette.kink, dash: "6 3"), "λmax = " + FigureFormat.num(m.lambdaMax)),
        ]))
        return doc.render()
    }

    /// Counts (or SLQ weights) per bin, the bins uniform on the symmetric-log axis over [−span, span].
    static func histogram(_ m: SpectrumViewModel, scale: AxisScale, span: Double) -> [Double] {
        var counts = [Double](repeating: 0, count: bins)
        for (i, v) in m.eigenvalues.enumerated() {
            guard let t = scale.transform(v) else { continue }
            let b = max(0, min(bins - 1, Int(((t + span) / (2 * span) * Double(bins)).rounded(.down))))
            counts[b] += i < m.weights.count ? m.weights[i] : 1
        }
        return counts
    }

    /// 0 and ±10^k for decades between τ and the largest |λ| (at most four a side).
    static func xTicks(tau: Double, maxAbs: Double) -> [Tick] {
        let scale = AxisScale.symlog(tau)
        var ticks = [Tick(at: 0, label: "0")]
        for k in NiceTicks.decades(log10(tau) + 0.5, log10(maxAbs), maxCount: 4) {
            let v = pow(10, Double(k))
            guard let t = scale.transform(v) else { continue }
            let label = NiceTicks.decadeLabel(k)
            ticks.append(Tick(at: t, label: label))
            ticks.insert(Tick(at: -t, label: "−" + label), at: 0)
        }
        return ticks
    }

    static func fmtCount(_ c: Double) -> String {
        c == c.rounded() && abs(c) < 1e15 ? String(Int(c)) : String(c)
    }
}
