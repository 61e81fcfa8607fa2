import Testing
@testable import NNSession
import NNAnalysis
import NNCore

@Suite struct SawtoothConstructionTests {
    /// The shipped preset's weights are the construction's (depth 4).
    @Test func shippedPresetIsTheConstruction() throws {
        let p = try PresetLibrary.load("sawtooth")
        #expect(p.model.layers == Preset.sawtoothLayers(depth: 4))
        #expect(p.model.explicitParameters == Preset.sawtoothParameters(depth: 4))
        #expect(p.settingSawtoothDepth(4) == p)
    }

    /// For every depth offered: the net equals the recursion f_ℓ = 2|f_{ℓ−1}| − 2 exactly on a dyadic grid,
    /// and NNAnalysis's exact piecewise-linear analysis (an independent algorithm) finds 2^L pieces on
    /// [−2, 2] with breakpoints at −2 + j·2^{2−L}.
    @Test(arguments: 1...10)
    func depthLHasExactly2ToTheLPieces(_ depth: Int) throws {
        let p = try PresetLibrary.load("sawtooth").settingSawtoothDepth(depth)
        let reread = try Preset.parse(p.json.serialized(), file: "s.json")  // passes strict validation
        #expect(reread.model.explicitParameters == p.model.explicitParameters)
        let session = try Session(preset: p)
        #expect(session.data.train.y.allSatisfy { $0 >= -2 && $0 <= 2 })
        let xs = (0...512).map { -2 + Double($0) / 128 }
        let out = session.model.predict(xs, count: xs.count)
        for (x, y) in zip(xs, out) { #expect(y == DataSpec.sawtooth(x, depth: depth)) }
        let fit = try PiecewiseLinear1D(model: session.model, lower: -2, upper: 2)
        #expect(fit.pieces.count == 1 << depth)
        let h = 4 / Double(1 << depth)
        for (j, b) in fit.breakpoints.enumerated() { #expect(abs(b - (-2 + Double(j + 1) * h)) < 1e-9) }
        #expect(session.metrics.trainObjective < 1e-24)  // the data is this very function
    }

    @Test func depthIsClamped() throws {
        let p = try PresetLibrary.load("sawtooth")
        #expect(p.settingSawtoothDepth(0).model.layers == [1, 2, 1])
        #expect(p.settingSawtoothDepth(99).model.layers.count == Preset.maxSawtoothDepth + 2)
    }
}
