import Testing
import NNCore
@testable import NNAnalysis

@Suite struct RegionTests {
    /// One hidden layer: its units' zero sets are fixed lines; regions = 1 + lines crossing the box +
    /// pairwise intersections strictly inside the box (lines in general position).
    @Test(arguments: [3, 10, 25])
    func oneHiddenLayerClosedForm(width: Int) throws {
        let net = randomModel([2, width, 1], hidden: .relu, seed: 1000 + UInt64(width))
        let box = RegionBox.square(1)
        let w = net.weightMatrix(layer: 0), b = net.biasVector(layer: 0)
        let corners = [(-1.0, -1.0), (1, -1), (1, 1), (-1, 1)]
        var crossing = 0
        for i in 0..<width {
            let vals = corners.map { w[i][0] * $0.0 + w[i][1] * $0.1 + b[i] }
            if vals.contains(where: { $0 > 0 }) && vals.contains(where: { $0 < 0 }) { crossing += 1 }
        }
        var inside = 0
        for i in 0..<width { for j in 0..<i {
            let det = w[i][0] * w[j][1] - w[i][1] * w[j][0]
            let x = (-b[i] * w[j][1] + b[j] * w[i][1]) / det, y = (-w[i][0] * b[j] + w[j][0] * b[i]) / det
            if abs(x) < 1 && abs(y) < 1 { inside += 1 }
        } }
        let exact = try ExactRegionCount(model: net, box: box)
        #expect(exact.perLayer == [1 + crossing + inside])
        let grid = try RegionGrid(model: net, box: box, columns: 64, rows: 64)
        #expect(grid.distinctCount <= exact.total)
    }

    /// Three hand-set lines x = 0.1, y = −0.2, x + y = 0.5 on [−1, 1]²: 1 + 3 + 3 = 7 regions, and a fine
    /// grid finds all of them.
    @Test func handSetExampleGridMeetsExact() throws {
        var m = MLP(sizes: [2, 3, 1], hidden: .relu)
        m.parameters = [1, 0, 0, 1, 1, 1, -0.1, 0.2, -0.5, 1, 1, 1, 0]
        let exact = try ExactRegionCount(model: m, box: .square(1))
        #expect(exact.perLayer == [7])
        let coarse = try RegionGrid(model: m, box: .square(1), columns: 4, rows: 4)
        #expect(coarse.distinctCount <= 7)
        let fine = try RegionGrid(model: m, box: .square(1), columns: 200, rows: 200)
        #expect(fine.distinctCount == 7 && fine.distinctPerLayer == [7])
        // Active units: at the top-right corner cell all three are on, at the bottom-left none.
        #expect(fine.activeUnits[199] == 3)
        #expect(fine.activeUnits[199 * 200] == 0)
        #expect(fine.regionIndex[0] == 0)
    }

    /// Regioncam 0.5.2's exact per-layer counts for the reference nets (numpy-RNG weights rounded to float32,
    /// dumped to fixtures), and the reference 1024² grid counts as a lower bound check of our grid.
    @Test(arguments: ["R1-box1", "R1-box3", "R2-box1", "R2-box3", "R3-box1", "R3-box3", "R5-box1", "R5-box3", "R4-box1"])
    func matchesRegioncam(name: String) throws {
        let f = try fixture(name)
        let m = try fixtureModel(f)
        let s = try #require(f["box"] as? Double)
        let exact = try ExactRegionCount(model: m, box: .square(s))
        #expect(exact.perLayer == (try fixtureInts(f, "exact_per_layer")))
        let grid = try RegionGrid(model: m, box: .square(s), columns: 96, rows: 96)
        for (g, e) in zip(grid.distinctPerLayer, exact.perLayer) { #expect(g <= e) }
    }

    @Test func deepNetLayerCountsGrowAndBoundTheGrid() throws {
        let net = randomModel([2, 12, 12, 12, 1], hidden: .relu, seed: 3)
        let exact = try ExactRegionCount(model: net, box: .square(2))
        #expect(exact.perLayer.count == 3)
        #expect(zip(exact.perLayer, exact.perLayer.dropFirst()).allSatisfy { $0 <= $1 })
        let grid = try RegionGrid(model: net, box: .square(2), columns: 128, rows: 128)
        for (g, e) in zip(grid.distinctPerLayer, exact.perLayer) { #expect(g <= e) }
        #expect(grid.distinctCount >= exact.total / 2)   // most regions are bigger than a cell here
    }

    @Test func refusals() {
        #expect(throws: AnalysisError.self) { try ExactRegionCount(model: MLP(sizes: [1, 3, 1], hidden: .relu), box: .square(1)) }
        #expect(throws: AnalysisError.self) { try ExactRegionCount(model: MLP(sizes: [2, 3, 1], hidden: .tanh), box: .square(1)) }
        var bad = MLP(sizes: [2, 3, 1], hidden: .relu); bad.parameters[2] = .infinity
        #expect(throws: AnalysisError.self) { try RegionGrid(model: bad, box: .square(1), columns: 2, rows: 2) }
        #expect(throws: AnalysisError.self) { try ExactRegionCount(model: MLP(sizes: [2, 3, 1], hidden: .relu), box: .square(0)) }
        #expect(((try? ExactRegionCount(model: MLP(sizes: [2, 1], hidden: .relu), box: .square(1)))?.total) == 1)
    }
}
