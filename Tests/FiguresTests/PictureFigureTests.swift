import Dashboard
import Foundation
import NNAnalysis
import NNSession
import PaneModels
import Testing
import TerminalUI
@testable import Figures

/// `nnviz export` draws the dashboard's pictures: every shown unit a thumbnail in `network.svg`, the map shaded by
/// confidence and its exact region boundaries in `regions.svg`.
@Suite struct PictureFigureTests {
    static func snapshot(_ preset: String, steps: Int) throws -> SessionSnapshot {
        var session = try Session(preset: try PresetLibrary.load(preset), seed: 3, recordsHistory: true)
        session.step(steps)
        return session.snapshot()
    }

    @Test func networkFigureHasOneThumbnailPerShownUnit() throws {
        for (preset, widths) in [("moons", [2, 16, 16, 1]), ("default", [1, 16, 16, 1])] {
            let files = FigureExport.files(for: try Self.snapshot(preset, steps: 20))
            let svg = try ParsedSVG(try #require(files.first { $0.name == "network.svg" }).contents)
            let units = svg.classed("unit")
            #expect(units.count == widths.map { min($0, NetworkFigure.maxUnits) }.reduce(0, +), "\(preset)")
            if preset == "default" {
                #expect(svg.classed("unit-curve").count == units.count)
                #expect(!svg.classed("unit-kink").isEmpty, "first-layer ReLU units have kinks in the x range")
            } else {
                #expect(svg.named("rect", within: "unit").count > units.count, "heatmap cells inside each thumbnail")
            }
        }
    }

    /// network.svg colours a weight by its sign as the terminal does: orange (red above blue) above zero, blue below;
    /// the count of orange edges equals the count of positive weights among the shown units.
    @Test func networkFigureSignColoursMatchTheTerminal() throws {
        let snap = try Self.snapshot("moons", steps: 20)
        let svg = try ParsedSVG(try #require(FigureExport.files(for: snap).first { $0.name == "network.svg" }).contents)
        func rgb(_ hex: String) -> (Int, Int, Int)? {
            guard hex.count == 7, hex.hasPrefix("#"), let v = Int(hex.dropFirst(), radix: 16) else { return nil }
            return (v >> 16, (v >> 8) & 255, v & 255)
        }
        var warm = 0, cool = 0
        for e in svg.named("line", within: "edges") {
            guard let (r, _, b) = e.attributes["stroke"].flatMap(rgb), e.attributes["stroke"] != "#aaaaaa" else { continue }
            if r > b { warm += 1 } else { cool += 1 }
        }
        var positive = 0, negative = 0
        let m = snap.model
        for l in 0..<m.layerCount {
            let w = m.weightMatrix(layer: l)
            for o in 0..<min(w.count, NetworkFigure.maxUnits) {
                for i in 0..<min(w[o].count, NetworkFigure.maxUnits) { if w[o][i] >= 0 { positive += 1 } else { negative += 1 } }
            }
        }
        #expect(warm == positive && cool == negative && positive > 0 && negative > 0)
        // The terminal's own sign colours: orange above zero, blue below.
        let pal = PicturePalette(theme: Theme(mode: .color256))
        #expect(pal.diverging(5) == .rgb6(5, 3, 1) && pal.diverging(-5) == .rgb6(1, 3, 5))
    }

    /// regions.svg is titled by what it shows: a regression's "value map", a classifier's "decision map".
    @Test func regionsFigureTitleNamesTheMapKind() throws {
        for (preset, kind, other) in [("relu-regions", "value map", "decision map"), ("moons", "decision map", "value map")] {
            let files = FigureExport.files(for: try Self.snapshot(preset, steps: 0))
            let text = try #require(files.first { $0.name == "regions.svg" }).contents
            #expect(text.contains("step 0 · \(kind)") && !text.contains(other), "\(preset)")
        }
    }

    /// regions.svg: the exact boundary path has one move per cut segment of every layer, each segment's ends on the
    /// exact partition (checked through the partition's own count), and the cells are shaded (more than the two
    /// flat class colours).
    @Test func regionsFigureHasShadingAndExactBoundaries() throws {
        let snap = try Self.snapshot("relu-regions-4x4", steps: 0)
        let model = SnapshotAdapter.model(from: snap)
        let map = try #require(model.regions)
        let overlay = try #require(map.pictures?.overlay)
        let files = FigureExport.files(for: snap)
        let svg = try ParsedSVG(try #require(files.first { $0.name == "regions.svg" }).contents)
        let path = try #require(svg.classed("exact").first?.attributes["d"])
        #expect(path.filter { $0 == "M" }.count == overlay.cuts.reduce(0) { $0 + $1.count })
        let box = RegionBox(xMin: map.xRange.lowerBound, xMax: map.xRange.upperBound,
                            yMin: map.yRange.lowerBound, yMax: map.yRange.upperBound)
        #expect(overlay.perLayer == (try ExactRegionCount(model: snap.model, box: box)).perLayer)
        let fills = Set(svg.named("rect", within: "regions").compactMap { $0.attributes["fill"] })
        #expect(fills.count > 4, "a value map on a continuous ramp")
        let moons = FigureExport.files(for: try Self.snapshot("moons", steps: 10))
        let msvg = try ParsedSVG(try #require(moons.first { $0.name == "regions.svg" }).contents)
        let mfills = Set(msvg.named("rect", within: "regions").compactMap { $0.attributes["fill"] })
        #expect(mfills.count > 2, "confidence shades, not two flat colours")
    }
}
