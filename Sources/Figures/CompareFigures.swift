import Foundation
import PaneModels

/// One compared session as the comparison figures need it: its label, its loss curves and where it
/// diverged (nil when it did not).
public struct ComparedCurves: Sendable {
    public var label: String
    public var loss: LossViewModel
    public var divergedAtStep: Int?
    public init(label: String, loss: LossViewModel, divergedAtStep: Int?) {
        self.label = label
        self.loss = loss
        self.divergedAtStep = divergedAtStep
    }
}

/// λmax of one compared session at the export step: the value (nil when it cannot be computed, e.g. after a
/// divergence), how it was computed, and the step size limit of its optimiser when it has one.
public struct ComparedLambda: Sendable {
    public var label: String
    public var lambdaMax: Double?
    public var method: String
    /// Gradient descent on a quadratic with curvature λ is stable only for λ < 2/η (heavy-ball momentum β:
    /// λ < 2(1+β)/η); nil for adaptive optimisers, whose step has no such bound.
    public var stabilityLimit: Double?
    public init(label: String, lambdaMax: Double?, method: String, stabilityLimit: Double?) {
        self.label = label
        self.lambdaMax = lambdaMax
        self.method = method
        self.stabilityLimit = stabilityLimit
    }
}

/// The comparison figures of `nnviz export` on a compare preset: every session's loss on one shared log
/// axis, and λmax per session as bars. Session i has colour `Palette.classColor(i)` in both.
public enum CompareFigures {
    public static func color(_ i: Int) -> String { Palette.classColor(i) }

    /// Train objective (solid) and test loss (dashed, same colour) of every session against step, on one
    /// log axis. The axis is fitted to the sessions that did not diverge (a blow-up would flatten the rest);
    /// a diverged curve runs off the top, its legend entry says where it stopped.
    public static func loss(_ sessions: [ComparedCurves], title: String, subtitle: String) -> String {
        let live = sessions.filter { $0.divergedAtStep == nil }
        var lo = Double.infinity, hi = -Double.infinity
        for s in live.isEmpty ? sessions : live {
            for v in s.loss.train + s.loss.test where v.isFinite && v >= 0 {
                lo = min(lo, max(v, LossFigure.floor))
                hi = max(hi, max(v, LossFigure.floor))
            }
        }
        let yr = lo.isFinite ? log10(lo).rounded(.down)...max(log10(hi).rounded(.up), log10(lo).rounded(.down) + 1) : -3.0...0
        let first = sessions.compactMap { $0.loss.steps.first }.min() ?? 0
        let last = sessions.compactMap { $0.loss.steps.last }.max() ?? 1
        let chart = Chart(xRange: Double(first)...Double(max(last, first + 1)), yRange: yr, yScale: .log10)
        var doc = SVGDocument(width: Chart.width, height: Chart.height)
        doc.add(chart.defs())
        doc.add(chart.frame(title: title, subtitle: subtitle, xLabel: "step", yLabel: "loss (log scale, shared)",
                            xTicks: Tick.linear(chart.x.lo, chart.x.hi), yTicks: Tick.log(chart.y.lo, chart.y.hi)))
        var marks: [SVGElement] = []
        var legend: [(LegendSymbol, String)] = []
        var anyTest = false
        for (i, s) in sessions.enumerated() {
            let xs = s.loss.steps.map(Double.init)
            let c = color(i)
            var curves: [SVGElement] = []
            let train = Marks.polyline(chart, xs: xs, ys: s.loss.train.map { $0 >= 0 ? max($0, LossFigure.floor) : $0 })
            curves.append(SVGElement("path", [("class", "curve train"), ("d", train.d), ("fill", "none"), ("stroke", c),
                                              ("stroke-width", "2.5")]))
            if !s.loss.test.isEmpty {
                anyTest = true
                let test = Marks.polyline(chart, xs: xs, ys: s.loss.test.map { $0 >= 0 ? max($0, LossFigure.floor) : $0 })
                curves.append(SVGElement("path", [("class", "curve test"), ("d", test.d), ("fill", "none"), ("stroke", c),
                                                  ("stroke-width", "1.8"), ("stroke-dasharray", "7 4")]))
            }
            marks.append(.group("session", curves, [("data-label", s.label)]))
            var text = s.label
            if let at = s.divergedAtStep { text += " (diverged at step \(at))" } else if let v = s.loss.train.last {
                text += " · " + FigureFormat.num(v)
            }
            legend.append((.line(c, dash: nil), text))
        }
        if anyTest { legend.append((.line("#555555", dash: "7 4"), "dashed: test loss")) }
        doc.add(chart.clipped("marks", marks))
        doc.add(chart.legend(legend))
        return doc.render()
    }

