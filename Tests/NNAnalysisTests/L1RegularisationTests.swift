import Foundation
import Testing
import NNCore
@testable import NNAnalysis

/// The L1 term λ₁‖θ‖₁: in the objective, in the gradient (subgradient, sign(0) = 0), and nothing in the
/// Hessian; combined with L2. Checked against sums written out here, central differences and the
/// operator without the term.
@Suite struct L1RegularisationTests {
    static let data = randomData(n: 10, inputs: 2, targets: 1, seed: 21)

    /// A tanh net (smooth, so central differences are exact up to O(h²)) whose parameters all lie at
    /// least 0.01 from 0, so the ±h steps never cross the L1 kink.
    static func awayFromZero() -> MLP {
        var m = randomModel([2, 4, 3, 1], hidden: .tanh, seed: 22)
        for i in m.parameters.indices where abs(m.parameters[i]) < 0.01 {
            m.parameters[i] = m.parameters[i] < 0 ? -0.01 : 0.01
        }
        return m
    }

    @Test func objectiveAddsLambdaTimesTheSumOfAbsoluteValues() throws {
        let m = Self.awayFromZero()
        let plain = try HessianOperator(model: m, loss: .mse, data: Self.data)
        let l1 = 0.03, l2 = 0.2
        let op = try HessianOperator(model: m, loss: .mse, l2: l2, l1: l1, data: Self.data)
        let abs1 = m.parameters.reduce(0) { $0 + abs($1) }
        let sq = m.parameters.reduce(0) { $0 + $1 * $1 }
        let expected = plain.value + l1 * abs1 + 0.5 * l2 * sq
        #expect(abs(op.value - expected) <= 1e-14 * expected)
        // NNCore's objective (the trainer's) gives the same value and gradient.
        let objective = Objective(loss: .mse, l2: l2, l1: l1)
        #expect(abs(objective.value(model: m, data: Self.data) - op.value) <= 1e-13 * op.value)
        var ws = BackpropWorkspace(for: m, batchCapacity: 16)
        var g: [Double] = []
        objective.gradient(model: m, data: Self.data, into: &g, workspace: &ws)
        #expect(maxAbsDiff(g, op.gradient) <= 1e-13)
        #expect(abs(objective.regularization(m.parameters) - (l1 * abs1 + 0.5 * l2 * sq)) <= 1e-15 * (l1 * abs1 + l2 * sq))
    }

    @Test func gradientMatchesCentralDifferencesAwayFromZero() throws {
        let m = Self.awayFromZero()
        let objective = Objective(loss: .mse, l2: 0.1, l1: 0.05)
        var ws = BackpropWorkspace(for: m, batchCapacity: 16)
        var g: [Double] = []
        objective.gradient(model: m, data: Self.data, into: &g, workspace: &ws)
        let h = 1e-6
        var probe = m
        var worst = 0.0
        for i in m.parameters.indices {
            let t = m.parameters[i]
            probe.parameters[i] = t + h
            let jp = objective.value(model: probe, data: Self.data)
            probe.parameters[i] = t - h
            let jm = objective.value(model: probe, data: Self.data)
            probe.parameters[i] = t
            worst = max(worst, abs((jp - jm) / (2 * h) - g[i]) / max(abs(g[i]), 1e-3))
        }
        #expect(worst < 1e-6, "relative error \(worst)")
        // The L1 part alone is λ₁·sign(θ): the difference of the gradients with and without it.
        var g0: [Double] = []
        Objective(loss: .mse, l2: 0.1).gradient(model: m, data: Self.data, into: &g0, workspace: &ws)
        for i in m.parameters.indices {
            #expect(abs(g[i] - g0[i] - 0.05 * (m.parameters[i] > 0 ? 1 : -1)) <= 1e-15)
        }
    }

