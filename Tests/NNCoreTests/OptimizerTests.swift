import Testing
@testable import NNCore

/// Updates checked against values worked out by hand (the working is in the comments).
struct OptimizerTests {
    /// Applies the optimiser to a one-parameter θ with the given gradient sequence; returns θ after each step.
    func run(_ opt: Optimizer, theta0: Double, lr: Double, gradients: [Double]) -> [Double] {
        var s = OptimizerState(opt, parameterCount: 1)
        var theta = [theta0]
        return gradients.map { g in s.update(parameters: &theta, gradient: [g], learningRate: lr); return theta[0] }
    }

    func close(_ a: [Double], _ b: [Double], _ tol: Double = 1e-14) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= tol * Swift.max(1, Swift.abs($1)) }
    }

    @Test func sgd() {
        var s = OptimizerState(.sgd, parameterCount: 2)
        var theta = [1.0, -2.0]
        s.update(parameters: &theta, gradient: [0.5, 1], learningRate: 0.1)
        #expect(theta == [0.95, -2.1])
    }

    @Test func heavyBallMomentum() {
        // μ = 0.9, η = 0.1, g ≡ 1: b = 1, 1.9, 2.71; θ = −0.1, −0.29, −0.561.
        #expect(close(run(.momentum(beta: 0.9, nesterov: false), theta0: 0, lr: 0.1, gradients: [1, 1, 1]),
                      [-0.1, -0.29, -0.561]))
    }

    @Test func nesterovMomentum() {
        // PyTorch: b = μb + g, step g + μb. b = 1, 1.9, 2.71; steps 1.9, 2.71, 3.439 → θ = −0.19, −0.461, −0.8049.
        #expect(close(run(.momentum(beta: 0.9, nesterov: true), theta0: 0, lr: 0.1, gradients: [1, 1, 1]),
                      [-0.19, -0.461, -0.8049]))
    }

    @Test func adamBiasCorrection() {
        // β₁ = β₂ = ½, ε = 0, η = 1, g = 1, −1, 2 from θ₀ = 0:
        // t=1: m = .5, v = .5, m̂ = 1, v̂ = 1 → θ = −1
        // t=2: m = −.25, v = .75, m̂ = −1/3, v̂ = 1 → θ = −1 + 1/3
        // t=3: m = .875, v = 2.375, m̂ = 1, v̂ = 2.375/.875 = 19/7 → θ = −2/3 − 1/√(19/7)
        let got = run(.adam(beta1: 0.5, beta2: 0.5, epsilon: 0), theta0: 0, lr: 1, gradients: [1, -1, 2])
        #expect(close(got, [-1, -2.0 / 3, -2.0 / 3 - 1 / (19.0 / 7).squareRoot()]))
        // Constant g: m̂ = g and v̂ = g² every step, so each step is η·g/(|g| + ε) — without the bias
        // correction the first step would be 0.1·0.2/√0.004 ≈ 0.316 instead of ≈ 0.1.
        let c = run(.adamDefault, theta0: 0, lr: 0.1, gradients: [2, 2, 2])
        let step = 0.1 * 2 / (2 + 1e-8)
        #expect(close(c, [-step, -2 * step, -3 * step], 1e-12))
    }

    @Test func adamwDecaysDecoupledAndDiffersFromL2() {
        // AdamW, β = ½, ε = 0, η = 0.1, wd = 0.5, θ₀ = 2, loss gradient ≡ 1:
        // t=1: θ = 2·(1 − 0.05) = 1.9, then −0.1·1 → 1.8;  t=2: 1.8·0.95 = 1.71, −0.1 → 1.61.
        let w = run(.adamw(beta1: 0.5, beta2: 0.5, epsilon: 0, weightDecay: 0.5), theta0: 2, lr: 0.1, gradients: [1, 1])
        #expect(close(w, [1.8, 1.61]))
        // Adam with the L2 term in the gradient instead (g' = 1 + 0.5θ):
        // t=1: g' = 2, m = 1, v = 2, m̂ = 2, v̂ = 4 → θ = 2 − 0.1 = 1.9
        // t=2: g' = 1.95, m = 1.475, v = 2.90125, m̂ = 1.475/.75, v̂ = 2.90125/.75 → θ = 1.9 − 0.1·m̂/√v̂
        var s = OptimizerState(.adam(beta1: 0.5, beta2: 0.5, epsilon: 0), parameterCount: 1)
        var theta = [2.0]
        for _ in 0..<2 { s.update(parameters: &theta, gradient: [1 + 0.5 * theta[0]], learningRate: 0.1) }
        let expected = 1.9 - 0.1 * (1.475 / 0.75) / (2.90125 / 0.75).squareRoot()
        #expect(Swift.abs(theta[0] - expected) < 1e-14)
        #expect(Swift.abs(theta[0] - w[1]) > 0.1)
    }
}

