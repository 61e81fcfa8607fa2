import Testing
import TerminalUI
import NNAnalysis
import NNCore
import NNSession
@testable import Dashboard

/// `{` and `}` on the hand-set sawtooth change its depth and keep the construction: exactly 2^L pieces
/// on [−2, 2] at every depth (checked with the exact 1D piece count), instead of random weights.
@Suite struct SawtoothDepthKeyTests {
    func pieces(_ preset: Preset) throws -> Int {
        let session = try Session(preset: preset)
        let pl = try PiecewiseLinear1D(model: session.snapshot().model, lower: -2, upper: 2)
        return pl.pieces.count
    }

    @Test func depthKeysKeepTheConstruction() throws {
        var preset = try PresetLibrary.load("sawtooth")
        #expect(preset.sawtoothDepth == 4)
        var state = AppState(size: Size(width: 100, height: 30), config: ModelConfig(preset: preset),
                             choices: Choices(preset: preset))
        // Two layers more, then three fewer: depths 5, 6, 5, 4, 3.
        var depths: [Int] = []
        for key: Unicode.Scalar in ["}", "}", "{", "{", "{"] {
            let effects = Reducer.reduce(&state, .key(.char(key)))
            let config = try #require(effects.compactMap { effect -> ModelConfig? in
                if case .rebuild(let c) = effect { return c } else { return nil }
            }.last)
            preset = preset.rebuilt(with: config)
            state.config = ModelConfig(preset: preset, seed: config.seed)
            let depth = try #require(preset.sawtoothDepth)
            depths.append(depth)
            #expect(try pieces(preset) == 1 << depth)
        }
        #expect(depths == [5, 6, 5, 4, 3])
    }

    @Test func otherEditsAndOtherPresetsAreNotTheConstruction() throws {
        let sawtooth = try PresetLibrary.load("sawtooth")
        #expect(try PresetLibrary.load("default").sawtoothDepth == nil)
        // A wider layer is no longer the construction: random weights, as for any preset.
        var config = ModelConfig(preset: sawtooth)
        config.hiddenWidths[0] = 3
        let widened = sawtooth.rebuilt(with: config)
        #expect(widened.sawtoothDepth == nil)
        #expect(widened.model.explicitParameters == nil)
        // Nothing changed: the hand-set weights stay.
        #expect(sawtooth.rebuilt(with: ModelConfig(preset: sawtooth)).sawtoothDepth == 4)
    }
}
