import Foundation
import Testing
@testable import NNCore

/// Input features: each value against its closed form (Foundation's sin and cos as the independent
/// oracle), the map's shape rules and which lists count as the identity.
@Suite struct InputFeatureTests {
    @Test func everyFeatureMatchesItsFormula() {
        let points: [(Double, Double)] = [(0, 0), (0.3, -1.7), (-2.5, 1.25), (6, -6), (1e-3, 3.14159)]
        for (a, b) in points {
            let row = [a, b]
            func v(_ f: InputFeature) -> Double { row.withUnsafeBufferPointer { f.value($0.baseAddress!) } }
            #expect(v(.x1) == a && v(.x2) == b && v(.x) == a)
            #expect(v(.x1Squared) == a * a && v(.x2Squared) == b * b && v(.x1x2) == a * b)
            #expect(v(.xSquared) == a * a && v(.xCubed) == a * a * a)
            for (f, g) in [(InputFeature.sinX1, sin(a)), (.sinX2, sin(b)), (.cosX1, cos(a)), (.cosX2, cos(b)),
                           (.sinX, sin(a)), (.cosX, cos(a))] {
                #expect(abs(v(f) - g) <= 4e-16 * max(1, abs(a), abs(b)), "\(f.name) at (\(a), \(b))")
            }
        }
    }

    @Test func namesAreThePresetSpellings() {
        #expect(InputFeature.names(forInputSize: 2).map(\.name)
                == ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)", "cos(x1)", "cos(x2)"])
        #expect(InputFeature.names(forInputSize: 1).map(\.name) == ["x", "x^2", "x^3", "sin(x)", "cos(x)"])
        #expect(InputFeature.names(forInputSize: 3).isEmpty)
    }

    @Test func mapValidatesAndKnowsTheIdentity() throws {
        #expect(FeatureMap(rawSize: 2, features: []) == nil)
        #expect(FeatureMap(rawSize: 2, features: [.x]) == nil, "1D name on 2D input")
        #expect(FeatureMap(rawSize: 1, features: [.x1]) == nil, "2D name on 1D input")
        #expect(FeatureMap(rawSize: 2, features: [.x1, .x1]) == nil, "repeated")
        #expect(try #require(FeatureMap(rawSize: 2, features: [.x1, .x2])).isIdentity)
        #expect(try #require(FeatureMap(rawSize: 1, features: [.x])).isIdentity)
        #expect(!(try #require(FeatureMap(rawSize: 2, features: [.x2, .x1])).isIdentity), "order matters")
        #expect(!(try #require(FeatureMap(rawSize: 1, features: [.x, .xSquared])).isIdentity))
    }

    @Test func mapAppliesRowByRowAndKeepsTargets() throws {
        let raw = Dataset(inputSize: 2, targetSize: 1, x: [1, 2, -3, 0.5, 0, -1], y: [0, 1, 1])
        let map = try #require(FeatureMap(rawSize: 2, features: [.x2Squared, .x1x2, .x1]))
        let f = map.apply(raw)
        #expect(f.inputSize == 3 && f.targetSize == 1 && f.y == raw.y)
        #expect(f.x == [4, 2, 1, 0.25, -1.5, -3, 1, 0, 0])
        let empty = map.apply(Dataset(inputSize: 2, targetSize: 1, x: [], y: []))
        #expect(empty.count == 0 && empty.inputSize == 3)
    }
}
