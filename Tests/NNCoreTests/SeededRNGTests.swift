import Foundation
import Testing
@testable import NNCore

struct SeededRNGTests {
    /// Known values from an independent Python implementation of SplitMix64 + xoshiro256**.
    @Test func matchesReferenceImplementation() {
        var a = SeededRNG(seed: 0)
        #expect(a.state.s0 == 0xE220_A839_7B1D_CDAF)  // SplitMix64(0), the published first value
        #expect(a.state.s1 == 0x6E78_9E6A_A1B9_65F4)
        #expect([a.nextUInt64(), a.nextUInt64(), a.nextUInt64()] ==
                [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0])
        var b = SeededRNG(seed: 42)
        #expect([b.nextUInt64(), b.nextUInt64()] == [0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E])
        var c = SeededRNG(seed: 42)
        #expect([c.nextDouble(), c.nextDouble(), c.nextDouble()] ==
                [0.08386297105988216, 0.3789802506626686, 0.6800434110281394])
    }

    @Test func gaussianRegressionValues() {
        // Pinned so any change to the sampler (which would change every preset's initial weights) is seen.
        var r = SeededRNG(seed: 7)
        let v = (0..<4).map { _ in r.nextGaussian() }
        var again = SeededRNG(seed: 7)
        #expect(v == (0..<4).map { _ in again.nextGaussian() })
        #expect(v.map { $0.bitPattern } == GaussianPins.seed7)
        for (a, b) in zip(v, GaussianPins.seed7Python) { #expect(Swift.abs(a - b) <= 2 * b.ulp) }
    }

    @Test func gaussianMoments() {
        var r = SeededRNG(seed: 3)
        let n = 40_000
        var s = 0.0, s2 = 0.0, s4 = 0.0
        for _ in 0..<n { let g = r.nextGaussian(); s += g; s2 += g * g; s4 += g * g * g * g }
        let mean = s / Double(n), varc = s2 / Double(n) - mean * mean
        #expect(Swift.abs(mean) < 0.02)          // sd of the mean: 0.005
        #expect(Swift.abs(varc - 1) < 0.03)      // sd ≈ 0.007
        #expect(Swift.abs(s4 / Double(n) - 3) < 0.15)  // kurtosis of a normal
    }

    @Test func uniformIntegersAreUnbiasedAndInRange() {
        var r = SeededRNG(seed: 9)
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 { counts[r.nextInt(below: 6)] += 1 }
        // χ² with 5 degrees of freedom; 20.5 is its 0.999 quantile.
        let chi2 = counts.map { Double(($0 - 10_000) * ($0 - 10_000)) / 10_000 }.reduce(0, +)
        #expect(chi2 < 20.5)
        for _ in 0..<1000 { #expect((0..<3).contains(r.nextInt(below: 3))) }
        #expect(r.nextInt(below: 1) == 0)
    }

    @Test func doublesAreInUnitInterval() {
        var r = SeededRNG(seed: 1)
        for _ in 0..<10_000 { let u = r.nextDouble(); #expect(u >= 0 && u < 1) }
    }

    @Test func stateSaveAndRestore() {
        var r = SeededRNG(seed: 5)
        _ = r.nextGaussian()  // leaves a spare Gaussian in the state
        let saved = r.state
        let a = (0..<5).map { _ in r.nextGaussian() } + [r.nextDouble()]
        var q = SeededRNG(state: saved)
        let b = (0..<5).map { _ in q.nextGaussian() } + [q.nextDouble()]
        #expect(a == b)
    }

    @Test func shuffleIsAUniformPermutation() {
        var r = SeededRNG(seed: 2)
        var counts: [[Int]: Int] = [:]
        for _ in 0..<6000 {
            var a = [0, 1, 2]
            r.shuffle(&a)
            counts[a, default: 0] += 1
        }
        #expect(counts.count == 6)
        let chi2 = counts.values.map { Double(($0 - 1000) * ($0 - 1000)) / 1000 }.reduce(0, +)
        #expect(chi2 < 20.5)
        var big = Array(0..<100)
        r.shuffle(&big)
        #expect(big.sorted() == Array(0..<100) && big != Array(0..<100))
    }

    @Test func deterministicLogMatchesLibm() {
        var r = SeededRNG(seed: 4)
        var worst = 0.0
        for _ in 0..<20_000 {
            let x = Foundation.exp(r.nextDouble(in: -700, 700))
            let a = DeterministicMath.log(x), b = Foundation.log(x)
            worst = Swift.max(worst, Swift.abs(a - b) / Swift.max(Swift.abs(b).ulp, Double.leastNormalMagnitude))
        }
        for x in [1.0, 0.5, 2, 0.9999999, 1.0000001, 0x1p-1063, Double.greatestFiniteMagnitude] {
            let b = Foundation.log(x)
            worst = Swift.max(worst, Swift.abs(DeterministicMath.log(x) - b) / Swift.max(b.ulp, 1e-300))
        }
        #expect(DeterministicMath.log(1) == 0)
        #expect(worst <= 2)  // in ulps of the result
    }

    @Test func deterministicCosPiMatchesLibm() {
        var worst = 0.0
        for i in 0...10_000 {
            let u = Double(i) / 10_000
            worst = Swift.max(worst, Swift.abs(DeterministicMath.cosPi(u) - Foundation.cos(Double.pi * u)))
        }
        #expect(worst < 1e-15)
        #expect(DeterministicMath.cosPi(0) == 1 && DeterministicMath.cosPi(1) == -1 && DeterministicMath.cosPi(0.5) == 0)
    }
}

struct DeterministicMathTests {
    /// Error in ulps of the libm result.
    func ulps(_ a: Double, _ b: Double) -> Double {
        if a == b { return 0 }
        return Swift.abs(a - b) / Swift.max(b.ulp, Double.leastNonzeroMagnitude)
    }

    @Test func expMatchesLibm() {
        var r = SeededRNG(seed: 11)
        var worst = 0.0
        for _ in 0..<20_000 {
            let x = r.nextDouble(in: -745, 709.7)
            worst = Swift.max(worst, ulps(DeterministicMath.exp(x), Foundation.exp(x)))
        }
        for _ in 0..<5_000 {
            let x = r.nextDouble(in: -1, 1) * 1e-8
            worst = Swift.max(worst, ulps(DeterministicMath.exp(x), Foundation.exp(x)))
        }
        #expect(worst <= 2)
        #expect(DeterministicMath.exp(0) == 1 && DeterministicMath.exp(-800) == 0)
        #expect(DeterministicMath.exp(710) == .infinity && DeterministicMath.exp(.nan).isNaN)
    }

    @Test func log1pAndLogisticMatchLibm() {
        var r = SeededRNG(seed: 12)
        var worst = 0.0, worstSigma = 0.0, worstSoftplus = 0.0
        for _ in 0..<20_000 {
            let u = Foundation.exp(r.nextDouble(in: -700, 0))  // (0, 1]: the range the losses use
            worst = Swift.max(worst, ulps(DeterministicMath.log1p(u), Foundation.log1p(u)))
            let z = r.nextDouble(in: -50, 50)
            let sigma = z >= 0 ? 1 / (1 + Foundation.exp(-z)) : Foundation.exp(z) / (1 + Foundation.exp(z))
            worstSigma = Swift.max(worstSigma, ulps(DeterministicMath.logistic(z), sigma))
            let sp = Swift.max(z, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(z)))
            worstSoftplus = Swift.max(worstSoftplus, ulps(DeterministicMath.softplus(z), sp))
        }
        #expect(worst <= 4 && worstSigma <= 4 && worstSoftplus <= 4)
        #expect(DeterministicMath.log1p(1e-300) == 1e-300)
    }
}
