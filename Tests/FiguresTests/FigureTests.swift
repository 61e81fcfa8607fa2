import Dashboard
import Foundation
import Testing
@testable import Figures
import PaneModels

/// Each figure parsed back with XMLParser: the parts a slide needs are there, and where they are
/// drawn maps back (through the chart's own layout constants) to the values they show.
@Suite struct FigureTests {
    static func sawtooth(_ x: Double) -> Double {
        var f = x
        for _ in 0..<2 { f = 2 * abs(f) - 2 }
        return f
    }

    static var fit: FitViewModel {
        let xs = stride(from: -2.0, through: 2.0, by: 4.0 / 23).map { $0 }
        let cx = stride(from: -2.0, through: 2.0, by: 0.02).map { $0 }
        return FitViewModel(xRange: -2...2, yRange: -2.2...2.2, trainX: xs, trainY: xs.map(sawtooth),
                            testX: [0.5], testY: [-1], targetX: cx, targetY: cx.map(sawtooth),
                            curveX: cx, curveY: cx.map(sawtooth), kinks: [-1, 0, 1], pieceBound: 4, kinkBoundNote: "2^L")
    }

    /// Pixel x → data x with the chart's layout (the inverse of what the figure did).
    static func dataX(_ px: Double, _ range: ClosedRange<Double>) -> Double {
        let left = Chart.margin.left, right = Chart.width - Chart.margin.right
        return range.lowerBound + (px - left) / (right - left) * (range.upperBound - range.lowerBound)
    }

