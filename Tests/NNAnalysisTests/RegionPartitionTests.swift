import Testing
import NNCore
@testable import NNAnalysis

@Suite struct RegionPartitionTests {
    /// The kept polygons are the regions the counter counts: the same number after every layer, and they
    /// tile the box (their areas add up to the box's).
    @Test(arguments: [[2, 6, 1], [2, 8, 5, 1], [2, 4, 4, 4, 1]])
    func polygonsMatchTheExactCountAndTileTheBox(sizes: [Int]) throws {
        let net = randomModel(sizes, hidden: .relu, seed: 77 + UInt64(sizes.count * 10 + sizes[1]))
        let box = RegionBox(xMin: -1.5, xMax: 2, yMin: -1, yMax: 1.25)
        let part = try RegionPartition2D(model: net, box: box)
        let exact = try ExactRegionCount(model: net, box: box)
        #expect(part.perLayer == exact.perLayer)
        let boxArea = (box.xMax - box.xMin) * (box.yMax - box.yMin)
        for layer in part.polygons {
            var area = 0.0
            for p in layer {
                let n = p.count / 2
                var a = 0.0
                for v in 0..<n {
                    let u = (v + 1) % n
                    a += p[2 * v] * p[2 * u + 1] - p[2 * u] * p[2 * v + 1]
                }
                #expect(a > 0)   // counter-clockwise, not degenerate
                area += a / 2
            }
            #expect(abs(area - boxArea) < 1e-9 * boxArea)
        }
    }

    /// A first-layer cut lies on its unit's zero line W₁x + b₁ = 0, ends on the box or on another cut, and the
    /// first layer's cuts of one unit add up to the length of its line inside the box.
    @Test func firstLayerCutsLieOnTheUnitsLines() throws {
        let net = randomModel([2, 7, 1], hidden: .relu, seed: 5)
        let box = RegionBox.square(1)
        let part = try RegionPartition2D(model: net, box: box)
        let w = net.weightMatrix(layer: 0), b = net.biasVector(layer: 0)
        var length = [Double](repeating: 0, count: 7)
        for s in part.cuts[0] {
            for (x, y) in [(s.x0, s.y0), (s.x1, s.y1)] {
                let value = w[s.unit][0] * x + w[s.unit][1] * y + b[s.unit]
                #expect(abs(value) < 1e-9 * (abs(w[s.unit][0]) + abs(w[s.unit][1]) + abs(b[s.unit])))
                #expect(x >= -1 - 1e-12 && x <= 1 + 1e-12 && y >= -1 - 1e-12 && y <= 1 + 1e-12)
            }
            length[s.unit] += ((s.x1 - s.x0) * (s.x1 - s.x0) + (s.y1 - s.y0) * (s.y1 - s.y0)).squareRoot()
        }
        // Each line's chord through the box, by clipping the line (Liang–Barsky on its parametric form).
        for a in 0..<7 {
            let (ax, ay, c) = (w[a][0], w[a][1], b[a])
            let p0 = (-ax * c / (ax * ax + ay * ay), -ay * c / (ax * ax + ay * ay)), d = (-ay, ax)
            var t0 = -Double.infinity, t1 = Double.infinity
            for (p, q) in [(-d.0, p0.0 + 1), (d.0, 1 - p0.0), (-d.1, p0.1 + 1), (d.1, 1 - p0.1)] where p != 0 {
                let t = q / p
                if p < 0 { t0 = max(t0, t) } else { t1 = min(t1, t) }
            }
            let chord = t1 > t0 ? (t1 - t0) * (d.0 * d.0 + d.1 * d.1).squareRoot() : 0
            #expect(abs(length[a] - chord) < 1e-9 * max(1, chord))
        }
    }

    /// One hidden layer, random nets: 1 + lines + intersections, counted from the lines alone, equals the number
    /// of polygons found by splitting (a different algorithm), and the lines are the first layer's units that cut.
    @Test(arguments: 0..<12)
    func linesPlusIntersectionsMatchesThePolygons(seed: Int) throws {
        let width = 3 + seed * 2
        let net = randomModel([2, width, 1], hidden: .relu, seed: 900 + UInt64(seed))
        let box = RegionBox(xMin: -1, xMax: 1.5, yMin: -0.75, yMax: 1)
        let lines = try LineArrangement2D(model: net, box: box)
        let part = try RegionPartition2D(model: net, box: box)
        #expect(lines.regionsInGeneralPosition == part.total)
        #expect(lines.regionsInGeneralPosition == (try ExactRegionCount(model: net, box: box)).total)
        #expect(lines.lines == Set(part.cuts[0].map(\.unit)).count)
        #expect(lines.lines <= width && lines.intersections <= width * (width - 1) / 2)
    }

    /// Three hand-set lines x = 0.1, y = −0.2, x + y = 0.5 in [−1, 1]²: 3 lines, 3 intersections, 7 regions.
    @Test func handSetLines() throws {
        var m = MLP(sizes: [2, 3, 1], hidden: .relu)
        m.parameters = [1, 0, 0, 1, 1, 1, -0.1, 0.2, -0.5, 1, 1, 1, 0]
        let lines = try LineArrangement2D(model: m, box: .square(1))
        #expect(lines.lines == 3 && lines.intersections == 3)
        #expect(try RegionPartition2D(model: m, box: .square(1)).perLayer == [7])
    }

    @Test func refusesSmoothActivations() {
        let net = randomModel([2, 4, 1], hidden: .tanh, seed: 1)
        #expect(throws: (any Error).self) { _ = try RegionPartition2D(model: net, box: .square(1)) }
    }
}
