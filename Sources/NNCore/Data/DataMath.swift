/// sin(πh) and cos(πh) for the data generators from IEEE operations only (no libm), so generated data is
/// bit-identical on every platform, like training (see NNCore's `DeterministicMath`).
///
/// Angles are given in half-turns h (the angle is πh), which the generators use naturally (a circle is
/// h ∈ [0, 2)); the reduction h mod 2 is exact. On the reduced range the Taylor series of sin and cos on
/// |x| ≤ π/4 are summed to x¹⁵ and x¹⁶ (truncation below 10⁻¹⁸): about 1 ulp.
enum DataMath {
    static func sinPi(_ h: Double) -> Double {
        guard h.isFinite else { return .nan }
        if h < 0 { return -sinPi(-h) }
        var r = h.truncatingRemainder(dividingBy: 2)  // [0, 2), exact
        var sign = 1.0
        if r >= 1 { r -= 1; sign = -1 }  // sin(π(r + 1)) = −sin(πr); r − 1 exact
        if r > 0.5 { r = 1 - r }  // sin(π(1 − r)) = sin(πr); exact
        // r ∈ [0, 0.5]
        if r <= 0.25 { return sign * sinSmall(Double.pi * r) }
        return sign * cosSmall(Double.pi * (0.5 - r))  // 0.5 − r exact here
    }

    static func cosPi(_ h: Double) -> Double {
        guard h.isFinite else { return .nan }
        var r = Swift.abs(h).truncatingRemainder(dividingBy: 2)  // [0, 2)
        if r > 1 { r = 2 - r }  // cos(π(2 − r)) = cos(πr); exact
        var sign = 1.0
        if r > 0.5 { r = 1 - r; sign = -1 }  // cos(π(1 − r)) = −cos(πr)
        if r <= 0.25 { return sign * cosSmall(Double.pi * r) }
        return sign * sinSmall(Double.pi * (0.5 - r))
    }

    /// sin x for |x| ≤ π/4.
    static func sinSmall(_ x: Double) -> Double {
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

    /// cos x for |x| ≤ π/4.
    static func cosSmall(_ x: Double) -> Double {
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
}
