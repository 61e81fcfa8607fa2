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
