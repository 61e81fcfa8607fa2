import Testing
@testable import Dashboard
import NNSession
@testable import PaneModels
import TerminalUI

/// Mouse clicks on the 2D map: cell → data coordinates → the cell the point is drawn in, and the whole
/// reducer → effect → TrainingQueue path.
@Suite struct ClickToPointTests {
    /// Every cell of the map: the data point a click there gives is drawn exactly in that cell, and in no
    /// other (rendered with and without the point, compared cell by cell).
    @Test(arguments: [(Size(width: 100, height: 30), -1.0...1.0, -1.0...1.0), (Size(width: 73, height: 23), -2.5...0.5, 1.0...4.0)])
    func clickedCellIsWhereThePointIsDrawn(size: Size, xr: ClosedRange<Double>, yr: ClosedRange<Double>) throws {
        let area = Rect(x: 3, y: 2, width: size.width / 2, height: size.height / 2)
        let map = RegionsPane.mapRect(area: area)
        let empty = RegionsViewModel(xRange: xr, yRange: yr, gridWidth: 8, gridHeight: 8,
                                     labels: [UInt8](repeating: 0, count: 64), classCount: 2)
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var base = Buffer(width: size.width, height: size.height)
        RegionsPane.render(empty, showBoundaries: false, showTest: true, into: &base, area: area, focused: false, context: &ctx)
        for y in map.y..<map.maxY {
            for x in map.x..<map.maxX {
                let p = try #require(RegionsPane.dataPoint(atX: x, y: y, area: area, model: empty))
                #expect(xr.contains(p.x) && yr.contains(p.y))
                var m = empty
                m.points = [MapPoint(x: p.x, y: p.y, label: 1)]
                var buf = Buffer(width: size.width, height: size.height)
                RegionsPane.render(m, showBoundaries: false, showTest: true, into: &buf, area: area, focused: false, context: &ctx)
                var changed: [(Int, Int)] = []
                for cy in area.y..<area.maxY { for cx in area.x..<area.maxX where buf[cx, cy] != base[cx, cy] { changed.append((cx, cy)) } }
                #expect(changed.count == 1 && changed.first?.0 == x && changed.first?.1 == y, "click (\(x), \(y))")
            }
        }
        #expect(RegionsPane.dataPoint(atX: map.x - 1, y: map.y, area: area, model: empty) == nil)
        #expect(RegionsPane.dataPoint(atX: map.x, y: map.maxY, area: area, model: empty) == nil)
    }

    /// A click on the map of a real session's snapshot adds the point to the training queue's session, and the
    /// next snapshot's map shows it with the clicked class.
    @Test func clickReachesTheSession() throws {
        let queue = try TrainingQueue(preset: try PresetLibrary.load("xor"))
        let preset = queue.snapshot().preset
        var state = AppState(size: Size(width: 100, height: 30), preset: preset)
        _ = Reducer.reduce(&state, .snapshot(SnapshotAdapter.model(from: queue.snapshot())))
        let area = try #require(DashboardLayout(state: state).panes[.regions])
        let map = RegionsPane.mapRect(area: area)
        let (cx, cy) = (map.x + map.width / 3, map.y + map.height / 4)
        let effects = Reducer.reduce(&state, .mouse(MouseEvent(x: cx, y: cy, button: .right)))
        guard case .addPoint(let x, let y, let label) = try #require(effects.first) else {
            Issue.record("expected an addPoint effect, got \(effects)"); return
        }
        #expect(label == 1)
        let n = queue.snapshot().train.count
        #expect(TrainingPoints.add(x: x, y: y, label: label, to: queue) == TrainingPoints.message(x: x, y: y, label: 1))
        queue.drain()
        let snap = queue.snapshot()
        #expect(snap.train.count == n + 1 && snap.step == 0)
        #expect(Array(snap.train.input(n)) == [x, y] && Array(snap.train.target(n)) == [1])
        let regions = try #require(SnapshotAdapter.model(from: snap).regions)
        #expect(regions.points.contains(MapPoint(x: x, y: y, label: 1)))
        // The point lands in the clicked cell of the map (the snapshot's own ranges).
        let back = try #require(RegionsPane.dataPoint(atX: cx, y: cy, area: area, model: regions))
        #expect(back.x == x && back.y == y)
    }

    @Test func regressionMapSaysWhyNot() throws {
        let queue = try TrainingQueue(preset: try PresetLibrary.load("lecture-regression-2d"))
        let n = queue.snapshot().train.count
        #expect(TrainingPoints.add(x: 0, y: 0, label: 0, to: queue).hasPrefix("clicked points need classes"))
        queue.drain()
        #expect(queue.snapshot().train.count == n)
    }
}
