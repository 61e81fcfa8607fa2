import Testing
@testable import NNCore

@Suite struct DataGeneratorTests {
    static let generated = DataKind.allCases.filter { $0 != .csv }

    @Test("shapes and split sizes", arguments: generated)
    func shapes(_ kind: DataKind) throws {
        let spec = DataSpec(kind: kind, count: 103, noise: 0.1, testFraction: 0.25, seed: 7, classes: 3)
        let d = try spec.generate()
        #expect(d.train.count == 103 - 25 && d.test.count == 25)
        #expect(d.train.inputSize == spec.inputSize && d.test.inputSize == spec.inputSize)
        #expect(d.train.targetSize == spec.outputSize)
        #expect(d.task == spec.task)
        #expect(d.train.x.allSatisfy(\.isFinite) && d.train.y.allSatisfy(\.isFinite))
    }

    @Test("same seed, same bits; another seed, other data", arguments: generated)
    func determinism(_ kind: DataKind) throws {
        let spec = DataSpec(kind: kind, count: 50, noise: 0.2, testFraction: 0.2, seed: 11)
        #expect(try spec.generate() == spec.generate())
        var other = spec
        other.seed = 12
        #expect(try spec.generate().train.x != other.generate().train.x)
    }

    @Test func splitIsAPartitionOfTheSamePoints() throws {
        let all = try DataSpec(kind: .moons, count: 60, noise: 0.1, testFraction: 0, seed: 3).generate().train
        let split = try DataSpec(kind: .moons, count: 60, noise: 0.1, testFraction: 0.5, seed: 3).generate()
        var points = Set<[Double]>()
        for i in 0..<all.count { points.insert(Array(all.input(i)) + Array(all.target(i))) }
        var seen = Set<[Double]>()
        for d in [split.train, split.test] {
            for i in 0..<d.count { seen.insert(Array(d.input(i)) + Array(d.target(i))) }
        }
        #expect(points == seen && split.train.count == 30)
    }

    /// Labels of the constructed sets are exactly balanced; those labelled by position are balanced in
    /// expectation (disc: the unit disc covers exactly half of its square).
    @Test func classBalance() throws {
        for kind in [DataKind.circles, .moons, .spirals, .blobs] {
            let d = try DataSpec(kind: kind, count: 400, seed: 5).generate().train
            #expect(d.y.reduce(0, +) == 200, "\(kind)")
        }
        let three = try DataSpec(kind: .spirals, count: 300, seed: 5, classes: 3).generate().train
        for c in 0..<3 { #expect(stride(from: c, to: three.y.count, by: 3).map { three.y[$0] }.reduce(0, +) == 100) }
        for kind in [DataKind.xor, .checkerboard, .disc] {
            let d = try DataSpec(kind: kind, count: 4000, seed: 5).generate().train
            let ones = d.y.reduce(0, +) / 4000
            #expect(abs(ones - 0.5) < 0.04, "\(kind): \(ones)")
        }
    }

    /// Noiseless labels and targets agree with the defining formulas at every generated point.
    @Test func noiselessDataFollowsItsDefinition() throws {
        let disc = try DataSpec(kind: .disc, count: 300, seed: 2).generate().train
        for i in 0..<disc.count {
            let a = disc.x[2 * i], b = disc.x[2 * i + 1]
            #expect(disc.y[i] == (a * a + b * b > 1 ? 1 : 0))
            #expect(abs(a) <= DataSpec.discHalfSide && abs(b) <= DataSpec.discHalfSide)
        }
        let bowl = try DataSpec(kind: .bowl, count: 50, seed: 2).generate().train
        for i in 0..<bowl.count { #expect(bowl.y[i] == bowl.x[2 * i] * bowl.x[2 * i] + bowl.x[2 * i + 1] * bowl.x[2 * i + 1]) }
        let xor = try DataSpec(kind: .xor, count: 100, seed: 2).generate().train
        for i in 0..<xor.count { #expect(xor.y[i] == (xor.x[2 * i] * xor.x[2 * i + 1] > 0 ? 1 : 0)) }
        for kind in [DataKind.sine, .xsinx, .abs, .step, .cubic, .sawtooth] {
            let spec = DataSpec(kind: kind, count: 40, seed: 2)
            let d = try spec.generate().train
            for i in 0..<d.count {
                #expect(spec.inputDomain[0].contains(d.x[i]))
                #expect(d.y[i] == spec.target(d.x[i]))
            }
        }
    }

    /// The sawtooth target against its closed form: 2^L linear pieces of slope ±2^L on [−2, 2] with
    /// breakpoints at −2 + j·2^{2−L}, values alternating between −2 and 2 there.
    @Test func sawtoothClosedForm() {
        for depth in 0...6 {
            let pieces = 1 << depth
            let h = 4.0 / Double(pieces)
            for j in 0...pieces {
                let x = -2 + Double(j) * h
                let expected = j % 2 == 0 ? 2.0 : -2.0
                #expect(DataSpec.sawtooth(x, depth: depth) == (depth == 0 ? x : expected))
            }
            for j in 0..<pieces where depth > 0 {
                let mid = -2 + (Double(j) + 0.5) * h
                #expect(abs(DataSpec.sawtooth(mid, depth: depth)) < 1e-12)
            }
        }
    }

    @Test func targetCurveCoversTheDomain() {
        let curve = DataSpec(kind: .cubic).targetCurve(samples: 11)
        #expect(curve.count == 11 && curve.first?.x == -1.5 && curve.last?.x == 1.5)
        #expect(DataSpec(kind: .xor).targetCurve(samples: 11).isEmpty)
        #expect(DataSpec(kind: .xor).target(0.3) == nil)
    }

    @Test func csvDataIsSplitToo() throws {
        let text = (0..<20).map { "\($0),\($0 % 2)" }.joined(separator: "\n")
        let spec = DataSpec(kind: .csv, testFraction: 0.25, csv: CSVSpec(path: "d.csv", targetKind: .binary))
        let d = try spec.generate(csvText: text)
        #expect(d.train.count == 15 && d.test.count == 5 && d.task == .binary)
    }
}
