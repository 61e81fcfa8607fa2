import Testing
import TerminalUI
import NNAnalysis
import NNCore
import NNSession
@testable import Dashboard
@testable import PaneModels

/// `--compare A,B[,C,D]`: 2–4 presets, one data set for all; and the λmax estimate the panels show.
@Suite struct CompareSetupTests {
    @Test func presetListSharesTheFirstPresetsData() throws {
        let entries = try CompareSetup.load(list: "default, regression-1d,default")
        #expect(entries.map(\.label) == ["default", "regression-1d", "default #2"])
        let data = try PresetLibrary.load("default").data
        #expect(entries.allSatisfy { $0.preset.data == data })
        #expect(try PresetLibrary.load("regression-1d").data != data, "the test needs presets with different data")
        let state = CompareSetup.initialState(entries, size: Size(width: 80, height: 24), seed: 9)
        #expect(state.sessions.count == 3 && state.sessions.allSatisfy { $0.app.preset.training.seed == 9 })
        #expect(state.focused == nil)
    }

    @Test func badListsAreOneLineErrors() throws {
        for list in ["default", "default,", "a,b,c,d,e", ""] {
            let e = try #require(throws: PresetError.self) { try CompareSetup.load(list: list) }
            #expect(e.isUsageError && e.description.hasPrefix("--compare: expected 2 to 4"), "\(list): \(e)")
        }
        let unknown = try #require(throws: PresetError.self) { try CompareSetup.load(list: "default,no-such-preset") }
        #expect(unknown.isUsageError && unknown.description.contains("no-such-preset"))
        // A 2D model cannot train on 1D data.
        let misfit = try #require(throws: PresetError.self) { try CompareSetup.load(list: "default,xor") }
        #expect(misfit.path == "model.layers" && misfit.message.contains("first preset's data"))
    }

    /// λmax by Lanczos against every eigenvalue of the full Hessian (formed from P HVPs and solved by
    /// Householder + QL), on a trained small net: the largest and smallest agree to 1e-8 relative.
    @Test func lambdaMaxMatchesTheExactSpectrum() throws {
        var preset = try PresetLibrary.load("default")
        preset = preset.settingHiddenWidth(0, to: 6).settingHiddenWidth(1, to: 5)
        var session = try Session(preset: preset)
        session.step(30)
        let snap = session.snapshot()
        guard case .success(let estimate) = LambdaMaxJob.compute(snap) else {
            Issue.record("λmax job failed")
            return
        }
        let op = try HessianOperator(model: snap.model, loss: snap.loss, l2: snap.preset.training.l2, data: snap.train)
        let P = op.parameterCount
        let exact = SymmetricEigensolver.eigenvalues(op.fullHessian(), n: P).sorted()
        let top = try #require(exact.last), bottom = try #require(exact.first)
        #expect(abs(estimate.lambdaMax - top) <= 1e-8 * abs(top))
        #expect(abs(estimate.lambdaMin - bottom) <= 1e-8 * abs(top))
        #expect(estimate.step == 30 && estimate.parameterCount == P)
        #expect(LambdaMaxJob.compute(snap, isCancelled: { true }) == .failure(.cancelled))
    }
}

/// A preset that declares its sessions (`"compare": [...]`) opens compare mode with them.
@Suite struct ComparePresetEntryTests {
    @Test func optimizersPresetGivesItsFourSessions() throws {
        let preset = try PresetLibrary.load("optimizers")
        let entries = try CompareSetup.entries(of: preset)
        #expect(entries.map(\.label) == ["SGD", "momentum 0.9", "Adam", "AdamW (decay 0.01)"])
        #expect(entries.map(\.preset.training.optimizer.name.rawValue) == ["sgd", "momentum", "adam", "adamw"])
        #expect(entries.allSatisfy { $0.preset.data == preset.data && !$0.preset.isComparison })
        // Listed with --compare, a compare preset stands for its base.
        let listed = try CompareSetup.load(list: "optimizers,default")
        #expect(!listed[0].preset.isComparison && listed[0].preset.training.optimizer.name == .sgd)
    }
}
