import Testing
import NNCore
import NNSession
import NNAnalysis
@testable import PaneModels

/// The geometry presets' claims (`PresetClaims+Geometry.swift`): each holds on its shipped preset at its claim
/// step with the numbers measured there, and each fails on a perturbed session or a tampered screen — the
/// checks compare the screen with a computation of their own, they do not only read it.
@Suite(.serialized) struct PresetClaimsGeometryTests {
    /// The preset's sessions at its claim step (or `step`), after `edit`.
    static func sessions(_ name: String, step: Int? = nil, _ edit: (inout Preset) -> Void = { _ in }) throws -> [ClaimSession] {
        var p = try PresetLibrary.load(name)
        edit(&p)
        return try PresetClaims.sessions(p, step: try #require(step ?? p.view.claimStep))
    }

    /// `relu-regions`: 1 + 10 lines + 26 intersections = 37, as the title and the presentation caption say.
    /// Three lines through one point (not general position) make one region fewer than the formula: it fails.
    /// A region counter that is off by one fails against the formula and the pattern grid.
    @Test func reluRegions() throws {
        let s = try Self.sessions("relu-regions")
        let r = PresetClaims.reluRegions(s)
        #expect(r.ok, "\(r.failures)")
        #expect(r["shown_regions"] == 37 && r["lines"] == 10 && r["intersections"] == 26 && r["grid_patterns"] == 37)

        let net = s[0].session.model
        var theta = net.parameters
        for u in 0..<3 { theta[net.biasOffset(layer: 0) + u] = 0 }   // units 0–2: lines through the origin
        let concurrent = PresetClaims.reluRegions(try Self.sessions("relu-regions") { $0.model.explicitParameters = theta })
        #expect(!concurrent.ok)
        #expect(concurrent["title_regions"].map { $0 < (concurrent["formula"] ?? 0) } == true, "\(concurrent.numbers)")

        var tampered = s
        tampered[0].model.regions?.pictures?.overlay?.perLayer = [36]
        tampered[0].model.regions?.regionCount = 36
        let wrong = PresetClaims.reluRegions(tampered)
        #expect(!wrong.ok && wrong.failures.count == 2, "\(wrong.failures)")
    }

    /// The brute-force pattern grid already has every region at 200 cells a side (the check uses 400).
    @Test func patternGridSaturates() throws {
        for (name, counts) in [("relu-regions", [37]), ("relu-regions-4x4", [9, 19])] {
            let s = try Self.sessions(name)
            let map = try #require(s[0].model.regions)
            let grid = PlainNet(s[0].snapshot.model).distinctPatterns(x: map.xRange, y: map.yRange, columns: 200, rows: 200)
            #expect(grid == counts, "\(name): \(grid) at 200 cells")
        }
    }

    /// `relu-regions-4x4`: 9 regions after layer 1, 19 after layer 2. Moving one first-layer line out of the box
    /// breaks "layer 1 makes 9"; a per-layer counter that is off breaks the grid comparison.
    @Test func reluRegions4x4() throws {
        let s = try Self.sessions("relu-regions-4x4")
        let r = PresetClaims.reluRegions4x4(s)
        #expect(r.ok, "\(r.failures)")
        #expect(r["title_regions_layer1"] == 9 && r["title_regions_layer2"] == 19 && r["grid_patterns_layer2"] == 19)

        let net = s[0].session.model
        var theta = net.parameters
        theta[net.biasOffset(layer: 0)] = -5   // unit 0's line x₁ + 0.2x₂ = 5 misses the box
        let moved = PresetClaims.reluRegions4x4(try Self.sessions("relu-regions-4x4") { $0.model.explicitParameters = theta })
        #expect(!moved.ok && (moved["title_regions_layer1"] ?? 9) < 9, "\(moved.numbers)")

        var tampered = s
        tampered[0].model.regions?.pictures?.overlay?.perLayer = [9, 18]
        let wrong = PresetClaims.reluRegions4x4(tampered)
        #expect(!wrong.ok && wrong.failures.count == 2, "\(wrong.failures)")
    }

    /// `regression-1d` at step 2000: both losses fell below 5% of their start together, and are the MSEs.
    /// With a learning rate of 10⁻¹² nothing falls: the claim fails.
    @Test func regression1D() throws {
        let r = PresetClaims.regression1D(try Self.sessions("regression-1d"))
        #expect(r.ok, "\(r.failures)")
        #expect((r["train_loss"] ?? 1) < 0.02 && (r["test_loss"] ?? 1) < 0.02, "\(r.numbers)")
        let frozen = PresetClaims.regression1D(try Self.sessions("regression-1d", step: 100) { $0.training.optimizer.lr = 1e-12 })
        #expect(!frozen.ok && frozen.failures.count == 2, "\(frozen.failures)")
        #expect(abs((frozen["train_loss"] ?? 0) - (frozen["train_loss_start"] ?? 1)) < 1e-6, "\(frozen.numbers)")
    }

    /// `lecture-regression-2d` at step 2000: f is affine on the map's largest regions to round-off. A region map
    /// that merges two regions (a broken counter) fails: one plane does not fit both.
    @Test func lectureRegression2D() throws {
        let s = try Self.sessions("lecture-regression-2d")
        let r = PresetClaims.lectureRegression2D(s)
        #expect(r.ok, "\(r.failures)")
        #expect((r["max_affine_residual"] ?? 1) < 1e-12 && (r["two_regions_one_plane_residual"] ?? 0) > 0.05, "\(r.numbers)")

        var merged = s
        let ids = try #require(s[0].model.regions?.regionIDs)
        var sizes: [UInt32: Int] = [:]
        for id in ids { sizes[id, default: 0] += 1 }
        let top = sizes.sorted { $0.value > $1.value }.prefix(2).map(\.key)
        merged[0].model.regions?.regionIDs = ids.map { $0 == top[1] ? top[0] : $0 }
        let wrong = PresetClaims.lectureRegression2D(merged)
        #expect(!wrong.ok && (wrong["max_affine_residual"] ?? 0) > 1e-3, "\(wrong.numbers)")
    }

    /// `circle` at step 3000: ≥ 95% train and test accuracy, a boundary through many affine regions. Untrained
    /// (step 0) it fails.
    @Test func circle() throws {
        let r = PresetClaims.circle(try Self.sessions("circle"))
        #expect(r.ok, "\(r.failures)")
        #expect((r["accuracy"] ?? 0) > 0.99 && (r["regions_on_boundary"] ?? 0) > 20, "\(r.numbers)")
        let untrained = PresetClaims.circle(try Self.sessions("circle", step: 0))
        #expect(!untrained.ok, "\(untrained.numbers)")
    }

    /// `loss-landscape` at step 500: the slice's second difference is λ₁ within 2%, λ₁ certified the top
    /// eigenvalue of the exact Hessian. A slice along a random direction with the same title fails.
    @Test func lossLandscape() throws {
        let s = try Self.sessions("loss-landscape")
        let hessian = try LandscapeJob.compute(s[0].snapshot, directions: .hessian, path: []).get()
        let r = PresetClaims.landscapeCurvature(hessian, s[0])
        #expect(r.ok, "\(r.failures)")
        #expect((r["second_difference_relative_error"] ?? 1) < 0.01, "\(r.numbers)")

        var random = try LandscapeJob.compute(s[0].snapshot, directions: .random, path: []).get()
        random.eigenvalues = hessian.eigenvalues
        let wrong = PresetClaims.landscapeCurvature(random, s[0])
        #expect(!wrong.ok, "\(wrong.numbers)")
    }
}
