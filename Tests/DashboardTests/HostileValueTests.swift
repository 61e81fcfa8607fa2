import Foundation
import NNCore
import Testing
import TerminalUI
@testable import NNSession
@testable import Dashboard
@testable import PaneModels

/// Values far outside the fitted range reach the view models without trapping in a Double → Int conversion.
@Suite struct HostileValueTests {
    /// A 2D regression session whose test targets include 1e300, -1e300 and 1e20 (a CSV or session file can
    /// hold them): the value map puts them at the top and bottom levels instead of trapping.
    @Test func hugeTestTargetsGiveTheEdgeLevels() throws {
        var preset = try PresetLibrary.load("lecture-regression-2d")
        preset.data.testFraction = 0.2
        var s = try Session(preset: preset)
        try #require(s.data.test.count >= 3)
        // The map draws the raw data (what the points are before any input features): change both copies.
        for i in 0..<3 {
            let v = [1e300, -1e300, 1e20][i]
            s.data.test.y[i] = v
            s.rawData.test.y[i] = v
        }
        let map = try #require(SnapshotAdapter.model(from: s.snapshot()).regions)
        let tests = map.points.filter(\.isTest)
        #expect(tests.count == s.data.test.count)
        #expect(tests[0].label == map.classCount - 1 && tests[2].label == map.classCount - 1)
        #expect(tests[1].label == 0)
        #expect(tests.allSatisfy { (0..<map.classCount).contains($0.label) })
    }

    /// `]` on a layer a preset made wider than a narrower key limit once allowed (600) widens it by one: the
    /// keys use the parser's limits (one source of truth), so nothing shrinks it or resets it to a cap.
    @Test func widerOnAWideLayerWidensByOne() {
        var s = Fixtures.state()
        s.preset.model.layers = [1, 600, 16, 1]
        s.selectedLayer = 0
        let effects = Reducer.reduce(&s, .key(.char("]")))
        #expect(!effects.isEmpty && s.hiddenWidths == [601, 16])
        _ = Reducer.reduce(&s, .key(.char("[")))
        _ = Reducer.reduce(&s, .key(.char("[")))
        #expect(s.hiddenWidths == [599, 16])
    }
}
