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