    static func checkFrame(_ svg: ParsedSVG, xLabels: [String] = [], legend: [String]) throws {
        for axis in ["x", "y"] {
            let group = svg.classed("axis").filter { ($0.attributes["class"] ?? "").hasSuffix(" " + axis) }
            #expect(group.count == 1, "one \(axis) axis")
        }
        let ticks = svg.classed("tick")
        #expect(ticks.count >= 4)
        let labels = svg.classed("tick-label").map(\.text)
        #expect(labels.count == ticks.count, "every tick has a label")
        #expect(!labels.contains(""), "no empty tick label")
        for l in xLabels { #expect(labels.contains(l), "tick label \(l) in \(labels)") }
        #expect(svg.classed("axis-label").count == 2)
        #expect(!(try #require(svg.classed("title").first).text.isEmpty))
        let legendText = svg.named("text", within: "legend").map(\.text)
        for l in legend { #expect(legendText.contains(l), "legend \(l) in \(legendText)") }
    }

    @Test func fitFigureHasCurveKinksAndLegend() throws {
        let m = Self.fit
        let svg = try ParsedSVG(FitFigure.svg(m, title: "sawtooth · fit"))
        try Self.checkFrame(svg, xLabels: ["-2", "-1", "0", "1", "2"], legend: ["train (24)", "test (1)", "target", "network", "kink (3)"])
        let curve = try #require(svg.classed("curve").first)
        let d = try #require(curve.attributes["d"])
        #expect(d.hasPrefix("M") && d.components(separatedBy: "L").count == m.curveX.count)
        let kinks = svg.classed("kink")
        #expect(kinks.count == 3)
        // The kink markers sit at the kinks: their vertical line's pixel x maps back to −1, 0, 1.
        let lines = svg.named("line", within: "kink")
        #expect(lines.count == 3)
        for (line, k) in zip(lines, m.kinks) {
            let px = try #require(Double(line.attributes["x1"] ?? ""))
            #expect(abs(Self.dataX(px, m.xRange) - k) < 0.01)
        }
        // The marker on the curve is at f(kink): the sawtooth's values there are −2, 2, −2.
        let dots = svg.named("circle", within: "kink")
        #expect(dots.count == 3)
        let top = Chart.margin.top, bottom = Chart.height - Chart.margin.bottom
        for (dot, want) in zip(dots, [-2.0, 2, -2]) {
            let py = try #require(Double(dot.attributes["cy"] ?? ""))
            let y = m.yRange.lowerBound + (bottom - py) / (bottom - top) * (m.yRange.upperBound - m.yRange.lowerBound)
            #expect(abs(y - want) < 0.02, "kink marker at y \(y), want \(want)")
        }
        #expect(svg.named("circle", within: "train").count == m.trainX.count)
        #expect(svg.named("circle", within: "test").count == 1)
    }

    @Test func regionsFigureCoversThePlotAndDrawsDataAndBoundaries() throws {
        let gw = 8, gh = 6
        var labels: [UInt8] = [], ids: [UInt32] = []
        for gy in 0..<gh {
            for gx in 0..<gw {
                labels.append(gx < 4 ? 0 : 1)
                ids.append(UInt32((gx < 4 ? 0 : 1) + (gy < 3 ? 0 : 2)))
            }
        }
        let points = [MapPoint(x: -0.5, y: 0.5, label: 0), MapPoint(x: 0.5, y: -0.5, label: 1),
                      MapPoint(x: 0.2, y: 0.2, label: 1, isTest: true)]
        let m = RegionsViewModel(xRange: -1...1, yRange: -1...1, gridWidth: gw, gridHeight: gh, labels: labels, regionIDs: ids,
                                 classCount: 2, points: points, regionCount: 4, regionCountNote: "exact")
        let svg = try ParsedSVG(RegionsFigure.svg(m, title: "xor"))
        try Self.checkFrame(svg, xLabels: ["-1.0", "0.0", "1.0"],
                            legend: ["predicted class 0", "predicted class 1", "data, class 0", "linear-region boundary"])
        // Runs of equal labels are merged: two rectangles per row, together as wide as the plot.
        let rects = svg.named("rect", within: "regions")
        #expect(rects.count == 2 * gh)
        let clip = try #require(svg.elements.first { $0.name == "rect" && $0.classes.isEmpty && $0.attributes["fill"] == nil })
        let plotW = try #require(Double(clip.attributes["width"] ?? ""))
        #expect(abs(plotW - (Chart.height - Chart.margin.top - Chart.margin.bottom)) < 0.02, "a square box is drawn square")
        let rowWidth = rects.prefix(2).compactMap { Double($0.attributes["width"] ?? "") }.reduce(0, +)
        #expect(abs(rowWidth - plotW) < 0.02)
        // Boundaries: the vertical line x = 0 (6 cell edges) and the horizontal line y = 0 (8 cell edges).
        let d = try #require(svg.classed("boundary").first?.attributes["d"])
        #expect(d.components(separatedBy: "M").count - 1 == gh + gw)
        #expect(svg.named("circle", within: "train").count == 2)
        #expect(svg.named("circle", within: "test").count == 1)
    }

    @Test func lossFigureUsesDecadesAndBothCurves() throws {
        let steps = Array(stride(from: 0, through: 1000, by: 10))
        let train = steps.map { exp(-Double($0) / 100) + 1e-3 }
        let m = LossViewModel(steps: steps, train: train, test: train.map { 2 * $0 }, lossName: "mse", learningRate: 1e-3)
        let svg = try ParsedSVG(LossFigure.svg(m, title: "loss"))
        try Self.checkFrame(svg, xLabels: ["0", "200", "1000", "1e-3", "0.01", "0.1", "1"], legend: ["train (objective)", "test"])
        #expect(svg.classed("train").filter { $0.name == "path" }.count == 1)
        #expect(svg.classed("test").filter { $0.name == "path" }.count == 1)
        // Log axis: the first train point (1.001) sits at log10(1.001) on a [−3, 1] decade axis.
        let d = try #require(svg.classed("train").first { $0.name == "path" }?.attributes["d"])
        let first = d.dropFirst().split(separator: " ")[0].split(separator: ",")
        let py = try #require(Double(first[1]))
        let top = Chart.margin.top, bottom = Chart.height - Chart.margin.bottom
        let expected = bottom + (log10(1.001) - -3) / 4 * (top - bottom)
        #expect(abs(py - expected) < 0.01)
    }

    @Test func spectrumFigureCountsEveryEigenvalueAndMarksTheExtremes() throws {
        var ev = [12.5, 3.1, 0.8, 0.05, -0.02, -0.4]
        ev += [Double](repeating: 1e-9, count: 30)
        let m = SpectrumViewModel(eigenvalues: ev, lambdaMax: 12.5, lambdaMin: -0.4, negativeCount: 2, nearZeroCount: 30,
                                  parameterCount: 36, method: "exact", step: 400)
        let svg = try ParsedSVG(SpectrumFigure.svg(m, title: "spectrum"))
        try Self.checkFrame(svg, xLabels: ["0", "10", "−10"], legend: ["λmin = -0.4", "λmax = 12.5"])
        let counts = svg.named("rect", within: "bars").compactMap { Double($0.attributes["data-count"] ?? "") }
        #expect(counts.reduce(0, +) == Double(ev.count))
        #expect(counts.max() == 30)
        let maxLine = try #require(svg.named("line", within: "lambda-max").first)
        let minLine = try #require(svg.named("line", within: "lambda-min").first)
        let pmax = try #require(Double(maxLine.attributes["x1"] ?? "")), pmin = try #require(Double(minLine.attributes["x1"] ?? ""))
        let mid = (Chart.margin.left + Chart.width - Chart.margin.right) / 2
        #expect(pmin < mid && pmax > mid && pmax > pmin)
    }

    @Test func spectrumFigureOfAnEstimatedDensityCountsItsWeights() throws {
        // Lanczos/SLQ: Ritz values with weights (estimated eigenvalue counts), not one count each.
        let m = SpectrumViewModel(eigenvalues: [-0.5, 0, 0.01, 40], weights: [2.5, 900, 40.25, 1], lambdaMax: 40,
                                  lambdaMin: -0.5, negativeCount: nil, nearZeroCount: nil, parameterCount: 944,
                                  method: "Lanczos + SLQ", step: 10)
        let svg = try ParsedSVG(SpectrumFigure.svg(m, title: "spectrum"))
        try Self.checkFrame(svg, legend: ["density (SLQ) per bin", "λmax = 40"])
        let counts = svg.named("rect", within: "bars").compactMap { Double($0.attributes["data-count"] ?? "") }
        #expect(abs(counts.reduce(0, +) - 943.75) < 1e-9)
        #expect(svg.classed("axis-label").contains { $0.text == "estimated count (log scale)" })
    }

    @Test func networkFigureDrawsEveryShownUnitAndEdge() throws {
        let m = NetworkViewModel(inputSize: 1, layers: [LayerInfo(width: 20, activation: "relu", weightNorm: 3.2),
                                                        LayerInfo(width: 3, activation: "relu", weightNorm: 1.5),
                                                        LayerInfo(width: 1, activation: "linear", weightNorm: 0.9)],
                                 parameterCount: 40 + 63 + 4)
        let svg = try ParsedSVG(NetworkFigure.svg(m, model: nil, title: "network"))
        try Self.checkFrame(svg, xLabels: ["in", "h1", "h2", "out"], legend: ["unit", "connection"])
        #expect(svg.named("circle", within: "units").count == 1 + 16 + 3 + 1)
        #expect(svg.named("line", within: "edges").count == 16 + 16 * 3 + 3)
        #expect(svg.classed("more").first?.text == "+4 more")
    }
}
