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
        if r <= 0.25 { return sign * DeterministicMath.sinSmall(Double.pi * r) }
        return sign * DeterministicMath.cosSmall(Double.pi * (0.5 - r))  // 0.5 − r exact here
    }

    static func cosPi(_ h: Double) -> Double {
        guard h.isFinite else { return .nan }
        var r = Swift.abs(h).truncatingRemainder(dividingBy: 2)  // [0, 2)
        if r > 1 { r = 2 - r }  // cos(π(2 − r)) = cos(πr); exact
        var sign = 1.0
        if r > 0.5 { r = 1 - r; sign = -1 }  // cos(π(1 − r)) = −cos(πr)
        if r <= 0.25 { return sign * DeterministicMath.cosSmall(Double.pi * r) }
        return sign * DeterministicMath.sinSmall(Double.pi * (0.5 - r))
    }
}
