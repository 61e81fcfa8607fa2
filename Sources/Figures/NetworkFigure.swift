import Foundation
import NNCore
import PaneModels

/// The network for a slide: one column of units per layer (at most `maxUnits` drawn, the rest counted),
/// edges coloured by the sign of their weight and as opaque as its magnitude (when the weights are given),
/// each column labelled with its width, activation and weight norm. With the units' pictures each unit is a
/// thumbnail of its output over the input (a heatmap over the plane, or a curve with its kinks).
public enum NetworkFigure {
    public static let maxUnits = 16
    /// Weight signs in the terminal's colours (orange above zero, blue below), as the unit outputs are.
    static let positive = PictureColors.positive
    static let negative = PictureColors.negative

    public static func svg(_ m: NetworkViewModel, model: MLP?, title: String) -> String {
        let widths = [m.inputSize] + m.layers.map(\.width)
        let shown = widths.map { min($0, maxUnits) }
        let rows = max(1, shown.max() ?? 1)
        let L = widths.count - 1
        // y in axis units is −unit index, so unit 1 is at the top.
        let chart = Chart(xRange: -0.5...(Double(L) + 0.5), yRange: -(Double(rows) + 3.2)...(-0.2),
                          plotWidth: Chart.width - Chart.margin.left - Chart.margin.right - Chart.outsideLegendWidth)
        var doc = SVGDocument(width: Chart.width, height: Chart.height)
        doc.add(chart.defs())
        let names = (0...L).map { $0 == 0 ? "in" : ($0 == L ? "out" : "h\($0)") }
        let xTicks = names.enumerated().map { Tick(at: Double($0.offset), label: $0.element) }
        let yTicks = NiceTicks.linear(1, Double(rows), maxCount: 6).map { Tick(at: -$0, label: String(Int($0))) }
        let sub = "P = \(m.parameterCount) parameters · widths " + widths.map(String.init).joined(separator: "-")
        doc.add(chart.frame(title: title, subtitle: sub, xLabel: "layer", yLabel: "unit", xTicks: xTicks, yTicks: yTicks))

        func unit(_ layer: Int, _ i: Int) -> (Double, Double) {
            (chart.x.pixel(axisUnits: Double(layer)), chart.y.pixel(axisUnits: -Double(i + 1)))
        }
        var edges: [SVGElement] = []
        for l in 0..<L {
            let W = model.flatMap { $0.sizes == widths && l < $0.layerCount ? $0.weightMatrix(layer: l) : nil }
            var maxW = 0.0
            for row in W ?? [] { for w in row where w.isFinite { maxW = max(maxW, abs(w)) } }
            for o in 0..<shown[l + 1] {
                for i in 0..<shown[l] {
                    let (x1, y1) = unit(l, i), (x2, y2) = unit(l + 1, o)
                    var a = [("x1", SVGNumber.format(x1)), ("y1", SVGNumber.format(y1)), ("x2", SVGNumber.format(x2)),
                             ("y2", SVGNumber.format(y2))]
                    if let W, maxW > 0, o < W.count, i < W[o].count, W[o][i].isFinite {
                        let r = abs(W[o][i]) / maxW
                        a += [("stroke", W[o][i] >= 0 ? positive : negative), ("stroke-opacity", SVGNumber.format(0.15 + 0.85 * r)),
                              ("stroke-width", SVGNumber.format(0.5 + 2 * r))]
                    } else {
                        a += [("stroke", "#aaaaaa"), ("stroke-width", "0.7")]
                    }
                    edges.append(SVGElement("line", a))
                }
            }
        }
        var nodes: [SVGElement] = [], labels: [SVGElement] = []
        // With the units' pictures: each unit is a thumbnail of its output over the input, as on the dashboard.
        let pictures = m.pictures.flatMap { p in (0...L).allSatisfy({ p.width($0) == widths[$0] }) ? p : nil }
        let rowPitch = abs(chart.y.pixel(axisUnits: -2) - chart.y.pixel(axisUnits: -1))
        let colPitch = abs(chart.x.pixel(axisUnits: 1) - chart.x.pixel(axisUnits: 0))
        let thumb = min(0.85 * rowPitch, 0.3 * colPitch, 44)
        for l in 0...L {
            for i in 0..<shown[l] {
                let (x, y) = unit(l, i)
                if let pictures {
                    nodes.append(.group("unit", UnitThumbnail.marks(pictures, layer: l, unit: i, x: x - thumb / 2,
                                                                    y: y - thumb / 2, size: thumb)))
                } else {
                    nodes.append(Marks.circle(x, y, r: 6, fill: l == 0 ? "#dddddd" : "#ffffff", stroke: "#333333"))
                }
            }
            let (x, _) = unit(l, 0)
            var line1 = "\(widths[l])", line2 = ""
            if l > 0 {
                let layer = m.layers[l - 1]
                line1 += " " + layer.activation
                line2 = "‖W‖ " + FigureFormat.num(layer.weightNorm)
            }
            if widths[l] > shown[l] {
                let (_, y) = unit(l, shown[l] - 1)
                labels.append(SVGElement("text", [("class", "more"), ("x", SVGNumber.format(x)), ("y", SVGNumber.format(y + 18)),
                                                  ("text-anchor", "middle"), ("font-size", "12")],
                                         text: "+\(widths[l] - shown[l]) more"))
            }
            for (dy, text) in [(22.0, line1), (6.0, line2)] where !text.isEmpty {
                labels.append(SVGElement("text", [("class", "layer-label"), ("x", SVGNumber.format(x)),
                                                  ("y", SVGNumber.format(chart.plotBottom - dy)), ("text-anchor", "middle"),
                                                  ("font-size", "12")], text: text))
            }
        }
        doc.add(.group("edges", edges))
        doc.add(.group("units", nodes))
        doc.add(.group("layer-labels", labels))
        var legend: [(LegendSymbol, String)] = [(.dot("#333333", hollow: true), "unit")]
        if let pictures, pictures.inputDimension == 2 {
            legend = [(.swatch(PictureColors.mix(PictureColors.positive, 0.8)), "unit output > 0"),
                      (.swatch(PictureColors.mix(PictureColors.negative, 0.8)), "unit output < 0"),
                      (.swatch(PictureColors.dead), "exactly 0 (unit off)")]
        } else if pictures != nil {
            legend = [(.line(Palette.network, dash: nil), "unit output over x"), (.dot(Palette.kink, hollow: false), "its kink")]
        }
        if model != nil {
            legend.append((.line(positive, dash: nil), "weight > 0"))
            legend.append((.line(negative, dash: nil), "weight < 0 (opacity ∝ |w|)"))
        } else {
            legend.append((.line("#aaaaaa", dash: nil), "connection"))
        }
        doc.add(chart.legend(legend, outside: true))
        return doc.render()
    }
}
