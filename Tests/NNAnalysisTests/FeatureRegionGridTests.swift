import Testing
import NNCore
@testable import NNAnalysis

/// The region grid through input features: each cell's activation pattern is that of the network at the
/// features of the cell centre (checked against the sign pattern written out here), and identity features
/// give the plain grid.
@Suite struct FeatureRegionGridTests {
    @Test func cellsShareAnIndexExactlyWhenTheirPatternsAgree() throws {
        let net = randomModel([3, 5, 4, 1], hidden: .relu, seed: 8)
        let map = try #require(FeatureMap(rawSize: 2, features: [.x1Squared, .x2Squared, .x1x2]))
        let box = RegionBox(xMin: -1.5, xMax: 1, yMin: -1, yMax: 2)
        let cols = 23, rows = 17
        let grid = try RegionGrid(model: net, box: box, columns: cols, rows: rows, features: map)
        var byPattern: [[Bool]: Int32] = [:]
        for r in 0..<rows {
            for c in 0..<cols {
                let x = box.xMin + (Double(c) + 0.5) * (box.xMax - box.xMin) / Double(cols)
                let y = box.yMax - (Double(r) + 0.5) * (box.yMax - box.yMin) / Double(rows)
                // The hidden pre-activation signs at the features (x², y², xy), layer by layer.
                var h = [x * x, y * y, x * y]
                var pattern: [Bool] = []
                for l in 0..<(net.layerCount - 1) {
                    let w = net.weightMatrix(layer: l), b = net.biasVector(layer: l)
                    let f = (0..<w.count).map { a in zip(w[a], h).reduce(b[a]) { $0 + $1.0 * $1.1 } }
                    pattern += f.map { $0 > 0 }
                    h = f.map { max($0, 0) }
                }
                let index = grid.regionIndex[r * cols + c]
                if let seen = byPattern[pattern] { #expect(seen == index) } else { byPattern[pattern] = index }
                #expect(grid.activeUnits[r * cols + c] == Int32(pattern.filter { $0 }.count))
            }
        }
        #expect(Set(byPattern.values).count == byPattern.count, "distinct patterns, distinct indices")
        #expect(grid.distinctCount == byPattern.count && byPattern.count > 1)
    }

    @Test func identityFeaturesGiveThePlainGrid() throws {
        let net = randomModel([2, 6, 1], hidden: .relu, seed: 4)
        let box = RegionBox(xMin: -1, xMax: 1, yMin: -1, yMax: 1)
        let plain = try RegionGrid(model: net, box: box, columns: 20, rows: 20)
        let id = try RegionGrid(model: net, box: box, columns: 20, rows: 20,
                                features: try #require(FeatureMap(rawSize: 2, features: [.x1, .x2])))
        #expect(plain == id)
        #expect(throws: AnalysisError.self) {
            try RegionGrid(model: net, box: box, columns: 4, rows: 4,
                           features: FeatureMap(rawSize: 2, features: [.x1, .x2, .x1x2]))
        }
    }
}
