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
        let preset = try PresetLibrary.load("sawtooth")
        #expect(preset.sawtoothDepth == 4)
        var state = AppState(size: Size(width: 100, height: 30), preset: preset)
        // Two layers more, then three fewer: depths 5, 6, 5, 4, 3.
        var depths: [Int] = []
        for key: Unicode.Scalar in ["}", "}", "{", "{", "{"] {
            let effects = Reducer.reduce(&state, .key(.char(key)))
            let rebuilt = try #require(effects.compactMap { effect -> Preset? in
                if case .rebuild(let p, _) = effect { return p } else { return nil }
            }.last)
            #expect(rebuilt == state.preset)
            let depth = try #require(rebuilt.sawtoothDepth)
            depths.append(depth)
            #expect(rebuilt.data.depth == depth, "the target follows the construction")
            #expect(try pieces(rebuilt) == 1 << depth)
        }
        #expect(depths == [5, 6, 5, 4, 3])
    }

    @Test func otherEditsAndOtherPresetsAreNotTheConstruction() throws {
        let sawtooth = try PresetLibrary.load("sawtooth")
        #expect(try PresetLibrary.load("default").sawtoothDepth == nil)
        // A wider layer is no longer the construction: random weights, as for any preset.
        var state = AppState(size: Size(width: 100, height: 30), preset: sawtooth)
        _ = Reducer.reduce(&state, .key(.char("]")))
        #expect(state.preset.sawtoothDepth == nil && state.preset.model.explicitParameters == nil)
        #expect(state.hiddenWidths == [3, 2, 2, 2])
        // A plain reset keeps the hand-set weights.
        var reset = AppState(size: Size(width: 100, height: 30), preset: sawtooth)
        #expect(Reducer.reduce(&reset, .key(.char("R"))) == [.rebuild(sawtooth, build: 1)])
    }
}
