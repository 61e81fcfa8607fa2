import Dashboard
import NNCore
import NNSession
import PaneModels
import Testing

/// The dashboard's Hessian worker keeps one `SpectrumWorkspace` for the whole run (so a long soak keeps a flat resident memory):
/// the spectra it computes with it are exactly those of a fresh computation, step after step and across
/// a change of model size.
@Suite struct SpectrumWorkspaceTests {
    @Test func aReusedWorkspaceGivesTheFreshResults() throws {
        var small = try PresetLibrary.load("shallow-width")
        small.model = ModelSpec(layers: [1, 3, 1], activations: [.tanh, .linear])
        var big = small
        big.model = ModelSpec(layers: [1, 6, 1], activations: [.tanh, .linear])
        var ws = SpectrumWorkspace()
        var a = try Session(preset: small), b = try Session(preset: big)
        for which in [0, 1, 0] {
            let snap = which == 0 ? a.snapshot() : b.snapshot()
            let reused = try SpectrumJob.compute(snap, workspace: &ws).get()
            #expect(reused == (try SpectrumJob.compute(snap).get()))
            let P = snap.model.parameterCount
            #expect(reused.parameterCount == P && ws.capacity == P * P + 7 * P)
            a.step(5); b.step(5)
        }
    }
}
