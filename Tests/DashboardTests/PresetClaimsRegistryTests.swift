import Testing
import NNSession
@testable import PaneModels

/// The one registry of preset claims (`PresetClaims`, used by the claim tests and `nnviz lecture --check`).
struct PresetClaimsRegistryTests {
    /// Claim steps whose check needs a view model this build does not have yet, with the reason.
    static let pending: [String: String] = [
        "initialisation": "its claim is read off the activations pane's per-layer factor",
    ]

    /// Every shipped preset with a `view.claim_step` has a registered check (or a stated reason), and every
    /// registered check belongs to a preset with a claim step.
    @Test func everyClaimStepHasACheck() throws {
        var withStep: [String] = []
        for entry in try PresetLibrary.list() {
            let preset = try entry.result.get()
            guard preset.view.claimStep != nil else { continue }
            withStep.append(entry.name)
            #expect(PresetClaims.checks[entry.name] != nil || Self.pending[entry.name] != nil, "\(entry.name)")
        }
        for name in PresetClaims.names { #expect(withStep.contains(name), "\(name) has a check but no claim step") }
    }

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
        var preset = try PresetLibrary.load("regression-1d")
        preset.view.claimStep = nil
        #expect(try PresetClaims.check(preset) == nil)
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
