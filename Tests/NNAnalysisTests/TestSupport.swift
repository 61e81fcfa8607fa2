import Foundation
import NNCore
@testable import NNAnalysis

/// A random orthogonal n×n matrix (row-major) as a product of n random Householder reflections.
func randomOrthogonal(_ n: Int, rng: inout AnalysisRNG) -> [Double] {
    var q = [Double](repeating: 0, count: n * n)
    for i in 0..<n { q[i * n + i] = 1 }
    for _ in 0..<max(n, 1) {
        var u = (0..<n).map { _ in rng.gaussian() }
        let norm = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { continue }
        u = u.map { $0 / norm }
        // Q ← Q (I − 2uuᵀ)
        for r in 0..<n {
            var s = 0.0
            for c in 0..<n { s += q[r * n + c] * u[c] }
            for c in 0..<n { q[r * n + c] -= 2 * s * u[c] }
        }
    }
    return q
}

/// Q diag(λ) Qᵀ.
func symmetricWithSpectrum(_ lambda: [Double], rng: inout AnalysisRNG) -> [Double] {
    let n = lambda.count
    let q = randomOrthogonal(n, rng: &rng)
    var a = [Double](repeating: 0, count: n * n)
    for i in 0..<n { for j in 0..<n {
        var s = 0.0
        for k in 0..<n { s += q[i * n + k] * lambda[k] * q[j * n + k] }
        a[i * n + j] = s
    } }
    return a
}

func randomSymmetric(_ n: Int, rng: inout AnalysisRNG) -> [Double] {
    var a = [Double](repeating: 0, count: n * n)
    for i in 0..<n { for j in i..<n { let x = rng.gaussian(); a[i * n + j] = x; a[j * n + i] = x } }
    return a
}

func maxAbsDiff(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    var m = 0.0
    for i in a.indices { m = max(m, abs(a[i] - b[i])) }
    return m
}

func matVec(_ a: [Double], _ v: [Double], n: Int) -> [Double] {
    (0..<n).map { i in (0..<n).reduce(0.0) { $0 + a[i * n + $1] * v[$1] } }
}

func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

/// Fills θ with U(−1/√fan_in, 1/√fan_in) (PyTorch's default rule) from our own generator.
func randomModel(_ sizes: [Int], hidden: Activation, output: Activation = .linear, seed: UInt64) -> MLP {
    var m = MLP(sizes: sizes, hidden: hidden, output: output)
    var rng = AnalysisRNG(seed: seed)
    for l in 0..<m.layerCount {
        let bound = 1 / Double(sizes[l]).squareRoot()
        let w = m.weightOffset(layer: l)
        for i in w..<(m.biasOffset(layer: l) + sizes[l + 1]) { m.parameters[i] = rng.uniform(-bound, bound) }
    }
    return m
}

func randomData(n: Int, inputs: Int, targets: Int, seed: UInt64, binary: Bool = false) -> Dataset {
    var rng = AnalysisRNG(seed: seed)
    let x = (0..<(n * inputs)).map { _ in rng.uniform(-1, 1) }
    let y = (0..<(n * targets)).map { _ in binary ? (rng.nextDouble() < 0.5 ? 0.0 : 1.0) : rng.gaussian() }
    return Dataset(inputSize: inputs, targetSize: targets, x: x, y: y)
}

/// Plain scalar forward pass of one input row (the test's own oracle, independent of the library).
func directForward(_ m: MLP, _ x: [Double]) -> [Double] {
    var h = x
    for l in 0..<m.layerCount {
        let w = m.weightMatrix(layer: l), b = m.biasVector(layer: l)
        h = (0..<w.count).map { a in m.activations[l].value(zip(w[a], h).reduce(b[a]) { $0 + $1.0 * $1.1 }) }
    }
    return h
}

/// The lecture's sawtooth: f₀ = x, f_ℓ = 2ReLU(f) + 2ReLU(−f) − 2 = 2|f| − 2, built by hand with two ReLUs
/// per hidden layer: sizes [1, 2, 2, …, 2, 1] with L hidden layers.
func sawtoothNet(depth L: Int) -> MLP {
    var m = MLP(sizes: [1] + Array(repeating: 2, count: L) + [1], hidden: .relu)
    func set(_ layer: Int, _ w: [Double], _ b: [Double]) {
        let o = m.weightOffset(layer: layer)
        for (i, x) in (w + b).enumerated() { m.parameters[o + i] = x }
    }
    set(0, [1, -1], [0, 0])                           // ReLU(x), ReLU(−x)
    for l in 1..<L { set(l, [2, 2, -2, -2], [-2, 2]) } // ±(2h₁ + 2h₂ − 2)
    set(L, [2, 2], [-2])                              // f_L = 2h₁ + 2h₂ − 2
    return m
}

/// Reads a JSON fixture written by Tests/Fixtures/analysis/make_fixtures.py (numpy-generated weights and
/// data of the reference benchmark, with the reference tools' results).
func fixture(_ name: String) throws -> [String: Any] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/analysis/\(name).json")
    let data = try Data(contentsOf: url)
    guard let obj = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw FixtureError.malformed(name)
    }
    return obj
}

enum FixtureError: Error { case malformed(String) }

func fixtureDoubles(_ f: [String: Any], _ key: String) throws -> [Double] {
    guard let a = f[key] as? [Any] else { throw FixtureError.malformed(key) }
    return try a.map { guard let d = ($0 as? NSNumber)?.doubleValue else { throw FixtureError.malformed(key) }; return d }
}

func fixtureInts(_ f: [String: Any], _ key: String) throws -> [Int] {
    try fixtureDoubles(f, key).map { Int($0) }
}

/// The model stored in a fixture (hidden activation by name, linear output).
func fixtureModel(_ f: [String: Any]) throws -> MLP {
    let sizes = try fixtureInts(f, "sizes")
    let act = Activation.Kind(rawValue: (f["activation"] as? String) ?? "relu") ?? .relu
    var m = MLP(sizes: sizes, hidden: Activation(act))
    m.parameters = try fixtureDoubles(f, "theta")
    return m
}