struct ScheduleTests {
    @Test func constantAndStep() {
        #expect((0..<3).map { LearningRateSchedule.constant.learningRate(base: 0.3, step: $0) } == [0.3, 0.3, 0.3])
        let s = LearningRateSchedule(.step(every: 2, factor: 0.5))
        #expect((0..<6).map { s.learningRate(base: 1, step: $0) } == [1, 1, 0.5, 0.5, 0.25, 0.25])
    }

    /// The old definition, one multiplication per decay (O(t) per step).
    static func iterativeStep(base: Double, every: Int, factor: Double, warmup: Int, step t: Int) -> Double {
        func shaped(_ s: Int) -> Double {
            var r = base
            for _ in 0..<(s / every) { r *= factor }
            return r
        }
        return t < warmup ? shaped(0) * Double(t + 1) / Double(warmup) : shaped(t - warmup)
    }

    /// The O(1) step schedule equals the iterative product bit for bit up to 1,024 decays, and agrees with
    /// it to rounding (relative 1e-12) beyond, where powers take over.
    @Test func stepScheduleMatchesTheIterativeDefinition() {
        for (every, factor, warmup) in [(1, 0.5, 0), (1, 0.999, 3), (3, 0.9, 5), (7, 0.1, 0), (1, 1.0, 2), (2, 0.99999, 0)] {
            let s = LearningRateSchedule(.step(every: every, factor: factor), warmupSteps: warmup)
            for t in 0..<(1100 * every + warmup) {
                let want = Self.iterativeStep(base: 0.3, every: every, factor: factor, warmup: warmup, step: t)
                let got = s.learningRate(base: 0.3, step: t)
                if (t - warmup) / every <= LearningRateSchedule.iterativeDecays || t < warmup {
                    #expect(got == want, "every \(every) factor \(factor) t \(t)")
                } else {
                    // Relative agreement, except among subnormals (which carry fewer digits).
                    #expect(Swift.abs(got - want) <= 1e-12 * Swift.abs(want) + 1e-300, "every \(every) factor \(factor) t \(t): \(got) vs \(want)")
                }
            }
        }
        // Far steps against the closed form 0.3·factor^n (n = t / every) by logarithms.
        let s = LearningRateSchedule(.step(every: 1, factor: 0.99999))
        for t in [10_000, 1_000_000, 50_000_000] {
            let want = 0.3 * DeterministicMath.exp(Double(t) * DeterministicMath.log(0.99999))
            #expect(Swift.abs(s.learningRate(base: 0.3, step: t) - want) <= 1e-9 * want)
        }
        // At the largest step a session file holds, at once (and 0 where the product underflows).
        #expect(LearningRateSchedule(.step(every: 1, factor: 0.5)).learningRate(base: 1, step: 1 << 53) == 0)
        #expect(LearningRateSchedule(.step(every: 1, factor: 1)).learningRate(base: 0.7, step: 1 << 53) == 0.7)
        let cos = LearningRateSchedule(.cosine(totalSteps: 100, floor: 0.01), warmupSteps: 10)
        #expect(cos.learningRate(base: 1, step: 1 << 53) == 0.01)
    }

    @Test func linearWarmup() {
        let s = LearningRateSchedule(.constant, warmupSteps: 4)
        #expect((0..<6).map { s.learningRate(base: 1, step: $0) } == [0.25, 0.5, 0.75, 1, 1, 1])
        // Warm-up then step decay counted from the end of the warm-up.
        let t = LearningRateSchedule(.step(every: 2, factor: 0.1), warmupSteps: 2)
        let got = (0..<6).map { t.learningRate(base: 1, step: $0) }
        #expect(zip(got, [0.5, 1, 1, 1, 0.1, 0.1]).allSatisfy { Swift.abs($0 - $1) < 1e-15 })
    }

    @Test func cosineToFloor() {
        // T = 4, floor 0.1, η = 1: η_t = 0.1 + 0.45(1 + cos(πt/4)).
        let s = LearningRateSchedule(.cosine(totalSteps: 4, floor: 0.1))
        let got = (0..<7).map { s.learningRate(base: 1, step: $0) }
        let r = 0.5.squareRoot()
        let want = [1, 0.1 + 0.45 * (1 + r), 0.55, 0.1 + 0.45 * (1 - r), 0.1, 0.1, 0.1]
        #expect(zip(got, want).allSatisfy { Swift.abs($0 - $1) < 1e-15 })
        // With 2 warm-up steps and T = 6 the cosine spans the 4 steps after the warm-up.
        let w = LearningRateSchedule(.cosine(totalSteps: 6, floor: 0.1), warmupSteps: 2)
        let gw = (0..<7).map { w.learningRate(base: 1, step: $0) }
        let ww = [0.5, 1, 1, 0.1 + 0.45 * (1 + r), 0.55, 0.1 + 0.45 * (1 - r), 0.1]
        #expect(zip(gw, ww).allSatisfy { Swift.abs($0 - $1) < 1e-15 })
    }
}
