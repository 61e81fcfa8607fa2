import Testing
import NNSession
@testable import PaneModels

/// The one registry of preset claims (`PresetClaims`, used by the claim tests and `nnviz lecture --check`); which
/// presets it covers is asserted by `PresetClaimScreenTests.everyPresetIsAccountedFor`.
struct PresetClaimsRegistryTests {
    /// A check can fail: the hand-set sawtooth trained 300 steps by Adam on noisy targets (the exact ones are
    /// its optimum) no longer has its kinks exactly at −2 + j/4 (the closed form): its claim fails, with the
    /// numbers it read.
    @Test func aClaimCanFail() throws {
        var preset = try PresetLibrary.load("sawtooth")
        let holds = try #require(try PresetClaims.check(preset))
        #expect(holds.ok && holds["kinks"] == 15 && holds["max_kink_error"] == 0)
        preset.view.claimStep = 300
        preset.data.noise = 0.2
        let result = try #require(try PresetClaims.check(preset))
        #expect(!result.ok && result.failures.count == 1)
        #expect((result["max_kink_error"] ?? 0) > 1e-9)
    }

    /// The lecture checks compare the pane with their own computation, so a wrong pane fails them: a Jacobian
    /// block entry off by 1e-6, reverse-mode counts of one JVP per parameter, a sweep without p = n, and
    /// Xavier's activations growing ×2 per layer more than drawn each fail their claim.
    @Test func theLectureChecksCanFail() throws {
        var k = try PresetClaims.sessions(try PresetLibrary.load("kronecker"), step: 0)
        k[0].model.jacobian?.layers[1].column[0] += 1e-6
        let kronecker = try #require(PresetClaims.checks["kronecker"])
        let kron = kronecker(k)
        #expect(!kron.ok && kron.failures.contains { $0.contains("φᵀ ⊗ I") })

        var a = try PresetClaims.sessions(try PresetLibrary.load("autodiff-cost"), step: 0)
        let P = a[0].session.model.parameterCount
        a[0].model.autodiffCounts?.reverse.multiplies *= P
        let autodiffCost = try #require(PresetClaims.checks["autodiff-cost"])
        let cost = autodiffCost(a)
        #expect(!cost.ok && cost.failures.contains { $0.contains("preset: reverse mode costs") })

        var dd = try PresetLibrary.load("double-descent")
        dd.experiment?.widths = [10, 20, 80, 160]
        let sweep = try #require(try PresetClaims.check(dd))
        #expect(!sweep.ok && sweep.failures.contains { $0.contains("misses p = n") })

        var i = try PresetClaims.sessions(try PresetLibrary.load("initialisation"), step: 0)
        for l in i[3].model.activations!.layers.indices {
            i[3].model.activations!.layers[l].meanSquare *= Double(1 << l)
        }
        let initialisation = try #require(PresetClaims.checks["initialisation"])
        let scale = initialisation(i)
        #expect(!scale.ok && scale.failures.contains { $0.hasPrefix("Xavier: the factors are off") })
    }

    /// A preset without a claim step has no verdict.
    @Test func noClaimStepNoVerdict() throws {
        #expect(try PresetClaims.check(try PresetLibrary.load("default")) == nil)
    }

    @Test func resultRecordsNumbersInOrder() {
        var r = ClaimResult()
        r.record("a", 1)
        r.record("b", 2.5)
        r.require(true, "never")
        #expect(r.ok && r.numbers.map(\.name) == ["a", "b"] && r["b"] == 2.5 && r["c"] == nil)
        r.require(false, "broken")
        #expect(!r.ok && r.failures == ["broken"])
    }
}
