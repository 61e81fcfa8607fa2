import NNSession
import Testing
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// `D` (discretize output): a classification map drawn with hard classes is the same picture as one whose
/// every cell is certain; a regression value map is left alone.
@Suite struct DiscretizeTests {
    func model(_ name: String, steps: Int) throws -> RegionsViewModel {
        var s = try Session(preset: try PresetLibrary.load(name))
        s.step(steps)
        return try #require(SnapshotAdapter.model(from: s.snapshot()).regions)
    }

    func render(_ m: RegionsViewModel, discretize: Bool) -> Buffer {
        var b = Buffer(width: 60, height: 24)
        var ctx = RenderContext(theme: Theme(mode: .color256))
        RegionsPane.render(m, showBoundaries: false, showTest: false, discretize: discretize, into: &b,
                           area: Rect(x: 0, y: 0, width: 60, height: 24), focused: false, context: &ctx)
        return b
    }

    @Test func hardClassesEqualFullConfidence() throws {
        let m = try model("moons", steps: 40)
        let pics = try #require(m.pictures)
        #expect(pics.shading == .confidence)
        // Somewhere the net is unsure, so the shades differ from the hard classes.
        #expect(pics.shade.contains { $0.isFinite && $0 < 0.5 })
        var certain = m
        certain.pictures?.shade = pics.shade.map { $0.isFinite ? 1 : $0 }
        let hard = render(m, discretize: true), sure = render(certain, discretize: false)
        // The same picture row for row; only the legend differs: "hard classes" for the shades' key.
        let legend = RegionsPane.mapRect(area: Rect(x: 0, y: 0, width: 60, height: 24)).maxY
        let hardRows = hard.lines(), sureRows = sure.lines()
        let same = (0..<hard.height).filter { $0 != legend }.allSatisfy { y in (0..<hard.width).allSatisfy { hard[$0, y] == sure[$0, y] } }
        #expect(same, "every cell but the legend row's is the same, colours included")
        #expect(hardRows[legend].contains("hard classes") && !hardRows[legend].contains("confidence"), "\(hardRows[legend])")
        #expect(sureRows[legend].contains("= confidence"), "\(sureRows[legend])")
        #expect(hard != render(m, discretize: false))
    }

    @Test func valueMapsAreUnchanged() throws {
        let m = try model("relu-regions", steps: 0)
        let pics = try #require(m.pictures)
        guard case .value = pics.shading else { Issue.record("relu-regions should be a value map"); return }
        #expect(RegionsPane.discretized(pics) == pics)
        #expect(render(m, discretize: true) == render(m, discretize: false))
    }
}
