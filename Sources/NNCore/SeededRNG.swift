/// nnviz's own pseudo-random generator: xoshiro256** (Blackman & Vigna 2018) seeded through SplitMix64.
///
/// Why our own: Foundation's and the standard library's generators are not seedable or not specified, and
/// a preset plus a seed must give a bit-identical run on every machine. Everything here uses only integer
/// arithmetic and correctly rounded IEEE operations (+ − × ÷ √), never libm, so the stream of doubles —
/// Gaussians included — is the same on every platform and compiler.
///
/// The whole state (including a cached second Gaussian) is the value type ``State``: read it with
/// ``state``, restore it with ``init(state:)`` or by assigning ``state``.
public struct SeededRNG: RandomNumberGenerator, Sendable, Equatable {
    /// The complete generator state: four xoshiro words plus the spare Gaussian of the polar method.
    public struct State: Sendable, Hashable, Codable {
        public var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
        /// Second value of the last polar-method pair, returned by the next ``nextGaussian()``.
        public var spareGaussian: Double?
    }

    public var state: State

    /// Seeds the four state words with four SplitMix64 outputs of `seed` (never all zero).
    public init(seed: UInt64) {
        var sm = seed
        func splitMix() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = State(s0: splitMix(), s1: splitMix(), s2: splitMix(), s3: splitMix(), spareGaussian: nil)
    }

    /// Restores a saved state.
    public init(state: State) { self.state = state }

    /// Next 64 random bits (xoshiro256**).
    @inlinable
    public mutating func next() -> UInt64 { nextUInt64() }

    /// Next 64 random bits (xoshiro256**).
    @inlinable
    public mutating func nextUInt64() -> UInt64 {
        let result = (state.s1 &* 5).rotatedLeft(7) &* 9
        let t = state.s1 << 17
        state.s2 ^= state.s0
        state.s3 ^= state.s1
        state.s1 ^= state.s2
        state.s0 ^= state.s3
        state.s2 ^= t
        state.s3 = state.s3.rotatedLeft(45)
        return result
    }

    /// Uniform in [0, 1) with 53 random bits (k · 2⁻⁵³).
    @inlinable
    public mutating func nextDouble() -> Double {
        Double(nextUInt64() >> 11) * 0x1.0p-53
    }

    /// Uniform in [a, b).
    @inlinable
    public mutating func nextDouble(in a: Double, _ b: Double) -> Double {
        a + (b - a) * nextDouble()
    }

    /// Uniform integer in 0..<n, unbiased (Lemire's multiply-and-reject). `n` must be ≥ 1.
    @inlinable
    public mutating func nextInt(below n: Int) -> Int {
        precondition(n > 0, "nextInt(below:) needs n ≥ 1")
        let bound = UInt64(n)
        var m = nextUInt64().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = nextUInt64().multipliedFullWidth(by: bound) }
        }
        return Int(m.high)
    }

    /// A standard normal sample (Marsaglia's polar method; the pair's second value is cached in the state).
    /// Uses ``DeterministicMath/log(_:)`` rather than libm so the samples are bit-identical everywhere.
    public mutating func nextGaussian() -> Double {
        if let spare = state.spareGaussian {
            state.spareGaussian = nil
            return spare
        }
        while true {
            let u = 2 * nextDouble() - 1
            let v = 2 * nextDouble() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let factor = (-2 * DeterministicMath.log(s) / s).squareRoot()
                state.spareGaussian = v * factor
                return u * factor
            }
        }
    }

    /// N(mean, sd²).
    public mutating func nextGaussian(mean: Double, standardDeviation sd: Double) -> Double {
        mean + sd * nextGaussian()
    }

    /// Fisher–Yates shuffle in place (from the back; each swap partner drawn with ``nextInt(below:)``).
    public mutating func shuffle<C: MutableCollection & RandomAccessCollection>(_ c: inout C) {
        let n = c.count
        guard n > 1 else { return }
        var i = n - 1
        while i > 0 {
            let j = nextInt(below: i + 1)
            if j != i { c.swapAt(c.index(c.startIndex, offsetBy: i), c.index(c.startIndex, offsetBy: j)) }
            i -= 1
        }
    }
}

extension UInt64 {
    @inlinable
    func rotatedLeft(_ k: UInt64) -> UInt64 { (self << k) | (self >> (64 - k)) }
}

/// Elementary functions built only from correctly rounded IEEE operations, so they give the same bits on
/// every platform (libm's `log` may differ in the last place between C libraries).
public enum DeterministicMath {
    /// Natural logarithm for finite x > 0, accurate to about 1 ulp.
    /// x = 2^e · m with m ∈ [√½, √2); log m = 2 atanh(s), s = (m − 1)/(m + 1), |s| < 0.172, summed as an
    /// odd series to s²¹ (the next term is below 10⁻¹⁹ relative); ln 2 split in high and low parts.
    public static func log(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite, "DeterministicMath.log needs a finite x > 0")
        var e = Int(x.exponent)
        var m = x.significand  // in [1, 2)
        if m > 1.4142135623730951 { m *= 0.5; e += 1 }
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        // Horner for 2·(1 + s²/3 + s⁴/5 + … + s²⁰/21).
        var p = 1.0 / 21
        p = p * s2 + 1.0 / 19
        p = p * s2 + 1.0 / 17
        p = p * s2 + 1.0 / 15
        p = p * s2 + 1.0 / 13
        p = p * s2 + 1.0 / 11
        p = p * s2 + 1.0 / 9
        p = p * s2 + 1.0 / 7
        p = p * s2 + 1.0 / 5
        p = p * s2 + 1.0 / 3
        let logM = 2 * s + 2 * s * s2 * p
        let ln2Hi = 6.93147180369123816490e-01  // fdlibm's split of ln 2
        let ln2Lo = 1.90821492927058770002e-10
        let de = Double(e)
        return de * ln2Hi + (logM + de * ln2Lo)
    }
}

extension DeterministicMath {
    /// cos(π·u) for u ∈ [0, 1] (clamped), accurate to about 1 ulp, by symmetry onto |x| ≤ π/4 and Taylor
    /// series of sin and cos there (truncation below 10⁻¹⁸).
    public static func cosPi(_ u: Double) -> Double {
        let u = Swift.min(Swift.max(u, 0), 1)
        let piValue = 3.141592653589793
        func sinSmall(_ x: Double) -> Double {
            let x2 = x * x
            var p = -1.0 / 1_307_674_368_000  // −1/15!
            p = p * x2 + 1.0 / 6_227_020_800
            p = p * x2 - 1.0 / 39_916_800
            p = p * x2 + 1.0 / 362_880
            p = p * x2 - 1.0 / 5040
            p = p * x2 + 1.0 / 120
            p = p * x2 - 1.0 / 6
            return x + x * x2 * p
        }
        func cosSmall(_ x: Double) -> Double {
            let x2 = x * x
            var p = 1.0 / 20_922_789_888_000  // 1/16!
            p = p * x2 - 1.0 / 87_178_291_200
            p = p * x2 + 1.0 / 479_001_600
            p = p * x2 - 1.0 / 3_628_800
            p = p * x2 + 1.0 / 40320
            p = p * x2 - 1.0 / 720
            p = p * x2 + 1.0 / 24
            p = p * x2 - 0.5
            return 1 + x2 * p
        }
        if u <= 0.25 { return cosSmall(piValue * u) }
        if u <= 0.5 { return sinSmall(piValue * (0.5 - u)) }
        if u <= 0.75 { return -sinSmall(piValue * (u - 0.5)) }
        return -cosSmall(piValue * (1 - u))
    }
}
