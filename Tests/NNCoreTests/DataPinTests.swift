import Testing
@testable import NNCore

/// Pins of the generated data's bits: the determinism contract (same spec and seed, same data on every
/// machine) made visible. Generation is built from IEEE operations only (SeededRNG, DataMath), so these
/// hold on any platform; a change here is a change of every run's data and must be deliberate.
@Suite struct DataPinTests {
    static func fingerprint(_ d: GeneratedData) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for v in d.train.x + d.train.y + d.test.x + d.test.y {
            var bits = v.bitPattern
            for _ in 0..<8 {
                h = (h ^ (bits & 0xFF)) &* 0x100_0000_01b3
                bits >>= 8
            }
        }
        return h
    }

    static let pins: [(DataKind, UInt64)] = [
        (.sine, 0xc15d394a85308416), (.xsinx, 0x89c0ab035b6573fe), (.sawtooth, 0x5d59822e79292070),
        (.circles, 0xd6596e73aabd5617), (.moons, 0xddc8ce619b921836), (.spirals, 0x64a68aedfd207588),
        (.blobs, 0xafef17e0e9dfa130), (.xor, 0xe153812710a6dc99), (.checkerboard, 0xdfd789ad747d25d1),
        (.disc, 0x2a33ff48ccb171b6), (.bowl, 0xaaf5f4f9170c0d0b),
    ]

    @Test func generatedDataIsPinned() throws {
        for (kind, pin) in DataPinTests.pins {
            let spec = DataSpec(kind: kind, count: 64, noise: 0.1, testFraction: 0.25, seed: 42, classes: 3)
            let print = DataPinTests.fingerprint(try spec.generate())
            #expect(print == pin, "\(kind): 0x\(String(print, radix: 16))")
        }
    }
}
