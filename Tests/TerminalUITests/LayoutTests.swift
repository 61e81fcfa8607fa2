import Testing
@testable import TerminalUI

@Suite struct LayoutTests {
    @Test func partsAddUpAndFollowConstraints() {
        let r = Rect(x: 2, y: 1, width: 100, height: 10)
        let parts = Layout.split(r, .horizontal, [.length(10), .percentage(30), .fill(1), .fill(2)])
        #expect(parts.map(\.width) == [10, 30, 20, 40])
        #expect(parts.map(\.x) == [2, 12, 42, 62])
        #expect(parts.allSatisfy { $0.height == 10 && $0.y == 1 })
    }

    @Test func roundingGoesToTheLastFlexiblePart() {
        let parts = Layout.split(Rect(x: 0, y: 0, width: 10, height: 7), .vertical, [.fill(1), .fill(1), .fill(1)])
        #expect(parts.map(\.height) == [2, 2, 3])
        #expect(parts.map(\.y) == [0, 2, 4])
    }

    @Test func fixedPartsAreCappedWhenSpaceRunsOut() {
        let parts = Layout.split(Rect(x: 0, y: 0, width: 5, height: 1), .horizontal, [.length(4), .length(4), .min(3), .fill(1)])
        #expect(parts.map(\.width) == [4, 1, 0, 0])
        #expect(parts.map(\.width).reduce(0, +) == 5)
    }

    @Test func zeroAreaAndNegativeConstraintsAreSafe() {
        let parts = Layout.split(.zero, .vertical, [.length(-3), .percentage(-5), .fill(-1), .min(2)])
        #expect(parts.allSatisfy { $0.width == 0 && $0.height == 0 })
        #expect(Layout.split(.zero, .vertical, []).isEmpty)
    }

    @Test func rectHelpers() {
        let r = Rect(x: 0, y: 0, width: 10, height: 4)
        #expect(r.inset(by: 1) == Rect(x: 1, y: 1, width: 8, height: 2))
        #expect(r.inset(by: 9).isEmpty)
        #expect(r.splitTop(1).1 == Rect(x: 0, y: 1, width: 10, height: 3))
        #expect(r.splitBottom(9).0.height == 0)
        #expect(r.centered(width: 4, height: 2) == Rect(x: 3, y: 1, width: 4, height: 2))
        #expect(r.intersection(Rect(x: 20, y: 20, width: 3, height: 3)).isEmpty)
        #expect(r.contains(x: 9, y: 3) && !r.contains(x: 10, y: 3))
    }
}
