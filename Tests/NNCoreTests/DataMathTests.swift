import Foundation
import Testing
@testable import NNCore

@Suite struct DataMathTests {
    /// Against libm over the generators' whole range of angles: within a few ulp (absolute 4e-16 near 1).
    @Test func agreesWithLibm() {
        var rng = SeededRNG(seed: 1)
        for _ in 0..<20_000 {
            let h = rng.nextDouble(in: -8, 8)
            #expect(abs(DataMath.sinPi(h) - sin(Double.pi * h)) < 4e-15)
            #expect(abs(DataMath.cosPi(h) - cos(Double.pi * h)) < 4e-15)
        }
    }

    /// Exact values at the special angles, and the symmetries the reduction relies on.
    @Test func specialValuesAndSymmetries() {
        for k in -8...8 {
            #expect(DataMath.sinPi(Double(k)) == 0)
            #expect(DataMath.cosPi(Double(k)) == (k % 2 == 0 ? 1 : -1))
            #expect(DataMath.sinPi(Double(k) + 0.5) == (((k % 2) + 2) % 2 == 0 ? 1 : -1))
            #expect(DataMath.cosPi(Double(k) + 0.5) == 0)
        }
        for h in stride(from: 0.0, through: 2, by: 1.0 / 64) {
            #expect(DataMath.sinPi(-h) == -DataMath.sinPi(h))
            #expect(DataMath.cosPi(-h) == DataMath.cosPi(h))
            let s = DataMath.sinPi(h), c = DataMath.cosPi(h)
            #expect(abs(s * s + c * c - 1) < 1e-15)
        }
        #expect(abs(DataMath.sinPi(1e-10) - Double.pi * 1e-10) < 1e-25)  // relative accuracy near 0
    }
}
