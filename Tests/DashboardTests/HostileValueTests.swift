import Foundation
import NNCore
import Testing
import TerminalUI
@testable import NNSession
@testable import Dashboard

/// Values far outside the fitted range reach the view models without trapping in a Double → Int conversion.
@Suite struct HostileValueTests {
    /// A 2D regression session whose test targets include 1e300, -1e300 and 1e20 (a CSV or session file can
    /// hold them): the value map puts them at the top and bottom levels instead of trapping.
    @Test func hugeTestTargetsGiveTheEdgeLevels() throws {
        var preset = try PresetLibrary.load("lecture-regression-2d")
        preset.data.testFraction = 0.2
        var s = try Session(preset: preset)
        try #require(s.data.test.count >= 3)
        s.data.test.y[0] = 1e300
        s.data.test.y[1] = -1e300
        s.data.test.y[2] = 1e20
        let map = try #require(SnapshotAdapter.model(from: s.snapshot()).regions)
        let tests = map.points.filter(\.isTest)
        #expect(tests.count == s.data.test.count)
        #expect(tests[0].label == map.classCount - 1 && tests[2].label == map.classCount - 1)
        #expect(tests[1].label == 0)
        #expect(tests.allSatisfy { (0..<map.classCount).contains($0.label) })
    }

    /// `]` on a layer a preset made wider than the keys go (600 > 512) leaves it alone instead of
    /// shrinking it to 512 and resetting the weights; `[` still narrows it by one.
    @Test func widerOnAPresetWidthAboveTheKeyLimit() {
        var s = Fixtures.state()
        s.config.hiddenWidths = [600, 16]
        s.selectedLayer = 0
        let effects = Reducer.reduce(&s, .key(.char("]")))
        #expect(effects.isEmpty && s.config.hiddenWidths == [600, 16])
        #expect(s.message == "width 600 is the maximum")
        _ = Reducer.reduce(&s, .key(.char("[")))
        #expect(s.config.hiddenWidths == [599, 16])
    }
}
