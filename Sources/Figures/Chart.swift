import Foundation

/// How an axis maps data values before they are laid out linearly.
public enum AxisScale: Sendable, Equatable {
    case linear
    /// log10(v); values ≤ 0 are off the axis.
    case log10
    /// sign(v)·log10(1 + |v|/τ): linear near 0, logarithmic far from it (both signs kept).
    case symlog(Double)

    /// The value in axis units, nil when it cannot be shown (non-finite, or ≤ 0 on a log axis).
    public func transform(_ v: Double) -> Double? {
        guard v.isFinite else { return nil }
        switch self {
        case .linear: return v
        case .log10: return v > 0 ? Foundation.log10(v) : nil
        case .symlog(let tau): return v < 0 ? -Foundation.log10(1 + -v / tau) : Foundation.log10(1 + v / tau)
        }
    }
}

/// One axis: a range in axis units (after the scale's transform) laid out on a pixel interval.
public struct ChartAxis: Sendable {
    public var lo: Double
    public var hi: Double
    public var pixelLo: Double
    public var pixelHi: Double
    public var scale: AxisScale

    /// Pixel of a value in axis units.
    public func pixel(axisUnits t: Double) -> Double {
        let span = hi - lo
        return pixelLo + (span > 0 ? (t - lo) / span : 0.5) * (pixelHi - pixelLo)
    }

    /// Pixel of a data value, nil when the scale cannot show it.
    public func pixel(_ v: Double) -> Double? { scale.transform(v).map { pixel(axisUnits: $0) } }
}

/// A tick: where it is (axis units) and what it says.
public struct Tick: Sendable, Equatable {
    public var at: Double
    public var label: String
    public init(at: Double, label: String) { self.at = at; self.label = label }

    /// 1-2-5 ticks for a linear axis.
    public static func linear(_ lo: Double, _ hi: Double, maxCount: Int = 7) -> [Tick] {
        let t = NiceTicks.linear(lo, hi, maxCount: maxCount)
        return zip(t, NiceTicks.labels(t)).map { Tick(at: $0, label: $1) }
    }

    /// Log-axis ticks for [lo, hi] in log10 units: decades, plus 2× and 5× each decade (1-2-5) when the
    /// axis spans at most two decades, so a short log axis still has enough labels to read.
    public static func log(_ lo: Double, _ hi: Double) -> [Tick] {
        var ticks = decades(lo, hi)
        guard hi - lo <= 2 + 1e-9 else { return ticks }
        for k in Int(lo.rounded(.down))...Int(hi.rounded(.up)) {
            for m in [2.0, 5.0] {
                let v = m * pow(10, Double(k)), t = log10(v)
                if t >= lo - 1e-9 && t <= hi + 1e-9 {
                    ticks.append(Tick(at: t, label: abs(k) <= 3 ? String(format: "%g", v) : String(format: "%.0fe%d", m, k)))
                }
            }
        }
        return ticks.sorted { $0.at < $1.at }
    }

    /// Decade ticks for a log10 axis whose range is [lo, hi] in log10 units.
    public static func decades(_ lo: Double, _ hi: Double, maxCount: Int = 7) -> [Tick] {
        NiceTicks.decades(lo, hi, maxCount: maxCount).map { Tick(at: Double($0), label: NiceTicks.decadeLabel($0)) }
    }
}

/// What a legend line shows in front of its text.
public enum LegendSymbol: Sendable {
    case line(String, dash: String?)
    case dot(String, hollow: Bool)
    case triangle(String)
    case swatch(String)
}

/// The frame every figure shares: an 800×500 canvas, a plot area with margins for tick labels,
/// axis labels and the title; axes with ticks and labels; a legend box in the plot's top-right corner.
public struct Chart: Sendable {
    public static let width = 800.0
    public static let height = 500.0
    public static let margin = (left: 84.0, right: 24.0, top: 60.0, bottom: 64.0)
    /// id of the clip path that keeps data marks inside the plot area.
    public static let clipID = "plot-area"

    public var x: ChartAxis
    public var y: ChartAxis

    public var plotLeft: Double { Self.margin.left }
    /// Right edge of the plot area: the full width by default, less for a fixed aspect or an outside legend.
    public let plotRight: Double
    public var plotTop: Double { Self.margin.top }
    public var plotBottom: Double { Self.height - Self.margin.bottom }

    /// Room kept right of the plot for a legend placed outside it.
    public static let outsideLegendWidth = 210.0

    /// `xRange`, `yRange` in axis units (already transformed by their scales). `plotWidth` narrows the plot
    /// (e.g. for equal aspect, or to leave room for a legend outside); it never grows past the canvas.
    public init(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, xScale: AxisScale = .linear,
                yScale: AxisScale = .linear, plotWidth: Double? = nil) {
        let xr = Chart.safe(xRange), yr = Chart.safe(yRange)
        let full = Self.width - Self.margin.right - Self.margin.left
        plotRight = Self.margin.left + min(full, max(50, plotWidth ?? full))
        x = ChartAxis(lo: xr.lowerBound, hi: xr.upperBound, pixelLo: Self.margin.left,
                      pixelHi: plotRight, scale: xScale)
        y = ChartAxis(lo: yr.lowerBound, hi: yr.upperBound, pixelLo: Self.height - Self.margin.bottom,
                      pixelHi: Self.margin.top, scale: yScale)
    }

