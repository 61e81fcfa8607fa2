import Foundation
import Testing
@testable import NNSession
import NNAnalysis
import NNCore

/// The claims of the `kronecker`, `autodiff-cost` and `ntk-lazy` presets, through the shipped presets and the
/// library, and `nnviz presets` listing them.
@Suite struct LecturePaneClaimTests {
    /// `kronecker`: after training steps too (the pane is live), the Jacobian of every layer equals the
    /// Kronecker formula in both stackings, by forward and by reverse mode, at several training points.
    @Test func kroneckerJacobianEqualsFormulaWhileTraining() throws {
        let preset = try PresetLibrary.load("kronecker")
        #expect(preset.view.panes.first == "jacobian" && preset.view.caption)
        var session = try Session(preset: preset, recordsHistory: false)
        session.step(50)
        let d0 = session.model.inputSize
        for i in [0, 7, 31] {
            let x = Array(session.data.train.x[(i * d0)..<((i + 1) * d0)])
            for l in 0..<session.model.layerCount {
                let phi = KroneckerJacobian.previousActivation(model: session.model, layer: l, input: x)
                for s in KroneckerJacobian.Stacking.allCases {
                    let f = KroneckerJacobian.formula(model: session.model, layer: l, input: x, stacking: s)
                    // The formula's entries are φ values on the Kronecker pattern, nothing else.
                    let dOut = session.model.sizes[l + 1], dIn = session.model.sizes[l]
                    for r in 0..<dOut { for a in 0..<dOut { for b in 0..<dIn {
                        let col = s == .row ? a * dIn + b : b * dOut + a
                        #expect(f[r * dOut * dIn + col] == (r == a ? phi[b] : 0))
                    } } }
                    for mode in KroneckerJacobian.Mode.allCases {
                        let a = KroneckerJacobian.autodiff(model: session.model, layer: l, input: x, stacking: s, mode: mode)
                        #expect(zip(f, a).allSatisfy { Swift.abs($0 - $1) < 1e-12 }, "point \(i) layer \(l) \(s) \(mode)")
                    }
                }
            }
        }
    }

    /// `autodiff-cost`: on the preset's shape and on a wider, deeper edit of it, the multiplies counted while
    /// computing ∇θ equal the closed forms; reverse mode costs ≤ 3.2 forward passes, forward mode ≥ P of them,
    /// and both give the backprop gradient.
    @Test func autodiffCostClaimOnTwoShapes() throws {
        let preset = try PresetLibrary.load("autodiff-cost")
        #expect(preset.view.panes.first == "autodiff_cost")
        let edited = preset.settingHiddenWidth(0, to: 24).addingHiddenLayer()
        #expect(edited.model.layers != preset.model.layers && edited.model.layers.count == 5)
        for p in [preset, edited] {
            let session = try Session(preset: p, recordsHistory: false)
            let net = session.model
            let x = Array(session.data.train.x[0..<net.inputSize])
            let closed = GradientCostModel(sizes: net.sizes)
            let rev = CountedAutodiff.reverse(model: net, input: x, cotangent: [1])
            let fwd = CountedAutodiff.forwardMode(model: net, input: x, cotangent: [1])
            #expect(rev.tally == closed.reverse && fwd.tally == closed.forwardMode, "\(net.sizes)")
            let F = Double(CountedAutodiff.forwardPass(model: net, input: x).tally.multiplies)
            let P = Double(net.parameterCount)
            #expect(Double(rev.tally.multiplies) <= 3.2 * F, "\(net.sizes): reverse \(rev.tally.multiplies) vs F \(F)")
            #expect(Double(fwd.tally.multiplies) >= P * F, "\(net.sizes): forward mode \(fwd.tally.multiplies) vs P·F \(P * F)")
            let ref = NetworkDerivatives(model: net, inputs: x, count: 1).vjp([1]).parameters
            #expect(zip(rev.gradient, ref).allSatisfy { Swift.abs($0 - $1) < 1e-12 })
            #expect(zip(fwd.gradient, ref).allSatisfy { Swift.abs($0 - $1) < 1e-12 })
        }
    }

    /// `ntk-lazy`: after the run's steps, the wide net's kernel moved less than the narrow net's (relatively),
    /// while both fit the data (loss at least halved). The same job the dashboard pane runs.
    @Test func ntkLazyWideKernelMovesLess() throws {
        let preset = try PresetLibrary.load("ntk-lazy")
        #expect(preset.view.panes.first == "ntk")
        let session = try Session(preset: preset, recordsHistory: false)
        let act = try #require(preset.model.hiddenActivation)
        let config = NTKDriftConfig()
        let r = try #require(try NTKDrift.run(narrow: session.model.sizes, activation: act,
                                              initializer: preset.model.initializer.nnCore, data: session.data.train,
                                              seed: session.seed, config: config))
        #expect(r.isComplete && r.narrow.steps.last == config.steps)
        #expect(r.wide.sizes[1] == 32 * r.narrow.sizes[1])
        #expect(r.wide.last < r.narrow.last, "wide \(r.wide.last) vs narrow \(r.narrow.last)")
        #expect(r.wide.last < 0.5 * r.narrow.last, "lazy by a clear margin: wide \(r.wide.last) vs narrow \(r.narrow.last)")
        for c in [r.narrow, r.wide] { #expect((c.loss.last ?? 1) < 0.25 * (c.loss.first ?? 0), "\(c.sizes) \(c.loss)") }
    }

    /// `nnviz presets` (the real binary) lists them with their one-line descriptions.
    @Test func presetsCommandListsThem() throws {
        let r = try CLIProcessTests().nnviz(["presets"])
        #expect(r.status == 0)
        for name in ["kronecker", "autodiff-cost", "ntk-lazy"] {
            let preset = try PresetLibrary.load(name)
            #expect(r.out.split(separator: "\n").contains { $0.hasPrefix(name + " ") && $0.hasSuffix(preset.description) },
                    "\(name) missing from:\n\(r.out)")
        }
    }

    /// The new presets are valid, listed, and described.
    @Test(arguments: ["kronecker", "autodiff-cost", "ntk-lazy"])
    func presetsAreListedWithDescriptions(_ name: String) throws {
        let entries = try PresetLibrary.list()
        let entry = try #require(entries.first { $0.name == name })
        let preset = try entry.result.get()
        #expect(!preset.description.isEmpty && !preset.caption.isEmpty && !preset.title.isEmpty)
    }
}
