import Testing
@testable import NNSession
import NNCore

/// The `features` compare preset's claim, through the shipped preset and its merged sessions, on the
/// preset's own seed: a linear model [2, 1] on raw x₁, x₂ stays near chance on the disc; the same model on
/// x₁², x₂² separates it (≥ 95%); one hidden layer on the raw inputs learns it too.
@Suite struct FeaturesPresetClaimTests {
    @Test func aFixedBasisSeparatesTheDiscLikeALearnedOne() throws {
        let preset = try PresetLibrary.load("features")
        let compared = try preset.comparedPresets()
        #expect(compared.map(\.label) == ["raw x₁, x₂ [2,1]", "features x₁², x₂² [2,1]", "raw, hidden 8 [2,8,1]"])
        #expect(compared.map(\.preset.model.layers) == [[2, 1], [2, 1], [2, 8, 1]])
        #expect(compared.map(\.preset.model.features) == [nil, [.x1Squared, .x2Squared], nil])
        #expect(preset.data.kind == .disc)
        var sessions = try compared.map { try Session(preset: $0.preset, recordsHistory: false) }
        // Same data for all three (the raw points); the featured one trains on their squares.
        #expect(sessions[0].rawData == sessions[1].rawData && sessions[1].rawData == sessions[2].rawData)
        for i in sessions.indices { sessions[i].step(2000) }
        let accuracy = try sessions.map { try #require($0.metrics.accuracy) }
        let test = try sessions.map { try #require($0.metrics.testAccuracy) }
        // Measured: 0.544 / 0.997 / 1.0 train, 0.51 / 0.975 / 0.975 test.
        #expect(accuracy[0] < 0.6 && test[0] < 0.65, "raw linear: \(accuracy[0]), \(test[0])")
        #expect(accuracy[1] >= 0.95 && test[1] >= 0.95, "squared features: \(accuracy[1]), \(test[1])")
        #expect(accuracy[2] >= 0.95 && test[2] >= 0.95, "one hidden layer: \(accuracy[2]), \(test[2])")
        // The caption states the claim.
        #expect(preset.caption.contains("x₁²") && preset.caption.contains("[2,1]"))
    }
}
