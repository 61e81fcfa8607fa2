/// Regression pins for `SeededRNG(seed: 7).nextGaussian()` (first four values).
enum GaussianPins {
    /// Our exact bits (pure IEEE arithmetic, so the same on every platform).
    static let seed7: [UInt64] = [4606861418906446347, 13830841574531207134, 13822518775143033889, 13831000173851975992]
    /// The same polar method in Python with libm's log (independent; may differ in the last bit).
    static let seed7Python: [Double] = [0.9643618527255184, -1.0637531974798475, -0.3039301238656567, -1.0989693210013467]
}