    /// λmax per session as a bar (value written above it), with the optimiser's stability limit 2/η (or
    /// 2(1+β)/η) written under the value: a bar that reaches its limit sits at the edge of stability.
    public static func lambdaMax(_ sessions: [ComparedLambda], title: String, subtitle: String) -> String {
        let n = max(1, sessions.count)
        let top = sessions.compactMap(\.lambdaMax).filter(\.isFinite).map { max(0, $0) }.max() ?? 1
        let low = min(0, sessions.compactMap(\.lambdaMax).filter(\.isFinite).min() ?? 0)
        // The tallest bar reaches 62% of the plot: its value and limit above it stay clear of the legend box
        // in the top-right corner (at most four rows).
        let chart = Chart(xRange: 0...Double(n), yRange: low...(top > 0 ? top / 0.62 : 1))
        var doc = SVGDocument(width: Chart.width, height: Chart.height)
        doc.add(chart.defs())
        let ticks = sessions.enumerated().map { Tick(at: Double($0.offset) + 0.5, label: $0.element.label) }
        doc.add(chart.frame(title: title, subtitle: subtitle, xLabel: "session", yLabel: "λmax (largest Hessian eigenvalue)",
                            xTicks: ticks, yTicks: Tick.linear(chart.y.lo, chart.y.hi)))
        var bars: [SVGElement] = [], labels: [SVGElement] = []
        var legend: [(LegendSymbol, String)] = []
        let f = SVGNumber.format
        for (i, s) in sessions.enumerated() {
            let c = color(i)
            let x0 = chart.x.pixel(axisUnits: Double(i) + 0.2), x1 = chart.x.pixel(axisUnits: Double(i) + 0.8)
            let mid = f((x0 + x1) / 2)
            let base = chart.y.pixel(axisUnits: 0)
            guard let v = s.lambdaMax, v.isFinite else {
                labels.append(SVGElement("text", [("class", "value"), ("x", mid), ("y", f(base - 8)), ("text-anchor", "middle"),
                                                  ("font-size", "13"), ("fill", "#b00000")], text: "diverged: no λmax"))
                legend.append((.swatch(c), s.label + " · diverged"))
                continue
            }
            let py = chart.y.pixel(axisUnits: v)
            bars.append(SVGElement("rect", [("class", "bar"), ("x", f(x0)), ("y", f(min(py, base))), ("width", f(x1 - x0)),
                                            ("height", f(abs(base - py))), ("fill", c), ("data-label", s.label),
                                            ("data-value", String(v))]))
            labels.append(SVGElement("text", [("class", "value"), ("x", mid), ("y", f(min(py, base) - 8)), ("text-anchor", "middle"),
                                              ("font-size", "14"), ("font-weight", "bold")], text: FigureFormat.num(v)))
            if let limit = s.stabilityLimit {
                labels.append(SVGElement("text", [("class", "limit"), ("x", mid), ("y", f(min(py, base) - 26)),
                                                  ("text-anchor", "middle"), ("font-size", "12"), ("fill", "#555555")],
                                         text: "limit " + FigureFormat.num(limit)))
            }
            legend.append((.swatch(c), s.label + " · λmax " + FigureFormat.num(v)))
        }
        doc.add(.group("bars", bars))
        doc.add(.group("values", labels))
        doc.add(chart.legend(legend))
        return doc.render()
    }
}