    @Test func subgradientAtZeroIsZero() throws {
        var m = Self.awayFromZero()
        let zeroed = [0, 5, m.parameterCount - 1]
        for i in zeroed { m.parameters[i] = 0 }
        var ws = BackpropWorkspace(for: m, batchCapacity: 16)
        var g: [Double] = [], g0: [Double] = []
        Objective(loss: .mse, l1: 0.5).gradient(model: m, data: Self.data, into: &g, workspace: &ws)
        Objective(loss: .mse).gradient(model: m, data: Self.data, into: &g0, workspace: &ws)
        for i in zeroed { #expect(g[i] == g0[i], "sign(0) = 0 adds nothing at θ[\(i)] = 0") }
        #expect(Objective.l1Sign(0) == 0 && Objective.l1Sign(-0.0) == 0 && Objective.l1Sign(-2) == -1 && Objective.l1Sign(3) == 1)
        let op = try HessianOperator(model: m, loss: .mse, l1: 0.5, data: Self.data)
        #expect(maxAbsDiff(op.gradient, g) <= 1e-13)
    }

    @Test func hessianHasNoL1Contribution() throws {
        let m = Self.awayFromZero()
        let with = try HessianOperator(model: m, loss: .mse, l2: 0.1, l1: 0.7, data: Self.data)
        let without = try HessianOperator(model: m, loss: .mse, l2: 0.1, data: Self.data)
        #expect(with.fullHessian() == without.fullHessian())
        // And the Hessian is the derivative of the L1-including gradient: finite differences of ∇J along v
        // (the steps stay on one side of every kink).
        var rng = AnalysisRNG(seed: 5)
        let v = (0..<m.parameterCount).map { _ in rng.uniform(-1, 1) }
        let h = 1e-6
        var plus = m, minus = m
        for i in v.indices { plus.parameters[i] += h * v[i]; minus.parameters[i] -= h * v[i] }
        let gp = try HessianOperator(model: plus, loss: .mse, l2: 0.1, l1: 0.7, data: Self.data).gradient
        let gm = try HessianOperator(model: minus, loss: .mse, l2: 0.1, l1: 0.7, data: Self.data).gradient
        let fd = zip(gp, gm).map { ($0 - $1) / (2 * h) }
        let hv = with.hvp(v)
        #expect(maxAbsDiff(fd, hv) <= 1e-6 * max(1, norm(hv)), "finite-difference H v")
    }

    @Test func normalisedNetworksAddTheSameTerm() throws {
        var m = MLP(sizes: [2, 4, 1], activations: [.tanh, .linear], normalizations: [Normalization(.layer), .none],
                    initializer: .xavier, seed: 3)
        for i in m.parameters.indices where abs(m.parameters[i]) < 0.01 { m.parameters[i] = 0.02 }
        let a = try NormalizedObjective(model: m, loss: .mse, l1: 0.2, data: Self.data)
        let b = try NormalizedObjective(model: m, loss: .mse, data: Self.data)
        #expect(abs(a.value - b.value - 0.2 * m.parameters.reduce(0) { $0 + abs($1) }) <= 1e-13)
        let v = (0..<m.parameterCount).map { Double($0 % 3) - 1 }
        #expect(a.hvp(v) == b.hvp(v))
    }

    @Test func gradcheckSkipsComponentsAtTheL1KinkAndPassesTheRest() throws {
        var m = Self.awayFromZero()
        m.parameters[2] = 0
        m.parameters[7] = 4e-6  // within h = 1e-5 of the kink
        let objective = Objective(loss: .mse, l2: 0.05, l1: 0.3)
        let r = try GradientCheck.run(model: m, objective: objective, data: Self.data)
        #expect(r.skippedAtL1Kink == 2 && r.skippedNearKinks == 0)
        #expect(r.overall.checked == m.parameterCount - 2)
        #expect(r.passes(threshold: 1e-6), "\(r.overall.maxRelativeDifference)")
        // Without the skip the component at 0 would be judged against a central difference across the kink:
        // (J(θ + h) − J(θ − h))/2h misses λ₁'s jump, which the check must not call a backprop error.
        let none = try GradientCheck.run(model: m, objective: Objective(loss: .mse, l2: 0.05), data: Self.data)
        #expect(none.skippedAtL1Kink == 0)
    }

    @Test func inspectDumpCarriesL1AndFeaturesOnlyWhenSet() throws {
        let raw = randomData(n: 8, inputs: 2, targets: 1, seed: 9)
        let map = try #require(FeatureMap(rawSize: 2, features: [.x1Squared, .x2Squared, .x1x2]))
        let inputs = map.apply(raw)
        let m = randomModel([3, 4, 1], hidden: .relu, seed: 2)
        var opts = InspectOptions(); opts.measureAutodiff = false
        let r = try InspectReport(model: m, loss: .mse, l2: 0, l1: 0.25, data: inputs, rawData: raw, features: map, options: opts)
        let j = try InspectReportTests.json(r)
        #expect(j["l1"] as? Double == 0.25)
        #expect(j["features"] as? [String] == ["x1^2", "x2^2", "x1*x2"])
        let x = try #require((j["data"] as? [String: Any])?["x"] as? [[Double]])
        // data.x is the raw input (JSONSerialization may read a number one ulp off, hence the tolerance).
        #expect(x.count == 8 && maxAbsDiff(x.flatMap { $0 }, raw.x) <= 1e-15, "data.x is the raw input")
        #expect(r.data.x.flatMap { $0 } == raw.x)
        #expect(j["kinks"] == nil && j["regions"] == nil, "no kinks or regions with non-linear features")
        #expect(r.objective == (try HessianOperator(model: m, loss: .mse, l1: 0.25, data: inputs)).value)
        // Without features: no `features` key, `l1` still present (0).
        let m2 = randomModel([2, 3, 1], hidden: .relu, seed: 2)
        let plain = try InspectReportTests.json(try InspectReport(model: m2, loss: .mse, l2: 0, data: raw, options: opts))
        #expect(plain["features"] == nil && plain["l1"] as? Double == 0 && plain["regions"] != nil)
        // Identity features keep the regions (the network is piecewise linear in x).
        let id = try #require(FeatureMap(rawSize: 2, features: [.x1, .x2]))
        let same = try InspectReportTests.json(try InspectReport(model: m2, loss: .mse, l2: 0, data: raw, rawData: raw,
                                                                 features: id, options: opts))
        #expect(same["regions"] != nil && same["features"] as? [String] == ["x1", "x2"])
    }
}
