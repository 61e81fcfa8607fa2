import Testing
import NNCore
@testable import NNAnalysis

/// Forward vs reverse mode for ∇_θ: the instrumented implementations (CountedAutodiff) count exactly the
/// closed forms of GradientCostModel, compute the right gradient (against NetworkDerivatives' VJP and
/// central differences), and show the lecture's claim: reverse ≈ 3 forward passes, forward mode ≈ P of them.
@Suite struct GradientCostTests {
    static let shapes: [[Int]] = [[2, 3, 4, 1], [3, 16, 16, 16, 1], [1, 8, 2, 5, 1], [4, 1, 3]]

    func model(_ sizes: [Int], seed: UInt64) -> MLP { randomModel(sizes, hidden: .tanh, seed: seed) }

    @Test(arguments: shapes)
    func countedEqualsClosedForm(_ sizes: [Int]) {
        let net = model(sizes, seed: 7)
        let x = (0..<sizes[0]).map { 0.3 * Double($0) - 0.4 }
        let u = (0..<sizes.last!).map { 1 + Double($0) }
        let closed = GradientCostModel(sizes: sizes)
        #expect(CountedAutodiff.forwardPass(model: net, input: x).tally == closed.forwardPass)
        #expect(CountedAutodiff.reverse(model: net, input: x, cotangent: u).tally == closed.reverse)
        #expect(CountedAutodiff.forwardMode(model: net, input: x, cotangent: u).tally == closed.forwardMode)
        let ck = CountedAutodiff.checkpointed(model: net, input: x, cotangent: u, every: closed.checkpointEvery).tally
        #expect(ck.multiplies == closed.checkpointed.multiplies)
        #expect(ck.peakValues == closed.checkpointed.peakValues)
    }

    /// Hand-derived numbers for [2,3,4,1]: F = 6+12+4 = 22, D = 8, P = 9+16+5 = 30.
    /// Reverse = 3·22 − 6 + 8 = 68. Forward mode: layer 1 (P₁ = 9): 22 + (3+4+1) + (12+4) + 1 = 47;
    /// layer 2 (P₂ = 16): 22 + (4+1) + 4 + 1 = 32; layer 3 (P₃ = 5): 22 + 1 + 1 = 24 → 9·47 + 16·32 + 5·24 = 1055.
    /// Memory: reverse max(2·8 + 1, 2·3 + 4 + 3, 2·7 + 1 + 4) = 19; inference max(3, 3+4, 4+1) = 7, forward mode 14.
    @Test func handDerivedNumbersForTheKroneckerNet() {
        let c = GradientCostModel(sizes: [2, 3, 4, 1])
        #expect(c.forwardPass == AutodiffTally(multiplies: 22, peakValues: 7))
        #expect(c.reverse == AutodiffTally(multiplies: 68, peakValues: 19))
        #expect(c.forwardMode == AutodiffTally(multiplies: 1055, peakValues: 14))
        #expect(c.parameterCount == 30)
        #expect(c.checkpointEvery == 2 && c.checkpointed.multiplies == 90)
    }

    /// The lecture's claim on two shapes: reverse mode costs a small constant (≤ 3 + D/F) times a forward
    /// pass whatever P is; forward mode costs between P and 2P forward passes.
    @Test(arguments: [[2, 16, 16, 1], [2, 64, 64, 64, 1]])
    func reverseIsAConstantForwardModeIsP(_ sizes: [Int]) {
        let c = GradientCostModel(sizes: sizes)
        let P = Double(c.parameterCount)
        #expect(c.reverseOverForward >= 2 && c.reverseOverForward <= 3.2, "\(c.reverseOverForward)")
        #expect(c.forwardModeOverForward >= P && c.forwardModeOverForward <= 2 * P, "\(c.forwardModeOverForward) vs P \(P)")
        #expect(c.forwardMode.multiplies > 100 * c.reverse.multiplies)
        // Memory goes the other way: reverse caches every layer, forward mode holds two layers' worth.
        #expect(c.reverse.peakValues > c.forwardMode.peakValues)
    }

    /// Checkpointing trades one recomputed forward pass for memory on a deep net.
    @Test func checkpointingTradesComputeForMemory() {
        let c = GradientCostModel(sizes: [2] + [Int](repeating: 16, count: 15) + [1])
        #expect(c.checkpointEvery == 4)
        #expect(c.checkpointed.multiplies == c.reverse.multiplies + c.forwardPass.multiplies)
        #expect(c.checkpointed.peakValues < c.reverse.peakValues / 2, "\(c.checkpointed.peakValues) vs \(c.reverse.peakValues)")
    }

    /// All four counted gradients are the true gradient: equal to each other, to NetworkDerivatives' VJP
    /// and to central differences of uᵀz.
    @Test(arguments: shapes)
    func countedGradientsAreCorrect(_ sizes: [Int]) {
        let net = model(sizes, seed: 11)
        let x = (0..<sizes[0]).map { 0.5 - 0.2 * Double($0) }
        let u = (0..<sizes.last!).map { Double($0) - 0.5 }
        let rev = CountedAutodiff.reverse(model: net, input: x, cotangent: u).gradient
        let fwd = CountedAutodiff.forwardMode(model: net, input: x, cotangent: u).gradient
        let ck = CountedAutodiff.checkpointed(model: net, input: x, cotangent: u, every: 2).gradient
        let ref = NetworkDerivatives(model: net, inputs: x, count: 1).vjp(u).parameters
        #expect(maxAbsDiff(rev, ref) < 1e-12)
        #expect(maxAbsDiff(fwd, ref) < 1e-12)
        #expect(maxAbsDiff(ck, ref) < 1e-12)
        let h = 1e-6
        var probe = net
        for i in stride(from: 0, to: net.parameterCount, by: 3) {
            probe.parameters[i] = net.parameters[i] + h
            let zp = directForward(probe, x)
            probe.parameters[i] = net.parameters[i] - h
            let zm = directForward(probe, x)
            probe.parameters[i] = net.parameters[i]
            var fd = 0.0
            for c in u.indices { fd += u[c] * (zp[c] - zm[c]) / (2 * h) }
            #expect(abs(fd - rev[i]) < 1e-7 * max(1, abs(fd)), "θ\(i)")
        }
    }

    @Test func measuredTimesArePositiveAndCancellable() throws {
        let net = model([2, 8, 8, 1], seed: 3)
        let x = randomData(n: 8, inputs: 2, targets: 1, seed: 4).x
        let c = try #require(try GradientCostModel.measured(model: net, inputs: x, count: 8, repeats: 1, jvpBudget: 20))
        #expect((c.reverseSeconds ?? 0) > 0 && (c.forwardSeconds ?? 0) > 0)
        #expect(c.jvpsTimed == 20 && c.measuredPoints == 8)
        #expect(try GradientCostModel.measured(model: net, inputs: x, count: 8, isCancelled: { true }) == nil)
    }
}