    /// A range that is never empty or non-finite.
    static func safe(_ r: ClosedRange<Double>) -> ClosedRange<Double> {
        var lo = r.lowerBound, hi = r.upperBound
        if !lo.isFinite || !hi.isFinite { lo = -1; hi = 1 }
        if !(hi - lo > 1e-12 * max(1, abs(lo))) { lo -= 0.5; hi += 0.5 }
        return lo...hi
    }

    /// The point (x, y) in pixels, nil when either coordinate cannot be shown.
    public func point(_ vx: Double, _ vy: Double) -> (Double, Double)? {
        guard let px = x.pixel(vx), let py = y.pixel(vy) else { return nil }
        return (px, py)
    }

    /// `<defs>` with the plot-area clip path: put it first in the document.
    public func defs() -> SVGElement {
        SVGElement("defs", children: [SVGElement("clipPath", [("id", Self.clipID)], children: [
            SVGElement("rect", [("x", f(plotLeft)), ("y", f(plotTop)), ("width", f(plotRight - plotLeft)),
                                ("height", f(plotBottom - plotTop))]),
        ])])
    }

    /// Marks clipped to the plot area.
    public func clipped(_ cls: String, _ children: [SVGElement]) -> SVGElement {
        .group(cls, children, [("clip-path", "url(#\(Self.clipID))")])
    }

    /// Title, axes, ticks with labels, light grid lines and axis labels.
    public func frame(title: String, subtitle: String = "", xLabel: String, yLabel: String, xTicks: [Tick],
                      yTicks: [Tick]) -> [SVGElement] {
        var grid: [SVGElement] = [], xt: [SVGElement] = [], yt: [SVGElement] = []
        for t in xTicks where t.at >= x.lo - 1e-9 && t.at <= x.hi + 1e-9 {
            let px = f(x.pixel(axisUnits: t.at))
            grid.append(SVGElement("line", [("x1", px), ("y1", f(plotTop)), ("x2", px), ("y2", f(plotBottom))]))
            xt.append(.group("tick", [
                SVGElement("line", [("x1", px), ("y1", f(plotBottom)), ("x2", px), ("y2", f(plotBottom + 6))]),
                SVGElement("text", [("class", "tick-label"), ("x", px), ("y", f(plotBottom + 22)), ("text-anchor", "middle"),
                                    ("stroke", "none")],
                           text: t.label),
            ]))
        }
        for t in yTicks where t.at >= y.lo - 1e-9 && t.at <= y.hi + 1e-9 {
            let py = f(y.pixel(axisUnits: t.at))
            grid.append(SVGElement("line", [("x1", f(plotLeft)), ("y1", py), ("x2", f(plotRight)), ("y2", py)]))
            yt.append(.group("tick", [
                SVGElement("line", [("x1", f(plotLeft - 6)), ("y1", py), ("x2", f(plotLeft)), ("y2", py)]),
                SVGElement("text", [("class", "tick-label"), ("x", f(plotLeft - 10)), ("y", py), ("text-anchor", "end"),
                                    ("dominant-baseline", "middle"), ("stroke", "none")], text: t.label),
            ]))
        }
        let midX = f((plotLeft + plotRight) / 2), midY = f((plotTop + plotBottom) / 2)
        var out: [SVGElement] = [
            .group("grid", grid, [("stroke", "#e6e6e6"), ("stroke-width", "1")]),
            .group("axis x", [SVGElement("line", [("x1", f(plotLeft)), ("y1", f(plotBottom)), ("x2", f(plotRight)),
                                                  ("y2", f(plotBottom))])] + xt,
                   [("stroke", "#222222"), ("font-size", "13"), ("fill", "#222222")]),
            .group("axis y", [SVGElement("line", [("x1", f(plotLeft)), ("y1", f(plotTop)), ("x2", f(plotLeft)),
                                                  ("y2", f(plotBottom))])] + yt,
                   [("stroke", "#222222"), ("font-size", "13"), ("fill", "#222222")]),
            SVGElement("text", [("class", "axis-label x"), ("x", midX), ("y", f(Self.height - 16)), ("text-anchor", "middle"),
                                ("font-size", "15")], text: xLabel),
            SVGElement("text", [("class", "axis-label y"), ("x", "0"), ("y", "0"), ("text-anchor", "middle"), ("font-size", "15"),
                                ("transform", "translate(22,\(midY)) rotate(-90)")], text: yLabel),
            SVGElement("text", [("class", "title"), ("x", f(plotLeft)), ("y", "26"), ("font-size", "18"), ("font-weight", "bold")],
                       text: title),
        ]
        if !subtitle.isEmpty {
            out.append(SVGElement("text", [("class", "subtitle"), ("x", f(plotLeft)), ("y", "46"), ("font-size", "13"),
                                           ("fill", "#555555")], text: subtitle))
        }
        return out
    }

