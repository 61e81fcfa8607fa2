import Testing
@testable import NNSession
import NNCore

/// Seeded mutation fuzzing of the preset parser and the CSV reader: whatever the bytes, the result is a
/// valid preset or ONE line of error (never a trap, never a multi-line message).
@Suite struct PresetFuzzTests {
    static let iterations = 3000

    @Test func mutatedPresetsParseOrFailWithOneLine() throws {
        var rng = SeededRNG(seed: 2026)
        let seeds = try PresetLibrary.list().map { Array(try $0.result.get().json.serialized().utf8) }
            + [Array(presetText().utf8)]
        let alphabet = Array("{}[]\",:0123456789-+.eE truefalsnul\\\n\tabcxyz".utf8) + [0x00, 0xC3, 0xFF]
        var accepted = 0, refused = 0, built = 0
        for _ in 0..<PresetFuzzTests.iterations {
            var bytes = seeds[rng.nextInt(below: seeds.count)]
            for _ in 0..<(1 + rng.nextInt(below: 4)) {
                guard !bytes.isEmpty else { break }
                let i = rng.nextInt(below: bytes.count)
                switch rng.nextInt(below: 4) {
                case 0: bytes[i] = alphabet[rng.nextInt(below: alphabet.count)]
                case 1: bytes.remove(at: i)
                case 2: bytes.insert(alphabet[rng.nextInt(below: alphabet.count)], at: i)
                default: bytes.removeSubrange(i..<min(bytes.count, i + 1 + rng.nextInt(below: 40)))
                }
            }
            do throws(PresetError) {
                let preset = try Preset.parse(bytes: bytes, file: "f.json")
                accepted += 1
                // Whatever validation accepts must build and train (a precondition failure would crash here).
                // (A mutated CSV preset names its file relative to "f.json", which does not exist: not built.)
                if built < 60 && preset.data.kind != .csv && preset.data.count <= 1000 && MLP.parameterCount(sizes: preset.model.layers) <= 5000 {
                    var session = try Session(preset: preset)
                    session.step(1)
                    built += 1
                }
            } catch {
                refused += 1
                #expect(error.description.hasPrefix("f.json: ") && !error.description.contains("\n"), "\(error.description)")
            }
        }
        #expect(refused > PresetFuzzTests.iterations / 2 && accepted + refused == PresetFuzzTests.iterations)
        #expect(built >= 20)
    }

    @Test func mutatedCSVLoadsOrFailsWithOneLine() {
        var rng = SeededRNG(seed: 7)
        let base = Array("x1,x2,y\n0.5,1,0\n-1,2e3,1\n\n# note\n3,4,1\n".utf8)
        let alphabet = Array("0123456789,.-eE\n\r #naif".utf8) + [0xFF]
        for _ in 0..<PresetFuzzTests.iterations {
            var bytes = base
            for _ in 0..<(1 + rng.nextInt(below: 3)) where !bytes.isEmpty {
                let i = rng.nextInt(below: bytes.count)
                if rng.nextInt(below: 2) == 0 { bytes[i] = alphabet[rng.nextInt(below: alphabet.count)] } else { bytes.remove(at: i) }
            }
            let kind = [CSVSpec.TargetKind.regression, .binary, .multiclass][rng.nextInt(below: 3)]
            do {
                let (data, _) = try CSVSpec(path: "d.csv", targetKind: kind).load(text: String(decoding: bytes, as: UTF8.self))
                #expect(data.x.allSatisfy(\.isFinite) && data.y.allSatisfy(\.isFinite) && data.count >= 1)
            } catch {
                #expect(error.description.hasPrefix("d.csv: ") && !error.description.contains("\n"), "\(error.description)")
            }
        }
    }
}
