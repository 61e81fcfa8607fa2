import Dashboard
import Foundation
import NNAnalysis
import NNSession
import PaneModels
import Testing
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
