/// A tiny seeded generator (SplitMix64) for the analysis' random probes (Lanczos start vectors,
/// Hutchinson/SLQ probes) and for tests, so results are bit-identical on every machine. Kept here so
/// NNAnalysis does not depend on the training engine's generator.
public struct AnalysisRNG: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in [lo, hi).
    public mutating func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * nextDouble() }

    /// Standard normal (Box–Muller).
    public mutating func gaussian() -> Double {
        var u = nextDouble()
        while u <= 0 { u = nextDouble() }
        let v = nextDouble()
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
    }

    /// ±1 with equal probability.
    public mutating func rademacher() -> Double { next() & 1 == 0 ? -1 : 1 }
}

import Foundation