    /// A legend box in the top-right corner of the plot area, or just right of it (`outside`).
    public func legend(_ entries: [(LegendSymbol, String)], outside: Bool = false) -> SVGElement {
        let rowH = 20.0
        let textW = entries.map { Double($0.1.unicodeScalars.count) * 7.4 }.max() ?? 0
        let w = 40 + textW + 10, h = rowH * Double(entries.count) + 10
        let x0 = outside ? min(plotRight + 16, Self.width - w - 4) : plotRight - w - 8, y0 = outside ? plotTop : plotTop + 8
        var children = [SVGElement("rect", [("x", f(x0)), ("y", f(y0)), ("width", f(w)), ("height", f(h)), ("fill", "#ffffff"),
                                            ("fill-opacity", "0.85"), ("stroke", "#999999")])]
        for (i, (symbol, text)) in entries.enumerated() {
            let cy = y0 + 5 + rowH * (Double(i) + 0.5), sx = x0 + 10
            var item: [SVGElement]
            switch symbol {
            case .line(let color, let dash):
                var a = [("x1", f(sx)), ("y1", f(cy)), ("x2", f(sx + 22)), ("y2", f(cy)), ("stroke", color), ("stroke-width", "2.5")]
                if let dash { a.append(("stroke-dasharray", dash)) }
                item = [SVGElement("line", a)]
            case .dot(let color, let hollow):
                item = [SVGElement("circle", [("cx", f(sx + 11)), ("cy", f(cy)), ("r", "4"),
                                              ("fill", hollow ? "#ffffff" : color), ("stroke", color), ("stroke-width", "1.5")])]
            case .triangle(let color):
                item = [SVGElement("path", [("d", Marks.triangle(sx + 11, cy, size: 6)), ("fill", color)])]
            case .swatch(let color):
                item = [SVGElement("rect", [("x", f(sx + 3)), ("y", f(cy - 7)), ("width", "16"), ("height", "14"), ("fill", color),
                                            ("stroke", "#777777"), ("stroke-width", "0.5")])]
            }
            item.append(SVGElement("text", [("x", f(sx + 30)), ("y", f(cy)), ("dominant-baseline", "middle"), ("font-size", "13")],
                                   text: text))
            children.append(.group("legend-entry", item))
        }
        return .group("legend", children)
    }

    func f(_ v: Double) -> String { SVGNumber.format(v) }
}

/// Small shapes shared by the figures.
enum Marks {
    /// An upward triangle centred at (x, y).
    static func triangle(_ x: Double, _ y: Double, size s: Double) -> String {
        var p = PathData()
        p.move(x, y - s)
        p.line(x + s, y + s * 0.8)
        p.line(x - s, y + s * 0.8)
        return p.d + " Z"
    }

    static func circle(_ x: Double, _ y: Double, r: Double, fill: String, stroke: String) -> SVGElement {
        SVGElement("circle", [("cx", SVGNumber.format(x)), ("cy", SVGNumber.format(y)), ("r", SVGNumber.format(r)),
                              ("fill", fill), ("stroke", stroke), ("stroke-width", "1")])
    }

    /// A polyline through the samples that can be shown, broken where one cannot.
    static func polyline(_ chart: Chart, xs: [Double], ys: [Double]) -> PathData {
        var p = PathData(), pen = false
        for i in 0..<min(xs.count, ys.count) {
            guard let (px, py) = chart.point(xs[i], ys[i]) else { pen = false; continue }
            if pen { p.line(px, py) } else { p.move(px, py); pen = true }
        }
        return p
    }
}

/// Colours for slides: readable on white and projected (a Tableau-10-like palette).
public enum Palette {
    public static let train = "#1f77b4"
    public static let test = "#ff7f0e"
    public static let target = "#7f7f7f"
    public static let network = "#2ca02c"
    public static let kink = "#d62728"
    public static let boundary = "#333333"
    public static let classes = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#e377c2", "#8c564b"]
    /// The class colours mixed 75% with white: region fills under the data.
    public static let regions = ["#c7ddec", "#f5c9c9", "#cae7ca", "#e4d9ee", "#ffdfc3", "#c5eff3", "#f8ddf0", "#e2d5d2"]

    public static func classColor(_ i: Int) -> String { classes[((i % classes.count) + classes.count) % classes.count] }
    public static func regionColor(_ i: Int) -> String { regions[((i % regions.count) + regions.count) % regions.count] }

    /// A white → blue ramp for value maps (level i of n).
    public static func ramp(_ i: Int, _ n: Int) -> String {
        let t = n > 1 ? Double(i) / Double(n - 1) : 0
        let r = Int((255 - t * (255 - 31)).rounded()), g = Int((255 - t * (255 - 119)).rounded()), b = Int((255 - t * (255 - 180)).rounded())
        return String(format: "#%02x%02x%02x", r, g, b)
    }
}
